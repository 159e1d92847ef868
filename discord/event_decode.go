package discord

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// DecodeEvent decodes the d of a dispatch named name into its typed payload
// (always a pointer, e.g. *MessageCreate). Names this version does not know
// give an *UnknownEvent holding a copy of d, and no error. A known name with a
// malformed d gives an error that names the event and, for a wrong type, the
// JSON pointer of the offending field (e.g. "/author/id"); it never panics.
// When only some fields fail (a value of an unexpected type), the event is
// still returned, with those fields at their zero value, together with a
// *DecodeError whose Fields lists them: nothing decodable is lost.
// d is not retained: the result may outlive the frame it came from.
func DecodeEvent(name string, d jsontext.Value) (Event, error) {
	newEvent, ok := eventConstructors[name]
	if !ok {
		return &UnknownEvent{Name: name, Raw: append(jsontext.Value(nil), d...)}, nil
	}
	e := newEvent()
	if len(d) == 0 {
		return nil, &DecodeError{Event: name, Err: errEmptyPayload}
	}
	if p, ok := e.(presizer); ok {
		p.presize(d)
	}
	err := json.Unmarshal(d, e)
	if err == nil {
		return e, nil
	}
	return decodePartial(name, d, newEvent, err)
}

// maxSkippedFields bounds the values a partial decode leaves out before it
// gives up on the event.
const maxSkippedFields = 32

// maxSkippedElements is how many elements of one array a partial decode
// leaves out one by one; past it the whole array is left out (a new type in
// every element would otherwise spend maxSkippedFields on one array).
const maxSkippedElements = 4

// decodePartial retries a failed decode without the value that failed, one
// at a time, so that one value of a new or unexpected type does not cost the
// whole event. The value left out is the innermost object member or array
// element on the failure's path: a bad field of one element of an array
// costs that field, a bad element that element (the others are kept), until
// maxSkippedElements of one array went, then the array. It returns the event
// with those values left at zero (or out of their array) and a *DecodeError
// listing them as pointers into d, or no event when the JSON is not valid or
// no value can be blamed.
func decodePartial(name string, d jsontext.Value, newEvent func() Event, first error) (Event, error) {
	cur := d
	var skipped []string
	gone := map[string][]int{} // array pointer in d -> indices in d left out
	err := first
	for range maxSkippedFields {
		at, ok := failingValue(cur, err)
		if !ok {
			break
		}
		orig := toOriginal(at, gone)
		// An array on the path that already lost maxSkippedElements goes
		// whole, replacing the entries of its elements.
		n := 0
		for range orig.Tokens() {
			n++
			arr := prefix(orig, n-1)
			if len(gone[string(arr)]) >= maxSkippedElements {
				at, orig = prefix(at, n-1), arr
				break
			}
		}
		next, ok := withoutValue(cur, at)
		if !ok {
			break
		}
		skipped = slices.DeleteFunc(skipped, func(f string) bool { return strings.HasPrefix(f, string(orig)+"/") })
		skipped = append(skipped, string(orig))
		for k := range gone {
			if k == string(orig) || strings.HasPrefix(k, string(orig)+"/") {
				delete(gone, k)
			}
		}
		if idx, err := strconv.Atoi(orig.LastToken()); err == nil && isArrayAt(cur, at.Parent()) {
			gone[string(orig.Parent())] = append(gone[string(orig.Parent())], idx)
		}
		cur = next
		e := newEvent()
		if err = json.Unmarshal(cur, e); err == nil {
			return e, &DecodeError{Event: name, Err: first, Fields: skipped}
		}
	}
	return nil, &DecodeError{Event: name, Err: first}
}

