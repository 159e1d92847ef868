package cache

import "encoding/binary"

// strArena stores short strings (nicknames, usernames) back to back in
// byte chunks, each preceded by its length as a uvarint, so that a record
// holds a 4-byte reference instead of a 16-byte string header and a heap
// object of its own. A reference is the string's position plus one (chunk
// number << chunkBits | offset); 0 is the empty string. Chunks fill in order
// up to chunkSize bytes (the last one grows by doubling until then, so small
// arenas stay small), and a full chunk is never copied again: growing a
// large arena costs no large copy under its owner's lock, and wastes at most
// the unused tail of each chunk. A string longer than a chunk gets a chunk
// of its own. Strings are never changed in place: replacing one appends the
// new text and counts the old as garbage, and the owner compacts the arena
// (compacted, move) when garbage outweighs live text, re-pointing its
// records. The arena is not safe for concurrent use; its owner locks around
// it. References address 65,535 chunks, 4 GiB of names, far more than any
// process holds (Discord names are at most 32 characters).
type strArena struct {
	chunks  [][]byte
	garbage int // bytes of released strings still stored
}

const (
	chunkBits = 16
	chunkSize = 1 << chunkBits
	maxChunks = 1<<(32-chunkBits) - 1
)

// reserve makes room for n more bytes of put output in the last chunk, as
// far as it can hold them, allocating exactly (used when the size is known,
// as in GUILD_CREATE).
func (a *strArena) reserve(n int) {
	if len(a.chunks) == 0 {
		a.chunks = append(a.chunks, make([]byte, 0, min(n, chunkSize)))
		return
	}
	last := a.chunks[len(a.chunks)-1]
	if want := min(len(last)+n, chunkSize); want > cap(last) {
		grown := make([]byte, len(last), want)
		copy(grown, last)
		a.chunks[len(a.chunks)-1] = grown
	}
}

// room returns the chunk to append k bytes to, and its number: the last
// chunk, grown if needed, or a new one.
func (a *strArena) room(k int) (int, []byte) {
	if n := len(a.chunks); n > 0 {
		last := a.chunks[n-1]
		if len(last)+k <= cap(last) {
			return n - 1, last
		}
		if len(last)+k <= chunkSize {
			grown := make([]byte, len(last), min(chunkSize, max(2*cap(last), len(last)+k, 64)))
			copy(grown, last)
			a.chunks[n-1] = grown
			return n - 1, grown
		}
	}
	c := chunkSize
	if len(a.chunks) == 0 {
		c = 64
	}
	a.chunks = append(a.chunks, make([]byte, 0, max(c, k)))
	return len(a.chunks) - 1, a.chunks[len(a.chunks)-1]
}

// appendRaw stores k bytes written by fill and returns their reference. It
// reports 0 (storing nothing) only past maxChunks.
func (a *strArena) appendRaw(k int, fill func([]byte) []byte) uint32 {
	i, c := a.room(k)
	if i >= maxChunks {
		return 0
	}
	ref := uint32(i<<chunkBits|len(c)) + 1
	a.chunks[i] = fill(c)
	return ref
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
	return a.appendRaw(putSize(s), func(b []byte) []byte {
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...)
	})
}

// putPair stores x, or x + "\x00" + y when y is not empty, without building
// the joined string first.
func (a *strArena) putPair(x, y string) uint32 {
	if y == "" {
		return a.put(x)
	}
	n := len(x) + 1 + len(y)
	return a.appendRaw(uvarintLen(uint64(n))+n, func(b []byte) []byte {
		b = binary.AppendUvarint(b, uint64(n))
		b = append(b, x...)
		b = append(b, 0)
		return append(b, y...)
	})
}

// entry returns the stored bytes of ref with their length prefix.
func (a *strArena) entry(ref uint32) []byte {
	if ref == 0 {
		return nil
	}
	ref--
	p := a.chunks[ref>>chunkBits][ref&(chunkSize-1):]
	n, k := binary.Uvarint(p)
	return p[:k+int(n)]
}

// bytes returns the stored bytes of ref, aliasing the arena.
func (a *strArena) bytes(ref uint32) []byte {
	e := a.entry(ref)
	if e == nil {
		return nil
	}
	_, k := binary.Uvarint(e)
	return e[k:]
}

// get returns a copy of the string of ref.
func (a *strArena) get(ref uint32) string { return string(a.bytes(ref)) }

// equal reports whether ref holds s, without allocating.
func (a *strArena) equal(ref uint32, s string) bool { return string(a.bytes(ref)) == s }

// release marks the string of ref as garbage.
func (a *strArena) release(ref uint32) { a.garbage += len(a.entry(ref)) }

// set replaces the string of *ref with s, unless it already holds s.
func (a *strArena) set(ref *uint32, s string) {
	if a.equal(*ref, s) {
		return
	}
	a.release(*ref)
	*ref = a.put(s)
}

// used returns the bytes stored, live or garbage.
func (a *strArena) used() int {
	n := 0
	for _, c := range a.chunks {
		n += len(c)
	}
	return n
}

// wantsCompaction reports whether garbage is more than half the arena (and
// worth a pass).
func (a *strArena) wantsCompaction() bool {
	return a.garbage >= 1024 && 2*a.garbage > a.used()
}

// compacted returns an empty arena sized for the live strings of a; the
// owner moves every live reference into it with move.
func (a *strArena) compacted() strArena {
	var fresh strArena
	fresh.reserve(a.used() - a.garbage)
	return fresh
}

// move copies the string of ref in old into a and returns its new reference.
func (a *strArena) move(old *strArena, ref uint32) uint32 {
	e := old.entry(ref)
	if e == nil {
		return 0
	}
	return a.appendRaw(len(e), func(b []byte) []byte { return append(b, e...) })
}
