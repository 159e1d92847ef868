package cache

import "encoding/binary"

// strArena stores short strings (nicknames, usernames) back to back in one
// byte slice, each preceded by its length as a uvarint, so that a record
// holds a 4-byte reference instead of a 16-byte string header and a heap
// object of its own. A reference is the string's offset plus one; 0 is the
// empty string. Strings are never changed in place: replacing one appends
// the new text and counts the old as garbage, and the owner compacts the
// arena (compacted) when garbage outweighs live text, re-pointing its
// records. The arena is not safe for concurrent use; its owner locks around
// it. Offsets are 32-bit: an arena holds at most 4 GiB, far more than the
// names of any guild or process (Discord names are at most 32 characters).
type strArena struct {
	b       []byte
	garbage int // bytes of released strings still in b
}

// reserve makes room for n more bytes of put output.
func (a *strArena) reserve(n int) {
	if cap(a.b)-len(a.b) < n {
		grown := make([]byte, len(a.b), len(a.b)+n)
		copy(grown, a.b)
		a.b = grown
	}
}

// putSize is the number of arena bytes s takes.
func putSize(s string) int {
	if s == "" {
		return 0
	}
	return uvarintLen(uint64(len(s))) + len(s)
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// put stores s and returns its reference.
func (a *strArena) put(s string) uint32 {
	if s == "" {
		return 0
	}
	ref := uint32(len(a.b) + 1)
	a.b = binary.AppendUvarint(a.b, uint64(len(s)))
	a.b = append(a.b, s...)
	return ref
}

// bytes returns the stored bytes of ref, aliasing the arena.
func (a *strArena) bytes(ref uint32) []byte {
	if ref == 0 {
		return nil
	}
	p := a.b[ref-1:]
	n, k := binary.Uvarint(p)
	return p[k : k+int(n)]
}

// get returns a copy of the string of ref.
func (a *strArena) get(ref uint32) string { return string(a.bytes(ref)) }

// equal reports whether ref holds s, without allocating.
func (a *strArena) equal(ref uint32, s string) bool { return string(a.bytes(ref)) == s }

// release marks the string of ref as garbage.
func (a *strArena) release(ref uint32) {
	if ref != 0 {
		n := len(a.bytes(ref))
		a.garbage += uvarintLen(uint64(n)) + n
	}
}

// set replaces the string of *ref with s, unless it already holds s.
func (a *strArena) set(ref *uint32, s string) {
	if a.equal(*ref, s) {
		return
	}
	a.release(*ref)
	*ref = a.put(s)
}

// wantsCompaction reports whether garbage is more than half the arena (and
// worth a pass).
func (a *strArena) wantsCompaction() bool {
	return a.garbage >= 1024 && 2*a.garbage > len(a.b)
}

// compacted returns an empty arena sized for the live strings of a; the
// owner moves every live reference into it with move.
func (a *strArena) compacted() strArena {
	return strArena{b: make([]byte, 0, len(a.b)-a.garbage)}
}

// move copies the string of ref in old into a and returns its new reference.
func (a *strArena) move(old *strArena, ref uint32) uint32 {
	if ref == 0 {
		return 0
	}
	p := old.b[ref-1:]
	n, k := binary.Uvarint(p)
	end := k + int(n)
	nref := uint32(len(a.b) + 1)
	a.b = append(a.b, p[:end]...)
	return nref
}

// putPair stores a, or a + "\x00" + b when b is not empty, without building
// the joined string first.
func (a *strArena) putPair(x, y string) uint32 {
	if y == "" {
		return a.put(x)
	}
	n := len(x) + 1 + len(y)
	ref := uint32(len(a.b) + 1)
	a.b = binary.AppendUvarint(a.b, uint64(n))
	a.b = append(a.b, x...)
	a.b = append(a.b, 0)
	a.b = append(a.b, y...)
	return ref
}
