package cache

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func slabOrder(s *slab[int]) []discord.Snowflake {
	var ids []discord.Snowflake
	s.all(func(id discord.Snowflake, _ *int) bool {
		ids = append(ids, id)
		return true
	})
	return ids
}

func TestSlabLRU(t *testing.T) {
	t.Parallel()
	var s slab[int]
	assert.Equal(t, "zero slab order", slabOrder(&s), []discord.Snowflake(nil))
	s.init(0, true)
	_, ok := s.oldest()
	assert.Equal(t, "empty oldest", ok, false)
	assert.Equal(t, "empty order", slabOrder(&s), []discord.Snowflake(nil))

	for i := 1; i <= 4; i++ {
		v, created := s.put(discord.Snowflake(i))
		assert.Equal(t, "created", created, true)
		*v = i * 10
	}
	assert.Equal(t, "order after puts", slabOrder(&s), []discord.Snowflake{4, 3, 2, 1})
	s.touch(2)
	assert.Equal(t, "touch moves to front", slabOrder(&s), []discord.Snowflake{2, 4, 3, 1})
	id, _ := s.oldest()
	assert.Equal(t, "oldest", id, discord.Snowflake(1))

	s.pin(1)
	id, _ = s.oldest()
	assert.Equal(t, "pinned is never oldest", id, discord.Snowflake(3))
	assert.Equal(t, "linked count", s.linked, 3)
	assert.Equal(t, "pinned listed last", slabOrder(&s), []discord.Snowflake{2, 4, 3, 1})
	s.touch(1) // no effect on pinned
	assert.Equal(t, "touching pinned is a no-op", s.linked, 3)

	v, ok := s.remove(4)
	assert.Equal(t, "removed value", v, 40)
	assert.Equal(t, "removed ok", ok, true)
	_, ok = s.remove(4)
	assert.Equal(t, "second remove", ok, false)
	assert.Equal(t, "get removed", s.get(4) == nil, true)

	// The freed slot is reused.
	n := s.ids.len()
	p, created := s.put(5)
	assert.Equal(t, "created 5", created, true)
	assert.Equal(t, "slot reused", s.ids.len(), n)
	assert.Equal(t, "reused slot is zeroed", *p, 0)
	assert.Equal(t, "order", slabOrder(&s), []discord.Snowflake{5, 2, 3, 1})

	s.unpin(1)
	assert.Equal(t, "unpinned goes to front", slabOrder(&s), []discord.Snowflake{1, 5, 2, 3})
	assert.Equal(t, "values kept", *s.get(1)+*s.get(2)+*s.get(3), 60)
	assert.Equal(t, "len", s.len(), 4)

	// Drain in LRU order.
	var drained []discord.Snowflake
	for {
		id, ok := s.oldest()
		if !ok {
			break
		}
		s.remove(id)
		drained = append(drained, id)
	}
	assert.Equal(t, "drain order", drained, []discord.Snowflake{3, 2, 5, 1})
	assert.Equal(t, "empty", s.len(), 0)
}

func TestSlabWithoutLRU(t *testing.T) {
	t.Parallel()
	var s slab[int]
	s.init(3, false)
	for i := 1; i <= 600; i++ { // crosses pages, and the reserved first page
		v, _ := s.put(discord.Snowflake(i))
		*v = i
	}
	s.touch(1)
	_, ok := s.oldest()
	assert.Equal(t, "no LRU order", ok, false)
	s.remove(2)
	s.remove(300)
	sum, n := 0, 0
	s.all(func(id discord.Snowflake, v *int) bool {
		if int(id) != *v {
			t.Fatalf("slot %d holds %d", id, *v)
		}
		sum += *v
		n++
		return true
	})
	assert.Equal(t, "count", n, 598)
	assert.Equal(t, "sum", sum, 600*601/2-302)
	v, created := s.put(601)
	assert.Equal(t, "reuses a free slot", created && s.ids.len() == 600, true)
	*v = 601
	assert.Equal(t, "value", *s.get(601), 601)
	assert.Equal(t, "page layout", len(s.ids.p), 3)
}

