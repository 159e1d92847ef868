// Package shard runs many gateway sessions as one bot: the shard manager.
//
// Entry points:
//
//   - NewManager (manager.go) takes the bot token and Options (options.go):
//     the GET /gateway/bot answer (shard does not call REST), intents, the
//     shard count (recommended by default), the shard ids this process runs
//     (all by default; several processes each run a part), compression, the
//     IdentifyQueue, the resharding policy and hooks. It checks everything
//     and connects nothing.
//   - Manager.Run(ctx, handler) starts the shards, each identifying through
//     the IdentifyQueue (a *ratelimit.IdentifyQueue built from
//     max_concurrency and session_start_limit by default), delivers every
//     dispatch to the handler (one ordered stream per shard, tagged with its
//     shard id), reports start-up Progress, reshards, and returns when ctx
//     ends or a shard stops for good (a fatal close such as 4014), after
//     stopping every session and waiting for every goroutine.
//     Sessions connect Options.DialAhead identify rounds before their
//     estimated slot rather than all at once.
//   - Manager.ShardFor, SessionFor, SessionByID, UpdatePresence,
//     RequestGuildMembers, FetchGuildMembers and UpdateVoiceState (send.go)
//     reach the session of a guild; Shards and Shard report status,
//     latency and the guilds the consumer reports stalled (ShardInfo,
//     status.go; Options.StalledGuilds is the seam, which package bot fills
//     with its guild queues over QueuePerGuild); States returns the
//     sessions' resumable state, which Options.Session can give back to a
//     restarted process.
//   - Resharding (reshard.go, overlap.go, gate.go): on a 4011 close, on the
//     periodic check (Options.FetchGateway, every 8 h; Discordeno's
//     80%-of-capacity rule, NeedsReshard) or on Manager.Reshard, a new shard
//     set starts alongside the old one and takes over delivery without
//     losing or repeating events; BeforeSwitch and AfterSwitch hook into it.
//     The mechanism is written on the loop type in reshard.go.
//   - Shard math (math.go): ShardFor, IdentifyBucket, ValidateShards,
//     AllShards, NeedsReshard.
//
// Resharding under faults. Sessions of either set may be invalidated (op 9,
// a non-resumable close) and re-identify, reconnect and resume, or lag,
// at any moment of the overlap. Guaranteed: every event Discord sent to a
// session of either set that was live when it was sent (not invalidated
// before receiving it; a resumed session gets Discord's replay) reaches the
// handler once, and the events of one guild in the order Discord sent them.
// After a 4011 the new shards covering the closed shard's guilds identify
// first and serve those guilds from their READY, so the guilds go without
// events for about one identify window, not until the whole new set is
// ready. Not guaranteed, because Discord never sent them to a session:
// events of a guild while neither its old nor its new shard had one (both
// invalidated at once; a 4011-closed shard's guilds until their new shard
// identifies). Also not guaranteed: a switch forced by GuildTimeout, or the
// end of OverlapGrace, while an old shard still lags behind a new session
// that was invalidated can lose what that old shard had in flight (logged);
// events byte-identical to another of the same guild, events whose guild id
// cannot be read (checked by content only), and guilds a custom ReshardIDs
// moves to another process. The old set keeps its sessions until
// OverlapGrace after the switch.
//
// Concurrency: a Manager's methods are safe for concurrent use, also from
// the handler. The handler runs on each shard's delivery goroutine; it must
// be safe for concurrent use across shards and should hand work off quickly.
package shard
