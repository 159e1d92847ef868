package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

// ErrAlreadyRun is returned by a second call to Run: a Client runs once.
var ErrAlreadyRun = errors.New("bot: client already ran")

// Client is a bot: REST, shards, cache and handlers wired together. Create it
// with New, register handlers and hooks, then call Run once. Its methods are
// safe for concurrent use.
type Client struct {
	token string
	opts  Options
	rest  *rest.Client
	cache *cache.Store
	log   *slog.Logger

	mu         sync.RWMutex
	handlers   map[string][]named
	raw        []named
	middleware []Middleware
	setup      []func(ctx context.Context, c *Client) error
	shutdown   []func(ctx context.Context) error
	manager    *shard.Manager
	table      atomic.Pointer[handlerTable] // what handlersFor reads; rebuilt on registration

	interactionsREST *interactions.RESTAdapter

	ran     atomic.Bool
	stats   Stats
	disp    atomic.Pointer[dispatcher] // while Run runs
	tracker tracker
}

// String describes the client without its token.
func (c *Client) String() string { return "bot.Client{token:[redacted]}" }

// GoString describes the client without its token.
func (c *Client) GoString() string { return c.String() }

// Format prints the client without its token, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue logs the client without its token.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// New builds a Client. It validates the options and builds the REST client and
// the cache; it connects nothing.
func New(token string, opts *Options) (*Client, error) {
	if token == "" {
		return nil, errors.New("bot: empty token")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	o = o.withDefaults()

	var ro rest.Options
	if o.REST != nil {
		ro = *o.REST
	}
	if o.APIURL != "" {
		ro.BaseURL = o.APIURL
	}
	if o.HTTPClient != nil {
		ro.HTTPClient = o.HTTPClient
	}
	if ro.Logger == nil {
		ro.Logger = o.Logger
	}
	rc, err := rest.New(token, &ro)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	c := &Client{
		token:            token,
		opts:             o,
		rest:             rc,
		interactionsREST: interactions.AdaptREST(rc),
		log:              o.Logger,
		handlers:         make(map[string][]named),
	}
	c.table.Store(&handlerTable{})
	if !o.NoCache {
		st, err := cache.New(o.Cache)
		if err != nil {
			return nil, fmt.Errorf("bot: %w", err)
		}
		c.cache = st
	}
	return c, nil
}

// REST returns the REST client.
func (c *Client) REST() *rest.Client { return c.rest }

// Cache returns the cache, or nil when Options.NoCache is set.
func (c *Client) Cache() *cache.Store { return c.cache }

// Manager returns the shard manager while Run runs, nil before.
func (c *Client) Manager() *shard.Manager {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.manager
}

// OnSetup adds a hook that Run calls once, before the shards start. An error
// aborts Run; so does a panic, recovered and reported like a handler's.
// Hooks run in the order added. A nil fn is refused with ErrNilHandler.
func (c *Client) OnSetup(fn func(ctx context.Context, c *Client) error) error {
	if fn == nil {
		return fmt.Errorf("%w: OnSetup", ErrNilHandler)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setup = append(c.setup, fn)
	return nil
}

// OnShutdown adds a hook that Run calls once, after the shards stopped and the
// handlers drained, with a ctx that carries the values of Run's ctx and ends
// at the shutdown deadline (Options.ShutdownTimeout). Hooks run in reverse
// order of adding (like defers); their errors and recovered panics go to
// OnError (with a nil event). A hook still running at the deadline is left
// running and named in a Warn log. A nil fn is refused with ErrNilHandler.
func (c *Client) OnShutdown(fn func(ctx context.Context) error) error {
	if fn == nil {
		return fmt.Errorf("%w: OnShutdown", ErrNilHandler)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shutdown = append(c.shutdown, fn)
	return nil
}

// Stats counts what the client's dispatcher did. Read it with Client.Stats.
type Stats struct {
	Events            atomic.Uint64 // dispatches received from the shards
	Handled           atomic.Uint64 // handler calls that returned
	HandlerErrors     atomic.Uint64 // handler calls that returned an error or panicked
	DecodeErrors      atomic.Uint64 // events whose d failed to decode, wholly or partly
	HandlersAbandoned atomic.Uint64 // calls abandoned after Options.HandlerTimeout
	AbandonedRunning  atomic.Int64  // abandoned calls that have not returned yet
	StalledGuilds     atomic.Int64  // guild queues over Options.QueuePerGuild now
	QueuedBytes       atomic.Int64  // the estimate Options.MaxQueuedBytes bounds, now
	Dropped           atomic.Uint64 // events never handled: queued at the shutdown deadline, or refused after it
}

// StalledGuild is a guild whose queue is over Options.QueuePerGuild.
type StalledGuild struct {
	Guild  discord.Snowflake
	Shard  int
	Queued int
}

// StalledGuilds lists the guilds whose queue is over Options.QueuePerGuild
// (their handlers are slow or stuck; other guilds are not held up). Empty
// when Run is not running. The shard manager reports them too, per shard
// (shard.ShardInfo.StalledGuilds from Client.Manager().Shards()).
func (c *Client) StalledGuilds() []StalledGuild {
	d := c.disp.Load()
	if d == nil {
		return nil
	}
	return d.stalledGuilds()
}

// stalledGuildIDs is StalledGuilds as shard.Options.StalledGuilds wants it.
func (c *Client) stalledGuildIDs() []discord.Snowflake {
	sg := c.StalledGuilds()
	if len(sg) == 0 {
		return nil
	}
	ids := make([]discord.Snowflake, len(sg))
	for i, g := range sg {
		ids[i] = g.Guild
	}
	return ids
}

// Stats returns the client's counters (live values, safe to read any time).
func (c *Client) Stats() *Stats { return &c.stats }

// Run runs the setup hooks, fetches GET /gateway/bot, starts the shards and
// dispatches their events until ctx ends or a shard stops with a fatal error
// (bad token, disallowed intents, ...). Then it stops: the shards hand over
// every dispatch already read, the queued and running handlers drain, and
// the shutdown hooks run, all within Options.ShutdownTimeout of the stop;
// what is still running then is named in a Warn log and left behind (see
// the package doc). It returns nil after a stop through ctx, else the error
// that stopped it.
func (c *Client) Run(ctx context.Context) (err error) {
	if !c.ran.CompareAndSwap(false, true) {
		return ErrAlreadyRun
	}
	for _, w := range intentWarnings(c.opts.Intents, c.registeredNames()) {
		c.log.Warn(w.Message, slog.String("event", w.Event), slog.String("missing_intents", w.Missing.String()))
	}

	c.mu.RLock()
	setup := append([]func(context.Context, *Client) error(nil), c.setup...)
	c.mu.RUnlock()
	for _, fn := range setup {
		if err := c.callHook(ctx, func(ctx context.Context) error { return fn(ctx, c) }); err != nil {
			return fmt.Errorf("bot: setup: %w", err)
		}
	}
	if c.opts.Source != nil {
		return c.runSource(ctx)
	}

	info, err := c.rest.GatewayBot(ctx)
	if err != nil {
		c.runShutdown(ctx, time.Now().Add(c.opts.ShutdownTimeout))
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("bot: fetch gateway: %w", err)
	}
	so := shard.Options{
		Gateway:     info,
		Intents:     c.opts.Intents,
		ShardCount:  c.opts.ShardCount,
		ShardIDs:    c.opts.ShardIDs,
		Compression: c.opts.Compression,
		HTTPClient:  c.opts.HTTPClient,
		Logger:      c.log,
		// The shard reports this client's stalled guilds in its status.
		StalledGuilds: c.stalledGuildIDs,
		FetchGateway: func(ctx context.Context) (discord.GatewayBot, error) {
			gb, err := c.rest.GatewayBot(ctx)
			if err != nil {
				return discord.GatewayBot{}, err
			}
			return *gb, nil
		},
	}
	so.Session = func(o *gateway.Options) { o.Decode = c.wantsDecode }
	if c.opts.Shard != nil {
		c.opts.Shard(&so)
	}
	m, err := shard.NewManager(c.token, &so)
	if err != nil {
		c.runShutdown(ctx, time.Now().Add(c.opts.ShutdownTimeout))
		return fmt.Errorf("bot: %w", err)
	}
	c.mu.Lock()
	c.manager = m
	c.mu.Unlock()

	d := newDispatcher(c.dispatcherConfig(ctx))
	c.disp.Store(d)
	var stoppedAt atomic.Int64
	unwatch := context.AfterFunc(ctx, func() { stoppedAt.Store(time.Now().UnixNano()) })
	runErr := m.Run(ctx, func(hctx context.Context, ev shardEvent) {
		c.deliver(hctx, d, ev, nil)
	})
	unwatch()
	stop := time.Now()
	if ns := stoppedAt.Load(); ns != 0 {
		stop = time.Unix(0, ns)
	}
	deadline := stop.Add(c.opts.ShutdownTimeout)
	c.drain(ctx, d, deadline.Add(-c.opts.ShutdownTimeout/5))
	c.runShutdown(ctx, deadline)
	if runErr != nil && ctx.Err() == nil {
		return fmt.Errorf("bot: %w", runErr)
	}
	return nil
}

// dispatcherConfig builds the dispatcher's configuration from the options.
func (c *Client) dispatcherConfig(ctx context.Context) dispatcherConfig {
	return dispatcherConfig{
		limit:          c.opts.MaxConcurrency,
		queueCap:       c.opts.QueuePerGuild,
		maxBytes:       c.opts.MaxQueuedBytes,
		handlerTimeout: max(c.opts.HandlerTimeout, 0),
		maxAbandoned:   c.opts.MaxAbandoned,
		parent:         ctx,
		stats:          &c.stats,
		onPanic: func(j *job, v any, stack []byte) {
			var e *Event
			if j.it != nil {
				e = &j.it.ev
			}
			c.stats.HandlerErrors.Add(1)
			c.reportError(context.Background(), e, &PanicError{Value: v, Stack: stack})
		},
		onAbandon: c.onAbandon,
		onStall:   c.onStall,
		handle:    c.handle,
	}
}

// drain stops the dispatcher, waiting for its handlers until deadline.
func (c *Client) drain(ctx context.Context, d *dispatcher, deadline time.Time) {
	dctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	rep, err := d.stop(dctx)
	c.closeTracker()
	c.disp.Store(nil)
	if err != nil {
		c.log.Warn("handlers did not finish before the shutdown timeout: left running with a cancelled ctx",
			slog.Any("abandoned", rep.Abandoned), slog.Int("dropped_events", rep.Dropped))
	}
}

// callHook runs one setup or shutdown hook, turning a panic into a
// *PanicError reported to OnError.
func (c *Client) callHook(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
		if err != nil {
			c.reportError(ctx, nil, err)
		}
	}()
	return fn(ctx)
}

// runShutdown runs the shutdown hooks, newest first, until deadline; a hook
// still running then is named in a Warn log, left running, and the hooks
// after it are skipped.
func (c *Client) runShutdown(ctx context.Context, deadline time.Time) {
	c.mu.RLock()
	hooks := append([]func(context.Context) error(nil), c.shutdown...)
	c.mu.RUnlock()
	if len(hooks) == 0 {
		return
	}
	hctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	var current atomic.Pointer[string]
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := len(hooks) - 1; i >= 0; i-- {
			if hctx.Err() != nil {
				return
			}
			name := funcName(hooks[i])
			current.Store(&name)
			_ = c.callHook(hctx, hooks[i])
		}
	}()
	select {
	case <-done:
	case <-hctx.Done():
		select {
		case <-done:
			return
		default:
		}
		name := "?"
		if p := current.Load(); p != nil {
			name = *p
		}
		c.log.Warn("shutdown hook did not return before the shutdown timeout: left running", slog.String("hook", name))
	}
}

// wantsDecode is the sessions' decode filter: a dispatch is decoded into its
// typed event only when the cache applies it, the router takes it, or a
// handler is registered for it (any raw handler wants every event). The
// others reach nobody, so their JSON is never parsed.
func (c *Client) wantsDecode(name string) bool {
	if c.cache != nil && cache.Uses(name) {
		return true
	}
	if c.opts.Router != nil && name == discord.EventInteractionCreate {
		return true
	}
	t := c.table.Load()
	_, typed := t.byName[name]
	return typed || len(t.raw) > 0
}
