package ratelimit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
)

type grant struct {
	shard int
	at    time.Duration
}

// waitAll runs Wait for every shard in its own goroutine, started in the given
// order (each one in line before the next starts when inOrder is set), and
// returns the grants in the order they happened.
func waitAll(t *testing.T, q *IdentifyQueue, shards []int, inOrder bool) []grant {
	t.Helper()
	start := time.Now()
	var mu sync.Mutex
	var out []grant
	var wg sync.WaitGroup
	for _, id := range shards {
		wg.Go(func() {
			if err := q.Wait(t.Context(), id); err != nil {
				t.Errorf("shard %d: %v", id, err)
				return
			}
			mu.Lock()
			out = append(out, grant{id, time.Since(start)})
			mu.Unlock()
		})
		if inOrder {
			synctest.Wait()
		}
	}
	wg.Wait()
	return out
}

func TestIdentifySpacing64Shards(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, mc, window = 64, 16, 50 * time.Millisecond
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{MaxConcurrency: mc, Window: window})
		assert.Success(t, err)
		ids := make([]int, n)
		for i := range ids {
			ids[i] = n - 1 - i
		}
		got := waitAll(t, q, ids, false)
		assert.Equal(t, "grants", len(got), n)
		last := map[int]grant{}
		var end time.Duration
		for _, g := range got {
			b := g.shard % mc
			if prev, ok := last[b]; ok {
				if g.at-prev.at < window {
					t.Fatalf("bucket %d: shard %d at %v and shard %d at %v are closer than %v", b, prev.shard, prev.at, g.shard, g.at, window)
				}
			}
			last[b] = g
			end = max(end, g.at)
		}
		// ceil(64/16) = 4 rounds: the last identify goes out at the start of
		// the 4th window (each window has the default margin, Window/20 for a
		// window this short).
		assert.Equal(t, "last grant", end, 3*(window+window/20))
		assert.Equal(t, "granted", q.Granted(), n)
	})
}

func TestIdentifyShardOrderWithinBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = time.Second
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{MaxConcurrency: 2, Window: window})
		assert.Success(t, err)
		assert.Success(t, q.Wait(t.Context(), 0)) // closes bucket 0 for a window
		var mu sync.Mutex
		var order []int
		var wg sync.WaitGroup
		start := func(id int) {
			wg.Go(func() {
				assert.Success(t, q.Wait(t.Context(), id))
				mu.Lock()
				order = append(order, id)
				mu.Unlock()
			})
			synctest.Wait() // id is in line before the next one arrives
		}
		start(8)
		start(6)
		start(4)
		time.Sleep(window / 2)
		start(2) // arrives later, but its lower id goes before 4, 6, 8
		wg.Wait()
		assert.Equal(t, "order", order, []int{2, 4, 6, 8})
	})
}

func TestIdentifyBudgetWaitsForReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{
			MaxConcurrency: 1, Window: 10 * time.Millisecond, Margin: -1,
			Total: 1000, Remaining: 2, ResetAfter: time.Minute,
			Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		})
		assert.Success(t, err)
		got := waitAll(t, q, []int{0, 1, 2, 3}, true)
		assert.Equal(t, "grants", got, []grant{{0, 0}, {1, 10 * time.Millisecond}, {2, time.Minute}, {3, time.Minute + 10*time.Millisecond}})
		assert.Contains(t, logs.String(), "budget used up")
		_, remaining, _ := q.Budget()
		assert.Equal(t, "remaining", remaining, 998)
	})
}

func TestIdentifyShortBudgetGoesToLowestIDs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{
			MaxConcurrency: 4, Window: time.Millisecond,
			Total: 2, Remaining: 0, ResetAfter: time.Second, BudgetPeriod: time.Hour,
		})
		assert.Success(t, err)
		got := waitAll(t, q, []int{3, 2, 1, 0}, false)
		assert.Equal(t, "grants", len(got), 4)
		first := map[int]bool{got[0].shard: true, got[1].shard: true}
		assert.Equal(t, "first two", first, map[int]bool{0: true, 1: true})
		assert.Equal(t, "first at reset", got[1].at, time.Second)
		assert.Equal(t, "rest after next reset", got[2].at, time.Second+time.Hour)
	})
}

func TestIdentifyDeadlineFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = time.Second
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: window, Margin: -1})
		assert.Success(t, err)
		assert.Success(t, q.Wait(t.Context(), 0))
		ctx, cancel := context.WithTimeout(t.Context(), window/2)
		defer cancel()
		before := time.Now()
		err = q.Wait(ctx, 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "shard 1")
		assert.Equal(t, "waited", time.Since(before), time.Duration(0))

		ctx2, cancel2 := context.WithTimeout(t.Context(), 2*window)
		defer cancel2()
		assert.Success(t, q.Wait(ctx2, 1))
		assert.Equal(t, "slot time", time.Since(before), window)
	})
}

func TestIdentifyCancelFreesPlace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = time.Second
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: window, Margin: 100 * time.Millisecond})
		assert.Success(t, err)
		assert.Equal(t, "spacing", q.Spacing(), window+100*time.Millisecond)
		start := time.Now()
		assert.Success(t, q.Wait(t.Context(), 0))
		ctx, cancel := context.WithCancel(t.Context())
		errc := make(chan error, 1)
		go func() { errc <- q.Wait(ctx, 1) }()
		synctest.Wait()
		done := make(chan time.Duration, 1)
		go func() {
			assert.Success(t, q.Wait(t.Context(), 2))
			done <- time.Since(start)
		}()
		synctest.Wait()
		cancel()
		assert.ErrorIs(t, <-errc, context.Canceled)
		assert.Equal(t, "shard 2 slot", <-done, window+100*time.Millisecond) // took shard 1's place
		assert.Equal(t, "granted", q.Granted(), 2)
	})
}

func TestIdentifySetBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{Total: 10, Remaining: 0, ResetAfter: time.Hour})
		assert.Success(t, err)
		done := make(chan time.Duration, 1)
		start := time.Now()
		go func() {
			assert.Success(t, q.Wait(t.Context(), 0))
			done <- time.Since(start)
		}()
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Success(t, q.SetBudget(10, 5, time.Hour))
		assert.Equal(t, "granted after SetBudget", <-done, time.Minute)
		err = q.SetBudget(1, 2, 0)
		assert.ErrorIs(t, err, ErrInvalidIdentify)
	})
}

func TestIdentifyZeroValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var q IdentifyQueue
		start := time.Now()
		assert.Success(t, q.Wait(t.Context(), 1))
		assert.Success(t, q.Wait(t.Context(), 0))
		assert.Equal(t, "second slot", time.Since(start), DefaultIdentifyWindow+DefaultIdentifyMargin)
		assert.Equal(t, "mc", q.MaxConcurrency(), 1)
	})
}

func TestIdentifyBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts IdentifyQueueOptions
		want string
	}{
		{"mc", IdentifyQueueOptions{MaxConcurrency: -1}, "MaxConcurrency -1"},
		{"window", IdentifyQueueOptions{Window: -time.Second}, "Window"},
		{"period", IdentifyQueueOptions{BudgetPeriod: -1}, "BudgetPeriod"},
		{"total", IdentifyQueueOptions{Total: -1}, "Total -1"},
		{"remaining", IdentifyQueueOptions{Total: 5, Remaining: -1}, "Remaining -1"},
		{"over", IdentifyQueueOptions{Total: 5, Remaining: 6}, "exceeds Total"},
		{"no total", IdentifyQueueOptions{Remaining: 6}, "exceeds Total"},
		{"reset", IdentifyQueueOptions{Total: 5, ResetAfter: -1}, "ResetAfter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewIdentifyQueue(&tc.opts)
			assert.ErrorIs(t, err, ErrInvalidIdentify)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	q, err := NewIdentifyQueue(nil)
	assert.Success(t, err)
	err = q.Wait(context.Background(), -3)
	assert.ErrorIs(t, err, ErrInvalidIdentify)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := q.Wait(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ctx: %v", err)
	}
	assert.Equal(t, "granted", q.Granted(), 0)
}

func BenchmarkIdentifyWaitUncontended(b *testing.B) {
	q, _ := NewIdentifyQueue(&IdentifyQueueOptions{MaxConcurrency: 1, Window: time.Nanosecond})
	ctx := context.Background()
	for b.Loop() {
		_ = q.Wait(ctx, 0)
	}
}

func TestIdentifyLatenessDoesNotPileUp(t *testing.T) {
	q, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: time.Second, Margin: 100 * time.Millisecond})
	assert.Success(t, err)
	slot := time.Unix(1000, 0)
	// Late within the margin: counted from the slot, still >= a window after the grant.
	assert.Equal(t, "late 60ms", q.nextSlot(slot, slot.Add(60*time.Millisecond)), slot.Add(1100*time.Millisecond))
	// Later than the margin: counted from the grant.
	assert.Equal(t, "late 300ms", q.nextSlot(slot, slot.Add(300*time.Millisecond)), slot.Add(1400*time.Millisecond))
	// An idle bucket (its slot long past): counted from the grant.
	assert.Equal(t, "idle", q.nextSlot(time.Time{}, slot), slot.Add(1100*time.Millisecond))
}

