package bot

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
)

// Source is where a Client takes its events from instead of starting its own
// shards (Options.Source): in distributed mode, a consumer of the stream that
// gateway processes publish to (broker/natsbroker implements it).
//
// Run delivers events to deliver until ctx ends or the source fails for good,
// and returns after its goroutines stopped. deliver may be called from several
// goroutines at once, but events that must keep their order (one guild's)
// must be delivered from one goroutine, in order: the Client handles the
// events of a guild in the order deliver was called for them. deliver blocks
// only while the guild's queue is full (back-pressure), or until ctx ends.
type Source interface {
	Run(ctx context.Context, deliver func(ctx context.Context, d Delivery)) error
}

// Delivery is one event a Source hands to the Client.
type Delivery struct {
	// Event is the dispatch. Data may be nil: the Client decodes Raw when
	// the cache, the router or a handler wants the event.
	Event Event
	// Redelivered marks an event that was handed to a handler before (a
	// worker died or gave its partition up before acknowledging it).
	// Handlers see it through Redelivered(ctx).
	Redelivered bool
	// Replay marks an event replayed to rebuild the cache (a worker taking a
	// partition over): it is applied to the cache, in order with the live
	// events of its guild, and no handler runs for it.
	Replay bool
	// Done, if set, is called exactly once after the event's handlers have
	// all returned (or at once when nothing wants the event). It is not
	// called for an event that the Client dropped while stopping: the
	// source must treat it as unacknowledged (and deliver it again to
	// whoever handles it next).
	Done func()
}

type redeliveredKey struct{}

// Redelivered reports whether the event a handler runs for may have reached
// a handler before (Delivery.Redelivered). Handlers that are not idempotent
// check it. It is false outside distributed mode.
func Redelivered(ctx context.Context) bool {
	v, _ := ctx.Value(redeliveredKey{}).(bool)
	return v
}

// runSource is Run's body when Options.Source is set: no gateway, no shard
// manager; events come from the source and go through the same dispatcher,
// cache and handlers, with the same shutdown bound as Run.
func (c *Client) runSource(ctx context.Context) error {
	d := newDispatcher(c.dispatcherConfig(ctx))
	c.disp.Store(d)
	var stoppedAt atomic.Int64
	unwatch := context.AfterFunc(ctx, func() { stoppedAt.Store(time.Now().UnixNano()) })
	runErr := c.opts.Source.Run(ctx, func(hctx context.Context, dl Delivery) {
		c.deliverFrom(hctx, d, dl)
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
		return fmt.Errorf("bot: source: %w", runErr)
	}
	return nil
}

// deliverFrom queues one delivery of a Source in its guild's ordered queue.
// Events come raw from a source: they are decoded here, in the source's
// delivering goroutine, only when the cache, the router or a handler wants
// them; a field that fails to decode is left at zero and reported, as for
// events from the gateway.
func (c *Client) deliverFrom(ctx context.Context, d *dispatcher, dl Delivery) {
	done := dl.Done
	ev := dl.Event
	if dl.Replay {
		if c.cache == nil || !cache.Uses(ev.Name) {
			if done != nil {
				done()
			}
			return
		}
	} else {
		c.stats.Events.Add(1)
		if !c.wantsDecode(ev.Name) {
			if done != nil {
				done()
			}
			return
		}
	}
	if ev.Data == nil && ev.Err == nil {
		ev.Data, ev.Err = discord.DecodeEvent(ev.Name, ev.Raw)
	}
	it := &item{ev: ev, replay: dl.Replay, redelivered: dl.Redelivered}
	if !dl.Replay {
		it.origin = c.track(d, ev)
	}
	c.enqueue(ctx, d, it, done)
}
