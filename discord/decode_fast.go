package discord

import (
	"bytes"
	"errors"
	"io"
	"reflect"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Hand-written decoding helpers for the hottest dispatch, MESSAGE_CREATE
// (see message_fast.go). json v2's reflection-based struct decoding spends
// most of its time per field on arshaler lookup and option handling; these
// helpers walk the tokens with jsontext.Decoder and decode the common field
// types directly. Anything unusual (a JSON kind the fast path does not
// expect, null where a value is usual, rare fields) is handed to
// json.UnmarshalDecode on the same decoder, so accepted input, results and
// errors stay those of the generic path: TestFastDecodeMatchesGeneric checks
// that. Errors from the fast paths are *json.SemanticError values carrying
// the JSON pointer of the offending value (e.g. "/author/id"), as json v2
// would report them.
//
// These are functions, not UnmarshalJSONFrom methods on User, Member or
// Message, on purpose: those types are embedded in others (UserMention,
// GuildMemberAdd, MessageUpdate, ...) whose decoding must not be replaced by
// a promoted method.

// fieldError gives err the JSON pointer of the value just read and the Go
// type t, unless it already is a semantic error (which json v2 has located)
// or a syntax or I/O error (which json v2 passes on unchanged).
func fieldError(dec *jsontext.Decoder, t reflect.Type, err error) error {
	if err == nil {
		return nil
	}
	var se *json.SemanticError
	var syn *jsontext.SyntacticError
	if errors.As(err, &se) && se.JSONPointer == "" {
		c := *se
		c.JSONPointer = dec.StackPointer()
		return &c
	}
	if se != nil || errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return err
	}
	return &json.SemanticError{JSONPointer: dec.StackPointer(), GoType: t, Err: err}
}

// readName reads an object member name. The returned bytes are only valid
// until the next read; a name with escapes is unquoted into a new slice.
// raw is the name as it appears in the input (quotes included), which is
// what json v2 copies into an unknown-keys catch-all.
func readName(dec *jsontext.Decoder) (name, raw []byte, err error) {
	raw, err = dec.ReadValue()
	if err != nil {
		return nil, nil, err
	}
	name = raw[1 : len(raw)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name, err = jsontext.AppendUnquote(nil, raw)
	}
	return name, raw, err
}

// addExtra appends the member rawName:value (read next from dec) to the
// JSON object in *extra, exactly as json v2's ",embed" catch-all does.
func addExtra(dec *jsontext.Decoder, extra *jsontext.Value, rawName []byte) error {
	b := *extra
	if len(b) == 0 {
		b = append(b, '{')
	} else {
		b = b[:len(b)-1] // the closing '}'
		if c := b[len(b)-1]; c != '{' && c != ',' {
			b = append(b, ',')
		}
	}
	b = append(b, rawName...)
	b = append(b, ':')
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	b = append(b, val...)
	*extra = append(b, '}')
	return nil
}

// readString decodes a JSON string into *s; other kinds (null, errors) go
// to the generic path.
func readString(dec *jsontext.Decoder, s *string) error {
	if dec.PeekKind() != '"' {
		return json.UnmarshalDecode(dec, s)
	}
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if bytes.IndexByte(v, '\\') < 0 {
		*s = string(v[1 : len(v)-1])
		return nil
	}
	b, err := jsontext.AppendUnquote(nil, v)
	if err != nil {
		return err
	}
	*s = string(b)
	return nil
}

// readNullableString decodes null or a JSON string into *n.
func readNullableString(dec *jsontext.Decoder, n *Nullable[string]) error {
	switch dec.PeekKind() {
	case 'n':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		*n = Null[string]()
		return nil
	case '"':
		var s string
		if err := readString(dec, &s); err != nil {
			return err
		}
		*n = NonNull(s)
		return nil
	}
	return fieldError(dec, reflect.TypeFor[Nullable[string]](), n.UnmarshalJSONFrom(dec))
}

// readBool decodes true or false into *b; other kinds go to the generic path.
func readBool(dec *jsontext.Decoder, b *bool) error {
	if k := dec.PeekKind(); k != 't' && k != 'f' {
		return json.UnmarshalDecode(dec, b)
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	*b = tok.Bool()
	return nil
}

// readSnowflake decodes a Snowflake, locating its error.
func readSnowflake(dec *jsontext.Decoder, s *Snowflake) error {
	return fieldError(dec, reflect.TypeFor[Snowflake](), s.UnmarshalJSONFrom(dec))
}

// readSnowflakes decodes an array of snowflakes; null and other kinds go to
// the generic path ([] gives an empty non-nil slice, as there).
func readSnowflakes(dec *jsontext.Decoder, s *[]Snowflake) error {
	if dec.PeekKind() != '[' {
		return json.UnmarshalDecode(dec, s)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	out := []Snowflake{}
	for dec.PeekKind() != ']' {
		var id Snowflake
		if err := readSnowflake(dec, &id); err != nil {
			return err
		}
		out = append(out, id)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	*s = out
	return nil
}

// unmarshalerFrom is implemented by the Optional, Nullable and scalar
// types whose methods the fast decoders call directly.
type unmarshalerFrom interface {
	UnmarshalJSONFrom(*jsontext.Decoder) error
}

// readMethod decodes into u with its own method, locating a plain error as
// json v2 does for a method's error (t is u's element type).
func readMethod(dec *jsontext.Decoder, u unmarshalerFrom) error {
	err := u.UnmarshalJSONFrom(dec)
	if err == nil {
		return nil
	}
	return fieldError(dec, reflect.TypeOf(u).Elem(), err)
}

// readSlice decodes a JSON array element by element (so that [] costs no
// call into json v2); null and other kinds go to the generic path.
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
