package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

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
	handlers   map[string][]Handler
	raw        []Handler
	middleware []Middleware
	setup      []func(ctx context.Context, c *Client) error
	shutdown   []func(ctx context.Context) error
	manager    *shard.Manager
	table      atomic.Pointer[handlerTable] // what handlersFor reads; rebuilt on registration

	interactionsREST *interactions.RESTAdapter

	ran   atomic.Bool
	stats Stats
}

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
		handlers:         make(map[string][]Handler),
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
// aborts Run. Hooks run in the order added.
func (c *Client) OnSetup(fn func(ctx context.Context, c *Client) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setup = append(c.setup, fn)
}

// OnShutdown adds a hook that Run calls once, after the shards stopped and the
// handlers drained, with a ctx bounded by Options.ShutdownTimeout. Hooks run
// in reverse order of adding (like defers); their errors are logged.
func (c *Client) OnShutdown(fn func(ctx context.Context) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shutdown = append(c.shutdown, fn)
}

// Stats counts what the client's dispatcher did. Read it with Client.Stats.
type Stats struct {
	Events        atomic.Uint64 // dispatches received from the shards
	Handled       atomic.Uint64 // handler calls that returned
	HandlerErrors atomic.Uint64 // handler calls that returned an error or panicked
}

// Stats returns the client's counters (live values, safe to read any time).
func (c *Client) Stats() *Stats { return &c.stats }

// Run runs the setup hooks, fetches GET /gateway/bot, starts the shards and
// dispatches their events until ctx ends or a shard stops with a fatal error
// (bad token, disallowed intents, ...). Then it drains the handlers and runs
// the shutdown hooks, both within Options.ShutdownTimeout. It returns nil
// after a stop through ctx, else the error that stopped it.
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
		if err := fn(ctx, c); err != nil {
			return fmt.Errorf("bot: setup: %w", err)
		}
	}
	defer c.runShutdown()
	if c.opts.Source != nil {
		return c.runSource(ctx)
	}

	info, err := c.rest.GatewayBot(ctx)
	if err != nil {
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
		return fmt.Errorf("bot: %w", err)
	}
	c.mu.Lock()
	c.manager = m
	c.mu.Unlock()

	d := newDispatcher(c.opts.MaxConcurrency, c.opts.QueuePerGuild, nil)
	runErr := m.Run(ctx, func(hctx context.Context, ev shardEvent) {
		c.deliver(hctx, d, ev)
	})

	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.opts.ShutdownTimeout)
	defer cancel()
	if err := d.stop(sctx); err != nil {
		c.log.Warn("handlers did not finish before the shutdown timeout", slog.Any("err", err))
	}
	if runErr != nil && ctx.Err() == nil {
		return fmt.Errorf("bot: %w", runErr)
	}
	return nil
}

func (c *Client) runShutdown() {
	c.mu.RLock()
	hooks := append([]func(context.Context) error(nil), c.shutdown...)
	c.mu.RUnlock()
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.ShutdownTimeout)
	defer cancel()
	for i := len(hooks) - 1; i >= 0; i-- {
		if err := hooks[i](ctx); err != nil {
			c.log.Error("shutdown hook failed", slog.Any("err", err))
		}
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
