package gateway_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

var _ gateway.IdentifyQueue = (*ratelimit.IdentifyQueue)(nil)

// Four shards sharing ratelimit's queue (max_concurrency 1) identify one per
// 5 s window and never get op 9 from the fake, which enforces the windows.
func TestShardsShareIdentifyQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{ShardCount: 4})
		var q ratelimit.IdentifyQueue
		var hs []*harness
		for id := range 4 {
			hs = append(hs, start(t, srv, func(o *gateway.Options) {
				o.ShardID, o.ShardCount = id, 4
				o.IdentifyQueue = &q
			}))
		}
		for _, h := range hs {
			h.nextNamed(discord.EventReady)
		}
		ids := srv.Identifies()
		assert.Equal(t, "identifies", len(ids), 4)
		for i, r := range ids {
			if !r.Accepted {
				t.Fatalf("identify %d refused: %s", i, r.Reason)
			}
			if i > 0 && r.Time.Sub(ids[i-1].Time) < 5*time.Second {
				t.Fatalf("identifies %d and %d only %v apart", i-1, i, r.Time.Sub(ids[i-1].Time))
			}
		}
		assert.Equal(t, "no bucket violations", len(srv.IdentifyBucketViolations()), 0)
	})
}

// noWaitQueue grants every slot at once and records what sessions report.
type noWaitQueue struct {
	mu      sync.Mutex
	sent    map[int]time.Time
	refused []int
}

func (q *noWaitQueue) Wait(ctx context.Context, shardID int) error { return ctx.Err() }

func (q *noWaitQueue) IdentifySent(shardID int, at time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sent[shardID] = at
}

func (q *noWaitQueue) IdentifyRefused(shardID int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.refused = append(q.refused, shardID)
}

// Sessions report each IDENTIFY's send time to a queue that takes it, and a
// refused IDENTIFY (op 9 before READY) too: two shards of one bucket that a
// queue lets identify at once get refusals, each reported by the second.
func TestSessionReportsIdentifySendAndRefusal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{ShardCount: 2, MaxConcurrency: 1})
		q := &noWaitQueue{sent: map[int]time.Time{}}
		h0 := start(t, srv, func(o *gateway.Options) { o.ShardID, o.ShardCount, o.IdentifyQueue = 0, 2, q })
		h0.nextNamed(discord.EventReady)
		h1 := start(t, srv, func(o *gateway.Options) { o.ShardID, o.ShardCount, o.IdentifyQueue = 1, 2, q })
		h1.nextNamed(discord.EventReady) // after op 9 and a 1-5 s wait
		q.mu.Lock()
		defer q.mu.Unlock()
		ids := srv.Identifies()
		var refused []int
		for _, r := range ids {
			if !r.Accepted {
				refused = append(refused, r.Shard[0])
			}
		}
		if len(refused) == 0 {
			t.Fatal("the fake refused nothing: the test does not test")
		}
		// Every refusal the fake made (shard 1's retries came 1-5 s later,
		// some still inside the window) was reported, by shard 1.
		assert.Equal(t, "refused", q.refused, refused)
		// The reports are the times the fake saw: synctest's clock stands
		// still while the IDENTIFY goes over the in-memory connection.
		assert.Equal(t, "shard 0 sent", q.sent[0], ids[0].Time)
		assert.Equal(t, "shard 1 sent (the last retry)", q.sent[1], ids[len(ids)-1].Time)
	})
}
