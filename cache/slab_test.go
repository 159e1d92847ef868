package cache

import (
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
	n := len(s.slots)
	p, created := s.put(5)
	assert.Equal(t, "created 5", created, true)
	assert.Equal(t, "slot reused", len(s.slots), n)
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

func TestIDSet(t *testing.T) {
	t.Parallel()
	ids := []discord.Snowflake{1, 1 << 40, 0xFFFFFFFFFFFFFFFF}
	a, b := makeIDSet(ids), makeIDSet(append([]discord.Snowflake(nil), ids...))
	assert.Equal(t, "interned sets are equal", a == b, true)
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
