package shard

import (
	"context"
	"sync"
)

// identifyGate makes the shards of a set marked first take their identify
// slots before the other shards of their bucket: after a 4011, the new
// shards that cover the closed shard's guilds identify first, so those
// guilds wait one identify round rather than the whole new set.
//
// The other shards of a bucket wait (before asking the IdentifyQueue) until
// every first shard of that bucket has its slot or has stopped. Safe for
// concurrent use.
type identifyGate struct {
	mc int

	mu   sync.Mutex
	left map[int]map[int]bool // bucket -> first shards without a slot yet
	open map[int]chan struct{}
}

// newIdentifyGate returns a gate for the shards ids of a set with
// maxConcurrency buckets, or nil when ids is empty.
func newIdentifyGate(ids []int, maxConcurrency int) *identifyGate {
	if len(ids) == 0 {
		return nil
	}
	g := &identifyGate{mc: maxConcurrency, left: map[int]map[int]bool{}, open: map[int]chan struct{}{}}
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
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
