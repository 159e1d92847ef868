package ratelimit_test

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

// withReset is a reply of the window that ends at reset (X-RateLimit-Reset),
// answered by the server at served.
func withReset(remaining int, reset, served time.Time) ratelimit.Headers {
	return ratelimit.Headers{Status: 200, Bucket: "h", Limit: 5, Remaining: remaining,
		ResetAfter: reset.Sub(served), Reset: reset}
}

// TestDelayedReplyKeepsWindow: a reply that spent a while in transit carries
// its window's X-RateLimit-Reset; its Reset-After, counted from its late
// arrival, points past the window's end. It must not be taken for a new window
// (which would bring back the Remaining it was answered with while later
// replies already said 0).
func TestDelayedReplyKeepsWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		t0 := time.Now()
		reset := t0.Add(time.Second)
		mustAcquire(t, &l, msgs).Done(withReset(4, reset, t0))
		var ps []ratelimit.Permit
		for range 4 {
			ps = append(ps, mustAcquire(t, &l, msgs))
		}
		// The server answered these four at t0 with Remaining 3, 2, 1, 0.
		ps[3].Done(withReset(0, reset, t0))
		time.Sleep(300 * time.Millisecond) // the first answer is stuck in transit
		ps[0].Done(withReset(3, reset, t0))

		got := make(chan time.Time, 1)
		go func() {
			p := mustAcquire(t, &l, msgs)
			got <- time.Now()
			p.Cancel()
		}()
		synctest.Wait()
		select {
		case at := <-got:
			t.Fatalf("a sixth request went %v after the window opened, before its reset: a 429", at.Sub(t0))
		default:
		}
		ps[1].Done(withReset(2, reset, t0))
		ps[2].Done(withReset(1, reset, t0))
		if at := <-got; at.Before(reset) {
			t.Fatalf("a sixth request went at %v, before the reset at %v", at.Sub(t0), reset.Sub(t0))
		}
	})
}

// TestNewWindowByReset: a reply naming a later X-RateLimit-Reset opens the new
// window even when it arrives before the old one seemed to end here, and a
// reply of the old window that arrives afterwards, however late, changes
// nothing.
func TestNewWindowByReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		t0 := time.Now()
		r1 := t0.Add(time.Second)
		mustAcquire(t, &l, msgs).Done(withReset(3, r1, t0))
		b, c, d := mustAcquire(t, &l, msgs), mustAcquire(t, &l, msgs), mustAcquire(t, &l, msgs)
		// b and c are answered at t0 (Remaining 2, 1); c's answer takes 50 ms,
		// so here window 1 seems to end at 1.05 s.
		time.Sleep(50 * time.Millisecond)
		c.Done(withReset(1, r1, t0))
		// d was slow on its way out: the server answers it at 1.02 s, in
		// window 2.
		time.Sleep(970 * time.Millisecond)
		served := time.Now()
		d.Done(withReset(4, served.Add(time.Second), served))
		// b's answer from window 1 (Remaining 2) arrives only now.
		time.Sleep(10 * time.Millisecond)
		b.Done(withReset(2, r1, t0))
		// Window 2 has 4 left and nothing is in flight: four go at once.
		var held []ratelimit.Permit
		for range 4 {
			held = append(held, mustAcquire(t, &l, msgs))
		}
		if at := time.Since(t0); at > 1100*time.Millisecond {
			t.Fatalf("window 2's permits waited until %v", at)
		}
		for _, h := range held {
			h.Cancel()
		}
	})
}

// TestDelayedRepliesNo429 runs many goroutines on one bucket against a model
// server that stamps X-RateLimit-Reset, with each reply delayed in transit by
// up to half a window: the server must never answer 429.
func TestDelayedRepliesNo429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &simServer{limit: 5, window: 100 * time.Millisecond, buckets: map[string]*simBucket{},
			hashOf: map[string]string{msgs.Route: "A"}, stampReset: true}
		var l ratelimit.RESTLimiter
		var wg sync.WaitGroup
		for g := range 12 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(g), 11))
				for range 20 {
					key := ratelimit.RouteKey{Route: msgs.Route, Major: strconv.Itoa(g % 2)}
					p := mustAcquire(t, &l, key)
					h := srv.serve(key)
					time.Sleep(time.Duration(rng.IntN(50)) * time.Millisecond)
					p.Done(h)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, "429s", srv.rejects, 0)
		assert.Equal(t, "served", srv.served, 12*20)
		assert.Equal(t, "in flight", l.Stats().InFlight, 0)
	})
}

// TestNewWindowKeepsUnseenSlot: a reply without bucket headers (a 502 from a
// proxy in front of Discord) took a slot while this limiter still believed in
// window 1, but the request landed in window 2, after the one whose reply then
// reveals window 2. Adopting window 2 must keep that slot spent.
func TestNewWindowKeepsUnseenSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		t0 := time.Now()
		r1 := t0.Add(time.Second)
		reply := func(remaining int, reset, served time.Time) ratelimit.Headers {
			h := withReset(remaining, reset, served)
			h.Limit = 3
			return h
		}
		a := mustAcquire(t, &l, msgs)
		time.Sleep(300 * time.Millisecond) // a's reply is slow: window 1 seems to end at 1.3 s
		a.Done(reply(2, r1, t0))
		time.Sleep(750 * time.Millisecond)
		// At 1.05 s the server is in window 2; here window 1 has 2 left.
		b, c := mustAcquire(t, &l, msgs), mustAcquire(t, &l, msgs)
		served := time.Now()
		r2 := served.Add(time.Second)
		// The server counts c (Remaining 2), then b (Remaining 1), whose
		// reply is lost behind a 502 without headers and arrives first.
		b.Done(ratelimit.Headers{Status: 502})
		c.Done(reply(2, r2, served))
		// One slot is left in window 2, not two.
		first := mustAcquire(t, &l, msgs)
		mustAcquire(t, &l, msgs).Cancel()
		first.Cancel()
		if now := time.Now(); now.Before(r2) {
			t.Fatalf("two requests allowed at %v in window 2 after three were counted; want a wait until %v",
				now.Sub(t0), r2.Sub(t0))
		}
	})
}
