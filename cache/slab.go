package cache

import "github.com/scurrygo/scurry/discord"

// slab stores values keyed by ID in one slice, with an intrusive doubly linked
// recency list threaded through the slots by index. It is the storage behind
// members (per guild) and users (global): one map entry of 12 bytes per key
// plus the slot, no per-entry heap object, and O(1) LRU touch and eviction.
//
// Entries may be unlinked from the recency list (pinned): they stay stored but
// are never chosen by oldest. slab is not safe for concurrent use; its owner
// locks around it. Pointers returned by get and put are valid until the next
// put or remove.
type slab[V any] struct {
	index  map[discord.Snowflake]int32
	slots  []slot[V]
	free   int32 // head of the free list through slot.next, or -1
	head   int32 // most recently used linked slot, or -1
	tail   int32 // least recently used linked slot, or -1
	linked int   // number of linked slots
	inited bool
}

type slot[V any] struct {
	id   discord.Snowflake
	prev int32 // previous linked slot, or -1; slotPinned or slotFree otherwise
	next int32 // next linked slot or next free slot, or -1
	v    V
}

// Slot states, kept in prev so that a slot costs no extra padded byte.
const (
	slotPinned int32 = -2
	slotFree   int32 = -3
)

func (sl *slot[V]) linked() bool { return sl.prev >= -1 }

func (s *slab[V]) init(capacity int) {
	s.index = make(map[discord.Snowflake]int32, capacity)
	if capacity > 0 {
		s.slots = make([]slot[V], 0, capacity)
	}
	s.free, s.head, s.tail = -1, -1, -1
	s.inited = true
}

func (s *slab[V]) len() int { return len(s.index) }

// get returns the value for id, or nil.
func (s *slab[V]) get(id discord.Snowflake) *V {
	i, ok := s.index[id]
	if !ok {
		return nil
	}
	return &s.slots[i].v
}

// put returns the value for id, creating a zero one (linked as most recent)
// if absent. It does not touch an existing entry; call touch for that.
func (s *slab[V]) put(id discord.Snowflake) (v *V, created bool) {
	if !s.inited {
		s.init(0)
	}
	if i, ok := s.index[id]; ok {
		return &s.slots[i].v, false
	}
	var i int32
	if s.free >= 0 {
		i = s.free
		s.free = s.slots[i].next
	} else {
		s.slots = append(s.slots, slot[V]{})
		i = int32(len(s.slots) - 1)
	}
	sl := &s.slots[i]
	sl.id = id
	s.index[id] = i
	s.linkFront(i)
	return &sl.v, true
}

// touch marks id most recently used, unless it is pinned.
func (s *slab[V]) touch(id discord.Snowflake) {
	i, ok := s.index[id]
	if !ok || !s.slots[i].linked() || s.head == i {
		return
	}
	s.unlink(i)
	s.linkFront(i)
}

// pin takes id out of the recency list so that oldest never returns it.
func (s *slab[V]) pin(id discord.Snowflake) {
	if i, ok := s.index[id]; ok && s.slots[i].linked() {
		s.unlink(i)
		s.slots[i].prev = slotPinned
	}
}

// unpin puts a pinned id back in the recency list as most recent.
func (s *slab[V]) unpin(id discord.Snowflake) {
	if i, ok := s.index[id]; ok && s.slots[i].prev == slotPinned {
		s.linkFront(i)
	}
}

// oldest returns the least recently used linked id.
func (s *slab[V]) oldest() (discord.Snowflake, bool) {
	if !s.inited || s.tail < 0 {
		return 0, false
	}
	return s.slots[s.tail].id, true
}

// remove deletes id and returns its value.
func (s *slab[V]) remove(id discord.Snowflake) (V, bool) {
	var zero V
	i, ok := s.index[id]
	if !ok {
		return zero, false
	}
	sl := &s.slots[i]
	if sl.linked() {
		s.unlink(i)
	}
	v := sl.v
	delete(s.index, id)
	*sl = slot[V]{prev: slotFree, next: s.free}
	s.free = i
	return v, true
}

// all calls f for every entry, most recent first for linked entries, then
// pinned ones in slot order. f must not modify the slab.
func (s *slab[V]) all(f func(id discord.Snowflake, v *V) bool) {
	if !s.inited {
		return
	}
	for i := s.head; i >= 0; i = s.slots[i].next {
		if !f(s.slots[i].id, &s.slots[i].v) {
			return
		}
	}
	for i := range s.slots {
		if s.slots[i].prev == slotPinned && !f(s.slots[i].id, &s.slots[i].v) {
			return
		}
	}
}

func (s *slab[V]) linkFront(i int32) {
	sl := &s.slots[i]
	sl.prev, sl.next = -1, s.head
	if s.head >= 0 {
		s.slots[s.head].prev = i
	}
	s.head = i
	if s.tail < 0 {
		s.tail = i
	}
	s.linked++
}

func (s *slab[V]) unlink(i int32) {
	sl := &s.slots[i]
	if sl.prev >= 0 {
		s.slots[sl.prev].next = sl.next
	} else {
		s.head = sl.next
	}
	if sl.next >= 0 {
		s.slots[sl.next].prev = sl.prev
	} else {
		s.tail = sl.prev
	}
	sl.next = -1
	s.linked--
}
