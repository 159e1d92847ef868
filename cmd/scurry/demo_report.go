package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

// restCounters counts what the REST client did, through the wrappers below.
type restCounters struct {
	requests  atomic.Uint64
	status429 atomic.Uint64
	waits     atomic.Uint64 // limiter acquisitions that had to wait
	waited    atomic.Int64  // nanoseconds spent waiting in the limiter

	inFlight, waiting atomic.Int64  // requests sent and not answered; acquisitions not granted
	answered, refused atomic.Uint64 // interaction callbacks Discord accepted (2xx) or refused
}

// countingDoer counts requests and 429 answers.
type countingDoer struct {
	d rest.Doer
	c *restCounters
}

func (d countingDoer) Do(r *http.Request) (*http.Response, error) {
	d.c.requests.Add(1)
	d.c.inFlight.Add(1)
	resp, err := d.d.Do(r)
	d.c.inFlight.Add(-1)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		d.c.status429.Add(1)
	}
	if r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/interactions/") && strings.HasSuffix(r.URL.Path, "/callback") {
		if err == nil && resp.StatusCode < 300 {
			d.c.answered.Add(1)
		} else {
			d.c.refused.Add(1)
		}
	}
	return resp, err
}

// countingLimiter counts the acquisitions that waited, and for how long.
type countingLimiter struct {
	l ratelimit.Limiter
	c *restCounters
}

func (l countingLimiter) Acquire(ctx context.Context, key ratelimit.RouteKey) (ratelimit.Permit, error) {
	start := time.Now()
	l.c.waiting.Add(1)
	p, err := l.l.Acquire(ctx, key)
	l.c.waiting.Add(-1)
	if d := time.Since(start); d > time.Millisecond {
		l.c.waits.Add(1)
		l.c.waited.Add(int64(d))
	}
	return p, err
}

// report prints one status line a second until ctx ends, and the shards'
// start-up progress as it comes.
func report(ctx context.Context, w io.Writer, c *bot.Client, eb *exampleBot, rc *restCounters, progress <-chan shard.Progress) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var lastEvents uint64
	for {
		select {
		case <-ctx.Done():
			return
		case p := <-progress:
			fmt.Fprintf(w, "  shards: %d/%d ready (estimated %s left)\n", p.Ready, p.Total, p.Remaining.Round(time.Millisecond))
		case <-t.C:
			ev := c.Stats().Events.Load()
			fmt.Fprintf(w, "  %s | %5d events/s | answered: %d !ping, %d slash+buttons, %d !top | REST %d req, %d limiter waits, %d×429 | heartbeat %s\n",
				shardLine(c), ev-lastEvents, eb.pings.Load(), rc.answered.Load(), eb.tops.Load(),
				rc.requests.Load(), rc.waits.Load(), rc.status429.Load(), latency(c))
			lastEvents = ev
		}
	}
}

func shardLine(c *bot.Client) string {
	m := c.Manager()
	if m == nil {
		return "shards starting"
	}
	ready, total := 0, 0
	for _, s := range m.Shards() {
		total++
		if s.Status == gateway.StatusReady {
			ready++
		}
	}
	return fmt.Sprintf("shards %d/%d ready", ready, total)
}

func latency(c *bot.Client) string {
	m := c.Manager()
	if m == nil {
		return "-"
	}
	var parts []string
	for _, s := range m.Shards() {
		if s.Latency > 0 {
			parts = append(parts, s.Latency.Round(10*time.Microsecond).String())
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

func summary(w io.Writer, c *bot.Client, eb *exampleBot, rc *restCounters, world *demoWorld, d time.Duration) {
	st := c.Stats()
	fmt.Fprintf(w, "scurry demo: stopped after %s\n", d.Round(time.Millisecond))
	fmt.Fprintf(w, "  events received %d, handler calls %d, handler errors %d\n", st.Events.Load(), st.Handled.Load(), st.HandlerErrors.Load())
	if world != nil {
		fmt.Fprintf(w, "  simulated users: %d chat, %d !ping, %d !top, %d reactions, %d slash commands, %d button clicks\n",
			world.messages.Load(), world.pings.Load(), world.tops.Load(), world.reactions.Load(), world.slash.Load(), world.buttons.Load())
		fmt.Fprintf(w, "  fake Discord recorded %d interaction responses\n", len(world.s.InteractionResponses()))
	}
	fmt.Fprintf(w, "  bot answered %d !ping, %d slash commands and buttons, %d !top\n", eb.pings.Load(), rc.answered.Load(), eb.tops.Load())
	fmt.Fprintf(w, "    (answers Discord accepted; interaction handlers ran %d times, %d responses were refused or failed)\n", eb.commands.Load(), rc.refused.Load())
	fmt.Fprintf(w, "  REST: %d requests, %d waited in the rate limiter (%s in all), %d answered 429\n",
		rc.requests.Load(), rc.waits.Load(), time.Duration(rc.waited.Load()).Round(time.Millisecond), rc.status429.Load())
}
