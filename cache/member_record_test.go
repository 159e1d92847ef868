package cache

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// checkMemberInvariants recounts what the guild's members hold and compares
// it with the bookkeeping: code references, live spill entries, and the
// nickname arena's live bytes.
func checkMemberInvariants(t *testing.T, g *guildState) {
	t.Helper()
	var refs []int32
	if len(g.codes.ids) > 0 {
		refs = make([]int32, len(g.codes.ids))
	}
	spilled, live := 0, 0
	g.members.all(func(_ discord.Snowflake, m *member) bool {
		if m.roles.spilled() {
			spilled++
		} else {
			for i := 0; i < inlineRoles && m.roles.code(i) != 0; i++ {
				refs[m.roles.code(i)-1]++
			}
		}
		live += putSize(string(g.nicks.bytes(m.nick)))
		return true
	})
	assert.Equal(t, "code references", g.codes.refs, refs)
	assert.Equal(t, "live spill entries", len(g.spills)-len(g.spillFree), spilled)
	assert.Equal(t, "nickname arena live bytes", g.nicks.used()-g.nicks.garbage, live)
	for i, id := range g.codes.ids {
		assert.Equal(t, "lookup finds its code", g.codes.lookup(id), uint8(i+1))
	}
}

type modelMember struct {
	roles []discord.Snowflake
	nick  string
	flags discord.MemberFlags
}

// TestMemberRecordsAgainstModel applies random member updates, removals and
// role deletions, with role lists of every length (duplicates included) and
// more distinct role IDs than codes, and compares every member with a model.
func TestMemberRecordsAgainstModel(t *testing.T) {
	t.Parallel()
	const guild = 1
	rng := rand.New(rand.NewPCG(7, 7))
	var s Store
	model := map[discord.Snowflake]*modelMember{}
	pool := 30
	for step := 0; step < 3000; step++ {
		if step == 1500 {
			pool = 600 // exhaust the 254 codes
		}
		uid := discord.Snowflake(100 + rng.IntN(60))
		switch op := rng.IntN(10); {
		case op < 7:
			roles := make([]discord.Snowflake, rng.IntN(12))
			for i := range roles {
				roles[i] = discord.Snowflake(10_000 + rng.IntN(pool))
			}
			u := discord.User{ID: uid, Username: fmt.Sprint("u", uid)}
			m := discord.Member{User: &u, Roles: roles}
			mm := model[uid]
			if mm == nil {
				mm = &modelMember{}
				model[uid] = mm
			}
			mm.roles = roles
			if rng.IntN(2) == 0 {
				nick := ""
				if rng.IntN(4) > 0 {
					nick = strings.Repeat("n", rng.IntN(40)) + fmt.Sprint(step)
					m.Nick = discord.NonNull(nick)
				} else {
					m.Nick = discord.Null[string]()
				}
				mm.nick = nick
			}
			if rng.IntN(2) == 0 {
				f := discord.MemberFlags(rng.IntN(1 << 11))
				if rng.IntN(4) == 0 {
					f |= 1 << (16 + rng.IntN(48))
				}
				m.Flags = discord.Some(f)
				mm.flags = f
			}
			s.Apply(&discord.GuildMemberUpdate{GuildID: guild, Member: m})
		case op < 9:
			s.Apply(&discord.GuildMemberRemove{GuildID: guild, User: discord.User{ID: uid}})
			delete(model, uid)
		default:
			role := discord.Snowflake(10_000 + rng.IntN(pool))
			s.Apply(&discord.GuildRoleDelete{GuildID: guild, RoleID: role})
			for _, mm := range model {
				mm.roles = slices.DeleteFunc(mm.roles, func(id discord.Snowflake) bool { return id == role })
			}
		}
		g := s.guild(guild)
		checkMemberInvariants(t, g)
		assert.Equal(t, "member count", s.MemberCount(guild), len(model))
		if step%50 != 0 {
			continue
		}
		for uid, mm := range model {
			got, ok := s.Member(guild, uid)
			assert.Equal(t, "cached", ok, true)
			want := mm.roles
			if len(want) == 0 {
				want = nil
			}
			assert.Equal(t, fmt.Sprint("roles of ", uid), got.Roles, want)
			assert.Equal(t, fmt.Sprint("nick of ", uid), got.Nick, mm.nick)
			assert.Equal(t, fmt.Sprint("flags of ", uid), got.Flags, mm.flags)
		}
	}
	assert.Equal(t, "codes never exceed the byte", len(s.guild(guild).codes.ids) <= maxRoleCode, true)
}

