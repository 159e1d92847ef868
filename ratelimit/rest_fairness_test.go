package ratelimit_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

// TestGlobalFirstComeFirstServed: callers on different buckets that wait for
// the global limit get their slots in the order they arrived, one after
// another, instead of waking together at the window's end and racing.
func TestGlobalFirstComeFirstServed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: 3, GlobalWindow: time.Second})
		assert.Success(t, err)
		start := time.Now()
		key := func(i int) ratelimit.RouteKey {
			return ratelimit.RouteKey{Route: "GET /channels/{channel_id}", Major: strconv.Itoa(i)}
		}
		for i := range 3 { // spend the window: every slot busy until 1 s from now
			mustAcquire(t, l, key(100+i)).Done(ok("c", 5, 4, time.Second))
		}
		const n = 12
		var (
			mu     sync.Mutex
			served = make([]time.Duration, n)
			wg     sync.WaitGroup
		)
		for i := range n {
			wg.Go(func() {
				p := mustAcquire(t, l, key(i))
				mu.Lock()
				served[i] = time.Since(start)
				mu.Unlock()
				p.Done(ok("c", 5, 4, time.Second))
			})
			synctest.Wait() // queued before the next one starts
		}
		wg.Wait()
		// 3 slots per second: waiters 0-2 go when the first window ends,
		// 3-5 one window later, and so on, in the order they came.
		for i, at := range served {
			if want := time.Duration(i/3+1) * time.Second; at != want {
				t.Fatalf("waiter %d served at %v, want %v (all: %v)", i, at, want, served)
			}
		}
	})
}

// TestGlobalQueueLeaveOnCancel: a global waiter whose context ends leaves the
// queue, and the one behind it moves up and is served.
func TestGlobalQueueLeaveOnCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: 1, GlobalWindow: time.Second})
		assert.Success(t, err)
		a := ratelimit.RouteKey{Route: "GET /channels/{channel_id}", Major: "a"}
		b := ratelimit.RouteKey{Route: "GET /channels/{channel_id}", Major: "b"}
		c := ratelimit.RouteKey{Route: "GET /channels/{channel_id}", Major: "c"}
		mustAcquire(t, l, a).Done(ok("c", 5, 4, time.Second))
		ctx, cancel := context.WithCancel(t.Context())
		gotB := make(chan error, 1)
		go func() {
			p, err := l.Acquire(ctx, b)
			if err == nil {
				p.Cancel()
			}
			gotB <- err
		}()
		synctest.Wait()
		done := make(chan struct{})
		go func() {
			defer close(done)
			mustAcquire(t, l, c).Done(ok("c", 5, 4, time.Second))
		}()
		synctest.Wait()
		cancel()
		if err := <-gotB; err == nil {
			t.Fatal("the cancelled waiter got a permit")
		}
		<-done
	})
}
