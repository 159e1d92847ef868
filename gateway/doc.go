// Package gateway runs one Discord gateway session (one shard): dial, HELLO,
// IDENTIFY or RESUME, heartbeats, transport decompression, and every
// reconnect path of the protocol reference (section 2).
//
// Entry points:
//
//   - New(*Options) builds a Session; Run(ctx) connects and blocks until ctx
//     ends or Discord closes with a code that needs a fix (*CloseError; see
//     CloseCode). Reconnects, RESUMEs and fresh IDENTIFYs happen inside Run,
//     with jittered, capped backoff.
//   - Dispatches arrive in order as Event values (sequence, name, raw d and,
//     when Options.Decode wants it, the typed discord.Event): pushed to
//     Options.Handler, or pulled with Session.Next.
//   - Commands: UpdatePresence, UpdateVoiceState, RequestGuildMembers,
//     FetchGuildMembers (collects all chunks of a nonce),
//     RequestSoundboardSounds, RequestChannelInfo and Send. Each goes through
//     the connection's send limiter (ratelimit.SendLimiter: 120 per 60 s with
//     slots held back for heartbeats) and is refused above 4096 bytes.
//   - Observation: Status, Latency, Metrics, State (the SessionState another
//     process can resume from, through Options.State).
//   - IdentifyQueue is the seam through which a shard manager (or another
//     process) hands out IDENTIFY slots.
//
// Files: session.go (Session, Run, reconnect decisions), conn.go (one
// connection: dial, reader, dispatch handling), heartbeat.go, inflate.go
// (zlib-stream and zstd-stream), event.go (Event, Next, delivery),
// send.go and members.go (commands), options.go, errors.go, metrics.go.
package gateway
