package ratelimit_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

var msgs = ratelimit.RouteKey{Route: "POST /channels/{channel_id}/messages", Major: "1"}

func ok(bucket string, limit, remaining int, resetAfter time.Duration) ratelimit.Headers {
	return ratelimit.Headers{Status: 200, Bucket: bucket, Limit: limit, Remaining: remaining, ResetAfter: resetAfter}
}

func mustAcquire(t *testing.T, l ratelimit.Limiter, key ratelimit.RouteKey) ratelimit.Permit {
	t.Helper()
	p, err := l.Acquire(t.Context(), key)
	assert.Success(t, err)
	return p
}

func TestRESTOptionsValidated(t *testing.T) {
	for _, o := range []ratelimit.RESTOptions{
		{GlobalWindow: -time.Second},
		{InvalidRequestLimit: -1},
		{InvalidRequestLimit: 100, InvalidRequestBrake: 101},
		{GlobalLimit: 2_000_000},
	} {
		_, err := ratelimit.NewRESTLimiter(&o)
		assert.ErrorIs(t, err, ratelimit.ErrInvalidRESTOptions)
	}
	l, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: -1})
	assert.Success(t, err)
	assert.Equal(t, "zero stats", l.Stats(), ratelimit.RESTStats{})
}

// TestFirstComeFirstServed checks that waiters on one bucket are served in the
// order they arrived.
func TestFirstComeFirstServed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		mustAcquire(t, &l, msgs).Done(ok("h", 1, 0, time.Second))
		var (
			mu    sync.Mutex
			order []int
			wg    sync.WaitGroup
		)
		for i := range 20 {
			wg.Go(func() {
				p := mustAcquire(t, &l, msgs)
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				p.Done(ok("h", 1, 0, time.Second))
			})
			synctest.Wait() // goroutine i is queued before i+1 starts
		}
		wg.Wait()
		for i, got := range order {
			assert.Equal(t, "position", got, i)
		}
	})
}

// TestRepliesOutOfOrder: with several requests in flight, replies from the same
// window may arrive in any order; remaining must never go back up.
func TestRepliesOutOfOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		mustAcquire(t, &l, msgs).Done(ok("h", 5, 4, time.Second))
		a, b, c := mustAcquire(t, &l, msgs), mustAcquire(t, &l, msgs), mustAcquire(t, &l, msgs)
		c.Done(ok("h", 5, 1, time.Second))
		a.Done(ok("h", 5, 3, time.Second)) // late: must not raise remaining to 3
		b.Done(ok("h", 5, 2, time.Second))
		mustAcquire(t, &l, msgs).Done(ok("h", 5, 0, time.Second))
		begin := time.Now()
		mustAcquire(t, &l, msgs).Done(ok("h", 5, 4, time.Second))
		if time.Since(begin) < time.Second {
			t.Fatal("a late reply raised remaining: the sixth request went before the reset")
		}
	})
}

// TestStaleReplyIgnored: a reply from a window that already ended does not
// shrink the new window.
func TestStaleReplyIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		mustAcquire(t, &l, msgs).Done(ok("h", 3, 2, time.Second))
		old := mustAcquire(t, &l, msgs)
		time.Sleep(time.Second) // window over
		fresh := mustAcquire(t, &l, msgs)
		fresh.Done(ok("h", 3, 2, time.Second))
		old.Done(ok("h", 3, 1, 10*time.Millisecond)) // from the old window
		begin := time.Now()
		mustAcquire(t, &l, msgs).Done(ok("h", 3, 1, time.Second))
		mustAcquire(t, &l, msgs).Done(ok("h", 3, 0, time.Second))
		assert.Equal(t, "waited", time.Since(begin), time.Duration(0))
	})
}

