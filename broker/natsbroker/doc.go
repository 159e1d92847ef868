// Package natsbroker is scurry's distributed mode over NATS JetStream: gateway
// processes publish every dispatch to a stream, bot workers consume it, and
// the state that lets a replacement process RESUME instead of re-identifying
// lives in JetStream KV. NATS is imported here, in cmd/ and in metrics/prom,
// never by the core packages, which own the seams this package plugs into
// (bot.Source, shard.Handler, gateway.StateStore, shard.IdentifyQueue).
//
//	Discord ──wss──► gateway process (RunGateway: shard.Manager for a leased shard range)
//	                   │ Publisher.Handle: async publish, ≤ MaxInFlight per shard, one flight
//	                   │ per partition in the air; what queues meanwhile goes as one batch
//	                   │ message (Scurry-Batch) per run of one event name; an event above
//	                   │ max_payload (less 1 KiB) goes as k consecutive parts (Scurry-Part)
//	                   ▼
//	        JetStream stream <Subject>.<partition>.<EVENT>  (partition = mix(guild) % P; no guild → 0)
//	                   │ one durable consumer per partition, pinned_client priority group
//	                   ▼
//	        Worker (bot.Source) ─► bot dispatcher (per-guild order) ─► handlers ─► ack
//	KV: <Name>_sessions (SessionState up to the last acked seq), <Name>_leases (shard
//	    leases, TTL), <Name>_identify (identify buckets + session-start budget),
//	    <Name>_workers (worker membership, TTL)
//	commands: worker ─request─► <Subject>_cmd.<shard> ─► owning gateway process ─reply─►
//
// Entry points:
//
//   - EnsureStream creates or opens the stream; a stream created with another
//     partition count is refused (ErrPartitionMismatch) with a migration hint.
//     Partition maps a guild to its partition.
//   - RunGateway runs one gateway process: waits for the leases of its shards
//     (a second process for the same range is a standby), loads their
//     SessionStates, runs the shards with KeepSession through the KV
//     IdentifyQueue, publishes through a Publisher, answers commands, and on
//     stop flushes, saves the states and releases the leases.
//   - Publisher (the event sink), StateStore, Leases, IdentifyQueue: the
//     pieces RunGateway uses, usable alone.
//   - NewWorker builds a Worker, a bot.Source: bot.Options{Source: w}.
//   - Commands sends gateway commands (presence, voice state, soundboard,
//     member requests with their chunks) to the owning process; Discord's
//     RATE_LIMITED comes back as a *CommandError wrapping
//     *gateway.RateLimitedError.
//
// Guarantees and their limits:
//
//   - A dispatch is durable once JetStream acknowledged it; the stored
//     Sequence never runs ahead of the last dispatch of the shard before
//     which every one is acknowledged, so a process killed at any instant is
//     replaced by one that RESUMEs from a durable sequence and Discord
//     replays the rest. What the dead process stored after that sequence is
//     found by the new owner's scan of the stream from the instant of the
//     stored sequence's event (minus 5 s of clock skew; the state records
//     that instant) and not published again (Publisher.SkipPublished). A
//     retry by the same publisher reuses the message id, which JetStream's
//     duplicate window (StreamOptions.Duplicates) drops. Batches are why the
//     cross-process case is not left to message ids: which events share a
//     message depends on timing, so a replayed event lands in a message with
//     another id. A plain message still has id shard/session/seq. A new
//     session's id, resume URL and the sequence before its READY are saved
//     as soon as READY is read, before it is acknowledged, so a process
//     killed from then on is replaced by a RESUME that replays the session
//     from READY. Limit: the scan trusts the process clocks to within 5 s.
//   - Batching adds no wait: a partition's next flight leaves as soon as its
//     previous one is acknowledged, with whatever queued meanwhile (one event
//     when the stream keeps up). Order per shard and partition is kept.
//   - While NATS does not take messages, Handle blocks once MaxInFlight
//     events of a shard are unacknowledged; the shard stops reading frames
//     and keeps heartbeating, and a publish that was not acknowledged is
//     published again (same id) when NATS is back. Limit: if the connection
//     drops with some messages lost in its socket while later ones were
//     buffered for the reconnect, the republished ones land after those:
//     per-guild order can break in that case only. An outage longer than
//     Discord's resume window ends in a fresh IDENTIFY; the publisher then
//     logs a warning with the old session and the last sequence read from
//     it (last_seq): the events Discord sent after it are lost. Discord does
//     not tell a client how many those are, so the log gives where the gap
//     starts, not its length. An outage longer than LeaseTTL stops the
//     gateway (its leases lapse; ErrLeaseTaken).
//   - One worker per partition at a time (the consumer's pinned client);
//     partitions are spread by rendezvous hashing over the live members and
//     move on join and leave. A worker giving a partition up stops pulling,
//     lets its handlers finish (up to AckWait), then unpins. A dead worker's
//     pin lapses after AckWait+MemberTTL, by which time its unacknowledged
//     events are due again: the next owner receives them first, marked
//     redelivered (bot.Redelivered(ctx)). Limit: a redelivered event may
//     reach handlers after later events of its guild (tests check order
//     among the events not marked redelivered).
//   - An event is acknowledged after its handlers returned (bot.Delivery.Done).
//   - A worker taking a partition replays its retained events (up to the
//     last one handed out) into the cache before handling live ones. Limit:
//     events that are then redelivered are applied to the cache twice.
//   - A malformed message (bad subject, headers or batch framing; see
//     Stream.DecodeMessage for the format) is logged with its stream
//     sequence and terminated, never redelivered; an event whose data is not
//     JSON is logged with its sequence and place in the batch and skipped
//     alone. A batch is acknowledged once all its events are done, and
//     redelivered whole (every event marked redelivered).
//   - Events larger than one message (a GUILD_CREATE of a large guild above
//     NATS's max_payload, 1 MiB by default) never stall a shard: the
//     publisher cuts each into k part messages on the event's subject,
//     published consecutively in one flight, with the headers
//     "Scurry-Part: <i>/<k>" (1-based, 2 <= k <= 65536) and
//     "Nats-Msg-Id: <shard>/<session>/<seq>/<i>/<k>", whose data, joined in
//     order, is the event's raw d (at most MaxEventBytes, 64 MiB). The event
//     is acknowledged (durable sequence, OnAck) when its last part is.
//     Workers join the parts per partition (keyed by shard/session/seq;
//     other producers' messages may come between them) and acknowledge every
//     part once the event's handlers are done: a worker that stops mid-event
//     leaves the parts to the next owner (handed back with a NAK when it
//     gives the partition up; redelivered parts may come in any order). A
//     part 1 stored again starts the event over. A part with no part 1
//     before it (unless redelivered), with a bad header or another k, or an
//     event above MaxEventBytes is logged with its stream sequence and
//     terminated. Held parts are kept from redelivery (InProgress) while
//     their event waits for the rest; a partition run holds at most 128 MiB
//     and 1024 partial events and drops the oldest (logged, terminated)
//     beyond. The rebuild joins parts too; the
//     takeover scan counts an event stored only when all its parts are.
//     Consumers in other languages: see HeaderBatch for the formats,
//     Stream.DecodePart and ErrPartial. A max_payload that shrinks (a reconnect
//     to another server) before a flight is published cuts the rest of the
//     flight again. Limit: a message whose ack was lost and whose republish
//     meets a smaller max_payload is retried until it fits.
//   - Identify windows are measured with each process's clock (NTP across
//     machines) plus a margin of at least 100 ms.
//
// Concurrency: every exported type is safe for concurrent use; Publisher.Handle
// must be called in order per shard (the shard manager does). Who stops what:
// RunGateway and Worker.Run return after their goroutines stopped; a Publisher
// is stopped by Close.
package natsbroker
