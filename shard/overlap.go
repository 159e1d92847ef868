package shard

import (
	"hash/fnv"
	"sync"
	"sync/atomic"

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

// side is one of the two shard sets of a reshard.
type side uint8

const (
	sideOld side = iota // the set being replaced
	sideNew             // the set replacing it
)

func (s side) other() side { return 1 - s }

// overlap is the bookkeeping of one reshard, from the start of the new set to
// the end of the grace after the switch.
//
// The guilds an old shard a and a new shard b have in common form a cell
// (a, b): Discord sends each event of those guilds to both sessions, so the
// cell's traffic arrives twice, as two ordered streams, each with a gap
// wherever its session was invalidated and re-identified (a new READY; a
// RESUME leaves no gap: Discord replays). One side of each cell, its leader,
// delivers; the other, its follower, keeps what it receives and the leader
// has not delivered (cell.buf). A cell changes hands (handover) when its
// leader's stream has a gap: on the leader's new READY, when an old shard
// stops for good (4011), at the switch (every cell goes to the new set), and
// when a new set is abandoned (every cell goes back). The side taking over
// first delivers what it kept, so the gap is filled in order, then leads.
// See the loop type in reshard.go for what this guarantees.
//
// Locking: a shard's delivery lock (shardRun.mu) is taken before a cell's
// lock, never the other way, and no goroutine holds two of either. Events of
// a cell are routed and delivered under the cell's lock, so a cell's events
// are handed to the handler one at a time and a handover never interleaves
// with a delivery in progress.
type overlap struct {
	oldCount, newCount int
	old, next          *shardSet
	cells              map[[2]int]*cell // (old id, new id) -> cell; fixed at creation
	byOld, byNew       map[int][]*cell
	onChange           func() // a cell caught up or changed hands; must not block

	dropped atomic.Int64 // duplicates dropped, for the log

	mu       sync.Mutex
	misc     map[uint64]int32 // events without a usable guild the old set delivered
	switched bool
}

// cell is the shared traffic of one old and one new shard.
type cell struct {
	oldID, newID int

	mu   sync.Mutex // held while an event of the cell is routed and delivered
	lead side
	// buf[s] is what side s received as the follower and nobody delivered
	// yet, in order; creates holds the new side's GUILD_CREATEs announced by
	// its READY (delivered on handover when the user has not seen the guild).
	buf     [2][]cellItem
	inBuf   [2]map[uint64]int32 // fingerprints in buf, to skip scanning it
	creates []cellItem
	// pending[s] counts (by fingerprint) events the other side delivered
	// that side s has not received yet: s drops them when they arrive.
	pending [2]map[uint64]int32
	// linked: the new shard's latest READY listed a guild of the cell.
	// caught: the old shard delivered an event the new shard received in its
	// current session, so the old shard has delivered every event the new
	// session lacks (both streams are ordered).
	linked, caught bool
}

// cellItem is an event a cell's follower keeps.
type cellItem struct {
	ev    gateway.Event
	fp    uint64
	epoch uint64 // the receiving shard's session (READY count) at the time
}

// newOverlap builds the cells between the shards of old and next that run
// here; a new shard whose old shard runs elsewhere still gets its cells (its
// old side is absent and never leads after the switch).
func newOverlap(old, next *shardSet, onChange func()) *overlap {
	o := &overlap{oldCount: old.count, newCount: next.count, old: old, next: next, onChange: onChange,
		cells: map[[2]int]*cell{}, byOld: map[int][]*cell{}, byNew: map[int][]*cell{}, misc: map[uint64]int32{}}
	g := gcd(old.count, next.count)
	for _, rn := range next.runs {
		// Guild ids with id%old == a and id%new == b exist iff a ≡ b (mod g).
		for a := rn.id % g; a < old.count; a += g {
			c := &cell{oldID: a, newID: rn.id, pending: [2]map[uint64]int32{{}, {}}, inBuf: [2]map[uint64]int32{{}, {}}}
			o.cells[[2]int{a, rn.id}] = c
			o.byOld[a] = append(o.byOld[a], c)
			o.byNew[rn.id] = append(o.byNew[rn.id], c)
		}
	}
	return o
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// sideOf returns r's side, or false when r belongs to neither set.
func (o *overlap) sideOf(r *shardRun) (side, bool) {
	switch r.set {
	case o.old:
		return sideOld, true
	case o.next:
		return sideNew, true
	}
	return 0, false
}

// cellOf returns the cell of event d received by r on side s, or nil when d
// is not guild traffic both sets receive here: session-bound events, guilds
// whose other shard does not run here, and events whose guild cannot be read
// (the shard computed for it is not r: unread is then true, and such events
// are matched by content alone, see recordMisc).
func (o *overlap) cellOf(r *shardRun, s side, d gateway.Event) (c *cell, unread bool) {
	if sessionBound(d.Name) {
		return nil, false
	}
	g := discord.DispatchGuildID(d.Name, d.Raw)
	a, b := shardFor(g, o.oldCount), shardFor(g, o.newCount)
	if (s == sideOld && a != r.id) || (s == sideNew && b != r.id) {
		return nil, true
	}
	return o.cells[[2]int{a, b}], false
}

// runOf returns the shard of side s of c that runs here, or nil.
func (o *overlap) runOf(c *cell, s side) *shardRun {
	if s == sideOld {
		return o.old.byID[c.oldID]
	}
	return o.next.byID[c.newID]
}

// live reports whether side s of c has a session that receives the cell's
// events: for the new side, one that has its identify slot; for the old side,
// one that has not stopped for good. Only then is it worth remembering what
// it has yet to receive, or handing it the cell.
func (o *overlap) live(c *cell, s side) bool {
	r := o.runOf(c, s)
	if r == nil || r.gone.Load() {
		return false
	}
	if s == sideNew {
		return r.granted.Load()
	}
	return true
}

// route handles event it of cell c received by r (side s); r.mu is held.
// initial marks a GUILD_CREATE announced by r's READY: it is the session's
// snapshot, not cell traffic, so it is never matched against the other side.
func (o *overlap) route(r *shardRun, s side, c *cell, it cellItem, initial bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if initial {
		switch {
		case c.lead == s && s == sideOld:
			r.deliver(it.ev) // a re-identified old shard, as without a reshard
		case c.lead == s:
			r.deliverCreate(it.ev)
		case s == sideNew && !r.set.m.knownGuild(objectID(it.ev.Raw)):
			c.creates = append(c.creates, it) // kept only while the user has not seen the guild
		}
		return
	}
	if c.lead == s {
		o.leaderDelivers(r, c, it)
		return
	}
	if take(c.pending[s], it.fp) {
		o.dropped.Add(1)
		if s == sideNew && !c.caught {
			c.caught = true
			o.onChange()
		}
		return
	}
	c.buf[s] = append(c.buf[s], it)
	c.inBuf[s][it.fp]++
}

// leaderDelivers delivers it, received (or kept) by r on c's leading side,
// unless the other side delivered it when it led; c.mu is held.
func (o *overlap) leaderDelivers(r *shardRun, c *cell, it cellItem) {
	s := c.lead
	if take(c.pending[s], it.fp) {
		o.dropped.Add(1)
		return
	}
	f := s.other()
	found := false
	for i, b := range c.buf[f] {
		if i == 0 && c.inBuf[f][it.fp] == 0 {
			break // not kept: skip the scan
		}
		if b.fp != it.fp {
			continue
		}
		found = true
		take(c.inBuf[f], it.fp)
		if f == sideNew && !c.caught {
			if rn := o.runOf(c, sideNew); rn != nil && b.epoch == rn.epoch.Load() {
				c.caught = true
				o.onChange()
			}
		}
		if i == 0 {
			c.buf[f] = c.buf[f][1:]
		} else {
			c.buf[f] = append(c.buf[f][:i:i], c.buf[f][i+1:]...)
		}
		break
	}
	if !found && o.live(c, f) {
		c.pending[f][it.fp]++
	}
	r.deliver(it.ev)
}

// take forgets one occurrence of fp in m and reports whether there was one.
func take(m map[uint64]int32, fp uint64) bool {
	n := m[fp]
	if n == 0 {
		return false
	}
	if n == 1 {
		delete(m, fp)
	} else {
		m[fp] = n - 1
	}
	return true
}

// handover makes side to the leader of c: to's shard first delivers what it
// kept (its announced GUILD_CREATEs the user has not seen, then the events
// the other side did not deliver), then leads. The caller holds no shard or
// cell lock. when, if not nil, is checked under the cell's lock and may
// veto the handover. It reports whether c changed hands.
func (o *overlap) handover(c *cell, to side, when func(c *cell) bool) bool {
	r := o.runOf(c, to)
	if r == nil {
		return false
	}
	c.mu.Lock()
	done := c.lead == to
	c.mu.Unlock()
	if done {
		return false // without waiting for r's delivery in progress
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lead == to || (when != nil && !when(c)) {
		return false
	}
	c.lead = to
	if to == sideOld {
		c.caught = false // the new session must show again that the old one is past its start
	}
	items := c.buf[to]
	c.buf[to], c.inBuf[to] = nil, map[uint64]int32{}
	if to == sideNew {
		for _, it := range c.creates {
			r.deliverCreate(it.ev)
		}
		c.creates = nil
	}
	for _, it := range items {
		o.leaderDelivers(r, c, it)
	}
	o.onChange()
	return true
}

// handoverAll hands every cell of cs led by the other side to side to,
// when when(c) allows (nil: always).
func (o *overlap) handoverAll(cs []*cell, to side, when func(c *cell) bool) {
	for _, c := range cs {
		o.handover(c, to, when)
	}
}

// settle hands to the new set, after the switch, every cell the old set may
// leave: caught up, or not listed by the new shard's READY (no guild to
// prove it with), or whose old shard stopped. The others follow once they
// catch up, or at the end of the grace.
func (o *overlap) settle() {
	o.handoverAll(o.all(), sideNew, func(c *cell) bool {
		return c.caught || !c.linked || !o.live(c, sideOld)
	})
}

func (o *overlap) isSwitched() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.switched
}

// relink starts a new session of new shard b: its READY lists guilds. The
// old shards must catch up with it again; r.mu is held.
func (o *overlap) relink(b int, guilds map[discord.Snowflake]struct{}) {
	listed := map[int]bool{}
	for g := range guilds {
		listed[shardFor(g, o.oldCount)] = true
	}
	for _, c := range o.byNew[b] {
		c.mu.Lock()
		c.linked, c.caught = listed[c.oldID], false
		c.mu.Unlock()
	}
}

// behind returns the cells the switch still waits for: led by an old shard
// that runs here and has not stopped, listed by the new shard's READY, and
// not caught up with the new shard's current session.
func (o *overlap) behind() []*cell {
	var out []*cell
	for _, c := range o.cells {
		c.mu.Lock()
		wait := c.lead == sideOld && c.linked && !c.caught
		c.mu.Unlock()
		if wait && o.live(c, sideOld) {
			out = append(out, c)
		}
	}
	return out
}

// recordMisc notes an event without a usable guild that the old set
// delivered before the switch.
func (o *overlap) recordMisc(fp uint64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.switched {
		o.misc[fp]++
	}
}

// takeMisc reports whether the old set delivered fp (an event without a
// usable guild), forgetting it.
func (o *overlap) takeMisc(fp uint64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if take(o.misc, fp) {
		o.dropped.Add(1)
		return true
	}
	return false
}

func (o *overlap) markSwitched() {
	o.mu.Lock()
	o.switched = true
	o.mu.Unlock()
}

// onReady is called (r.mu held) when shard r of side s starts a session: it
// re-links a new shard's cells and returns the handovers to run once r.mu is
// released. A leader's new session means a gap in its stream: its cells go
// to the other side when that side's session receives them, which then
// delivers first what it kept (the gap) and leads. A new shard also takes
// the cells of old shards that stopped for good.
func (o *overlap) onReady(r *shardRun, s side, guilds map[discord.Snowflake]struct{}) func() {
	if s == sideOld {
		return func() {
			o.handoverAll(o.byOld[r.id], sideNew, func(c *cell) bool { return o.live(c, sideNew) })
		}
	}
	o.relink(r.id, guilds)
	again := r.epoch.Load() > 1 // not the first session: a gap
	return func() {
		for _, c := range o.byNew[r.id] {
			switch {
			case !o.live(c, sideOld):
				if o.runOf(c, sideOld) != nil {
					o.handover(c, sideNew, nil) // its old shard stopped for good
				}
			case again:
				o.handover(c, sideOld, func(c *cell) bool { return o.live(c, sideOld) })
			}
		}
	}
}

// oldStopped hands the cells of old shard id, which stopped for good (4011),
// to new shards that receive them; the others take theirs on their READY.
func (o *overlap) oldStopped(id int) {
	o.handoverAll(o.byOld[id], sideNew, func(c *cell) bool { return o.live(c, sideNew) })
}

// all returns every cell.
func (o *overlap) all() []*cell {
	out := make([]*cell, 0, len(o.cells))
	for _, c := range o.cells {
		out = append(out, c)
	}
	return out
}
