// Package sandbox is a small Discord client in a web page over the fake
// Discord of package discordtest, so that a bot author can talk to a bot
// offline and watch what it does. `scurry sandbox` serves it beside the
// fake's REST API and gateway.
//
// Entry points:
//
//   - New(server, opts) returns the UI, an http.Handler: the page (plain
//     HTML, CSS and JavaScript embedded in the binary, no build step, no
//     network access) and its JSON API. Mount it on a loopback listener; it
//     never listens by itself. UI.Close ends the live streams.
//   - The JSON API (all under /api/): GET world (guilds, channels, members,
//     the bot), GET channels/{id}/messages, POST channels/{id}/messages
//     (post as a member), POST channels/{id}/messages/{id}/reactions, GET
//     commands?guild_id= (what the bot registered), POST interactions (slash
//     commands, autocomplete, buttons, selects, modal submits as a member),
//     POST faults (gateway closes, resets, zombie, RECONNECT,
//     INVALID_SESSION, a 429 storm), GET events (server-sent events: every
//     dispatch, REST request with its rate-limit headers, gateway frame the
//     bot sent, connection event and interaction response).
//
// Guarantees: a malformed request gets 400 with {"error", "field"} naming the
// bad field; inputs are checked as Discord's client checks them (message
// length, required and typed command options, modal field lengths); the page
// never sees the bot's token. New turns on the server's dispatch log
// (discordtest.Server.RecordDispatches). All methods are safe for concurrent
// use.
package sandbox