// TestHashLearnedWhileBothRoutesInFlight: two routes in flight before either
// taught its hash, then both answer with the same hash: they end up limited
// together, and nothing is lost.
func TestHashLearnedWhileBothRoutesInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		edit := ratelimit.RouteKey{Route: "PATCH /channels/{channel_id}/messages/{message_id}", Major: "1"}
		a, b := mustAcquire(t, &l, msgs), mustAcquire(t, &l, edit)
		a.Done(ok("h", 2, 1, 5*time.Second))
		b.Done(ok("h", 2, 0, 5*time.Second))
		assert.Equal(t, "in flight", l.Stats().InFlight, 0)
		begin := time.Now()
		mustAcquire(t, &l, msgs).Done(ok("h", 2, 1, 5*time.Second))
		if time.Since(begin) < 4*time.Second {
			t.Fatal("routes sharing a hash were not limited together")
		}
		assert.Equal(t, "routes learned", l.Stats().Routes, 2)
	})
}

// TestUnlimitedRoute: a route whose replies carry no bucket headers is limited
// only by the global limit, so its requests run concurrently.
func TestUnlimitedRoute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		key := ratelimit.RouteKey{Route: "GET /gateway/bot"}
		mustAcquire(t, &l, key).Done(ratelimit.Headers{Status: 200})
		ps := []ratelimit.Permit{mustAcquire(t, &l, key), mustAcquire(t, &l, key), mustAcquire(t, &l, key)}
		for _, p := range ps {
			p.Done(ratelimit.Headers{Status: 200})
		}
		// 5xx without headers does not teach anything.
		other := ratelimit.RouteKey{Route: "GET /users/@me"}
		mustAcquire(t, &l, other).Done(ratelimit.Headers{Status: 502})
		assert.Equal(t, "routes learned", l.Stats().Routes, 1)
	})
}

func TestBudgetErrorSaysWhy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{InvalidRequestLimit: 100, InvalidRequestBrake: 10,
			InvalidRequestWindow: time.Minute})
		assert.Success(t, err)
		key := ratelimit.RouteKey{Route: "GET /users/@me", Exempt: true}
		for range 9 {
			mustAcquire(t, l, key).Done(ratelimit.Headers{Status: 401})
		}
		// Shared 429s are not our fault and do not count.
		for range 5 {
			mustAcquire(t, l, key).Done(ratelimit.Headers{Status: 429, Scope: ratelimit.ScopeShared})
		}
		assert.Equal(t, "counted", l.Stats().InvalidRequests, 9)
		mustAcquire(t, l, key).Done(ratelimit.Headers{Status: 403})
		_, err = l.Acquire(t.Context(), key)
		var be *ratelimit.BudgetError
		if !errors.As(err, &be) {
			t.Fatalf("want *BudgetError, got %v", err)
		}
		assert.Equal(t, "count", be.Count, 10)
		assert.Contains(t, err.Error(), "Cloudflare")
		if be.RetryAfter <= 0 || be.RetryAfter > time.Minute+time.Second {
			t.Fatalf("RetryAfter %v, want within the window", be.RetryAfter)
		}
		time.Sleep(be.RetryAfter)
		mustAcquire(t, l, key).Done(ratelimit.Headers{Status: 200})
	})
}

func TestWaitErrorNamesTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		mustAcquire(t, &l, msgs).Done(ok("h", 1, 0, 30*time.Second))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, err := l.Acquire(ctx, msgs)
		var we *ratelimit.WaitError
		if !errors.As(err, &we) {
			t.Fatalf("want *WaitError, got %v", err)
		}
		assert.Equal(t, "wait", we.Wait, 30*time.Second)
		assert.Contains(t, err.Error(), "30s")
		assert.Equal(t, "not global", we.Global, false)
		if !strings.Contains(err.Error(), msgs.Route) {
			t.Fatalf("error %q does not name the route", err)
		}
	})
}

