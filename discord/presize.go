package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Large dispatches (GUILD_CREATE, GUILD_MEMBERS_CHUNK) carry arrays of
// thousands of big structs. Decoding appends element by element, so the
// slice is regrown and copied many times; for a 2.7 MB GUILD_CREATE that was
// most of the allocated memory. These decoders first count the elements of
// the large arrays with the allocation-free scanner and allocate each slice
// once, then decode as usual.

// guildCreateFields is GuildCreate without its JSON methods.
type guildCreateFields GuildCreate

// UnmarshalJSONFrom decodes a GUILD_CREATE with pre-sized member, presence
// and channel slices.
func (g *GuildCreate) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*g = GuildCreate{}
	var arrays [3][]byte
	topLevelValues(raw, []string{"members", "presences", "channels"}, arrays[:])
	presize(arrays[0], &g.Members)
	presize(arrays[1], &g.Presences)
	presize(arrays[2], &g.Channels)
	return json.Unmarshal(raw, (*guildCreateFields)(g))
}

// guildMembersChunkFields is GuildMembersChunk without its JSON methods.
type guildMembersChunkFields GuildMembersChunk

// UnmarshalJSONFrom decodes a GUILD_MEMBERS_CHUNK with pre-sized slices.
func (c *GuildMembersChunk) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*c = GuildMembersChunk{}
	var arrays [2][]byte
	topLevelValues(raw, []string{"members", "presences"}, arrays[:])
	presize(arrays[0], &c.Members)
	presize(arrays[1], &c.Presences)
	return json.Unmarshal(raw, (*guildMembersChunkFields)(c))
}

// presizeMin is the array length below which counting is not worth a scan.
const presizeMin = 64

// presize gives *s capacity for the elements of the JSON array arr, when it
// is large. Malformed input is left to the decoder to report.
func presize[T any](arr []byte, s *[]T) {
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