func TestIDSet(t *testing.T) {
	t.Parallel()
	ids := []discord.Snowflake{1, 1 << 40, 0xFFFFFFFFFFFFFFFF}
	a, b := makeIDSet(ids), makeIDSet(append([]discord.Snowflake(nil), ids...))
	assert.Equal(t, "sets compare by value", a == b, true)
	assert.Equal(t, "round trip", a.slice(), ids)
	assert.Equal(t, "has", a.has(1<<40), true)
	assert.Equal(t, "has not", a.has(2), false)
	assert.Equal(t, "empty", makeIDSet(nil).slice(), []discord.Snowflake(nil))
	ids[0] = 7
	assert.Equal(t, "the set does not alias its input", a.at(0), discord.Snowflake(1))
}

func TestRing(t *testing.T) {
	t.Parallel()
	var r ring
	for i := 1; i <= 5; i++ {
		old, ev := r.push(message{id: discord.Snowflake(i)}, 3)
		if i <= 3 {
			assert.Equal(t, "no eviction while filling", ev, false)
		} else {
			assert.Equal(t, "evicts the oldest", old.id, discord.Snowflake(i-3))
		}
	}
	ids := func() []discord.Snowflake {
		var out []discord.Snowflake
		for i := 0; i < r.len(); i++ {
			out = append(out, r.at(i).id)
		}
		return out
	}
	assert.Equal(t, "ring order", ids(), []discord.Snowflake{3, 4, 5})
	assert.Equal(t, "find", r.find(4), 1)
	assert.Equal(t, "find missing", r.find(1), -1)
	r.remove(1)
	assert.Equal(t, "after remove", ids(), []discord.Snowflake{3, 5})
	r.push(message{id: 6}, 3)
	r.push(message{id: 7}, 3)
	assert.Equal(t, "refilled", ids(), []discord.Snowflake{5, 6, 7})
}

func TestOptionsValidation(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{
		{MessagesPerChannel: -5},
		{MembersPerGuild: -2},
		{MaxUsers: -3},
		{MessagesPerChannel: Unlimited},
		{Disable: resourceEnd},
	} {
		_, err := New(&o)
		assert.ErrorIs(t, err, ErrInvalidOptions)
	}
	s, err := New(nil)
	assert.Success(t, err)
	assert.Equal(t, "defaults", *s.policy(), policy{messages: 100, members: -1, looseUsers: 10000, initialized: true})
	var zero Store
	assert.Equal(t, "zero value uses defaults", *zero.policy(), *s.policy())
	s, err = New(&Options{Disable: ResourceMessages | ResourceUsers, MembersPerGuild: 5})
	assert.Success(t, err)
	assert.Equal(t, "disabled", *s.policy(), policy{off: ResourceMessages | ResourceUsers, members: 5, initialized: true})
	assert.Equal(t, "resource names", (ResourceMembers | ResourcePresences).String(), "members|presences")
}

func TestCompactEncodings(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "0", "0001", "1234", "9999", "0000"} {
		assert.Equal(t, "discriminator "+s, parseDiscrim(s).text(), s)
	}
	assert.Equal(t, "odd discriminator", parseDiscrim("12a4").text(), "0")
	for _, s := range []string{"", "0123456789abcdef0123456789abcdef", "a_0123456789abcdef0123456789abcdef"} {
		h := parseHash(s)
		assert.Equal(t, "hash "+s, h.text(), s)
	}
	for _, s := range []string{"a1", "0123456789ABCDEF0123456789ABCDEF", "b_0123456789abcdef0123456789abcdef"} {
		assert.Equal(t, "odd hash "+s, parseHash(s).kind, hashOdd)
	}
}