// failingValue returns the pointer of the value to leave out for err: the
// longest part of its JSON pointer that exists in d.
func failingValue(d jsontext.Value, err error) (jsontext.Pointer, bool) {
	var se *json.SemanticError
	if !errors.As(err, &se) || se.JSONPointer == "" {
		return "", false
	}
	var v any
	if json.Unmarshal(d, &v) != nil {
		return "", false
	}
	var at jsontext.Pointer
	for tok := range se.JSONPointer.Tokens() {
		switch c := v.(type) {
		case map[string]any:
			next, found := c[tok]
			if !found {
				return at, at != ""
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return at, at != ""
			}
			v = c[i]
		default:
			return at, at != ""
		}
		at = at.AppendToken(tok)
	}
	return at, at != ""
}

// prefix returns p's first n tokens.
func prefix(p jsontext.Pointer, n int) jsontext.Pointer {
	var out jsontext.Pointer
	for tok := range p.Tokens() {
		if n == 0 {
			break
		}
		out = out.AppendToken(tok)
		n--
	}
	return out
}

// toOriginal maps a pointer into the current document (some array elements
// removed) to the same value's pointer in the original one.
func toOriginal(p jsontext.Pointer, gone map[string][]int) jsontext.Pointer {
	var out jsontext.Pointer
	for tok := range p.Tokens() {
		if removed := gone[string(out)]; len(removed) > 0 {
			if i, err := strconv.Atoi(tok); err == nil {
				rs := slices.Sorted(slices.Values(removed))
				for _, r := range rs {
					if r <= i {
						i++
					}
				}
				tok = strconv.Itoa(i)
			}
		}
		out = out.AppendToken(tok)
	}
	return out
}

// isArrayAt reports whether the value at p in d is an array.
func isArrayAt(d jsontext.Value, p jsontext.Pointer) bool {
	var v any
	if json.Unmarshal(d, &v) != nil {
		return false
	}
	for tok := range p.Tokens() {
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return false
			}
			v = c[i]
		default:
			return false
		}
	}
	_, isArr := v.([]any)
	return isArr
}

// withoutValue re-encodes d without the object member or array element at
// ptr.
func withoutValue(d jsontext.Value, ptr jsontext.Pointer) (jsontext.Value, bool) {
	dec := jsontext.NewDecoder(bytes.NewReader(d))
	var out bytes.Buffer
	enc := jsontext.NewEncoder(&out)
	removed := false
	parent, last := ptr.Parent(), ptr.LastToken()
	for {
		if depth := dec.StackDepth(); !removed && depth > 0 {
			if kind, length := dec.StackIndex(depth); kind == '[' && strconv.FormatInt(length, 10) == last {
				arr := dec.StackPointer()
				if length > 0 {
					arr = arr.Parent()
				}
				if arr == parent {
					if dec.SkipValue() != nil {
						return nil, false
					}
					removed = true
					continue
				}
			}
		}
		tok, err := dec.ReadToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		if tok.Kind() == '"' && !removed {
			if _, length := dec.StackIndex(dec.StackDepth()); dec.StackDepth() > 0 && length%2 == 1 {
				if dec.StackPointer() == ptr {
					if dec.SkipValue() != nil {
						return nil, false
					}
					removed = true
					continue
				}
			}
		}
		if enc.WriteToken(tok) != nil {
			return nil, false
		}
	}
	return jsontext.Value(out.Bytes()), removed
}

var errEmptyPayload = errors.New("empty payload")

// DecodeError is the error DecodeEvent returns for a malformed payload of a
// known event. Err is usually a *json.SemanticError (wrong type; its
// JSONPointer locates the field) or a *jsontext.SyntacticError (bad JSON);
// errors.As reaches both through Unwrap.
//
// When Fields is not empty, DecodeEvent still returned the event: the values
// listed (JSON pointers into d, e.g. "/author/id", "/member/roles/2") were
// left out: an object member stays at its zero value, an array element is
// missing from its slice (the other elements are kept, in order), and an
// array that had more than 4 bad elements is left out whole (listed once,
// e.g. "/member/roles"). Everything else was decoded. Err is the first
// failure.
type DecodeError struct {
	Event  string // dispatch name
	Err    error
	Fields []string
}

