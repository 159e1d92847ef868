package cache

import "github.com/scurrygo/scurry/discord"

// slab stores values keyed by ID in paged arrays, with an optional recency
// list threaded through the slots by index. It is the storage behind members
// (per guild) and users (global): an 8-byte index cell per key (index.go), the ID
// and the value in struct-of-arrays pages (no per-entry heap object, no
// padding between them), and, when lru is on, 8 bytes of links for O(1) LRU
// touch and eviction. Pages hold up to 256 slots, so growing a large slab
// never copies it and wastes at most one partly filled page. Link pages are
// allocated only for pages where some slot has been linked, so a slab whose
// entries are created pinned (putPinned; users referred to by members) pays
// nothing for LRU order.
//
// Entries may be unlinked from the recency list (pinned): they stay stored but
// are never chosen by oldest. Without lru every entry behaves as pinned.
// slab is not safe for concurrent use; its owner locks around it. Pointers
// returned by get and put are valid until the next put or remove. ID 0 is
// not a valid key (it marks free slots).
type slab[V any] struct {
	index  idIndex
	ids    pages[discord.Snowflake]
	vals   pages[V]
	links  [][]link // only with lru: per page, nil until a slot of it is linked
	free   []int32  // free slots, reused before growing
	lru    bool
	inited bool
	head   int32 // most recently used linked slot, or -1
	tail   int32 // least recently used linked slot, or -1
	linked int   // number of linked slots
}

type link struct {
	prev int32 // previous linked slot or -1; slotPinned when pinned
	next int32 // next linked slot or -1
}

const slotPinned int32 = -2

func (l *link) isLinked() bool { return l.prev != slotPinned }

// init prepares the slab for capacity entries, with or without LRU order.
func (s *slab[V]) init(capacity int, lru bool) {
	s.index.reserve(capacity)
	s.ids.reserve(capacity)
	s.vals.reserve(capacity)
	s.lru, s.inited = lru, true
	s.head, s.tail = -1, -1
}

func (s *slab[V]) len() int { return s.index.n }

func (s *slab[V]) idAt(i int32) discord.Snowflake { return *s.ids.at(i) }

// lookup returns the slot of id.
func (s *slab[V]) lookup(id discord.Snowflake) (int32, bool) {
	_, i, ok := s.index.find(id, s.idAt)
	return i, ok
}

// get returns the value for id, or nil.
func (s *slab[V]) get(id discord.Snowflake) *V {
	i, ok := s.lookup(id)
	if !ok {
		return nil
	}
	return s.vals.at(i)
}

// put returns the value for id, creating a zero one (linked as most recent
// with lru) if absent. It does not touch an existing entry; call touch.
// The slab must have been initialised.
func (s *slab[V]) put(id discord.Snowflake) (v *V, created bool) {
	return s.add(id, true)
}

// putPinned is put, but a created entry starts pinned.
func (s *slab[V]) putPinned(id discord.Snowflake) (v *V, created bool) {
	return s.add(id, false)
}

func (s *slab[V]) add(id discord.Snowflake, linked bool) (v *V, created bool) {
	if i, ok := s.lookup(id); ok {
		return s.vals.at(i), false
	}
	var i int32
	if n := len(s.free); n > 0 {
		i = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		i = s.ids.push()
		s.vals.push()
	}
	*s.ids.at(i) = id
	s.index.insert(id, i)
	if s.lru {
		if linked {
			s.linkFront(i)
		} else if l := s.linkOf(i); l != nil {
			*l = link{prev: slotPinned, next: -1}
		}
	}
	return s.vals.at(i), true
}

// linkOf returns the links of slot i, or nil if its page has none (the slot
// is pinned).
func (s *slab[V]) linkOf(i int32) *link {
	k, j := int(i>>pageBits), int(i&(pageSize-1))
	if k >= len(s.links) || j >= len(s.links[k]) {
		return nil
	}
	return &s.links[k][j]
}

// isLinked reports whether slot i is in the recency list.
func (s *slab[V]) isLinked(i int32) bool {
	l := s.linkOf(i)
	return l != nil && l.isLinked()
}

// ensureLink returns the links of slot i, allocating its page's links (as
// long as its ID page, every slot pinned) if needed.
func (s *slab[V]) ensureLink(i int32) *link {
	if l := s.linkOf(i); l != nil {
		return l
	}
	k := int(i >> pageBits)
	for len(s.links) <= k {
		s.links = append(s.links, nil)
	}
	old := s.links[k]
	grown := make([]link, cap(s.ids.p[k]))
	copy(grown, old)
	for j := len(old); j < len(grown); j++ {
		grown[j] = link{prev: slotPinned, next: -1}
	}
	s.links[k] = grown
	return &grown[i&(pageSize-1)]
}

