package rest

import (
	"context"
	"maps"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// Observer sees every permit that passes through a limiter wrapped by
// Observe: how long each request waited, and how each one ended. It is how
// counters (Counters, or a Prometheus adapter outside the core) watch a
// Client without the Client knowing: pass Observe(limiter, observer) as
// Options.Limiter. Methods are called concurrently and must not block.
type Observer interface {
	// Acquired is called when Acquire returns, after waiting wait; err is nil
	// when a permit was granted.
	Acquired(key ratelimit.RouteKey, wait time.Duration, err error)
	// Finished is called once per granted permit: sent with the reply's
	// headers (Status 0 after a transport error), or not sent (Cancel).
	Finished(key ratelimit.RouteKey, h ratelimit.Headers, sent bool)
}

// Observe wraps l so that o sees every Acquire and every finished permit.
// The result behaves as l does.
func Observe(l ratelimit.Limiter, o Observer) ratelimit.Limiter {
	return &observed{l: l, o: o}
}

type observed struct {
	l ratelimit.Limiter
	o Observer
}

func (w *observed) Acquire(ctx context.Context, key ratelimit.RouteKey) (ratelimit.Permit, error) {
	start := time.Now()
	p, err := w.l.Acquire(ctx, key)
	w.o.Acquired(key, time.Since(start), err)
	if err != nil {
		return nil, err
	}
	return &observedPermit{p: p, o: w.o, key: key}, nil
}

type observedPermit struct {
	p    ratelimit.Permit
	o    Observer
	key  ratelimit.RouteKey
	once atomic.Bool
}

func (p *observedPermit) Done(h ratelimit.Headers) {
	if p.once.CompareAndSwap(false, true) {
		p.p.Done(h)
		p.o.Finished(p.key, h, true)
	}
}

func (p *observedPermit) Cancel() {
	if p.once.CompareAndSwap(false, true) {
		p.p.Cancel()
		p.o.Finished(p.key, ratelimit.Headers{}, false)
	}
}

// Counters is an Observer that counts in memory, for in-process metrics and
// tests. The zero value is ready; it is safe for concurrent use.
type Counters struct {
	inFlight  atomic.Int64
	waits     atomic.Int64
	waitNanos atomic.Int64
	refused   atomic.Int64

	mu       sync.Mutex
	requests map[string]int64 // "METHOD /template status"
	limited  map[ratelimit.Scope]int64
}

// CountersSnapshot is a copy of a Counters' values.
type CountersSnapshot struct {
	// Requests counts finished requests by "METHOD /route/{template} status";
	// status 0 is a transport error.
	Requests map[string]int64
	// RateLimited counts 429 replies by X-RateLimit-Scope ("" when Discord
	// sent none, e.g. Cloudflare).
	RateLimited map[ratelimit.Scope]int64
	// InFlight is permits granted and not finished.
	InFlight int64
	// Waits and WaitTotal are the number of granted Acquire calls and the time
	// they spent waiting.
	Waits     int64
	WaitTotal time.Duration
	// Refused counts Acquire calls that returned an error (deadline, budget
	// brake, cancelled context).
	Refused int64
}

// Acquired implements Observer.
func (c *Counters) Acquired(_ ratelimit.RouteKey, wait time.Duration, err error) {
	if err != nil {
		c.refused.Add(1)
		return
	}
	c.inFlight.Add(1)
	c.waits.Add(1)
	c.waitNanos.Add(int64(wait))
}

// Finished implements Observer.
func (c *Counters) Finished(key ratelimit.RouteKey, h ratelimit.Headers, sent bool) {
	c.inFlight.Add(-1)
	if !sent {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.requests == nil {
		c.requests = make(map[string]int64)
		c.limited = make(map[ratelimit.Scope]int64)
	}
	c.requests[key.Route+" "+strconv.Itoa(h.Status)]++
	if h.Status == 429 {
		c.limited[h.Scope]++
	}
}

// Snapshot returns the current values.
func (c *Counters) Snapshot() CountersSnapshot {
	c.mu.Lock()
	s := CountersSnapshot{Requests: maps.Clone(c.requests), RateLimited: maps.Clone(c.limited)}
	c.mu.Unlock()
	if s.Requests == nil {
		s.Requests, s.RateLimited = map[string]int64{}, map[ratelimit.Scope]int64{}
	}
	s.InFlight = c.inFlight.Load()
	s.Waits = c.waits.Load()
	s.WaitTotal = time.Duration(c.waitNanos.Load())
	s.Refused = c.refused.Load()
	return s
}
