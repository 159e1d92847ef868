package bot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/interactions"
)

type shardEvent = gateway.Event

// item is one event in a guild's queue: its job, the event, what the
// dispatcher learnt on receipt, and the interaction whose deferral clock
// already runs. One allocation per event.
type item struct {
	job    job
	ev     Event
	origin GuildOrigin
	call   *interactions.GatewayCall // INTERACTION_CREATE with a Router

	// From a Source (Delivery): replay only updates the cache; redelivered
	// is what Redelivered(ctx) reports to the handlers.
	replay, redelivered bool
}

// deliver runs in the shard manager's delivery goroutine for one shard. It
// only queues: the cache update and the handlers run in the guild's ordered
// queue, so this never blocks on user code (only on the total queue bound).
// done, if not nil, is called once after the event's handlers finished or
// were abandoned, or at once when nothing handles the event; it is not
// called for an event dropped at the shutdown deadline.
func (c *Client) deliver(ctx context.Context, d *dispatcher, ev shardEvent, done func()) {
	c.stats.Events.Add(1)
	origin := c.track(d, ev)
	if !c.wantsDecode(ev.Name) {
		if done != nil {
			done() // no cache update, router or handler wants it
		}
		return
	}
	c.enqueue(ctx, d, &item{ev: ev, origin: origin}, done)
}

// enqueue puts it in its guild's lane (interactions in their own lane, their
// deferral clock started). done is as for deliver.
func (c *Client) enqueue(ctx context.Context, d *dispatcher, it *item, done func()) {
	ev := &it.ev
	var key lane
	if ev.Data != nil {
		key.guild = discord.EventGuildID(ev.Data) // already decoded: no rescan of Raw
	} else {
		key.guild = discord.DispatchGuildID(ev.Name, ev.Raw)
	}
	if i, ok := ev.Data.(*discord.InteractionCreate); ok && !it.replay {
		// Interactions have their own lane, and the deferral clock runs
		// from receipt whatever the queue holds.
		key.fast = true
		if c.opts.Router != nil {
			it.call, _ = c.opts.Router.StartGateway(d.ctx, &i.Interaction, c.interactionsREST, ev.ReceivedAt)
		}
	}
	it.job = job{done: done, size: int64(2*len(ev.Raw) + 256), it: it, shard: ev.Shard, name: ev.Name}
	if err := d.submit(ctx, key, &it.job); err != nil {
		if it.call != nil {
			_ = it.call.Cancel()
		}
		c.stats.Dropped.Add(1)
		c.log.Warn("event dropped: the dispatcher is stopped", slog.String("event", ev.Name),
			slog.Int("shard", ev.Shard), slog.Int64("seq", ev.Seq))
	}
}

// routerName names the router in reports.
const routerName = "interactions.Router"

// handle reports a decode failure, applies the event to the cache, hands
// interactions to the router and runs the handlers, in the event's queue,
// starting at handler index from (index 0 is the router, the registered
// handlers follow), telling w about each call.
func (c *Client) handle(ctx context.Context, it *item, from int, w *worker) {
	e := &it.ev
	if it.replay {
		if c.cache != nil && e.Data != nil {
			c.cache.Apply(e.Data)
		}
		return
	}
	if it.redelivered {
		ctx = context.WithValue(ctx, redeliveredKey{}, true)
	}
	if e.Err != nil || it.origin != 0 {
		ctx = context.WithValue(ctx, metaKey{}, &eventMeta{decodeErr: asDecodeError(e.Err), origin: it.origin})
	}
	if from == 0 {
		if e.Err != nil {
			c.reportDecode(ctx, e)
		}
		if c.cache != nil && e.Data != nil {
			c.cache.Apply(e.Data)
		}
		if it.call != nil {
			if !w.begin(0, routerName) {
				return
			}
			c.runOne(ctx, e, func(ctx context.Context, e *Event) error { return it.call.Run(ctx) })
			w.end()
		}
	}
	for k, h := range c.handlersFor(e.Name) {
		idx := k + 1
		if idx < from {
			continue
		}
		if !w.begin(idx, h.name) {
			return
		}
		c.runOne(ctx, e, h.h)
		w.end()
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

// reportDecode reports an event whose d failed to decode, wholly or partly.
func (c *Client) reportDecode(ctx context.Context, e *Event) {
	c.stats.DecodeErrors.Add(1)
	partial := e.Data != nil
	c.log.Warn("event failed to decode", slog.String("event", e.Name), slog.Int("shard", e.Shard),
		slog.Int64("seq", e.Seq), slog.Bool("delivered_partially", partial), slog.Any("err", e.Err))
	if c.opts.OnError != nil {
		c.opts.OnError(ctx, e, e.Err)
	}
}

// reportError sends a handler's error to OnError, or logs it. e is nil for
// setup and shutdown hooks.
func (c *Client) reportError(ctx context.Context, e *Event, err error) {
	if c.opts.OnError != nil {
		c.opts.OnError(ctx, e, err)
		return
	}
	if e == nil {
		c.log.Error("hook failed", slog.Any("err", err))
		return
	}
	c.log.Error("handler failed", slog.String("event", e.Name), slog.Int("shard", e.Shard), slog.Any("err", err))
}

// onAbandon reports a call past Options.HandlerTimeout (elapsed < 0: past
// it but not abandoned, the bound on abandoned calls being reached).
func (c *Client) onAbandon(j *job, handler string, elapsed time.Duration) {
	abandoned := elapsed >= 0
	if !abandoned {
		elapsed = -elapsed
	}
	err := &StuckHandlerError{Handler: handler, Event: j.name, Shard: j.shard, Elapsed: elapsed, Abandoned: abandoned}
	var e *Event
	ctx := context.Background()
	if it := j.it; it != nil {
		e = &it.ev
		err.Guild = discord.EventGuildID(it.ev.Data)
		if err.Guild == 0 {
			err.Guild = discord.DispatchGuildID(it.ev.Name, it.ev.Raw)
		}
	}
	c.log.Warn("handler stuck", slog.String("handler", handler), slog.String("event", j.name),
		slog.String("guild", err.Guild.String()), slog.Int("shard", j.shard),
		slog.Duration("elapsed", elapsed), slog.Bool("abandoned", abandoned))
	if c.opts.OnError != nil && e != nil {
		c.opts.OnError(ctx, e, err)
	}
}

func (c *Client) onStall(l lane, shard, queued int, stalled bool) {
	if stalled {
		c.log.Warn("guild queue over Options.QueuePerGuild: its handlers are slow or stuck; other guilds go on",
			slog.String("guild", l.guild.String()), slog.Int("shard", shard), slog.Int("queued", queued))
		return
	}
	c.log.Info("guild queue caught up", slog.String("guild", l.guild.String()), slog.Int("shard", shard))
}

// eventMeta is what handle adds to a handler's ctx when there is something
// to say (no allocation for the common event).
type eventMeta struct {
	decodeErr *discord.DecodeError
	origin    GuildOrigin
}

type metaKey struct{}

func metaOf(ctx context.Context) *eventMeta {
	m, _ := ctx.Value(metaKey{}).(*eventMeta)
	return m
}

func asDecodeError(err error) *discord.DecodeError {
	de, _ := err.(*discord.DecodeError)
	return de
}
