// Package discordtest is a fake Discord for tests and offline development,
// used the way net/http/httptest is: start a Server, point a client at it,
// drive it and look at what it saw. It follows the protocol reference
// (docs/discord-protocol.md), not any client, and imports none of scurry's
// client packages, so it cannot share their bugs.
//
// Entry points:
//
//   - NewServer(tb, opts) starts a server and closes it at the end of the
//     test; Start(opts) does the same for tools (cmd/scurry sandbox). URL is
//     the REST base, GatewayURL the gateway, Token the valid bot token.
//   - Client and DialContext reach the server through in-memory pipes, so
//     REST calls and websocket dials work inside testing/synctest, where the
//     fake's windows (heartbeats, identify buckets, rate limits) cost no
//     wall time. Inside a bubble NewServer opens no socket at all.
//   - The gateway: HELLO, heartbeats and ACKs, IDENTIFY checked in Discord's
//     order (close codes 4001-4014), identify buckets (shard_id %
//     max_concurrency per IdentifyWindow, op 9 when busy), the session-start
//     budget, READY and one GUILD_CREATE per guild, RESUME with replay of
//     every missed dispatch then RESUMED, the send limit (4008), 4096-byte
//     payloads (4002), zlib-stream and zstd-stream, op 8 member chunks. The
//     fake speaks JSON only: encoding=etf is closed with 4002, a v other than
//     9 or 10 with 4012; IDENTIFY's per-payload "compress" is ignored (it is
//     off whenever transport compression is on, and rarely used otherwise).
//     A client that stops heartbeating for HeartbeatTimeout is closed with
//     4000 and may resume.
//   - Dispatch pushes any event to the sessions of the shard that owns a
//     guild, filtered by intents, with MESSAGE_CONTENT blanking.
//   - REST: the route table (Routes) with bucket hashes shared between
//     routes, major parameters, X-RateLimit-* headers, 429 bodies, the
//     global limit, the invalid-request budget and its Cloudflare-style ban,
//     Discord's JSON error codes with nested 50035 trees, multipart uploads,
//     permissions (guild roles, channel overwrites, timeouts, the role
//     hierarchy). Writes change the world and emit the matching dispatches:
//     messages, reactions, pins, threads, channels, guilds, members, roles,
//     bans, webhooks, interaction responses and follow-ups, commands.
//   - The world: SeedGuild, AddUser, AddMember, UserMessage (a user types),
//     GuildOutage and RemoveGuild, SetBotPermissions (403 50013/50001 on
//     REST); interactions through TriggerInteraction (gateway) or
//     PostInteraction / NewInteractionRequest (signed with PublicKey's
//     private half), with their initial responses in InteractionResponses.
//   - Faults: Conn.Close/Reset/SendReconnect/SendInvalidSession/StopACKs/
//     SetDelay/Corrupt on gateway connections; InjectREST for 5xx, stalls and
//     forced 429s (Processed: served, then failed without rate-limit
//     headers); SetShardCount and SetSessionStartLimit at runtime.
//   - Observation: Frames, Identifies, ConnEvents, Requests (with the
//     answer's rate-limit headers), Resumes, RateLimited; Wait and the Wait*
//     helpers block until something happened, so tests never sleep.
//   - For tools that show the world (package sandbox): World (guilds,
//     channels, members), Message, UserReaction, and the opt-in dispatch log
//     (RecordDispatches, Dispatches, WatchDispatches), with
//     WatchInteractionResponses.
//
// All Server and Conn methods are safe for concurrent use. Server.Close stops
// every goroutine the server started and waits for them.
package discordtest
