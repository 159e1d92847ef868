package shard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/logdefault"
	"github.com/scurrygo/scurry/ratelimit"
)

// IdentifyQueue hands out IDENTIFY slots; every session of a Manager waits on
// it before identifying. *ratelimit.IdentifyQueue is the in-memory
// implementation; a distributed one (shared across processes) plugs in here
// without other changes. Wait must be safe for concurrent use, block until
// shardID may identify, and return ctx's error (giving up its place) when ctx
// ends first. It has the same method set as gateway.IdentifyQueue.
type IdentifyQueue interface {
	Wait(ctx context.Context, shardID int) error
}

// DefaultZstdShards is the most shards a process runs with zstd-stream when
// Options.Compression is unset; with more it uses zlib-stream (see there).
const DefaultZstdShards = 16

// Errors NewManager returns for missing configuration. Shard id and count
// errors wrap ErrInvalidShards.
var (
	ErrNoToken   = errors.New("shard: no bot token")
	ErrNoGateway = errors.New("shard: missing gateway data: set Options.Gateway to the answer of GET /gateway/bot")
)

// Reshard describes one resharding, as the switch hooks receive it.
type Reshard struct {
	OldCount, NewCount int
	OldIDs, NewIDs     []int
	// Reason is "4011" (Discord closed a shard with sharding required),
	// "check" (the periodic check found a larger recommended count) or
	// "manual" (Manager.Reshard).
	Reason string
}

