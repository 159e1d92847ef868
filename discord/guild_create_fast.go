package discord

import (
	"bytes"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// guildCreateFields is GuildCreate without its JSON methods: the generic json
// v2 decoding that UnmarshalJSONFrom must match.
type guildCreateFields GuildCreate

// UnmarshalJSONFrom decodes GUILD_CREATE, the largest dispatch (a guild of
// 10,000 members is about 3 MB). It gives exactly the result of json v2's
// generic decoding of the struct (unknown keys in Extra, absent and null kept
// apart, the same errors with the same JSON pointers), only faster and with
// fewer allocations. It walks the top-level members with dec: "members" is
// read as one validated value and decoded by hand (see decode_fast.go), each
// slice allocated once at its final length; "presences", "channels",
// "threads", "roles", "emojis" and "voice_states" likewise, element by
// element through json v2 (appending to a slice would regrow it, allocating
// about twice its size); every other member (the guild's own fields,
// roles, channels, ...) goes to json v2's generic decoding of the struct, in
// document order, which merges it into what is already decoded.
func (g *GuildCreate) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*g = GuildCreate{}
	if dec.PeekKind() != '{' {
		return json.UnmarshalDecode(dec, (*guildCreateFields)(g))
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	var wrap []byte // {"name":value} for the generic decoding of one member
	for dec.PeekKind() != '}' {
		rawName, err := dec.ReadValue()
		if err != nil {
			return err
		}
		// The name's bytes may be overwritten by the next read.
		var buf [64]byte
		rawName = append(buf[:0], rawName...)
		name := rawName[1 : len(rawName)-1]
		if hasEscape(name) {
			if name, err = jsontext.AppendUnquote(nil, rawName); err != nil {
				return err
			}
		}
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		at := &jsonPath{name: name}
		switch string(name) {
		case "members":
			err = rawMembers(v, &g.Members, at)
		case "presences":
			err = rawGenericSlice(v, 32, &g.Presences, at)
		case "channels":
			err = rawGenericSlice(v, 32, &g.Channels, at)
		case "threads":
			err = rawGenericSlice(v, 32, &g.Threads, at)
		case "roles":
			err = rawGenericSlice(v, 32, &g.Roles, at)
		case "emojis":
			err = rawGenericSlice(v, 32, &g.Emojis, at)
		case "voice_states":
			err = rawGenericSlice(v, 32, &g.VoiceStates, at)
		default:
			// One member object through the generic decoding: the same
			// field lookup, Extra and errors (pointer "/name/...") as for
			// the whole object.
			wrap = append(append(append(append(wrap[:0], '{'), rawName...), ':'), v...)
			wrap = append(wrap, '}')
			err = json.Unmarshal(wrap, (*guildCreateFields)(g))
		}
		if err != nil {
			return rerootEvent(dec, err, true)
		}
	}
	_, err := dec.ReadToken()
	return err
}

// rawMembers decodes an array of members into a slice allocated once; []
// gives an empty non-nil slice, as json v2 does. The members' users, role
// lists and strings come from shared blocks (see memberBlocks).
func rawMembers(v []byte, p *[]Member, at *jsonPath) error {
	it, ok := iterate(v, '[')
	if !ok {
		return decodeGeneric(v, p, at)
	}
	out := make([]Member, 0, estimateMembers(v))
	var bl memberBlocks
	for i := 0; ; i++ {
		c := it.peek()
		if c == 0 {
			break
		}
		if len(out) == cap(out) && len(out) > 0 {
			// More members than estimated: count them and move the decoded
			// ones once (or, beyond arrayCap's bound, grow as append does).
			n := arrayCap(v, 64)
			if n <= len(out) {
				n = 2 * len(out)
			}
			grown := make([]Member, len(out), n)
			copy(grown, out)
			out = grown
		}
		out = append(out, Member{})
		bl.left = cap(out) - len(out)
		var err error
		if c == '{' { // decoded where it stands: one scan of its bytes
			sub := it.enter()
			err = rawMemberIn(&sub, &out[i], &bl, &jsonPath{up: at, index: i})
			it.leave(&sub)
		} else {
			err = decodeGeneric(it.value(), &out[i], &jsonPath{up: at, index: i})
		}
		if err != nil {
			return err
		}
		bl.done++
	}
	*p = out
	return nil
}

// memberSep is what separates two members in Discord's compact JSON.
var memberSep = []byte(`},{"`)

// estimateMembers returns the number of members of the validated array v,
// counting the separators between members. Counting the elements exactly
// (countArray) scans every byte, an eighth of the whole decode; bytes.Count
// finds the separator many bytes at a time. A member object holds no array
// of objects, so in Discord's compact JSON the count is exact; a separator
// inside a string or an unknown key makes it too high (a few slots of the
// slice stay unused), and JSON spaced otherwise makes it too low, which
// rawMembers corrects by counting exactly when the slice is full. It is
// capped like arrayCap.
func estimateMembers(v []byte) int {
	return min(bytes.Count(v, memberSep)+1, len(v)/64)
}

// rawGenericSlice decodes an array element by element with json v2 into a
// slice allocated once (minBytes as for presizeSlice).
func rawGenericSlice[T any](v []byte, minBytes int, p *[]T, at *jsonPath) error {
	it, ok := iterate(v, '[')
	if !ok {
		return decodeGeneric(v, p, at)
	}
	out := make([]T, 0, arrayCap(v, minBytes))
	for i := 0; ; i++ {
		e, ok := it.next()
		if !ok {
			break
		}
		var zero T
		out = append(out, zero)
		if err := decodeGeneric(e, &out[i], &jsonPath{up: at, index: i}); err != nil {
			return err
		}
	}
	*p = out
	return nil
}

// arrayCap is the number of elements of the validated array v, capped at one
// per minBytes of input (see presizeSlice).
func arrayCap(v []byte, minBytes int) int {
	return min(countArray(v), len(v)/minBytes)
}
