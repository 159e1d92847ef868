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
//   - OnSetup / OnShutdown hooks run once per Run: setup before the shards
//     start (an error aborts the start), shutdown after they stop, bounded by
//     Options.ShutdownTimeout.
//   - Run(ctx) fetches GET /gateway/bot, starts the shards, dispatches, and
//     returns after a clean stop (nil when ctx ended) or with the fatal error
//     that stopped the shards (a bad token, disallowed intents, ...).
//
// Ordering and concurrency: events of one guild are handled one at a time,
// in the order the shard received them; events of different guilds run
// concurrently, at most Options.MaxConcurrency handlers at once. Events
// without a guild (DMs, USER_UPDATE, ...) form one more ordered queue. The
// cache is updated inside that ordered queue just before the handlers of an
// event run, so a handler sees the cache as of its own event. A slow handler
// delays only its guild's queue (and holds one concurrency slot); the shard
// keeps heartbeating. Handler panics are recovered and reported to OnError.
//
// Decoding is lazy: a dispatch is decoded into its typed event only when the
// cache applies it, the router takes it or a handler is registered for its
// name (a raw OnEvent handler asks for all). Other dispatches are still
// delivered to the ordered queue with Raw, at a fraction of the cost.
package bot