// TestRoleCodesReuse fills every code, then frees some by removing their
// only holders: new role IDs take the freed codes instead of spilling.
func TestRoleCodesReuse(t *testing.T) {
	t.Parallel()
	var s Store
	put := func(uid, role discord.Snowflake) {
		u := discord.User{ID: uid}
		s.Apply(&discord.GuildMemberAdd{GuildID: 1, Member: discord.Member{User: &u, Roles: []discord.Snowflake{role}}})
	}
	for i := range discord.Snowflake(300) {
		put(1000+i, 5000+i)
	}
	g := s.guild(1)
	assert.Equal(t, "codes in use", len(g.codes.ids), maxRoleCode)
	assert.Equal(t, "IDs past the codes spill", len(g.spills), 300-maxRoleCode)
	for i := range discord.Snowflake(100) {
		s.Apply(&discord.GuildMemberRemove{GuildID: 1, User: discord.User{ID: 1000 + i}})
	}
	for i := range discord.Snowflake(100) {
		put(2000+i, 9000+i)
		m := g.members.get(2000 + i)
		assert.Equal(t, "freed code reused, not spilled", m.roles.spilled(), false)
		got, _ := s.Member(1, 2000+i)
		assert.Equal(t, "roles", got.Roles, []discord.Snowflake{9000 + i})
	}
	// Members still holding the old codes are unchanged.
	got, _ := s.Member(1, 1000+150)
	assert.Equal(t, "untouched member", got.Roles, []discord.Snowflake{5150})
	got, _ = s.Member(1, 1000+299)
	assert.Equal(t, "spilled member", got.Roles, []discord.Snowflake{5299})
	checkMemberInvariants(t, g)
}

// TestNicknameArenaCompaction renames one member many times: the arena is
// compacted instead of growing, and other nicknames survive the moves.
func TestNicknameArenaCompaction(t *testing.T) {
	t.Parallel()
	var s Store
	upd := func(uid discord.Snowflake, nick string) {
		u := discord.User{ID: uid}
		s.Apply(&discord.GuildMemberUpdate{GuildID: 1, Member: discord.Member{User: &u, Nick: discord.NonNull(nick)}})
	}
	for i := range discord.Snowflake(10) {
		upd(100+i, fmt.Sprint("stable nickname ", i))
	}
	for i := 0; i < 5000; i++ {
		upd(1, fmt.Sprintf("%040d", i))
	}
	g := s.guild(1)
	assert.Equal(t, "arena bounded", g.nicks.used() < 4096, true)
	checkMemberInvariants(t, g)
	for i := range discord.Snowflake(10) {
		m, _ := s.Member(1, 100+i)
		assert.Equal(t, "stable nickname", m.Nick, fmt.Sprint("stable nickname ", i))
	}
	m, _ := s.Member(1, 1)
	assert.Equal(t, "latest nickname", m.Nick, fmt.Sprintf("%040d", 4999))
	upd(1, "")
	m, _ = s.Member(1, 1)
	assert.Equal(t, "cleared nickname", m.Nick, "")
	checkMemberInvariants(t, g)
}

func TestStrArena(t *testing.T) {
	t.Parallel()
	var a strArena
	long := strings.Repeat("é", 200) // length needs a 2-byte uvarint
	refs := []uint32{a.put("a"), a.put(""), a.put(long), a.put("bob")}
	assert.Equal(t, "empty is ref 0", refs[1], uint32(0))
	for i, want := range []string{"a", "", long, "bob"} {
		assert.Equal(t, "get", a.get(refs[i]), want)
		assert.Equal(t, "equal", a.equal(refs[i], want), true)
		assert.Equal(t, "size", putSize(want), map[bool]int{true: 0, false: uvarintLen(uint64(len(want))) + len(want)}[want == ""])
	}
	ref := refs[3]
	a.set(&ref, "bob") // unchanged: no garbage
	assert.Equal(t, "same value is free", a.garbage, 0)
	a.set(&ref, "carol")
	assert.Equal(t, "old value is garbage", a.garbage, putSize("bob"))
	fresh := a.compacted()
	moved := fresh.move(&a, refs[2])
	assert.Equal(t, "moved", fresh.get(moved), long)
	assert.Equal(t, "moved empty", fresh.move(&a, 0), uint32(0))
}

// TestRecordSizes pins the record sizes doc.go documents.
func TestRecordSizes(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "member record bytes", unsafe.Sizeof(member{}), uintptr(24))
	assert.Equal(t, "user record bytes", unsafe.Sizeof(user{}), uintptr(32))
}

// TestStrArenaChunks fills several chunks, with a string longer than a
// chunk among them: every reference reads back, and full chunks are never
// reallocated.
func TestStrArenaChunks(t *testing.T) {
	t.Parallel()
	var a strArena
	want := map[uint32]string{}
	var firstChunk *byte
	for i := 0; i < 20000; i++ {
		s := fmt.Sprintf("name-%d", i)
		if i == 7000 {
			s = strings.Repeat("x", chunkSize+10)
		}
		ref := a.put(s)
		want[ref] = s
		if i == 10000 {
			firstChunk = &a.chunks[0][0]
		}
	}
	assert.Equal(t, "several chunks", len(a.chunks) > 3, true)
	assert.Equal(t, "full chunks stay put", &a.chunks[0][0] == firstChunk, true)
	for ref, s := range want {
		if a.get(ref) != s {
			t.Fatalf("ref %d: got %.20q, want %.20q", ref, a.get(ref), s)
		}
	}
	for i, c := range a.chunks[:len(a.chunks)-1] {
		assert.Equal(t, fmt.Sprint("chunk ", i, " bounded"), cap(c) <= chunkSize || len(c) > chunkSize, true)
	}
}
