package bot

import (
	"context"
	"log/slog"
	"runtime/debug"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

type shardEvent = gateway.Event

// deliver runs in the shard manager's delivery goroutine for one shard. It
// only queues: the cache update and the handlers run in the guild's ordered
// queue, so this never blocks on user code (only on a full guild queue).
func (c *Client) deliver(ctx context.Context, d *dispatcher, ev shardEvent) {
	c.stats.Events.Add(1)
	if !c.wantsDecode(ev.Name) {
		return // no cache update, router or handler wants it
	}
	var key discord.Snowflake
	if ev.Data != nil {
		key = discord.EventGuildID(ev.Data) // already decoded: no rescan of Raw
	} else {
		key = discord.DispatchGuildID(ev.Name, ev.Raw)
	}
	e := ev // the dispatcher keeps it; gateway.Event owns its Raw
	err := d.submit(ctx, key, func(hctx context.Context) { c.handle(hctx, &e) })
	if err != nil && ctx.Err() == nil {
		c.log.Warn("event dropped", slog.String("event", ev.Name), slog.Any("err", err))
	}
}

// handle applies the event to the cache, hands interactions to the router and
// runs the handlers, in the event's guild queue.
func (c *Client) handle(ctx context.Context, e *Event) {
	if c.cache != nil && e.Data != nil {
		c.cache.Apply(e.Data)
	}
	if c.opts.Router != nil {
		if i, ok := e.Data.(*discord.InteractionCreate); ok {
			c.runOne(ctx, e, func(ctx context.Context, e *Event) error {
				return c.opts.Router.HandleGateway(ctx, &i.Interaction, c.interactionsREST)
			})
		}
	}
	for _, h := range c.handlersFor(e.Name) {
		c.runOne(ctx, e, h)
	}
}

func (c *Client) runOne(ctx context.Context, e *Event, h Handler) {
	defer func() {
		if v := recover(); v != nil {
			c.stats.HandlerErrors.Add(1)
			c.reportError(ctx, e, &PanicError{Value: v, Stack: debug.Stack()})
		}
	}()
	err := h(ctx, e)
	c.stats.Handled.Add(1)
	if err != nil {
		c.stats.HandlerErrors.Add(1)
		c.reportError(ctx, e, err)
	}
}

func (c *Client) reportError(ctx context.Context, e *Event, err error) {
	if c.opts.OnError != nil {
		c.opts.OnError(ctx, e, err)
		return
	}
	c.log.Error("handler failed", slog.String("event", e.Name), slog.Int("shard", e.Shard), slog.Any("err", err))
}
