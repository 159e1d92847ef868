package shard

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
)

// TestIdentifyGate: the other shards of a bucket wait for its first shards'
// slots, not for those of another bucket, and for no longer than the limit
// when a first shard never gets one.
func TestIdentifyGate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newIdentifyGate([]int{1, 5}, 2, 100*ms) // both in bucket 1
		start := time.Now()
		assert.Success(t, g.wait(t.Context(), 0)) // bucket 0: no first shard
		assert.Equal(t, "bucket 0 waited", time.Since(start), time.Duration(0))

		done := make(chan time.Duration, 1)
		go func() {
			assert.Success(t, g.wait(t.Context(), 3))
			done <- time.Since(start)
		}()
		time.Sleep(50 * ms)
		g.release(1)
		g.release(1) // again: no effect
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("shard 3 went before first shard 5 had its slot")
		default:
		}
		g.release(5)
		assert.Equal(t, "shard 3 waited for", <-done, 50*ms)

		// A first shard that never gets a slot holds the others back for
		// (first-shard rounds + 2) spacings at most.
		g = newIdentifyGate([]int{1}, 1, 100*ms)
		start = time.Now()
		assert.Success(t, g.wait(t.Context(), 0))
		assert.Equal(t, "waited without a release", time.Since(start), 300*ms)

		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assert.ErrorIs(t, g.wait(ctx, 2), context.Canceled)
	})
}