// touch marks id most recently used, unless it is pinned.
func (s *slab[V]) touch(id discord.Snowflake) {
	if !s.lru {
		return
	}
	i, ok := s.lookup(id)
	if !ok || !s.isLinked(i) || s.head == i {
		return
	}
	s.unlink(i)
	s.linkFront(i)
}

// pin takes id out of the recency list so that oldest never returns it.
func (s *slab[V]) pin(id discord.Snowflake) {
	if !s.lru {
		return
	}
	if i, ok := s.lookup(id); ok && s.isLinked(i) {
		s.unlink(i)
		s.linkOf(i).prev = slotPinned
	}
}

// unpin puts a pinned id back in the recency list as most recent.
func (s *slab[V]) unpin(id discord.Snowflake) {
	if !s.lru {
		return
	}
	if i, ok := s.lookup(id); ok && !s.isLinked(i) {
		s.linkFront(i)
	}
}

// oldest returns the least recently used linked id.
func (s *slab[V]) oldest() (discord.Snowflake, bool) {
	if !s.lru || s.tail < 0 {
		return 0, false
	}
	return *s.ids.at(s.tail), true
}

// remove deletes id and returns its value.
func (s *slab[V]) remove(id discord.Snowflake) (V, bool) {
	var zero V
	pos, i, ok := s.index.find(id, s.idAt)
	if !ok {
		return zero, false
	}
	if s.lru && s.isLinked(i) {
		s.unlink(i)
	}
	v := *s.vals.at(i)
	s.index.deleteAt(pos)
	*s.ids.at(i) = 0
	*s.vals.at(i) = zero
	s.free = append(s.free, i)
	return v, true
}

// all calls f for every entry: with lru, linked entries most recent first,
// then pinned ones in slot order; without, in slot order. f must not modify
// the slab.
func (s *slab[V]) all(f func(id discord.Snowflake, v *V) bool) {
	if !s.inited {
		return
	}
	if s.lru {
		for i := s.head; i >= 0; i = s.linkOf(i).next {
			if !f(*s.ids.at(i), s.vals.at(i)) {
				return
			}
		}
	}
	n := s.ids.len()
	for i := int32(0); i < n; i++ {
		id := *s.ids.at(i)
		if id == 0 || (s.lru && s.isLinked(i)) {
			continue
		}
		if !f(id, s.vals.at(i)) {
			return
		}
	}
}

func (s *slab[V]) linkFront(i int32) {
	l := s.ensureLink(i)
	l.prev, l.next = -1, s.head
	if s.head >= 0 {
		s.linkOf(s.head).prev = i
	}
	s.head = i
	if s.tail < 0 {
		s.tail = i
	}
	s.linked++
}

func (s *slab[V]) unlink(i int32) {
	l := s.linkOf(i)
	if l.prev >= 0 {
		s.linkOf(l.prev).next = l.next
	} else {
		s.head = l.next
	}
	if l.next >= 0 {
		s.linkOf(l.next).prev = l.prev
	} else {
		s.tail = l.prev
	}
	l.prev, l.next = -1, -1
	s.linked--
}

const (
	pageBits = 8
	pageSize = 1 << pageBits
)

// pages is a growable array in pages of pageSize elements: elements never
// move once their page is full, and growth copies at most one page. Pages
// fill in order, so every page but the one holding element n-1 is full.
type pages[T any] struct {
	p [][]T
	n int32
}

func (ps *pages[T]) at(i int32) *T { return &ps.p[i>>pageBits][i&(pageSize-1)] }

func (ps *pages[T]) len() int32 { return ps.n }

// reserve allocates room for n elements up front (used when the size is
// known, as in GUILD_CREATE), exactly, so no capacity is wasted. It only
// acts on empty pages.
func (ps *pages[T]) reserve(n int) {
	if ps.n > 0 || len(ps.p) > 0 {
		return
	}
	for n > 0 {
		c := min(n, pageSize)
		ps.p = append(ps.p, make([]T, 0, c))
		n -= c
	}
}

// push appends a zero element and returns its index.
func (ps *pages[T]) push() int32 {
	var zero T
	k := int(ps.n >> pageBits)
	if k == len(ps.p) {
		ps.p = append(ps.p, make([]T, 0, 8))
	}
	if pg := ps.p[k]; len(pg) == cap(pg) {
		// Grow by hand: append may round capacity past pageSize.
		grown := make([]T, len(pg), min(pageSize, 2*cap(pg)))
		copy(grown, pg)
		ps.p[k] = grown
	}
	ps.p[k] = append(ps.p[k], zero)
	ps.n++
	return ps.n - 1
}
