package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/logdefault"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

// Options configures a Client. A nil *Options, and every zero field, means the
// default written on the field. New copies the struct.
type Options struct {
	// Intents sent in IDENTIFY. Defaults to discord.IntentsNonPrivileged.
	Intents discord.Intents

	// APIURL is the REST base URL. Defaults to rest.DefaultBaseURL; point it
	// at discordtest or a REST proxy.
	APIURL string
	// HTTPClient carries both the REST requests and the gateway websocket
	// dials. Defaults to http.DefaultClient. Tests pass discordtest's
	// in-memory Server.Client().
	HTTPClient *http.Client
	// REST adjusts the REST client's options (limiter, retries, user agent,
	// ...). Its BaseURL and HTTPClient are replaced by APIURL and HTTPClient
	// when those are set.
	REST *rest.Options

	// ShardCount fixes the shard count. Defaults to the count GET
	// /gateway/bot recommends.
	ShardCount int
	// ShardIDs are the shards this process runs. Defaults to all.
	ShardIDs []int
	// Compression of the gateway streams. Defaults to the shard manager's
	// choice: zstd-stream for up to shard.DefaultZstdShards shards in this
	// process, zlib-stream for more (memory per shard; see shard.Options).
	Compression gateway.Compression
	// Source, if set, is where the events come from instead of shards this
	// client would start (distributed mode: a worker consuming what gateway
	// processes publish; see Source). Run then neither fetches GET
	// /gateway/bot nor connects to the gateway, Manager stays nil, and
	// ShardCount, ShardIDs, Compression, Intents checks and Shard are unused.
	Source Source
	// Shard, if set, adjusts the shard manager's options after the client
	// filled them in (identify queue, resharding, progress callback...).
	Shard func(o *shard.Options)

	// Cache is the cache policy. Defaults to cache's defaults (everything
	// cached, 100 messages per channel). Ignored when NoCache is set.
	Cache *cache.Options
	// NoCache turns the cache off: Client.Cache returns nil.
	NoCache bool

	// Router, if set, receives every INTERACTION_CREATE; its responses go
	// through the REST callback route.
	Router *interactions.Router

	// MaxConcurrency bounds the handlers running at once across guilds.
	// Defaults to 64.
	MaxConcurrency int
	// QueuePerGuild is how many events may wait for one guild's handlers
	// before the guild is reported stalled (a Warn log, Stats.StalledGuilds,
	// Client.StalledGuilds). A stalled guild's later events still queue, so
	// its shard goes on delivering other guilds' events; MaxQueuedBytes is
	// the bound that makes a shard wait. Defaults to 4096.
	QueuePerGuild int
	// MaxQueuedBytes bounds the events waiting for handlers across all
	// guilds, counted as twice their raw JSON plus 256 bytes each (an
	// estimate of the decoded event). Past it, the shards' delivery waits
	// (sessions keep heartbeating) until handlers catch up. Defaults to
	// 256 MiB.
	MaxQueuedBytes int64
	// HandlerTimeout is how long one handler call may run before it is
	// abandoned: its guild's queue moves on (with the event's later
	// handlers, then the next events), the call is reported to OnError as a
	// *StuckHandlerError and a Warn log, and it keeps running on its own
	// goroutine until it returns. Defaults to 10 s; negative never abandons.
	HandlerTimeout time.Duration
	// MaxAbandoned bounds the abandoned calls still running. Past it, a call
	// over HandlerTimeout is reported once but keeps its guild's queue.
	// Defaults to MaxConcurrency.
	MaxAbandoned int
	// ShutdownTimeout bounds the whole stop after Run's ctx ends (or a shard
	// stops for good): the shards' close, the drain of queued and running
	// handlers, and the shutdown hooks, which get at least the last fifth of
	// it. Run returns within it even if a handler or a hook ignores its ctx
	// (those are named in a Warn log and left running). Defaults to 10 s.
	ShutdownTimeout time.Duration

	// GuildsReadyTimeout is how long the GuildsReady signal waits for the
	// next GUILD_CREATE of a guild listed in READY before it comes anyway,
	// listing the guilds still missing. Defaults to 15 s.
	GuildsReadyTimeout time.Duration

	// OnError receives handler errors and recovered panics (as *PanicError),
	// with the event. It may be called concurrently. Defaults to logging at
	// error level.
	OnError func(ctx context.Context, e *Event, err error)
	// Logger receives the client's logs and is passed to every subsystem.
	// Defaults to a text logger on stderr at Warn level, so that warnings
	// (missing intents, decode failures, stuck handlers, exhausted budgets)
	// are seen; pass slog.New(slog.DiscardHandler) to silence it.
	Logger *slog.Logger
}

