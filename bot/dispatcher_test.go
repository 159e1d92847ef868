package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// 10,000 events over 50 guilds, handlers with random (virtual) delays: each
// guild sees its events in submission order, and concurrency never passes the bound.
func TestDispatcherOrderPerGuild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const guilds, events, limit = 50, 10000, 8
		d := newDispatcher(limit, 64, nil)
		var mu sync.Mutex
		seen := make(map[discord.Snowflake][]int)
		var running, peak atomic.Int32
		rng := rand.New(rand.NewPCG(1, 2))
		next := make(map[discord.Snowflake]int)
		for range events {
			g := discord.Snowflake(rng.IntN(guilds) + 1)
			n := next[g]
			next[g]++
			delay := time.Duration(rng.IntN(20)) * time.Millisecond
			err := d.submit(t.Context(), g, func(ctx context.Context) {
				r := running.Add(1)
				for {
					p := peak.Load()
					if r <= p || peak.CompareAndSwap(p, r) {
						break
					}
				}
				time.Sleep(delay)
				running.Add(-1)
				mu.Lock()
				seen[g] = append(seen[g], n)
				mu.Unlock()
			})
			assert.Success(t, err)
		}
		assert.Success(t, d.stop(t.Context()))
		total := 0
		for g, got := range seen {
			for i, n := range got {
				if n != i {
					t.Fatalf("guild %d: event %d handled at position %d", g, n, i)
				}
			}
			total += len(got)
		}
		assert.Equal(t, "handled", total, events)
		if p := peak.Load(); p > limit || p < 2 {
			t.Fatalf("peak concurrency %d, want 2..%d", p, limit)
		}
	})
}

// A handler blocked until shutdown stalls only its own guild.
func TestDispatcherBlockedGuildDoesNotStallOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDispatcher(4, 16, nil)
		assert.Success(t, d.submit(t.Context(), 1, func(ctx context.Context) { <-ctx.Done() }))
		var other atomic.Int32
		for range 100 {
			assert.Success(t, d.submit(t.Context(), 2, func(context.Context) { other.Add(1) }))
		}
		synctest.Wait()
		assert.Equal(t, "other guild handled", other.Load(), int32(100))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		err := d.stop(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestDispatcherPanicRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got any
		var key discord.Snowflake
		d := newDispatcher(2, 4, func(k discord.Snowflake, v any, stack []byte) {
			got, key = v, k
			if len(stack) == 0 {
				t.Error("no stack")
			}
		})
		ran := false
		assert.Success(t, d.submit(t.Context(), 7, func(context.Context) { panic("boom") }))
		assert.Success(t, d.submit(t.Context(), 7, func(context.Context) { ran = true }))
		assert.Success(t, d.stop(t.Context()))
		assert.Equal(t, "panic value", got, any("boom"))
		assert.Equal(t, "panic key", key, discord.Snowflake(7))
		assert.Equal(t, "next event still ran", ran, true)
	})
}

func TestDispatcherBackpressureAndStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDispatcher(1, 2, nil)
		release := make(chan struct{})
		assert.Success(t, d.submit(t.Context(), 1, func(context.Context) { <-release }))
		synctest.Wait() // the first task is running, the queue is empty
		assert.Success(t, d.submit(t.Context(), 1, func(context.Context) {}))
		assert.Success(t, d.submit(t.Context(), 1, func(context.Context) {}))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		err := d.submit(ctx, 1, func(context.Context) {})
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		close(release)
		assert.Success(t, d.stop(t.Context()))
		if err := d.submit(t.Context(), 1, func(context.Context) {}); !errors.Is(err, ErrStopped) {
			t.Fatalf("submit after stop: %v", err)
		}
	})
}
