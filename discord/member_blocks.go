package discord

import "strings"

// memberBlocks hands out the users, role lists and strings of the members of
// one member list (GUILD_CREATE's members) from a few shared blocks, instead
// of a few small allocations per member: each *User points into one []User,
// each Roles is a sub-slice of a shared []Snowflake, and each string (user
// names, avatar hashes, nicknames) a substring of a shared block of text.
// That saves the size-class rounding of every small object and the
// allocator's and the garbage collector's work per object: a list of 10,000
// members (the bench's) takes about 50 allocations instead of 30,000.
//
// What a block keeps alive: anything that holds on to one member's User, role
// list or string keeps that member's block reachable. The []User block is as
// large as the list (200 bytes a member), like the []Member it sits beside;
// role blocks are at most roleBlockMax IDs and text blocks textBlockMax
// bytes, so a kept nickname keeps at most 16 KiB alive. The cache copies what
// it keeps (names and nicknames into its arenas, role lists into its own
// sets, avatar hashes parsed into bytes, anything else cloned), so it keeps
// no block alive; code that keeps a single string out of a GUILD_CREATE for a
// long time may want strings.Clone.
//
// Role lists are capped at their length (s[i:j:j]), so appending to one
// allocates a new array instead of writing over the next member's roles.
//
// The zero value allocates every block on demand; the caller sets left
// before each member and counts done after it, which size the blocks.
type memberBlocks struct {
	left int // members expected after the current one

	users []User      // free slots of the user block
	roles []Snowflake // the current role block; its free capacity is after len
	text  textBlock

	done      int // members decoded
	roleCount int // role IDs handed out
	textBytes int // bytes of text handed out
}

// Block size limits: a new block is sized for what the members still to come
// are expected to need (from the average so far), within these bounds.
const (
	roleBlockMax = 2048      // IDs (16 KiB)
	textBlockMin = 256       // bytes
	textBlockMax = 16 * 1024 // bytes
)

// estimate returns how many units the members from the current one to the
// end of the list are expected to need, given that used units went to the
// members finished so far and the current one needs at least need.
func (bl *memberBlocks) estimate(used, need int) int {
	return (used+need)*(bl.left+1)/(bl.done+1) + need
}

// user returns a zero User from the user block.
func (bl *memberBlocks) user() *User {
	if len(bl.users) == 0 {
		bl.users = make([]User, bl.left+1)
	}
	u := &bl.users[0]
	bl.users = bl.users[1:]
	return u
}

// snowflakes returns a copy of ids in the role block, capped at its length;
// an empty non-nil slice for none (as json v2 gives for []).
func (bl *memberBlocks) snowflakes(ids []Snowflake) []Snowflake {
	if len(ids) == 0 {
		return []Snowflake{}
	}
	if cap(bl.roles)-len(bl.roles) < len(ids) {
		n := min(bl.estimate(bl.roleCount, len(ids)), roleBlockMax)
		bl.roles = make([]Snowflake, 0, max(n, len(ids)))
	}
	start := len(bl.roles)
	bl.roles = append(bl.roles, ids...)
	bl.roleCount += len(ids)
	return bl.roles[start:len(bl.roles):len(bl.roles)]
}

// str returns s as a string from the text block.
func (bl *memberBlocks) str(s []byte) string {
	if len(s) <= 1 {
		return string(s) // no allocation: "" and one byte are static strings
	}
	bl.textBytes += len(s)
	return bl.text.str(s, func() int {
		return min(max(bl.estimate(bl.textBytes-len(s), len(s)), textBlockMin), textBlockMax)
	})
}

// textBlock hands out strings that share one allocation: a strings.Builder
// whose String() is taken after each write. The strings taken stay valid as
// the builder goes on writing into its free capacity; when a string does not
// fit, a new builder starts (the old block stays with its strings).
type textBlock struct {
	b strings.Builder
}

// str copies s into the block and returns it; size gives the size of a new
// block when s does not fit (at least len(s) is used).
func (t *textBlock) str(s []byte, size func() int) string {
	if t.b.Cap()-t.b.Len() < len(s) {
		t.b.Reset() // the strings taken keep the old block
		t.b.Grow(max(size(), len(s)))
	}
	start := t.b.Len()
	t.b.Write(s)
	return t.b.String()[start:]
}
