package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Discord's gateway send limit (reference 2.11): 120 payloads per 60 s per
// connection; going over closes the connection with 4008.
const (
	DefaultSendLimit  = 120
	DefaultSendWindow = 60 * time.Second
)

// ErrSendLimit is returned (wrapped, together with context.DeadlineExceeded)
// when a send slot cannot become free before the caller's deadline.
var ErrSendLimit = errors.New("ratelimit: gateway send limit")

// SendPriority says which slots a send may use.
type SendPriority uint8

const (
	// SendNormal is for commands the user asks for (presence, voice state,
	// member requests, ...). They may use Limit-Reserved slots per window.
	SendNormal SendPriority = iota
	// SendHigh is for the session's own payloads (heartbeat, identify,
	// resume). They may also use the reserved slots, so that a burst of user
	// commands can never delay a heartbeat into a zombie verdict.
	SendHigh
)

// SendLimiterOptions configures a SendLimiter. The zero value is Discord's
// limit.
type SendLimiterOptions struct {
	// Limit is how many payloads may be sent per Window. Default 120.
	Limit int
	// Window is the length of the sliding window. Default 60 s.
	Window time.Duration
	// Reserved slots of each window are kept for SendHigh. Default Limit/12
	// (10 of 120, so user commands get 110 per minute); negative means none.
	// Must be below Limit.
	Reserved int
	// Now is the clock. Default time.Now (which testing/synctest fakes).
	// Waiting always uses real timers, so a custom clock is only useful with
	// the non-blocking Reserve.
	Now func() time.Time
}

// SendLimiter paces the payloads one gateway connection sends. It keeps the
// times of the last Limit sends and allows a send only if fewer than Limit
// (Limit-Reserved for SendNormal) happened in the last Window, so no Window-long
// interval ever holds more than Limit sends, whichever way Discord counts.
//
// It is passive (no goroutines) and safe for concurrent use. The zero value is
// ready to use with Discord's defaults. Call Reset when a new connection opens:
// the limit is per connection.
type SendLimiter struct {
	mu       sync.Mutex
	init     bool
	limit    int
	reserved int
	window   time.Duration
	now      func() time.Time
	// ring holds the times of the most recent sends, oldest at head. It
	// grows on demand up to limit entries, so that an idle connection (a
	// heartbeat a minute) keeps a few bytes, not the whole limit.
	ring    []time.Time
	head, n int
}

// NewSendLimiter returns a limiter with opts (nil means Discord's defaults).
func NewSendLimiter(opts *SendLimiterOptions) (*SendLimiter, error) {
	l := &SendLimiter{}
	if err := l.configure(opts); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *SendLimiter) configure(opts *SendLimiterOptions) error {
	var o SendLimiterOptions
	if opts != nil {
		o = *opts
	}
	if o.Limit == 0 {
		o.Limit = DefaultSendLimit
	}
	if o.Window == 0 {
		o.Window = DefaultSendWindow
	}
	switch {
	case o.Reserved == 0:
		o.Reserved = o.Limit / 12
	case o.Reserved < 0:
		o.Reserved = 0
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	switch {
	case o.Limit < 1:
		return fmt.Errorf("ratelimit: send limit %d must be at least 1", o.Limit)
	case o.Window < 0:
		return fmt.Errorf("ratelimit: send window %v must be positive", o.Window)
	case o.Reserved >= o.Limit:
		return fmt.Errorf("ratelimit: %d reserved send slots must be between 0 and the limit %d", o.Reserved, o.Limit-1)
	}
	l.limit, l.reserved, l.window, l.now = o.Limit, o.Reserved, o.Window, o.Now
	l.ring = nil
	l.head, l.n = 0, 0
	l.init = true
	return nil
}

func (l *SendLimiter) lazyInit() {
	if !l.init {
		_ = l.configure(nil) // defaults are valid
	}
}

// Reserve takes a slot if one is free now and returns 0, or returns how long
// until one frees up without taking it.
func (l *SendLimiter) Reserve(p SendPriority) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lazyInit()
	return l.reserveLocked(p)
}

func (l *SendLimiter) reserveLocked(p SendPriority) time.Duration {
	now := l.forget()
	allowed := l.limit
	if p != SendHigh {
		allowed -= l.reserved
	}
	if l.n < allowed {
		if l.n == len(l.ring) {
			l.grow()
		}
		l.ring[(l.head+l.n)%len(l.ring)] = now
		l.n++
		return 0
	}
	// The send that frees the slot we need is the (n-allowed)-th oldest.
	oldest := l.ring[(l.head+l.n-allowed)%len(l.ring)]
	return oldest.Add(l.window).Sub(now)
}

// grow makes room for one more send: it doubles the ring (at least 4, at
// most limit entries) and puts the oldest first.
func (l *SendLimiter) grow() {
	next := make([]time.Time, min(max(2*len(l.ring), 4), l.limit))
	for i := range l.n {
		next[i] = l.ring[(l.head+i)%len(l.ring)]
	}
	l.ring, l.head = next, 0
}

// Wait blocks until a slot of priority p is free and takes it. If ctx ends
// first, or its deadline comes before the slot would free up, Wait returns at
// once with an error matching ctx's error (errors.Is) and takes nothing.
func (l *SendLimiter) Wait(ctx context.Context, p SendPriority) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := l.Reserve(p)
		if d <= 0 {
			return nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return fmt.Errorf("%w: next slot in %v is past the deadline: %w", ErrSendLimit, d, context.DeadlineExceeded)
		}
		if timer == nil {
			timer = time.NewTimer(d)
		} else {
			timer.Reset(d)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// Reset forgets every send, as for a fresh connection.
func (l *SendLimiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lazyInit()
	l.head, l.n = 0, 0
}

// Used reports how many sends fall in the current window.
func (l *SendLimiter) Used() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lazyInit()
	l.forget()
	return l.n
}

// forget drops sends that left the window and returns the current time.
func (l *SendLimiter) forget() time.Time {
	now := l.now()
	for l.n > 0 && !now.Before(l.ring[l.head].Add(l.window)) {
		l.head = (l.head + 1) % len(l.ring)
		l.n--
	}
	return now
}