// TestIdleBucketsSwept: buckets of channels no longer used are dropped.
func TestIdleBucketsSwept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		for i := range 100 {
			key := msgs
			key.Major = string(rune('a'+i%26)) + string(rune('a'+i/26))
			mustAcquire(t, &l, key).Done(ok("h", 5, 4, time.Second))
		}
		assert.Equal(t, "buckets", l.Stats().Buckets, 100)
		time.Sleep(10 * time.Minute)
		mustAcquire(t, &l, msgs).Done(ok("h", 5, 4, time.Second))
		assert.Equal(t, "buckets after sweep", l.Stats().Buckets, 1)
	})
}

// TestManyWaitersNoLeak: 200 goroutines on one bucket all get through, in
// windows, and nothing is left in flight.
func TestManyWaitersNoLeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		var wg sync.WaitGroup
		var mu sync.Mutex
		remaining, windowEnd := 5, time.Now().Add(time.Second)
		sent := 0
		for range 200 {
			wg.Go(func() {
				p := mustAcquire(t, &l, msgs)
				mu.Lock()
				now := time.Now()
				if !now.Before(windowEnd) {
					remaining, windowEnd = 5, now.Add(time.Second)
				}
				remaining--
				if remaining < 0 {
					t.Errorf("request %d sent with the bucket empty", sent)
				}
				sent++
				h := ok("h", 5, max(remaining, 0), windowEnd.Sub(now))
				mu.Unlock()
				p.Done(h)
			})
		}
		wg.Wait()
		assert.Equal(t, "sent", sent, 200)
		assert.Equal(t, "in flight", l.Stats().InFlight, 0)
	})
}

// TestNewRouteWaitsForExhaustedSameMajor: a route not learned yet may share a
// bucket with a known route of the same major parameter, so its first request
// waits until no such bucket is exhausted; other majors are not held up, and
// Optimistic turns the wait off.
func TestNewRouteWaitsForExhaustedSameMajor(t *testing.T) {
	list := ratelimit.RouteKey{Route: "GET /channels/{channel_id}/messages/{message_id}/reactions/{emoji}", Major: "1"}
	add := ratelimit.RouteKey{Route: "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", Major: "1"}
	for _, optimistic := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			l, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{Optimistic: optimistic})
			assert.Success(t, err)
			mustAcquire(t, l, add).Done(ok("reactions", 1, 0, 250*time.Millisecond))
			begin := time.Now()
			other := ratelimit.RouteKey{Route: "DELETE /channels/{channel_id}/messages/{message_id}/reactions", Major: "2"}
			mustAcquire(t, l, other).Done(ok("reactions", 1, 0, 250*time.Millisecond))
			assert.Equal(t, "other channel waited", time.Since(begin), time.Duration(0))
			mustAcquire(t, l, list).Done(ok("reactions", 1, 0, 250*time.Millisecond))
			want := 250 * time.Millisecond
			if optimistic {
				want = 0
			}
			assert.Equal(t, "first request of the new route waited", time.Since(begin), want)
		})
	}
}

// TestProbeCountsAgainstSameMajor: while the first request of an unlearned
// route is in flight, known buckets of the same major treat it as possibly
// theirs.
func TestProbeCountsAgainstSameMajor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.RESTLimiter
		edit := ratelimit.RouteKey{Route: "PATCH /channels/{channel_id}/messages/{message_id}", Major: "1"}
		mustAcquire(t, &l, msgs).Done(ok("h", 2, 1, time.Minute))
		probe := mustAcquire(t, &l, edit) // unknown route: might spend h's last slot
		done := make(chan struct{})
		go func() {
			mustAcquire(t, &l, msgs).Done(ok("h", 2, 0, time.Minute))
			close(done)
		}()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("the known route spent its last slot while an unlearned route's request was in flight")
		default:
		}
		probe.Done(ok("other", 5, 4, time.Minute)) // it was another bucket after all
		<-done
	})
}

func TestUnlimited(t *testing.T) {
	var l ratelimit.Limiter = ratelimit.Unlimited{}
	for range 1000 {
		mustAcquire(t, l, msgs).Done(ok("h", 1, 0, time.Hour))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := l.Acquire(ctx, msgs)
	assert.ErrorIs(t, err, context.Canceled)
}
