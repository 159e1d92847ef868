package discord

// Large dispatches (GUILD_CREATE, GUILD_MEMBERS_CHUNK) carry arrays of
// thousands of big structs. Decoding appends element by element, so the
// slice is regrown and copied many times; for a 2.7 MB GUILD_CREATE that was
// three quarters of the allocated memory. DecodeEvent therefore first counts
// the elements of the large arrays with the allocation-free scanner and
// allocates each slice once (json v2 appends into the existing capacity).
// Decoding these events with json.Unmarshal directly works too, just without
// the pre-sizing.

// presizer is implemented by events with large arrays. DecodeEvent calls it
// with the raw payload before decoding into the event.
type presizer interface {
	presize(d []byte)
}

// presize allocates the member, presence and channel slices once.
func (g *GuildCreate) presize(d []byte) {
	var arrays [3][]byte
	topLevelValues(d, []string{"members", "presences", "channels"}, arrays[:])
	presizeSlice(arrays[0], &g.Members)
	presizeSlice(arrays[1], &g.Presences)
	presizeSlice(arrays[2], &g.Channels)
}

// presize allocates the member and presence slices once.
func (c *GuildMembersChunk) presize(d []byte) {
	var arrays [2][]byte
	topLevelValues(d, []string{"members", "presences"}, arrays[:])
	presizeSlice(arrays[0], &c.Members)
	presizeSlice(arrays[1], &c.Presences)
}

// presizeMin is the array length below which counting is not worth a scan.
const presizeMin = 64

// presizeSlice gives *s capacity for the elements of the JSON array arr, when
// it is large. Malformed input is left to the decoder to report.
func presizeSlice[T any](arr []byte, s *[]T) {
	if n := countArray(arr); n >= presizeMin {
		*s = make([]T, 0, n)
	}
}

// countArray returns the number of elements of the JSON array arr, or 0.
func countArray(arr []byte) int {
	sc := scanner{b: arr}
	if !sc.eat('[') {
		return 0
	}
	sc.ws()
	if sc.eat(']') {
		return 0
	}
	n := 0
	for {
		sc.ws()
		if !sc.skipValue(1) {
			return 0
		}
		n++
		sc.ws()
		if sc.eat(',') {
			continue
		}
		if sc.eat(']') {
			return n
		}
		return 0
	}
}
