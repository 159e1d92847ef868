// Package ratelimittest is a conformance suite for ratelimit.Limiter
// implementations, in the spirit of testing/slogtest: a limiter that keeps its
// state elsewhere (a REST proxy, a shared store) runs Run against itself and
// behaves like the in-memory one.
package ratelimittest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// Run checks that limiters made by newLimiter honour the ratelimit.Limiter
// contract. Each subtest runs inside a testing/synctest bubble and calls
// newLimiter there, so the limiter must take its time from time.Now and its
// timers from package time (both faked in the bubble). Limiters must be
// configured with Discord's defaults: a global limit of 50 requests per second
// and an invalid-request brake below 10,000 per 10 minutes.
func Run(t *testing.T, newLimiter func(t *testing.T) ratelimit.Limiter) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c.run(t, newLimiter(t))
			})
		})
	}
}

type testCase struct {
	name string
	run  func(t *testing.T, l ratelimit.Limiter)
}

var cases = []testCase{
	{"AcquireDone", testAcquireDone},
	{"CanceledContext", testCanceledContext},
	{"UnknownRouteOneAtATime", testUnknownRouteOneAtATime},
	{"RemainingAllowsConcurrency", testRemainingAllowsConcurrency},
	{"WaitsForReset", testWaitsForReset},
	{"SharedBucketHash", testSharedBucketHash},
	{"MajorParametersIndependent", testMajorsIndependent},
	{"DeadlineFailsFast", testDeadlineFailsFast},
	{"CancelledWaiterFreesQueue", testCancelledWaiter},
	{"PermitCancelGivesSlotBack", testPermitCancel},
	{"TransportErrorFreesSlot", testTransportError},
	{"GlobalLimitPaced", testGlobalLimit},
	{"ExemptRoutesSkipGlobal", testExempt},
	{"Global429PausesAll", testGlobal429},
	{"Shared429KeepsBucket", testShared429},
	{"User429PausesBucket", testUser429},
	{"InvalidRequestBrake", testInvalidBrake},
}

// headers builds the rate-limit headers of a 200 reply.
func headers(bucket string, limit, remaining int, resetAfter time.Duration) ratelimit.Headers {
	return ratelimit.Headers{Status: 200, Bucket: bucket, Limit: limit, Remaining: remaining, ResetAfter: resetAfter}
}

func acquire(t *testing.T, l ratelimit.Limiter, key ratelimit.RouteKey) ratelimit.Permit {
	t.Helper()
	p, err := l.Acquire(t.Context(), key)
	if err != nil {
		t.Fatalf("Acquire(%v): %v", key, err)
	}
	if p == nil {
		t.Fatalf("Acquire(%v) returned a nil Permit and no error", key)
	}
	return p
}

// pending starts Acquire in a goroutine; the result arrives on the channel.
type pending struct {
	done chan struct{}
	p    ratelimit.Permit
	err  error
	at   time.Time
}

func start(ctx context.Context, l ratelimit.Limiter, key ratelimit.RouteKey) *pending {
	r := &pending{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.p, r.err = l.Acquire(ctx, key)
		r.at = time.Now()
	}()
	return r
}

func (r *pending) finished() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

func (r *pending) wait(t *testing.T) ratelimit.Permit {
	t.Helper()
	<-r.done
	if r.err != nil {
		t.Fatalf("Acquire: %v", r.err)
	}
	return r.p
}

var (
	routeA = ratelimit.RouteKey{Route: "POST /channels/{channel_id}/messages", Major: "1"}
	routeB = ratelimit.RouteKey{Route: "PATCH /channels/{channel_id}/messages/{message_id}", Major: "1"}
)

func testAcquireDone(t *testing.T, l ratelimit.Limiter) {
	p := acquire(t, l, routeA)
	p.Done(headers("h", 5, 4, time.Second))
	p.Done(headers("h", 5, 0, time.Second)) // ignored
	p.Cancel()                              // ignored
	p2 := acquire(t, l, routeA)
	p2.Done(headers("h", 5, 3, time.Second))
}

func testCanceledContext(t *testing.T, l ratelimit.Limiter) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	p, err := l.Acquire(ctx, routeA)
	if !errors.Is(err, context.Canceled) || p != nil {
		t.Fatalf("Acquire with a cancelled context = %v, %v; want nil, context.Canceled", p, err)
	}
}

