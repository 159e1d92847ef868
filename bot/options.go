package bot

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/interactions"
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
	// QueuePerGuild bounds the events waiting for one guild's handlers. When
	// a guild's queue is full, its shard's delivery waits (the session keeps
	// heartbeating; see gateway.Session for its own buffer). Defaults to
	// 4096.
	QueuePerGuild int
	// ShutdownTimeout bounds the drain of running handlers and the shutdown
	// hooks after Run's ctx ends. Defaults to 10 s.
	ShutdownTimeout time.Duration

	// OnError receives handler errors and recovered panics (as *PanicError),
	// with the event. It may be called concurrently. Defaults to logging at
	// error level.
	OnError func(ctx context.Context, e *Event, err error)
	// Logger receives the client's logs and is passed to every subsystem.
	// Defaults to discarding.
	Logger *slog.Logger
}

const (
	defaultMaxConcurrency  = 64
	defaultQueuePerGuild   = 4096
	defaultShutdownTimeout = 10 * time.Second
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
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