// TestSlabAgainstMap runs random puts and removes on a slab and a Go map
// and compares them, to exercise the index's probing, growth, wraparound and
// backward-shift deletion.
func TestSlabAgainstMap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, presize := range []int{0, 100} {
		var s slab[uint64]
		s.init(presize, presize == 0)
		ref := map[discord.Snowflake]uint64{}
		for step := 0; step < 20000; step++ {
			// A small key space forces collisions, reuse and long probe runs.
			id := discord.Snowflake(rng.IntN(400) + 1)
			if rng.IntN(3) == 0 {
				_, ok := s.remove(id)
				_, want := ref[id]
				if ok != want {
					t.Fatalf("step %d: remove(%d) = %v, want %v", step, id, ok, want)
				}
				delete(ref, id)
				continue
			}
			v, _ := s.put(id)
			*v = uint64(id) * 3
			ref[id] = uint64(id) * 3
			if s.len() != len(ref) {
				t.Fatalf("step %d: len %d, want %d", step, s.len(), len(ref))
			}
		}
		for id := discord.Snowflake(1); id <= 400; id++ {
			v := s.get(id)
			want, ok := ref[id]
			if (v != nil) != ok || (ok && *v != want) {
				t.Fatalf("get(%d) = %v, want %d %v", id, v, want, ok)
			}
		}
		n := 0
		s.all(func(id discord.Snowflake, v *uint64) bool {
			if ref[id] != *v {
				t.Fatalf("all: %d → %d, want %d", id, *v, ref[id])
			}
			n++
			return true
		})
		assert.Equal(t, "all visits every entry", n, len(ref))
	}
}

// TestSlabLRUAgainstModel runs random puts (linked and pinned), touches,
// pins, unpins and removes over several pages and compares the recency
// order, and oldest, with a list model.
func TestSlabLRUAgainstModel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	var s slab[int]
	s.init(0, true)
	var order []discord.Snowflake // linked IDs, most recent first
	pinned := map[discord.Snowflake]bool{}
	front := func(id discord.Snowflake) {
		order = slices.DeleteFunc(order, func(x discord.Snowflake) bool { return x == id })
		order = append([]discord.Snowflake{id}, order...)
	}
	drop := func(id discord.Snowflake) {
		order = slices.DeleteFunc(order, func(x discord.Snowflake) bool { return x == id })
	}
	for step := 0; step < 6000; step++ {
		id := discord.Snowflake(rng.IntN(700) + 1)
		_, present := s.lookup(id)
		switch rng.IntN(6) {
		case 0:
			if _, created := s.put(id); created {
				front(id)
			}
		case 1:
			if _, created := s.putPinned(id); created {
				pinned[id] = true
			}
		case 2:
			s.touch(id)
			if present && !pinned[id] {
				front(id)
			}
		case 3:
			s.pin(id)
			if present {
				drop(id)
				pinned[id] = true
			}
		case 4:
			s.unpin(id)
			if present && pinned[id] {
				delete(pinned, id)
				front(id)
			}
		default:
			s.remove(id)
			drop(id)
			delete(pinned, id)
		}
		assert.Equal(t, "linked count", s.linked, len(order))
		if step%100 != 0 {
			continue
		}
		got := slabOrder(&s)
		assert.Equal(t, "recency order", slices.Equal(got[:len(order)], order), true)
		assert.Equal(t, "pinned follow", len(got)-len(order), len(pinned))
		if id, ok := s.oldest(); ok {
			assert.Equal(t, "oldest", id, order[len(order)-1])
		}
	}
}

// TestSlabPinnedPaysNoLinks: a slab whose entries are all created pinned
// allocates no link pages.
func TestSlabPinnedPaysNoLinks(t *testing.T) {
	t.Parallel()
	var s slab[int]
	s.init(0, true)
	for id := discord.Snowflake(1); id <= 1000; id++ {
		s.putPinned(id)
	}
	assert.Equal(t, "no link pages", len(s.links), 0)
	s.unpin(700) // slot 699, page 2
	assert.Equal(t, "one link page", s.links[0] == nil && s.links[1] == nil && s.links[2] != nil, true)
	id, _ := s.oldest()
	assert.Equal(t, "unpinned is the only linked", id, discord.Snowflake(700))
	assert.Equal(t, "order", slabOrder(&s)[0], discord.Snowflake(700))
}