const (
	defaultMaxConcurrency  = 64
	defaultQueuePerGuild   = 4096
	defaultShutdownTimeout = 10 * time.Second
	defaultHandlerTimeout  = 10 * time.Second
	defaultMaxQueuedBytes  = 256 << 20
)

func (o Options) withDefaults() Options {
	if o.Intents == 0 {
		o.Intents = discord.IntentsNonPrivileged
	}
	if o.MaxConcurrency <= 0 {
		o.MaxConcurrency = defaultMaxConcurrency
	}
	if o.QueuePerGuild <= 0 {
		o.QueuePerGuild = defaultQueuePerGuild
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = defaultShutdownTimeout
	}
	if o.GuildsReadyTimeout <= 0 {
		o.GuildsReadyTimeout = 15 * time.Second
	}
	if o.MaxQueuedBytes <= 0 {
		o.MaxQueuedBytes = defaultMaxQueuedBytes
	}
	if o.HandlerTimeout == 0 {
		o.HandlerTimeout = defaultHandlerTimeout
	}
	if o.MaxAbandoned <= 0 {
		o.MaxAbandoned = o.MaxConcurrency
	}
	if o.Logger == nil {
		o.Logger = logdefault.New()
	}
	return o
}

// validate reports the first option that cannot work, naming its field.
func (o *Options) validate() error {
	if o.ShardCount < 0 {
		return fmt.Errorf("bot: Options.ShardCount %d must not be negative (0 means the recommended count)", o.ShardCount)
	}
	seen := make(map[int]bool, len(o.ShardIDs))
	for _, id := range o.ShardIDs {
		switch {
		case id < 0:
			return fmt.Errorf("bot: Options.ShardIDs has a negative id %d", id)
		case o.ShardCount > 0 && id >= o.ShardCount:
			return fmt.Errorf("bot: Options.ShardIDs has id %d, not below ShardCount %d", id, o.ShardCount)
		case seen[id]:
			return fmt.Errorf("bot: Options.ShardIDs has id %d twice", id)
		}
		seen[id] = true
	}
	if u := o.Intents.Unknown(); u != 0 {
		return fmt.Errorf("bot: Options.Intents has undocumented bits %#x (Discord would close with 4013)", uint64(u))
	}
	switch o.Compression {
	case "", gateway.CompressZstd, gateway.CompressZlib, gateway.CompressNone:
	default:
		return fmt.Errorf("bot: Options.Compression %q is unknown (want %q, %q or %q)", o.Compression,
			gateway.CompressZstd, gateway.CompressZlib, gateway.CompressNone)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"MaxConcurrency", o.MaxConcurrency}, {"QueuePerGuild", o.QueuePerGuild}, {"MaxAbandoned", o.MaxAbandoned}} {
		if f.v < 0 {
			return fmt.Errorf("bot: Options.%s %d must not be negative", f.name, f.v)
		}
	}
	if o.MaxQueuedBytes < 0 {
		return fmt.Errorf("bot: Options.MaxQueuedBytes %d must not be negative", o.MaxQueuedBytes)
	}
	if o.ShutdownTimeout < 0 {
		return fmt.Errorf("bot: Options.ShutdownTimeout %v must not be negative", o.ShutdownTimeout)
	}
	return nil
}
