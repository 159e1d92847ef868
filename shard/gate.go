package shard

import (
	"context"
	"sync"
	"time"
)

// identifyGate makes the shards of a set marked first take their identify
// slots before the other shards of their bucket: after a 4011, the new
// shards that cover the closed shard's guilds identify first, so those
// guilds wait one identify round rather than the whole new set.
//
// The other shards of a bucket wait (before asking the IdentifyQueue) until
// every first shard of that bucket has its slot or has stopped, or for at
// most limit (a first shard that cannot connect does not hold the others
// back for good). Safe for concurrent use.
type identifyGate struct {
	mc    int
	limit time.Duration

	mu   sync.Mutex
	left map[int]map[int]bool // bucket -> first shards without a slot yet
	open map[int]chan struct{}
}

// newIdentifyGate returns a gate for the first shards ids of a set with
// maxConcurrency buckets whose identifies are spacing apart, or nil when ids
// is empty. The others wait at most as long as the first shards' slots
// should take, plus two more.
func newIdentifyGate(ids []int, maxConcurrency int, spacing time.Duration) *identifyGate {
	if len(ids) == 0 {
		return nil
	}
	rounds := (len(ids) + maxConcurrency - 1) / maxConcurrency
	g := &identifyGate{mc: maxConcurrency, limit: time.Duration(rounds+2) * spacing,
		left: map[int]map[int]bool{}, open: map[int]chan struct{}{}}
	for _, id := range ids {
		b := IdentifyBucket(id, maxConcurrency)
		if g.left[b] == nil {
			g.left[b] = map[int]bool{}
			g.open[b] = make(chan struct{})
		}
		g.left[b][id] = true
	}
	return g
}

// wait blocks shard id until its bucket's first shards are through, or ctx
// ends.
func (g *identifyGate) wait(ctx context.Context, id int) error {
	g.mu.Lock()
	ch := g.open[IdentifyBucket(id, g.mc)]
	g.mu.Unlock()
	if ch == nil {
		return nil
	}
	t := time.NewTimer(g.limit)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// release notes that first shard id has its slot or has stopped. Calling it
// again does nothing.
func (g *identifyGate) release(id int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := IdentifyBucket(id, g.mc)
	left := g.left[b]
	if !left[id] {
		return
	}
	delete(left, id)
	if len(left) == 0 {
		close(g.open[b])
	}
}