func testUnknownRouteOneAtATime(t *testing.T, l ratelimit.Limiter) {
	p := acquire(t, l, routeA)
	second := start(t.Context(), l, routeA)
	synctest.Wait()
	if second.finished() {
		t.Fatal("a second request on a route with no reply yet was let through before the first reply")
	}
	p.Done(headers("h", 5, 4, time.Second))
	second.wait(t).Done(headers("h", 5, 3, time.Second))
}

func testRemainingAllowsConcurrency(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 5, 4, time.Second))
	var permits []ratelimit.Permit
	for range 4 {
		permits = append(permits, acquire(t, l, routeA)) // must not block: 4 remain
	}
	fifth := start(t.Context(), l, routeA)
	synctest.Wait()
	if fifth.finished() {
		t.Fatal("more requests in flight than Remaining allowed")
	}
	for i, p := range permits {
		p.Done(headers("h", 5, 3-i, time.Second))
	}
	begin := time.Now()
	fifth.wait(t).Done(headers("h", 5, 4, time.Second))
	if waited := fifth.at.Sub(begin); waited < time.Second-time.Millisecond {
		t.Fatalf("request sent %v after the bucket ran dry, before its reset (1s)", waited)
	}
}

func testWaitsForReset(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 1, 0, 2*time.Second))
	begin := time.Now()
	acquire(t, l, routeA).Done(headers("h", 1, 0, 2*time.Second))
	if waited := time.Since(begin); waited < 2*time.Second {
		t.Fatalf("sent after %v, before the bucket's reset (2s)", waited)
	}
}

func testSharedBucketHash(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("shared", 2, 1, 3*time.Second))
	acquire(t, l, routeB).Done(headers("shared", 2, 0, 3*time.Second))
	begin := time.Now()
	acquire(t, l, routeA).Done(headers("shared", 2, 1, 3*time.Second))
	if waited := time.Since(begin); waited < 2*time.Second {
		t.Fatalf("route A was sent %v after route B emptied their shared bucket", waited)
	}
}

func testMajorsIndependent(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 1, 0, 5*time.Second))
	other := routeA
	other.Major = "2"
	begin := time.Now()
	acquire(t, l, other).Done(headers("h", 1, 0, 5*time.Second))
	if waited := time.Since(begin); waited != 0 {
		t.Fatalf("a different channel waited %v for another channel's bucket", waited)
	}
}

func testDeadlineFailsFast(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 1, 0, 10*time.Second))
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	begin := time.Now()
	p, err := l.Acquire(ctx, routeA)
	if err == nil {
		p.Cancel()
		t.Fatal("Acquire succeeded although the bucket resets after the deadline")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v is not context.DeadlineExceeded", err)
	}
	if waited := time.Since(begin); waited != 0 {
		t.Fatalf("Acquire waited %v before failing; it should fail at once", waited)
	}
	// Nothing held: after the reset the route works.
	time.Sleep(10 * time.Second)
	acquire(t, l, routeA).Done(headers("h", 1, 0, 10*time.Second))
}

func testCancelledWaiter(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 1, 0, time.Second))
	ctx, cancel := context.WithCancel(t.Context())
	first := start(ctx, l, routeA)
	second := start(t.Context(), l, routeA)
	synctest.Wait()
	cancel()
	<-first.done
	if !errors.Is(first.err, context.Canceled) {
		t.Fatalf("cancelled Acquire returned %v", first.err)
	}
	second.wait(t).Done(headers("h", 1, 0, time.Second))
}

func testPermitCancel(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 2, 1, 5*time.Second))
	acquire(t, l, routeA).Cancel() // never sent: the last slot comes back
	begin := time.Now()
	acquire(t, l, routeA).Done(headers("h", 2, 0, 5*time.Second))
	if waited := time.Since(begin); waited != 0 {
		t.Fatalf("after Cancel the slot was not given back: waited %v", waited)
	}
}

func testTransportError(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 5, 4, time.Second))
	acquire(t, l, routeA).Done(ratelimit.Headers{}) // no reply
	acquire(t, l, routeA).Done(headers("h", 5, 2, time.Second))
}