// Options configures NewManager. Only Gateway is required. NewManager copies
// the struct; later changes to it have no effect.
type Options struct {
	// Gateway is the answer of GET /gateway/bot: URL, recommended shard count
	// and session_start_limit. Required: shard does not call the REST API.
	Gateway *discord.GatewayBot
	// Intents sent in IDENTIFY. Defaults to discord.IntentsNonPrivileged.
	Intents discord.Intents
	// ShardCount is the total shard count. Defaults to Gateway.Shards (the
	// recommended count).
	ShardCount int
	// ShardIDs are the shards this process runs, each in [0, ShardCount).
	// Defaults to all of them. Several processes each run a part.
	ShardIDs []int
	// Compression of the gateway streams. Defaults to zstd-stream when this
	// process runs at most DefaultZstdShards shards, and to zlib-stream when
	// it runs more: zstd decodes about 3x faster but keeps a window of
	// history per connection (the stream declares it, up to
	// gateway.Options.MaxZstdWindow; ~0.7 MiB per idle shard at a 256 KiB
	// window, ~2.5 MiB at libzstd's 2 MiB), while zlib-stream keeps about
	// 60 KiB per idle shard, so 1,000 shards stay under 64 MiB.
	Compression gateway.Compression
	// HTTPClient dials the websockets. Defaults to http.DefaultClient.
	HTTPClient *http.Client
	// IdentifyQueue orders identifies. Defaults to a *ratelimit.IdentifyQueue
	// built from Gateway.SessionStartLimit (max_concurrency buckets, the
	// session start budget) and IdentifyWindow.
	IdentifyQueue IdentifyQueue
	// IdentifyWindow is the identify bucket window of the default queue (which
	// adds a 50 ms allowance and counts each window from the IDENTIFY sent,
	// see ratelimit.IdentifyQueueOptions.Margin) and of
	// progress estimates with other queues. Defaults to 5 s; tests scale it
	// down.
	IdentifyWindow time.Duration
	// DialAhead is how many identify rounds before its estimated slot a
	// session connects (the slot of the p-th shard in line in a bucket is p
	// spacings away). Defaults to 2; negative connects every shard at once.
	// The identify queue decides the order either way.
	DialAhead int
	// Session, if set, adjusts each session's options after the manager has
	// filled them in (presence, large_threshold, event filter, KeepSession,
	// State to resume a session saved from Manager.States, ...). o.ShardID and
	// o.ShardCount say which shard it is for; the manager then sets back the
	// shard, token, identify queue and handler.
	Session func(o *gateway.Options)
	// Logger receives the manager's logs, with a shard_id attribute where it
	// applies, and is passed to the sessions. Defaults to Warn and above as
	// text on stderr, as in every scurry package; slog.New(slog.DiscardHandler)
	// silences it.
	Logger *slog.Logger
	// StalledGuilds, if set, reports the guilds whose events the handler has
	// received but not caught up with (their handlers are slow or stuck);
	// package bot sets it to the guilds over bot.Options.QueuePerGuild.
	// Manager.Shards and Manager.Shard call it on every call, from the
	// caller's goroutine, and list each guild under the shard of the
	// delivering set that owns it (ShardInfo.StalledGuilds). It must be safe
	// for concurrent use, return quickly and not call the Manager. Defaults
	// to nil: no shard reports stalled guilds.
	StalledGuilds func() []discord.Snowflake
	// OnProgress is called (from the manager's goroutine; it must not block)
	// whenever a shard of a starting set becomes ready.
	OnProgress func(Progress)

	// FetchGateway fetches GET /gateway/bot for the periodic resharding check
	// and after a 4011 close (typically rest.Client.GatewayBot). Nil turns
	// the periodic check off; a 4011 then reshards to twice the count.
	FetchGateway func(ctx context.Context) (discord.GatewayBot, error)
	// ReshardInterval is the period of the resharding check. Defaults to 8 h;
	// negative turns it off.
	ReshardInterval time.Duration
	// ReshardFullness is the share of capacity (2500 guilds per shard) past
	// which the check reshards to the recommended count; see NeedsReshard.
	// Defaults to 0.8.
	ReshardFullness float64
	// ReshardIDs picks the shard ids this process runs after a reshard. By
	// default a process running every shard runs every new shard, and a
	// process running a part keeps its guilds: the new count is rounded up to
	// a multiple of the old one and the process runs the new ids j with
	// j % oldCount among its old ids.
	ReshardIDs func(oldCount, newCount int, oldIDs []int) []int
	// GuildTimeout bounds how long a new set waits for the GUILD_CREATE of
	// each guild its READY listed before the switch goes ahead anyway.
	// Defaults to 1 minute.
	GuildTimeout time.Duration
	// OverlapGrace is how long after the switch the old set keeps its
	// sessions and follows the new one: events from the new set are still
	// checked against what the old set delivered (events the new set
	// received late), a new session invalidated around the switch gets its
	// gap filled from the old set, and guilds whose old shard had not caught
	// up yet move over once it has. Defaults to 30 s.
	OverlapGrace time.Duration
	// BeforeSwitch runs when the new set is ready, before delivery switches.
	// An error cancels the reshard: the new set is stopped, the old one keeps
	// running. AfterSwitch runs once the new set delivers (the old set stops
	// OverlapGrace later).
	BeforeSwitch func(ctx context.Context, r Reshard) error
	AfterSwitch  func(r Reshard)
}

