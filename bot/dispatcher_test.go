package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
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
		d := newDispatcher(dispatcherConfig{limit: limit, queueCap: 64})
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
			err := d.submit(t.Context(), lane{guild: g}, task(func(ctx context.Context) {
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
			}))
			assert.Success(t, err)
		}
		_, err := d.stop(t.Context())
		assert.Success(t, err)
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

// task is a job with one handler call, f.
func task(f func(ctx context.Context)) *job {
	return &job{name: "TEST", run: func(ctx context.Context, from int, w *worker) {
		if from > 0 || !w.begin(0, "task") {
			return
		}
		f(ctx)
		w.end()
	}}
}

func guild(id int) lane { return lane{guild: discord.Snowflake(id)} }

// A handler blocked until shutdown stalls only its own guild, and stop
// returns at its deadline, naming it.
func TestDispatcherBlockedGuildDoesNotStallOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDispatcher(dispatcherConfig{limit: 4, queueCap: 16})
		release := make(chan struct{})
		assert.Success(t, d.submit(t.Context(), guild(1), task(func(ctx context.Context) { <-release })))
		var other atomic.Int32
		for range 100 {
			assert.Success(t, d.submit(t.Context(), guild(2), task(func(context.Context) { other.Add(1) })))
		}
		synctest.Wait()
		assert.Equal(t, "other guild handled", other.Load(), int32(100))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		rep, err := d.stop(ctx)
		assert.Equal(t, "stop returned at its deadline", time.Since(start), time.Second)
		if err == nil || len(rep.Abandoned) != 1 || !strings.Contains(rep.Abandoned[0], "TEST guild 1: task") {
			t.Fatalf("stop: %v, abandoned %q", err, rep.Abandoned)
		}
		close(release) // the abandoned call returns; its worker exits
	})
}

func TestDispatcherPanicRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got any
		var name string
		d := newDispatcher(dispatcherConfig{limit: 2, queueCap: 4, onPanic: func(j *job, v any, stack []byte) {
			got, name = v, j.name
			if len(stack) == 0 {
				t.Error("no stack")
			}
		}})
		ran := false
		assert.Success(t, d.submit(t.Context(), guild(7), task(func(context.Context) { panic("boom") })))
		assert.Success(t, d.submit(t.Context(), guild(7), task(func(context.Context) { ran = true })))
		_, err := d.stop(t.Context())
		assert.Success(t, err)
		assert.Equal(t, "panic value", got, any("boom"))
		assert.Equal(t, "panic job", name, "TEST")
		assert.Equal(t, "next event still ran", ran, true)
	})
}

// submit waits only on the total byte bound, and queues anyway when its ctx
// ends (a stopping shard hands over what it read); after stop it refuses.
func TestDispatcherByteBoundAndStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDispatcher(dispatcherConfig{limit: 1, queueCap: 2, maxBytes: 100})
		release := make(chan struct{})
		big := func(f func(context.Context)) *job { j := task(f); j.size = 60; return j }
		assert.Success(t, d.submit(t.Context(), guild(1), big(func(context.Context) { <-release })))
		synctest.Wait() // the first job is running, its bytes released
		assert.Success(t, d.submit(t.Context(), guild(1), big(func(context.Context) {})))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		start := time.Now()
		assert.Success(t, d.submit(ctx, guild(3), big(func(context.Context) {})))
		cancel()
		assert.Equal(t, "waited for room until ctx ended", time.Since(start), time.Second)
		close(release)
		_, err := d.stop(t.Context())
		assert.Success(t, err)
		if err := d.submit(t.Context(), guild(1), task(func(context.Context) {})); !errors.Is(err, ErrStopped) {
			t.Fatalf("submit after stop: %v", err)
		}
	})
}

// A call past the handler timeout is abandoned: the event's later handlers
// and the guild's next events run, done is called once, the stuck call is
// reported by name, and its worker exits when it finally returns.
func TestDispatcherAbandonsStuckCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var stats Stats
		var reports []string
		var mu sync.Mutex
		d := newDispatcher(dispatcherConfig{limit: 1, queueCap: 8, handlerTimeout: time.Second, maxAbandoned: 1,
			stats: &stats, onAbandon: func(j *job, handler string, elapsed time.Duration) {
				mu.Lock()
				reports = append(reports, fmt.Sprintf("%s %s %v", j.name, handler, elapsed))
				mu.Unlock()
			}})
		release := make(chan struct{})
		var trace []string
		var dones atomic.Int32
		names := []string{"h0", "stuck", "h2"}
		j := &job{name: "EV", done: func() { dones.Add(1) }, run: func(ctx context.Context, from int, w *worker) {
			for i := from; i < len(names); i++ {
				if !w.begin(i, names[i]) {
					return
				}
				if names[i] == "stuck" {
					<-release
				}
				mu.Lock()
				trace = append(trace, names[i])
				mu.Unlock()
				w.end()
			}
		}}
		assert.Success(t, d.submit(t.Context(), guild(1), j))
		assert.Success(t, d.submit(t.Context(), guild(1), task(func(context.Context) {
			mu.Lock()
			trace = append(trace, "next")
			mu.Unlock()
		})))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		mu.Lock()
		assert.Equal(t, "ran around the stuck call", trace, []string{"h0", "h2", "next"})
		assert.Equal(t, "reported", reports, []string{"EV stuck 1s"})
		mu.Unlock()
		assert.Equal(t, "done once", dones.Load(), int32(1))
		assert.Equal(t, "abandoned running", stats.AbandonedRunning.Load(), int64(1))
		close(release)
		synctest.Wait()
		assert.Equal(t, "abandoned call returned", stats.AbandonedRunning.Load(), int64(0))
		assert.Equal(t, "done still once", dones.Load(), int32(1))
		_, err := d.stop(t.Context())
		assert.Success(t, err)
	})
}
