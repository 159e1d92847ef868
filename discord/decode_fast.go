package discord

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Hand-written decoding for the most frequent dispatches (MESSAGE_CREATE,
// TYPING_START; see message_fast.go and events_fast.go). json v2's generic
// struct decoding costs, per field, an arshaler lookup, option handling and
// (for Optional, Nullable, Snowflake, Timestamp) a method call through
// reflection; for the small scalar fields that dominate these events that
// is most of the time.
//
// How: an object that is decoded by hand (the author, member, mentions, a
// TYPING_START) is read as one value with jsontext.Decoder.ReadValue, which
// validates it (syntax, UTF-8, duplicate names) in a single fast pass. The
// validated bytes are then walked by the small scanner below, which can
// trust the syntax. Common values in their common form (a snowflake as a
// quoted number, a string without escapes, true/false, a small integer,
// null, []) are stored directly; anything else (an escaped string, an
// unusual kind, a bad value, a rare field) is decoded by json.Unmarshal of
// that value into the same field, so results and errors are those of json
// v2's generic decoding, with the JSON pointer of the value put in front of
// the error's (e.g. "/author/id"). TestFastDecodeMatchesGeneric,
// TestFastTypingStartMatchesGeneric and the fuzz tests check this against
// the generic decoding of the same struct. Two known differences, both on
// input that is rejected either way: for malformed JSON the syntax error
// may be reported instead of (or worded differently from) the error the
// generic decoder stops at first; and options passed to json.Unmarshal do
// not reach the hand-decoded fields (scurry passes none).
//
// These are functions, not UnmarshalJSONFrom methods on User, Member or
// Message, on purpose: those types are embedded in others (UserMention,
// GuildMemberAdd, MessageUpdate, ...) whose decoding must not be replaced by
// a promoted method.

// jsonPath is a JSON pointer built only when an error needs it: each level
// of decoding passes a node on the stack.
type jsonPath struct {
	up    *jsonPath
	name  []byte // member name; nil for an array element
	index int
}

// String returns the pointer, e.g. "/mentions/1/id".
func (p *jsonPath) String() string {
	if p == nil {
		return ""
	}
	s := p.up.String() + "/"
	if p.name == nil {
		return s + strconv.Itoa(p.index)
	}
	return s + strings.NewReplacer("~", "~0", "/", "~1").Replace(string(p.name))
}

// decodeGeneric decodes the JSON value v into p with json v2 (the generic
// path) and puts at in front of the JSON pointer of a semantic error.
func decodeGeneric(v []byte, p any, at *jsonPath) error {
	if err := json.Unmarshal(v, p); err != nil {
		return prefixPointer(err, at)
	}
	return nil
}

// prefixPointer puts at in front of the JSON pointer of a semantic error.
// (A separate function: its error variable would otherwise be allocated
// on every call of the caller.)
func prefixPointer(err error, at *jsonPath) error {
	var se *json.SemanticError
	if errors.As(err, &se) {
		c := *se
		c.JSONPointer = jsontext.Pointer(at.String()) + se.JSONPointer
		return &c
	}
	return err
}

// rawIter walks the members of a validated JSON object or the elements of
// a validated JSON array.
type rawIter struct {
	b []byte
	i int
}

// iterate returns an iterator over v when it is an object (kind '{') or an
// array (kind '['); ok is false for any other value.
func iterate(v []byte, kind byte) (it rawIter, ok bool) {
	if len(v) < 2 || v[0] != kind {
		return rawIter{}, false
	}
	return rawIter{b: v, i: 1}, true
}

// next returns the next element of an array, or ok false at its end.
func (it *rawIter) next() (val []byte, ok bool) {
	it.i = skipSpace(it.b, it.i)
	if it.b[it.i] == ',' {
		it.i = skipSpace(it.b, it.i+1)
	}
	if c := it.b[it.i]; c == ']' || c == '}' {
		return nil, false
	}
	end := skipValue(it.b, it.i)
	val, it.i = it.b[it.i:end], end
	return val, true
}

// member returns the next member of an object: its name (unquoted), its
// name as in the input (quoted) and its value; ok is false at its end.
func (it *rawIter) member() (name, rawName, val []byte, ok bool) {
	name, rawName, ok = it.name()
	if !ok {
		return nil, nil, nil, false
	}
	return name, rawName, it.value(), true
}

// name reads the name of the next member of an object and moves to the
// start of its value; ok is false at the object's end, with it.i on the '}'.
func (it *rawIter) name() (name, rawName []byte, ok bool) {
	it.i = skipSpace(it.b, it.i)
	if it.b[it.i] == ',' {
		it.i = skipSpace(it.b, it.i+1)
	}
	if it.b[it.i] != '"' { // valid: a name is a string
		return nil, nil, false
	}
	end, esc := scanString(it.b, it.i)
	rawName, it.i = it.b[it.i:end], end
	name = rawName[1 : len(rawName)-1]
	if esc {
		name, _ = jsontext.AppendUnquote(nil, rawName) // valid: already checked
	}
	it.i = skipSpace(it.b, it.i)
	it.i = skipSpace(it.b, it.i+1) // the ':'
	return name, rawName, true
}

// value returns the value that starts at it.i and moves past it.
func (it *rawIter) value() []byte {
	end := skipValue(it.b, it.i)
	val := it.b[it.i:end]
	it.i = end
	return val
}

// enter returns an iterator over the object or array that starts at it.i,
// sharing it.b; after walking it to its end, leave moves it past it.
func (it *rawIter) enter() rawIter { return rawIter{b: it.b, i: it.i + 1} }

// leave moves it past the object or array that sub (from enter) walked to
// its end.
func (it *rawIter) leave(sub *rawIter) { it.i = sub.i + 1 }

// peek returns the first byte of the next array element ('{' for an
// object), or 0 at the array's end; it leaves it.i on that byte.
func (it *rawIter) peek() byte {
	it.i = skipSpace(it.b, it.i)
	if it.b[it.i] == ',' {
		it.i = skipSpace(it.b, it.i+1)
	}
	if c := it.b[it.i]; c != ']' && c != '}' {
		return c
	}
	return 0
}

// skipValue returns the index after the valid JSON value starting at b[i].
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	default:
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' &&
			b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		return i
	}
}

