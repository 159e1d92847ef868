package cache

import (
	"encoding/binary"
	"strings"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// This file holds the compact records the cache stores. They are internal:
// getters convert them to the exported views. Times are Unix microseconds
// (0 = unset), names that repeat are interned, and ID lists are packed
// strings.

// micros converts a timestamp to Unix microseconds, 0 for unset.
func micros(ts discord.Timestamp) int64 {
	if ts.IsZero() {
		return 0
	}
	return ts.Time().UnixMicro()
}

func nullMicros(ts discord.Nullable[discord.Timestamp]) int64 {
	t, _ := ts.Get()
	return micros(t)
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// idSet is an immutable list of snowflakes packed in a string: 16 bytes in a
// record plus 8 per ID, no slice capacity, no allocation when empty. (Sets
// are not interned: measured on guilds whose members hold varied role
// combinations, the interning table cost more than it saved.)
type idSet struct{ s string }

func makeIDSet(ids []discord.Snowflake) idSet {
	if len(ids) == 0 {
		return idSet{}
	}
	var b strings.Builder
	b.Grow(8 * len(ids))
	var buf [8]byte
	for _, id := range ids {
		binary.LittleEndian.PutUint64(buf[:], uint64(id))
		b.Write(buf[:])
	}
	return idSet{b.String()}
}

func (r idSet) len() int { return len(r.s) / 8 }

func (r idSet) at(i int) discord.Snowflake { return le64(r.s, 8*i) }

// le64 decodes the little-endian uint64 at s[i:i+8].
func le64(s string, i int) discord.Snowflake {
	_ = s[i+7]
	return discord.Snowflake(uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56)
}

func (r idSet) has(id discord.Snowflake) bool {
	s := r.s
	for i := 0; i+8 <= len(s); i += 8 {
		if le64(s, i) == id {
			return true
		}
	}
	return false
}

// slice returns a fresh copy, nil when empty.
func (r idSet) slice() []discord.Snowflake {
	n := r.len()
	if n == 0 {
		return nil
	}
	out := make([]discord.Snowflake, n)
	for i := range out {
		out[i] = r.at(i)
	}
	return out
}

func nullString(n discord.Nullable[string]) string {
	v, _ := n.Get()
	return v
}
