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
// Closing. A connection the session ends itself is closed with a close
// frame: 1000 when Run stops (the session ends; 4000 with
// Options.KeepSession) or after a non-resumable op 9, 4000 otherwise (the
// session stays resumable). A zombie connection (no HEARTBEAT_ACK between
// two heartbeats) gets its 4000 frame too, but the session does not wait for
// the reply a dead link cannot bring: the websocket's underlying connection
// is closed right after the frame is written (closetap.go), so the
// reconnect starts at once. This needs Options.HTTPClient's transport to
// hand over the upgraded connection as a writable body, as net/http's does
// (coder/websocket needs it too); otherwise the zombie is dropped without a
// frame, which Discord treats as resumable as well.
//
// Logging. Without Options.Logger, records of level Warn and above go to
// stderr as text (the default of every scurry package); Info records
// (reconnects Discord asked for, resumes) and Debug ones do not.
//
// Transport compression and memory: Options.Compression defaults to
// zstd-stream for a lone session (it decodes about 3x faster than
// zlib-stream). A zstd decoder must keep up to one window of history, which
// the stream declares: an idle zstd-stream session holds that window plus
// about 450 KiB of decoder buffers (~0.7 MiB at a 256 KiB window, ~2.5 MiB
// at libzstd's 2 MiB); Options.MaxZstdWindow caps what a stream may declare
// (ErrZstdWindow). An idle zlib-stream session holds flate's 32 KiB window
// and the connection, about 60 KiB in all, and an uncompressed one about
// 20 KiB: message buffers come from a pool shared by every session and go
// back after each message. So package shard defaults to zstd-stream for up
// to shard.DefaultZstdShards shards per process and to zlib-stream beyond:
// 1,000 shards then stay under 64 MiB of heap instead of gigabytes.
//
// Identify timing: Options.IdentifyQueue hands out slots; when it also
// implements IdentifySender, the session reports when its IDENTIFY was
// written, so that the queue counts each bucket's window from the send, and
// when it implements IdentifyRefusalNoter, the session reports an IDENTIFY
// that Discord refused (op 9 before READY), so the queue can widen its
// allowance for jitter.
//
// Files: session.go (Session, Run, reconnect decisions), conn.go (one
// connection: dial, reader, dispatch handling), heartbeat.go, inflate.go
// (zlib-stream and zstd-stream), event.go (Event, Next, delivery),
// send.go and members.go (commands), options.go, errors.go, metrics.go,
// closetap.go (closing a zombie without waiting).
package gateway