// TestIdentifyRandomized checks the queue's invariants under random arrivals,
// cancellations and deadlines: grants in one bucket are at least a window
// apart, the budget of the first period is not overrun, and no shard is
// granted while a lower id of its bucket was waiting (in line before the
// grant and granted after it).
func TestIdentifyRandomized(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(seed, 7))
				const mc, window, total, period = 4, 100 * time.Millisecond, 30, 2 * time.Second
				start := time.Now()
				q, err := NewIdentifyQueue(&IdentifyQueueOptions{MaxConcurrency: mc, Window: window,
					Total: total, Remaining: total, ResetAfter: period, BudgetPeriod: period})
				assert.Success(t, err)
				type rec struct {
					shard          int
					enqueued, at   time.Time
					granted, ended bool
				}
				var mu sync.Mutex
				var recs []*rec
				var wg sync.WaitGroup
				for i := range 150 {
					r := &rec{shard: rnd.IntN(40), enqueued: time.Now()}
					ctx, cancel := context.WithCancel(t.Context())
					switch rnd.IntN(4) {
					case 0:
						time.AfterFunc(time.Duration(rnd.IntN(500))*time.Millisecond, cancel)
					case 1:
						ctx, cancel = context.WithTimeout(t.Context(), time.Duration(rnd.IntN(800))*time.Millisecond)
					}
					mu.Lock()
					recs = append(recs, r)
					mu.Unlock()
					wg.Go(func() {
						defer cancel()
						err := q.Wait(ctx, r.shard)
						mu.Lock()
						r.at, r.granted, r.ended = time.Now(), err == nil, true
						mu.Unlock()
					})
					synctest.Wait() // r is in line (or already answered)
					if i%10 == 0 {
						time.Sleep(time.Duration(rnd.IntN(300)) * time.Millisecond)
					}
				}
				wg.Wait()
				last := map[int]time.Time{}
				firstPeriod := 0
				var granted []*rec
				for _, r := range recs {
					if r.granted {
						granted = append(granted, r)
					}
				}
				slices.SortStableFunc(granted, func(a, b *rec) int { return a.at.Compare(b.at) })
				for _, g := range granted {
					b := g.shard % mc
					if p, ok := last[b]; ok && g.at.Sub(p) < window {
						t.Fatalf("bucket %d: grants %v apart", b, g.at.Sub(p))
					}
					last[b] = g.at
					if g.at.Sub(start) < period {
						firstPeriod++
					}
					for _, o := range granted {
						if o.shard%mc == b && o.shard < g.shard && o.enqueued.Before(g.at) && o.at.After(g.at) {
							t.Fatalf("shard %d granted at %v while shard %d waited (in line at %v, granted at %v)",
								g.shard, g.at.Sub(start), o.shard, o.enqueued.Sub(start), o.at.Sub(start))
						}
					}
				}
				if firstPeriod > total {
					t.Fatalf("%d identifies in the first budget period, budget %d", firstPeriod, total)
				}
				if len(granted) == 0 {
					t.Fatal("nothing granted")
				}
			})
		})
	}
}