// Error names the event and the JSON problem.
func (e *DecodeError) Error() string {
	s := "discord: decode " + e.Event + ": " + e.Err.Error()
	if len(e.Fields) > 0 {
		s += " (delivered without " + strings.Join(e.Fields, ", ") + ")"
	}
	return s
}

// Partial reports whether the event was delivered with some fields left out.
func (e *DecodeError) Partial() bool { return len(e.Fields) > 0 }

// Unwrap returns the underlying JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// IsKnownEvent reports whether DecodeEvent has a typed payload for name.
func IsKnownEvent(name string) bool {
	_, ok := eventConstructors[name]
	return ok
}

// GuildEvent is implemented by dispatches that can belong to a guild. Its
// method returns 0 when the particular event has no guild (a DM message, for
// example). Dispatches that never belong to a guild (READY, USER_UPDATE,
// subscriptions) do not implement it.
type GuildEvent interface {
	Event
	EventGuildID() Snowflake
}

// EventGuildID returns the guild a decoded event belongs to, or 0. Use it to
// order events per guild; use DispatchGuildID to do the same before decoding.
func EventGuildID(e Event) Snowflake {
	if g, ok := e.(GuildEvent); ok {
		return g.EventGuildID()
	}
	return 0
}

// DispatchGuildID returns the guild of a raw dispatch without decoding it: the
// top-level "id" of GUILD_CREATE/GUILD_UPDATE/GUILD_DELETE, "meta.guild_id"
// of RATE_LIMITED, the top-level "guild_id" of any other event, or 0 when
// absent, null or unreadable. It scans only the top level of d, up to the key,
// skipping nested values without allocating, so a dispatcher can route a
// GUILD_CREATE of several megabytes cheaply; it does not validate the rest of
// d (DecodeEvent does). It agrees with EventGuildID on the decoded event.
func DispatchGuildID(name string, d []byte) Snowflake {
	key := "guild_id"
	switch name {
	case EventGuildCreate, EventGuildUpdate, EventGuildDelete:
		key = "id"
	case EventRateLimited:
		d = topLevelValue(d, "meta")
	}
	v := topLevelValue(d, key)
	if len(v) >= 2 && v[0] == '"' {
		v = v[1 : len(v)-1]
	}
	n, err := parseDigits(v)
	if err != nil {
		return 0
	}
	return Snowflake(n)
}

// topLevelValue returns the raw value of key among the top-level members of
// the JSON object d, or nil.
func topLevelValue(d []byte, key string) []byte {
	var v [1][]byte
	topLevelValues(d, []string{key}, v[:])
	return v[0]
}

// topLevelValues sets vals[i] to the raw value of keys[i] among the top-level
// members of the JSON object d (nil when absent), in one pass that stops once
// every key was found. Nested values are skipped without allocating.
func topLevelValues(d []byte, keys []string, vals [][]byte) {
	found := 0
	sc := scanner{b: d}
	sc.ws()
	if !sc.eat('{') {
		return
	}
	sc.ws()
	if sc.eat('}') {
		return
	}
	for {
		sc.ws()
		k, ok := sc.str()
		if !ok {
			return
		}
		sc.ws()
		if !sc.eat(':') {
			return
		}
		sc.ws()
		start := sc.i
		if !sc.skipValue(0) {
			return
		}
		for i, key := range keys {
			if vals[i] == nil && string(k) == key {
				vals[i] = d[start:sc.i]
				if found++; found == len(keys) {
					return
				}
			}
		}
		sc.ws()
		if !sc.eat(',') {
			return
		}
	}
}

// nullableID returns the ID or 0 for absent/null.
func nullableID(n Nullable[Snowflake]) Snowflake {
	id, _ := n.Get()
	return id
}

// MarshalJSONTo writes the event's raw payload unchanged (null when empty), so
// an unknown event encodes as the d it came from, like every typed event.
func (e *UnknownEvent) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(e.Raw) == 0 {
		return enc.WriteToken(jsontext.Null)
	}
	return enc.WriteValue(e.Raw)
}
