package cache

import "github.com/scurrygo/scurry/discord"

// A member's role list is a roleList: eight bytes in the member record, no
// heap object. Each role ID that members of a guild hold gets a one-byte code
// from the guild's roleCodes (Discord allows 250 roles per guild, so codes
// 1..254 suffice), and a list of up to eight roles is its codes in order,
// zero-terminated. Longer lists, or IDs for which no code is free (only with
// more distinct IDs than Discord allows), are spilled: the full IDs go to the
// guild's spill table and the list holds spillMark in its top byte and the
// table index in its low 32 bits. Order and duplicates are kept as received.
type roleList uint64

const (
	inlineRoles          = 8
	maxRoleCode          = 254
	spillMark            = 0xFF
	spillBit    roleList = spillMark << 56
)

func (l roleList) spilled() bool { return l>>56 == spillMark }

func (l roleList) spillIndex() uint32 { return uint32(l) }

// code returns the i-th code of an inline list (0 past the end).
func (l roleList) code(i int) uint8 { return uint8(l >> (8 * i)) }

// roleCodes numbers the role IDs a guild's members hold. Each code counts
// the list positions holding it; codes whose count falls to zero are reused
// when the 254 codes run out. The lookup table is open-addressed, one byte
// per cell, at most half full.
type roleCodes struct {
	ids   []discord.Snowflake // code-1 → ID
	refs  []int32             // code-1 → positions in member lists holding it
	table []uint8             // 0 empty, else a code; len is a power of two
}

func roleHash(id discord.Snowflake) uint64 { return uint64(id) * 0x9E3779B97F4A7C15 }

// lookup returns the code of id, or 0.
func (rc *roleCodes) lookup(id discord.Snowflake) uint8 {
	if len(rc.table) == 0 {
		return 0
	}
	mask := uint64(len(rc.table) - 1)
	for i := roleHash(id) >> 32 & mask; ; i = (i + 1) & mask {
		c := rc.table[i]
		if c == 0 {
			return 0
		}
		if rc.ids[c-1] == id {
			return c
		}
	}
}

// held reports whether some inline role list holds id.
func (rc *roleCodes) held(id discord.Snowflake) bool {
	c := rc.lookup(id)
	return c != 0 && rc.refs[c-1] > 0
}

// acquire returns the code of id with one more reference, or 0 if all codes
// are held by other IDs.
func (rc *roleCodes) acquire(id discord.Snowflake) uint8 {
	c := rc.lookup(id)
	if c == 0 {
		c = rc.assign(id)
		if c == 0 {
			return 0
		}
	}
	rc.refs[c-1]++
	return c
}

// release drops one reference to code c.
func (rc *roleCodes) release(c uint8) {
	if c != 0 && rc.refs[c-1] > 0 {
		rc.refs[c-1]--
	}
}

// assign gives id a new code: a fresh one while fewer than maxRoleCode are
// in use, else one whose references are gone.
func (rc *roleCodes) assign(id discord.Snowflake) uint8 {
	var c uint8
	if len(rc.ids) < maxRoleCode {
		rc.ids = append(rc.ids, id)
		rc.refs = append(rc.refs, 0)
		c = uint8(len(rc.ids))
	} else {
		for i, n := range rc.refs {
			if n == 0 {
				c = uint8(i + 1)
				break
			}
		}
		if c == 0 {
			return 0
		}
		rc.ids[c-1] = id
		// The old ID's cell must go; rebuilding is cheap at 254 codes.
		rc.rebuild()
		return c
	}
	if 2*len(rc.ids) > len(rc.table) {
		rc.rebuild()
	} else {
		rc.place(c)
	}
	return c
}

func (rc *roleCodes) place(c uint8) {
	mask := uint64(len(rc.table) - 1)
	i := roleHash(rc.ids[c-1]) >> 32 & mask
	for rc.table[i] != 0 {
		i = (i + 1) & mask
	}
	rc.table[i] = c
}

// rebuild sizes the table to at least twice the codes and refills it.
func (rc *roleCodes) rebuild() {
	n := 16
	for n < 2*len(rc.ids) {
		n *= 2
	}
	if len(rc.table) != n {
		rc.table = make([]uint8, n)
	} else {
		clear(rc.table)
	}
	for i := range rc.ids {
		rc.place(uint8(i + 1))
	}
}

// setMemberRoles replaces the role list of m with ids.
func (g *guildState) setMemberRoles(m *member, ids []discord.Snowflake) {
	old := m.roles
	m.roles = g.makeRoleList(ids)
	g.releaseRoles(old)
}

// makeRoleList encodes ids, taking a reference on each code used.
func (g *guildState) makeRoleList(ids []discord.Snowflake) roleList {
	if len(ids) == 0 {
		return 0
	}
	if len(ids) <= inlineRoles {
		var l roleList
		for i, id := range ids {
			c := g.codes.acquire(id)
			if c == 0 {
				g.releaseRoles(l)
				return g.spill(ids)
			}
			l |= roleList(c) << (8 * i)
		}
		return l
	}
	return g.spill(ids)
}

func (g *guildState) spill(ids []discord.Snowflake) roleList {
	set := makeIDSet(ids)
	if n := len(g.spillFree); n > 0 {
		i := g.spillFree[n-1]
		g.spillFree = g.spillFree[:n-1]
		g.spills[i] = set
		return spillBit | roleList(i)
	}
	g.spills = append(g.spills, set)
	return spillBit | roleList(len(g.spills)-1)
}

// releaseRoles drops the references (or the spill entry) of l.
func (g *guildState) releaseRoles(l roleList) {
	if l.spilled() {
		i := l.spillIndex()
		g.spills[i] = idSet{}
		g.spillFree = append(g.spillFree, i)
		return
	}
	for i := 0; i < inlineRoles; i++ {
		c := l.code(i)
		if c == 0 {
			return
		}
		g.codes.release(c)
	}
}

// roleCount returns the number of roles in l.
func (g *guildState) roleCount(l roleList) int {
	if l.spilled() {
		return g.spills[l.spillIndex()].len()
	}
	n := 0
	for n < inlineRoles && l.code(n) != 0 {
		n++
	}
	return n
}

// roleAt returns the i-th role ID of l, i < roleCount(l).
func (g *guildState) roleAt(l roleList, i int) discord.Snowflake {
	if l.spilled() {
		return g.spills[l.spillIndex()].at(i)
	}
	return g.codes.ids[l.code(i)-1]
}

// roleIDs returns a fresh copy of the IDs of l, nil when empty.
func (g *guildState) roleIDs(l roleList) []discord.Snowflake {
	n := g.roleCount(l)
	if n == 0 {
		return nil
	}
	out := make([]discord.Snowflake, n)
	for i := range out {
		out[i] = g.roleAt(l, i)
	}
	return out
}

// hasRole reports whether l holds id.
func (g *guildState) hasRole(l roleList, id discord.Snowflake) bool {
	if l.spilled() {
		return g.spills[l.spillIndex()].has(id)
	}
	c := g.codes.lookup(id)
	if c == 0 {
		return false
	}
	for i := 0; i < inlineRoles && l.code(i) != 0; i++ {
		if l.code(i) == c {
			return true
		}
	}
	return false
}
