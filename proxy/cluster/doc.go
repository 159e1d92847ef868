// Package cluster lets several scurry proxy instances, and bot processes
// that call Discord themselves, share one rate-limit state per token over
// NATS JetStream.
//
// Entry points:
//
//   - New(ctx, *Options) joins the cluster on a NATS connection (see
//     broker/embedded for an in-process server): it creates or binds the lease
//     bucket and, when Options.Serve is set, starts taking leases.
//   - Node.Limiter(id, global) implements proxy.LimiterSource, so a
//     proxy.Handler built with Options.Limiters = node shares its tokens'
//     state with the other instances. Node.LimiterForToken gives a bot process
//     the same limiter for rest.Options.Limiter: the remote limiter, with no
//     HTTP hop.
//   - Node.Owned lists the tokens this node owns; Node.Close hands them back.
//
// How it works (lease.go, limiter.go, wire.go):
//
//   - Each token's state is owned by exactly one serving node at a time: the
//     one holding the token's key in the JetStream KV bucket (created with
//     Create, renewed with Update at the revision it holds, every LeaseTTL/6;
//     entries expire after LeaseTTL). An owner that cannot renew in time stops
//     serving before its lease can expire.
//   - The owner keeps a ratelimit.RESTLimiter and answers permit requests on
//     "<Subject>.<token id>.acquire" (request/reply); requesters send the HTTP
//     request themselves and publish the reply's headers (or a cancel) on
//     "<Subject>.<token id>.done". Permits never reported back count as spent
//     after PermitTimeout.
//   - A new owner starts conservatively: a fresh limiter (each route one
//     request at a time until its bucket is learned) and no grant during its
//     first global window. After a crash the lease expiry adds LeaseTTL more.
//   - While no node owns a token, Acquire waits for one (within its ctx).
//   - While NATS is unreachable, every node limits alone at FallbackShare of
//     the token's global limit, logs the change and reports Metrics.Fallback.
//
// Token ids are proxy.TokenID hashes; no token crosses NATS. A Node is safe
// for concurrent use; its goroutines (the lease loop, one per waiting remote
// Acquire) end with Close, which does not close the NATS connection.
package cluster
