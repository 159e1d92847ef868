package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// RESTOptions configures a RESTLimiter. Nil or a zero field means the default.
type RESTOptions struct {
	// GlobalLimit is how many requests may be sent per GlobalWindow across all
	// routes, interaction routes excepted. Default 50 (Discord's default; large
	// bots get more from Discord support). Negative turns global pacing off, for
	// clients behind a proxy that paces for them.
	GlobalLimit int
	// GlobalWindow is the length of the global window. Default 1 s.
	GlobalWindow time.Duration
	// InvalidRequestLimit is Discord's ban threshold: this many 401, 403 and
	// non-shared 429 replies within InvalidRequestWindow get the IP banned by
	// Cloudflare. Default 10,000.
	InvalidRequestLimit int
	// InvalidRequestWindow is the rolling window of that count. Default 10 min.
	InvalidRequestWindow time.Duration
	// InvalidRequestBrake is the count at which Acquire stops sending and
	// returns a *BudgetError until the count falls again. Default 90% of
	// InvalidRequestLimit. Must not exceed InvalidRequestLimit.
	InvalidRequestBrake int
	// Optimistic sends the first request of a route not learned yet without
	// waiting for exhausted buckets of the same major parameter, one of which
	// the route may share. Learning is faster; each new route may draw one 429.
	// Default false: wait, once per route.
	Optimistic bool
	// Now is the clock. Default time.Now, which testing/synctest fakes. Waits
	// always use real timers, so a custom Now only makes sense with them agreeing.
	Now func() time.Time
}

// RESTLimiter is the in-memory Limiter for Discord's REST API. It learns
// buckets from replies (X-RateLimit-Bucket, Limit, Remaining, Reset-After),
// keeps one state per bucket hash and major parameter so that routes sharing a
// hash are limited together, lets several requests fly on a bucket while
// Remaining allows, runs requests on a route it has not learned yet one at a
// time, paces the global limit before sending, and brakes before the
// invalid-request ban threshold. Waiters on one bucket, and waiters for the
// global limit, are served first come, first served.
//
// It is passive (no goroutines; timers only while a caller waits) and safe for
// concurrent use. The zero value is ready to use with the defaults.
type RESTLimiter struct {
	mu      sync.Mutex
	ready   bool
	now     func() time.Time
	epoch   time.Time
	routes  map[string]routeState
	buckets map[bucketID]*bucket
	global  globalLimit
	invalid invalidBudget
	sweepAt time.Duration
	// probes counts in-flight requests of routes not learned yet, by major.
	probes     map[string]int
	hashes     map[string]hashInfo
	changed    chan struct{} // closed when any permit finishes; nil if nobody waits
	optimistic bool
}

// routeState is what replies have taught about one route.
type routeState struct {
	hash      string // X-RateLimit-Bucket
	unlimited bool   // replies carry no bucket headers
}

