// Package embedded starts a NATS server with JetStream inside the current
// process, so that scurry's distributed mode (the gateway processes, the bot
// workers and the REST proxy) needs nothing installed: without a URL, a process
// runs its own server; with one, it joins an existing cluster.
//
// Entry points:
//
//   - [Start] runs a server with JetStream enabled and a file store under
//     Options.Dir (a temporary directory when empty), listening on loopback.
//   - [Server.ClientURL] is the nats:// URL other processes connect to.
//   - [Connect] dials a URL with scurry's defaults (reconnect forever, a name
//     for the connection) and, when the server cannot be reached, returns an
//     error that names the URL.
//   - [Server.Close] shuts the server down and waits for it; it removes the
//     store directory only when Start created it.
//
// Guarantees: Start returns only once the server accepts connections, or an
// error; a Server is safe for concurrent use; Close is idempotent. The core
// packages of scurry never import this package (nor NATS): it is used by
// cmd/scurry, broker/natsbroker and proxy/cluster.
package embedded
