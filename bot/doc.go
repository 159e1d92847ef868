// Package bot is scurry's composition root: it wires a rest.Client, a
// shard.Manager, a cache.Store and, optionally, an interactions.Router
// together, and runs the user's typed handlers through an ordered dispatcher.
// It owns no protocol logic of its own; every piece it builds can be used
// alone, and Client exposes them (REST, Cache, Manager).
//
// Entry points:
//   - New(token, *Options) builds a Client; it connects nothing.
//   - On[E](c, func(ctx, E) error) registers a typed handler, e.g. for
//     *discord.MessageCreate; OnEvent registers one for every dispatch,
//     unknown events included; Use adds middleware around all handlers.
//     Registrations refuse nil with ErrNilHandler.
//   - OnSetup / OnShutdown hooks run once per Run: setup before the shards
//     start (an error or panic aborts the start), shutdown after they stop,
//     bounded by Options.ShutdownTimeout.
//   - Run(ctx) fetches GET /gateway/bot, starts the shards, dispatches, and
//     returns after a clean stop (nil when ctx ended) or with the fatal error
//     that stopped the shards (a bad token, disallowed intents, ...).
//
// Dispatcher guarantees (each checked by a test named in brackets):
//   - Order: events of one guild are handled one at a time, in the order
//     the shard received them; events without a guild form one more queue.
//     The cache is updated in that queue just before the event's handlers,
//     so a handler sees the cache as of its own event. [TestDispatcherOrderPerGuild]
//   - Isolation: guilds run concurrently (at most Options.MaxConcurrency
//     calls at once); a slow or stuck handler in one guild never stops
//     another guild or the shard: delivery waits only when the queued events
//     of all guilds pass Options.MaxQueuedBytes. A guild whose queue passes
//     Options.QueuePerGuild is reported (Warn log, Stats.StalledGuilds,
//     Client.StalledGuilds, and per shard in shard.ShardInfo.StalledGuilds).
//     [TestStuckGuildDoesNotStallOthers]
//   - Stuck handlers: a call running past Options.HandlerTimeout is
//     abandoned: the guild goes on with the event's later handlers and its
//     next events, OnError gets a *StuckHandlerError naming the handler, the
//     event and the guild, and the call keeps running on its own goroutine
//     (at most Options.MaxAbandoned such calls). Only an abandoned call can
//     break its guild's order, and only against itself. [TestDispatcherAbandonsStuckCall]
//   - Interactions: INTERACTION_CREATE has a queue of its own per guild, so
//     it never waits behind the guild's other handlers, and with a Router the
//     automatic deferral fires 2.5 s after the gateway read the interaction,
//     whether or not its handler has started. [TestInteractionsAnsweredWhateverTheQueueHolds]
//   - Delivery on stop: every dispatch a session read reaches the handlers
//     before Run returns; Run returns within Options.ShutdownTimeout of the
//     stop: calls still running then are cancelled, named in a Warn log and
//     left running; events still queued are dropped and counted in
//     Stats.Dropped; the shutdown hooks run in the last part of the
//     timeout. [TestRunReturnsWithinShutdownTimeout, TestSoakUnderPressure]
//   - Failures: handler and hook panics are recovered and reported to
//     OnError; an event whose d partly fails to decode still reaches its
//     typed handlers with the failed fields at zero (DecodeError(ctx) says
//     which), and is reported to OnError, a Warn log and Stats.DecodeErrors.
//     [TestPartialDecodeReachesTypedHandlers, TestHookPanicsAreRecovered]
//
// Files: client.go (Client, Run, the stop), options.go, handlers.go
// (registration, errors), deliver.go (from a shard's event to a queued job,
// and reports), dispatcher.go (the per-guild queues, timeouts, the bounded
// stop; a job's done func is the hook an acknowledging event source uses:
// it is called once after the event's handlers finished or were abandoned),
// guilds.go (GuildsReady, GuildCreateOrigin), intents.go.
//
// Signals: On(c, func(ctx, *GuildsReady) error) runs once a shard's READY
// guilds have all arrived; GuildCreateOrigin(ctx) tells a guild loaded at
// start from one joined now or back from an outage.
//
// The default logger writes Warn and above to stderr. No value of this
// package (Client, Options) prints the token, with any verb or in slog.
//
// Decoding is lazy: a dispatch is decoded into its typed event only when the
// cache applies it, the router takes it or a handler is registered for its
// name (a raw OnEvent handler asks for all). Other dispatches are still
// delivered to the ordered queue with Raw, at a fraction of the cost.
package bot
