package shard

import (
	"hash/fnv"
	"sync"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// fingerprint identifies an event by content: the same event sent by Discord
// to two sessions (old and new shard set) has the same name and d.
func fingerprint(name string, raw []byte) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(raw)
	return h.Sum64()
}

// overlap is the bookkeeping of one reshard, from the start of the new set to
// the end of the grace after the switch.
//
// seen is the multiset of fingerprints of events the old set delivered; each
// event of the new set that matches one is a duplicate and consumes it.
//
// links are the (old shard, new shard) pairs that share guilds, learnt from
// the new shards' READY. A pair is caught up once the old shard has delivered
// an event the new shard also received: the new shard got it after its READY,
// and the old shard delivers in order, so every event the old shard got before
// the new one existed has been delivered too. The switch waits for every pair
// (or the timeout), so that no event sent only to the old set is dropped.
type overlap struct {
	oldCount int
	next     *shardSet // the new set
	onCaught func()    // called (with mu held) when a pair catches up; must not block

	mu        sync.Mutex
	recording bool
	seen      map[uint64]int32
	oldBy     map[uint64]int // fingerprint -> old shard that delivered it
	newBy     map[uint64]int // fingerprint -> new shard that buffered it
	links     map[[2]int]bool
	dropped   int
}

func newOverlap(oldCount int, next *shardSet, onCaught func()) *overlap {
	return &overlap{oldCount: oldCount, next: next, onCaught: onCaught, recording: true,
		seen: map[uint64]int32{}, oldBy: map[uint64]int{}, newBy: map[uint64]int{}, links: map[[2]int]bool{}}
}

// wanted reports whether an event the old set delivers must be recorded:
// only if the new shard of its guild runs here and has identified, since
// Discord sends a shard nothing before. This keeps the overlap small while
// new shards wait for their identify slot.
func (o *overlap) wanted(d gateway.Event) bool {
	j := shardFor(discord.DispatchGuildID(d.Name, d.Raw), o.next.count)
	r := o.next.byID[j]
	return r != nil && r.granted.Load()
}

// record notes an event delivered by old shard id.
func (o *overlap) record(fp uint64, id int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.recording {
		return
	}
	o.seen[fp]++
	o.oldBy[fp] = id
	if j, ok := o.newBy[fp]; ok {
		o.catch(id, j)
	}
}

// buffered notes an event buffered by new shard id.
func (o *overlap) buffered(fp uint64, id int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.recording {
		return
	}
	o.newBy[fp] = id
	if a, ok := o.oldBy[fp]; ok {
		o.catch(a, id)
	}
}

func (o *overlap) link(oldID, newID int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := [2]int{oldID, newID}
	if _, ok := o.links[k]; !ok {
		o.links[k] = false
	}
}

func (o *overlap) catch(oldID, newID int) {
	k := [2]int{oldID, newID}
	if caught, ok := o.links[k]; ok && !caught {
		o.links[k] = true
		o.onCaught()
	}
}

// behind returns the pairs not caught up yet whose old shard runs here.
func (o *overlap) behind(runs func(oldID int) bool) [][2]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out [][2]int
	for k, caught := range o.links {
		if !caught && runs(k[0]) {
			out = append(out, k)
		}
	}
	return out
}

// consume reports whether fp was delivered by the old set, and forgets one
// occurrence of it.
func (o *overlap) consume(fp uint64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := o.seen[fp]
	if n == 0 {
		return false
	}
	if n == 1 {
		delete(o.seen, fp)
	} else {
		o.seen[fp] = n - 1
	}
	o.dropped++
	return true
}

func (o *overlap) droppedCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.dropped
}

// stopRecording ends the overlap at the switch: the old set delivers no more.
func (o *overlap) stopRecording() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.recording = false
	o.oldBy, o.newBy = nil, nil
}