func (o *Options) withDefaults(token string) (Options, error) {
	var c Options
	if o != nil {
		c = *o
	}
	if token == "" {
		return c, ErrNoToken
	}
	if c.Gateway == nil {
		return c, ErrNoGateway
	}
	gw := *c.Gateway
	c.Gateway = &gw
	if gw.URL == "" {
		return c, fmt.Errorf("%w (Gateway.URL is empty)", ErrNoGateway)
	}
	if c.ShardCount < 0 {
		return c, fmt.Errorf("%w: ShardCount %d is negative", ErrInvalidShards, c.ShardCount)
	}
	if c.ShardCount == 0 {
		if gw.Shards < 1 {
			return c, fmt.Errorf("%w: Gateway.Shards is %d and ShardCount is unset", ErrInvalidShards, gw.Shards)
		}
		c.ShardCount = gw.Shards
	}
	if c.ShardIDs == nil {
		c.ShardIDs = AllShards(c.ShardCount)
	} else {
		c.ShardIDs = slices.Clone(c.ShardIDs)
	}
	if err := ValidateShards(c.ShardIDs, c.ShardCount); err != nil {
		return c, err
	}
	slices.Sort(c.ShardIDs)
	if c.Compression == "" {
		c.Compression = gateway.CompressZlib
		if len(c.ShardIDs) <= DefaultZstdShards {
			c.Compression = gateway.CompressZstd
		}
	}
	if c.Intents == 0 {
		c.Intents = discord.IntentsNonPrivileged
	}
	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
	if c.IdentifyWindow < 0 {
		return c, fmt.Errorf("shard: IdentifyWindow %v is negative", c.IdentifyWindow)
	}
	if c.IdentifyWindow == 0 {
		c.IdentifyWindow = ratelimit.DefaultIdentifyWindow
	}
	if c.IdentifyQueue == nil {
		ssl := gw.SessionStartLimit
		if ssl.MaxConcurrency < 1 {
			return c, fmt.Errorf("%w (Gateway.SessionStartLimit.MaxConcurrency is %d)", ErrNoGateway, ssl.MaxConcurrency)
		}
		q, err := ratelimit.NewIdentifyQueue(&ratelimit.IdentifyQueueOptions{
			MaxConcurrency: ssl.MaxConcurrency,
			Window:         c.IdentifyWindow,
			Total:          ssl.Total,
			Remaining:      ssl.Remaining,
			ResetAfter:     time.Duration(ssl.ResetAfter) * time.Millisecond,
			Logger:         c.Logger,
		})
		if err != nil {
			return c, fmt.Errorf("shard: Gateway.SessionStartLimit: %w", err)
		}
		c.IdentifyQueue = q
	}
	if c.Logger == nil {
		c.Logger = logdefault.New()
	}
	if c.ReshardInterval == 0 {
		c.ReshardInterval = 8 * time.Hour
	}
	if c.ReshardFullness == 0 {
		c.ReshardFullness = 0.8
	}
	if c.ReshardFullness < 0 || c.ReshardFullness > 1 {
		return c, fmt.Errorf("shard: ReshardFullness %v must be in (0, 1]", c.ReshardFullness)
	}
	if c.DialAhead == 0 {
		c.DialAhead = 2
	}
	if c.GuildTimeout <= 0 {
		c.GuildTimeout = time.Minute
	}
	if c.OverlapGrace <= 0 {
		c.OverlapGrace = 30 * time.Second
	}
	return c, nil
}

// maxConcurrency is the bucket count used for progress estimates.
func (o *Options) maxConcurrency() int {
	if q, ok := o.IdentifyQueue.(interface{ MaxConcurrency() int }); ok {
		return max(q.MaxConcurrency(), 1)
	}
	return max(o.Gateway.SessionStartLimit.MaxConcurrency, 1)
}

// spacing is the time between two identifies of one bucket, for progress
// estimates.
func (o *Options) spacing() time.Duration {
	if q, ok := o.IdentifyQueue.(interface{ Spacing() time.Duration }); ok {
		return q.Spacing()
	}
	return o.IdentifyWindow
}

// defaultReshardIDs implements the default of Options.ReshardIDs; it may
// raise newCount to a multiple of oldCount.
func defaultReshardIDs(oldCount, newCount int, oldIDs []int) (int, []int) {
	if len(oldIDs) == oldCount {
		return newCount, AllShards(newCount)
	}
	if r := newCount % oldCount; r != 0 {
		newCount += oldCount - r
	}
	mine := make(map[int]bool, len(oldIDs))
	for _, id := range oldIDs {
		mine[id] = true
	}
	var ids []int
	for j := range newCount {
		if mine[j%oldCount] {
			ids = append(ids, j)
		}
	}
	return newCount, ids
}