// testGlobalLimit sends on 150 routes with no per-route limit and checks that no
// one-second interval holds more than 50 sends.
func testGlobalLimit(t *testing.T, l ratelimit.Limiter) {
	var (
		mu    sync.Mutex
		times []time.Time
		wg    sync.WaitGroup
	)
	for i := range 150 {
		wg.Go(func() {
			key := ratelimit.RouteKey{Route: "GET /guilds/{guild_id}", Major: fmt.Sprint(i)}
			p, err := l.Acquire(t.Context(), key)
			if err != nil {
				t.Errorf("Acquire: %v", err)
				return
			}
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			p.Done(ratelimit.Headers{Status: 200}) // no bucket headers
		})
	}
	wg.Wait()
	for i := range times {
		n := 0
		for _, u := range times {
			if !u.Before(times[i]) && u.Sub(times[i]) < time.Second {
				n++
			}
		}
		if n > 50 {
			t.Fatalf("%d requests started within one second; the global limit is 50", n)
		}
	}
}

func testExempt(t *testing.T, l ratelimit.Limiter) {
	begin := time.Now()
	for i := range 120 {
		key := ratelimit.RouteKey{Route: "POST /interactions/{interaction_id}/{interaction_token}/callback",
			Major: fmt.Sprint("token", i), Exempt: true}
		acquire(t, l, key).Done(ratelimit.Headers{Status: 204})
	}
	if waited := time.Since(begin); waited != 0 {
		t.Fatalf("120 interaction callbacks waited %v for the global limit they are exempt from", waited)
	}
}

func testGlobal429(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(ratelimit.Headers{Status: 429, Global: true, Scope: ratelimit.ScopeGlobal,
		RetryAfter: 3 * time.Second})
	begin := time.Now()
	acquire(t, l, ratelimit.RouteKey{Route: "GET /users/@me"}).Done(ratelimit.Headers{Status: 200})
	if waited := time.Since(begin); waited < 3*time.Second {
		t.Fatalf("another route was sent %v after a global 429 asking for 3s", waited)
	}
}

func testShared429(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 5, 4, 10*time.Second))
	h := headers("h", 5, 0, 10*time.Second)
	h.Status, h.Scope, h.RetryAfter = 429, ratelimit.ScopeShared, 10*time.Second
	acquire(t, l, routeA).Done(h)
	begin := time.Now()
	acquire(t, l, routeA).Done(headers("h", 5, 2, 10*time.Second))
	if waited := time.Since(begin); waited != 0 {
		t.Fatalf("a shared-scope 429 shrank our bucket: waited %v", waited)
	}
}

func testUser429(t *testing.T, l ratelimit.Limiter) {
	acquire(t, l, routeA).Done(headers("h", 5, 4, time.Second))
	h := headers("h", 5, 0, 4*time.Second)
	h.Status, h.Scope, h.RetryAfter = 429, ratelimit.ScopeUser, 4*time.Second
	acquire(t, l, routeA).Done(h)
	begin := time.Now()
	acquire(t, l, routeA).Done(headers("h", 5, 4, time.Second))
	if waited := time.Since(begin); waited < 4*time.Second {
		t.Fatalf("sent %v after a 429 asking for 4s", waited)
	}
}

// testInvalidRequestBrake answers every request with 401 and expects Acquire to
// refuse before Discord's ban threshold of 10,000.
func testInvalidBrake(t *testing.T, l ratelimit.Limiter) {
	key := ratelimit.RouteKey{Route: "POST /interactions/{interaction_id}/{interaction_token}/callback",
		Major: "tok", Exempt: true}
	for i := range 10_000 {
		p, err := l.Acquire(t.Context(), key)
		if err != nil {
			if !errors.Is(err, ratelimit.ErrInvalidRequestBudget) {
				t.Fatalf("after %d 401s Acquire failed with %v, not ErrInvalidRequestBudget", i, err)
			}
			if i < 5_000 {
				t.Fatalf("brake engaged after only %d invalid requests", i)
			}
			return
		}
		p.Done(ratelimit.Headers{Status: 401})
	}
	t.Fatal("10,000 401 replies in a row and the limiter never braked: the next one gets the IP banned")
}