// NewRESTLimiter returns a limiter configured by opts (nil for the defaults).
func NewRESTLimiter(opts *RESTOptions) (*RESTLimiter, error) {
	l := &RESTLimiter{}
	if err := l.configure(opts); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *RESTLimiter) configure(opts *RESTOptions) error {
	var o RESTOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case o.GlobalLimit == 0:
		o.GlobalLimit = 50
	case o.GlobalLimit > 1_000_000:
		return fmt.Errorf("%w: GlobalLimit %d is implausibly large", ErrInvalidRESTOptions, o.GlobalLimit)
	}
	if o.GlobalWindow < 0 {
		return fmt.Errorf("%w: GlobalWindow %v is negative", ErrInvalidRESTOptions, o.GlobalWindow)
	}
	if o.GlobalWindow == 0 {
		o.GlobalWindow = time.Second
	}
	if o.InvalidRequestLimit < 0 || o.InvalidRequestWindow < 0 || o.InvalidRequestBrake < 0 {
		return fmt.Errorf("%w: invalid-request limit, window and brake must not be negative", ErrInvalidRESTOptions)
	}
	if o.InvalidRequestLimit == 0 {
		o.InvalidRequestLimit = 10_000
	}
	if o.InvalidRequestWindow == 0 {
		o.InvalidRequestWindow = 10 * time.Minute
	}
	if o.InvalidRequestBrake == 0 {
		o.InvalidRequestBrake = max(1, o.InvalidRequestLimit*9/10)
	}
	if o.InvalidRequestBrake > o.InvalidRequestLimit {
		return fmt.Errorf("%w: InvalidRequestBrake %d is above InvalidRequestLimit %d; the brake must engage before the ban",
			ErrInvalidRESTOptions, o.InvalidRequestBrake, o.InvalidRequestLimit)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	l.now = o.Now
	l.epoch = o.Now()
	l.routes = make(map[string]routeState)
	l.buckets = make(map[bucketID]*bucket)
	l.probes = make(map[string]int)
	l.hashes = make(map[string]hashInfo)
	l.optimistic = o.Optimistic
	l.global.init(o.GlobalLimit, o.GlobalWindow)
	l.invalid.init(o.InvalidRequestLimit, o.InvalidRequestBrake, o.InvalidRequestWindow)
	l.ready = true
	return nil
}

// lazyInit makes the zero value usable. Called with mu held.
func (l *RESTLimiter) lazyInit() {
	if !l.ready {
		_ = l.configure(nil) // the defaults are valid
	}
}

// mono returns the time since the limiter was created; Sub of two monotonic
// readings never goes backwards when the wall clock is stepped.
func (l *RESTLimiter) mono() time.Duration { return l.now().Sub(l.epoch) }

// RESTStats is a snapshot of a RESTLimiter, for metrics and tests.
type RESTStats struct {
	Routes          int // routes whose bucket (or lack of one) has been learned
	Buckets         int // bucket states held
	InFlight        int // permits handed out and not yet finished, on limited routes
	InvalidRequests int // 401/403/non-shared 429 replies in the rolling window
	GlobalPaused    time.Duration
}

// Stats returns a snapshot of the limiter's state.
func (l *RESTLimiter) Stats() RESTStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lazyInit()
	now := l.mono()
	s := RESTStats{Routes: len(l.routes), Buckets: len(l.buckets), InvalidRequests: l.invalid.count(now)}
	for _, b := range l.buckets {
		s.InFlight += b.inflight
	}
	if l.global.pausedUntil > now {
		s.GlobalPaused = l.global.pausedUntil - now
	}
	return s
}

// waiter is one caller queued on a bucket.
type waiter struct {
	wake chan struct{} // buffered 1: a nudge to look again
	b    *bucket
}