// skipString returns the index after the valid JSON string starting at b[i].
func skipString(b []byte, i int) int {
	end, _ := scanString(b, i)
	return end
}

// scanString returns the index after the valid JSON string starting at b[i]
// and whether it has an escape.
func scanString(b []byte, i int) (end int, esc bool) {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
			esc = true
		case '"':
			return i + 1, esc
		}
	}
	return len(b), esc
}

// addRawExtra appends the member rawName:val to the JSON object in *extra,
// exactly as json v2's ",embed" catch-all does (name and value as in the
// input).
func addRawExtra(extra *jsontext.Value, rawName, val []byte) {
	b := *extra
	if len(b) == 0 {
		b = append(b, '{')
	} else {
		b[len(b)-1] = ','
	}
	b = append(b, rawName...)
	b = append(b, ':')
	b = append(b, val...)
	*extra = append(b, '}')
}

// plainString returns the contents of the JSON string v when it has no
// escapes; ok is false for anything else.
func plainString(v []byte) (s []byte, ok bool) {
	if len(v) < 2 || v[0] != '"' {
		return nil, false
	}
	s = v[1 : len(v)-1]
	return s, bytes.IndexByte(s, '\\') < 0
}

// smallUint returns the value of v when it is a JSON number made of at
// most 18 decimal digits (so it fits any integer type scurry uses).
func smallUint(v []byte) (uint64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n uint64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// isPlainString reports whether v is a JSON string without escapes.
func isPlainString(v []byte) bool {
	_, ok := plainString(v)
	return ok
}

func isNull(v []byte) bool { return len(v) == 4 && v[0] == 'n' }

// The raw* functions store v into *p when it has the common form and
// otherwise decode it with decodeGeneric; at locates v for errors.

func rawSnowflake(v []byte, p *Snowflake, at *jsonPath) error {
	if s, ok := plainString(v); ok && len(s) > 0 {
		if n, err := parseDigits(s); err == nil {
			*p = Snowflake(n)
			return nil
		}
	}
	return decodeGeneric(v, p, at)
}

func rawString(v []byte, p *string, at *jsonPath) error {
	if s, ok := plainString(v); ok {
		*p = string(s)
		return nil
	}
	return decodeGeneric(v, p, at)
}

func rawNullableString(v []byte, p *Nullable[string], at *jsonPath) error {
	if isNull(v) {
		*p = Null[string]()
		return nil
	}
	if s, ok := plainString(v); ok {
		*p = NonNull(string(s))
		return nil
	}
	return decodeGeneric(v, p, at)
}

func rawBool(v []byte, p *bool, at *jsonPath) error {
	switch string(v) {
	case "true":
		*p = true
		return nil
	case "false":
		*p = false
		return nil
	}
	return decodeGeneric(v, p, at)
}

func rawOptionalBool(v []byte, p *Optional[bool], at *jsonPath) error {
	switch string(v) {
	case "true":
		*p = Some(true)
		return nil
	case "false":
		*p = Some(false)
		return nil
	case "null":
		*p = Optional[bool]{}
		return nil
	}
	return decodeGeneric(v, p, at)
}

// rawInt stores a small non-negative integer into an integer type.
func rawInt[T ~int | ~uint64 | ~int64](v []byte, p *T, at *jsonPath) error {
	if n, ok := smallUint(v); ok {
		*p = T(n)
		return nil
	}
	return decodeGeneric(v, p, at)
}

// rawOptionalInt stores a small non-negative integer or null into an
// Optional integer.
func rawOptionalInt[T ~int | ~uint64 | ~int64](v []byte, p *Optional[T], at *jsonPath) error {
	if n, ok := smallUint(v); ok {
		*p = Some(T(n))
		return nil
	}
	if isNull(v) {
		*p = Optional[T]{}
		return nil
	}
	return decodeGeneric(v, p, at)
}

func rawTimestamp(v []byte, p *Timestamp, at *jsonPath) error {
	if s, ok := plainString(v); ok {
		if us, ok := parseDiscordStyle(s); ok {
			*p = Timestamp{us: us}
			return nil
		}
		if ts, err := ParseTimestamp(string(s)); err == nil {
			*p = ts
			return nil
		}
	}
	return decodeGeneric(v, p, at)
}

func rawNullableTimestamp(v []byte, p *Nullable[Timestamp], at *jsonPath) error {
	if isNull(v) {
		*p = Null[Timestamp]()
		return nil
	}
	if s, ok := plainString(v); ok {
		if us, ok := parseDiscordStyle(s); ok {
			*p = NonNull(Timestamp{us: us})
			return nil
		}
		if ts, err := ParseTimestamp(string(s)); err == nil {
			*p = NonNull(ts)
			return nil
		}
	}
	return decodeGeneric(v, p, at)
}

// rawSnowflakes decodes an array of snowflakes; [] gives an empty non-nil
// slice, as json v2 does.
func rawSnowflakes(v []byte, p *[]Snowflake, at *jsonPath) error {
	return rawSnowflakesIn(v, p, nil, at)
}

// rawSnowflakesIn is rawSnowflakes taking the slice from bl when not nil.
func rawSnowflakesIn(v []byte, p *[]Snowflake, bl *memberBlocks, at *jsonPath) error {
	it, ok := iterate(v, '[')
	if !ok {
		return decodeGeneric(v, p, at)
	}
	var buf [16]Snowflake
	ids := buf[:0]
	for {
		e, ok := it.next()
		if !ok {
			break
		}
		s, ok := plainString(e)
		if !ok || len(s) == 0 {
			return decodeGeneric(v, p, at) // unusual: let json v2 do all of it
		}
		n, err := parseDigits(s)
		if err != nil {
			return decodeGeneric(v, p, at)
		}
		ids = append(ids, Snowflake(n))
	}
	if bl != nil {
		*p = bl.snowflakes(ids)
	} else {
		*p = append([]Snowflake{}, ids...)
	}
	return nil
}

// rawNonce stores a nonce sent as a string without escapes.
func rawNonce(v []byte, p *Nonce, at *jsonPath) error {
	if s, ok := plainString(v); ok {
		*p = Nonce{Value: string(s)}
		return nil
	}
	return decodeGeneric(v, p, at)
}

// rerootEvent puts the JSON pointer of the event's object in front of a
// semantic error's pointer (relative to that object), for an event decoded
// inside a larger document; at the top level it is empty. The object is the
// value just read from dec, or with inMember its parent (the value read was
// one of its members).
func rerootEvent(dec *jsontext.Decoder, err error, inMember bool) error {
	if err == nil {
		return nil
	}
	return rerootSlow(dec, err, inMember)
}

func rerootSlow(dec *jsontext.Decoder, err error, inMember bool) error {
	var se *json.SemanticError
	if !errors.As(err, &se) {
		return err
	}
	at := dec.StackPointer()
	if inMember {
		at = at.Parent()
	}
	if at != "" {
		c := *se
		c.JSONPointer = at + se.JSONPointer
		return &c
	}
	return err
}

func hasEscape(b []byte) bool { return bytes.IndexByte(b, '\\') >= 0 }

// readSlice decodes a JSON array element by element with json v2 (so that
// [] costs no call into it); null and other kinds go to json v2 whole.
func readSlice[T any](dec *jsontext.Decoder, s *[]T) error {
	if dec.PeekKind() != '[' {
		return json.UnmarshalDecode(dec, s)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	out := []T{}
	for dec.PeekKind() != ']' {
		var zero T
		out = append(out, zero)
		if err := json.UnmarshalDecode(dec, &out[len(out)-1]); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	*s = out
	return nil
}
