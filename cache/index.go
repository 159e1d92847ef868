package cache

import "github.com/scurrygo/scurry/discord"

// idIndex maps IDs to slot numbers for a slab. It is an open-addressing hash
// table with linear probing whose cells hold a 32-bit hash tag and the slot
// number in one uint64, so an entry costs 8 bytes per cell (about 11 bytes at
// the usual load) instead of the 30-odd a Go map of the same shape costs.
// The ID itself is not stored: a lookup whose tag matches confirms it
// against the slab's ID array. Tags also give each cell its home position,
// so growing and deleting never read the slab.
type idIndex struct {
	cells []uint64 // 0 empty; tag<<32 | slot+1
	n     int
}

const maxLoadNum, maxLoadDen = 3, 4 // grow beyond 75% full

func tagOf(id discord.Snowflake) uint32 {
	return uint32((uint64(id) * 0x9E3779B97F4A7C15) >> 32)
}

// home maps a tag onto [0, len(cells)) (multiply-shift range reduction, so
// the table size need not be a power of two).
func (x *idIndex) home(tag uint32) int {
	return int((uint64(tag) * uint64(len(x.cells))) >> 32)
}

// reserve sizes the table for n entries exactly.
func (x *idIndex) reserve(n int) {
	if n > 0 && len(x.cells) == 0 {
		x.cells = make([]uint64, n*maxLoadDen/maxLoadNum+1)
	}
}

// find returns the cell position and slot of id; idAt reads the slab.
func (x *idIndex) find(id discord.Snowflake, idAt func(int32) discord.Snowflake) (pos int, slot int32, ok bool) {
	c := len(x.cells)
	if c == 0 {
		return 0, 0, false
	}
	tag := tagOf(id)
	for i := x.home(tag); ; {
		cell := x.cells[i]
		if cell == 0 {
			return 0, 0, false
		}
		if uint32(cell>>32) == tag {
			if s := int32(uint32(cell)) - 1; idAt(s) == id {
				return i, s, true
			}
		}
		if i++; i == c {
			i = 0
		}
	}
}

// insert adds id → slot; id must not be present.
func (x *idIndex) insert(id discord.Snowflake, slot int32) {
	if (x.n+1)*maxLoadDen > len(x.cells)*maxLoadNum {
		x.grow()
	}
	x.place(uint64(tagOf(id))<<32 | uint64(uint32(slot+1)))
	x.n++
}

func (x *idIndex) place(cell uint64) {
	c := len(x.cells)
	i := x.home(uint32(cell >> 32))
	for x.cells[i] != 0 {
		if i++; i == c {
			i = 0
		}
	}
	x.cells[i] = cell
}

func (x *idIndex) grow() {
	old := x.cells
	x.cells = make([]uint64, max(8, 2*len(old)))
	for _, cell := range old {
		if cell != 0 {
			x.place(cell)
		}
	}
}

// deleteAt empties cell pos, shifting later cells of the same probe run
// back so that lookups never stop early (no tombstones).
func (x *idIndex) deleteAt(pos int) {
	c := len(x.cells)
	i := pos
	for j := i; ; {
		if j++; j == c {
			j = 0
		}
		cell := x.cells[j]
		if cell == 0 {
			break
		}
		k := x.home(uint32(cell >> 32))
		// The cell at j may move to i unless its home lies cyclically in (i, j].
		if (i <= j && i < k && k <= j) || (i > j && (i < k || k <= j)) {
			continue
		}
		x.cells[i] = cell
		i = j
	}
	x.cells[i] = 0
	x.n--
}