// Acquire waits until a request on key may be sent; see Limiter.
func (l *RESTLimiter) Acquire(ctx context.Context, key RouteKey) (Permit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.lazyInit()
	var (
		w     *waiter // our place in the bucket's queue
		gw    *waiter // our place in the global limit's queue
		timer *time.Timer
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		now := l.mono()
		l.maybeSweep(now)
		if err := l.invalid.check(now); err != nil {
			l.leave(w)
			l.global.leave(gw)
			l.mu.Unlock()
			return nil, err
		}
		b := l.resolve(key)
		if w != nil && w.b != b {
			l.leave(w) // the bucket was learned, renamed or merged: queue again
			w = nil
			l.global.leave(gw)
			gw = nil
		}
		if b != nil && w == nil && len(b.queue) > 0 {
			w = &waiter{wake: make(chan struct{}, 1), b: b}
			b.queue = append(b.queue, w)
		}
		wait, timed, global := time.Duration(0), true, false
		var gch <-chan struct{}
		if b == nil || w == nil || b.queue[0] == w {
			if b != nil {
				wait, timed = b.delay(now, l.extra(b))
				if timed && wait == 0 && b.probing() {
					wait, timed, gch = l.guard(key.Major, now)
				}
			}
			if !(timed && wait == 0) && gw != nil {
				// The bucket closed again while we queued for the global
				// limit: give the place to the next in line.
				l.global.leave(gw)
				gw = nil
			}
			if timed && wait == 0 && !key.Exempt {
				global = true
				if gw == nil && len(l.global.queue) > 0 {
					gw = l.global.join()
				}
				if gw == nil || l.global.queue[0] == gw {
					wait, timed, gch = l.global.delay(now)
				} else {
					timed = false // behind others: the one ahead nudges us when it goes
				}
			}
			if timed && wait == 0 {
				p := &permit{l: l, key: key, b: b}
				if b != nil && b.probing() {
					p.probe = true
					l.probes[key.Major]++
				}
				if b != nil {
					b.inflight++
					b.lastUsed = now
					if w != nil {
						b.queue = b.queue[1:]
						w = nil
					}
					b.nudgeHead() // the next one may be able to go too
				}
				if !key.Exempt {
					p.global, p.prev = l.global.take()
					if gw != nil {
						l.global.leave(gw) // the head: the next one looks now
						gw = nil
					}
				}
				l.mu.Unlock()
				return p, nil
			}
			if b != nil && w == nil {
				w = &waiter{wake: make(chan struct{}, 1), b: b}
				b.queue = append(b.queue, w)
			}
			if global && gw == nil {
				// Waiting for the global limit: queue, so that the waiters
				// of a window go one after another in order of arrival
				// instead of waking together and racing.
				gw = l.global.join()
			}
		} else {
			// Behind others: the bucket's reset is a lower bound of the wait.
			wait, timed = b.delay(now, l.extra(b))
			if wait == 0 {
				timed = false
			}
		}
		if timed && wait > 0 {
			if deadline, ok := ctx.Deadline(); ok && wait > time.Until(deadline) {
				l.leave(w)
				l.global.leave(gw)
				l.mu.Unlock()
				return nil, &WaitError{Route: key.Route, Wait: wait, Global: global}
			}
		}
		var fire <-chan time.Time
		if timed && wait > 0 && (w == nil || b.queue[0] == w) && (gw == nil || l.global.queue[0] == gw) {
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			fire = timer.C
		}
		var wake, gwake <-chan struct{}
		if w != nil {
			wake = w.wake
		}
		if gw != nil {
			gwake = gw.wake
		}
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			l.mu.Lock()
			l.leave(w)
			l.global.leave(gw)
			l.mu.Unlock()
			return nil, ctx.Err()
		case <-wake:
		case <-gwake:
		case <-fire:
		case <-gch:
		}
		l.mu.Lock()
	}
}

// leave removes w from its bucket's queue and lets the next head look. Called
// with mu held; w may be nil.
func (l *RESTLimiter) leave(w *waiter) {
	if w == nil {
		return
	}
	b := w.b
	for i, q := range b.queue {
		if q == w {
			b.queue = append(b.queue[:i], b.queue[i+1:]...)
			if i == 0 {
				b.nudgeHead()
			}
			break
		}
	}
}

// permit is the RESTLimiter's Permit.
type permit struct {
	l      *RESTLimiter
	key    RouteKey
	b      *bucket       // nil on an unlimited route
	probe  bool          // the route was not learned when it was acquired
	global bool          // holds a global slot
	prev   time.Duration // what the global slot held before
	ended  bool
}

func (p *permit) Done(h Headers) {
	l := p.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if p.ended {
		return
	}
	p.ended = true
	now := l.mono()
	b := p.b.follow()
	if b != nil {
		b.inflight--
		b.lastUsed = now
	}
	if p.global {
		l.global.release(now)
	}
	l.observe(p.key, b, h, now, p.probe)
	if b != nil {
		b.nudgeHead()
	}
	l.finished(p)
}

func (p *permit) Cancel() {
	l := p.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if p.ended {
		return
	}
	p.ended = true
	if b := p.b.follow(); b != nil {
		b.inflight--
		b.nudgeHead()
	}
	if p.global {
		l.global.restore(p.prev)
	}
	l.finished(p)
}
