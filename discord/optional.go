package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Optional holds a value that may be absent. The zero value is absent. Tag
// fields of this type `json:",omitzero"` so that an absent value writes no key.
// A JSON null decodes as absent (use Nullable where null means something).
type Optional[T any] struct {
	v   T
	set bool
}

// Some returns a present Optional.
func Some[T any](v T) Optional[T] { return Optional[T]{v: v, set: true} }

// Get returns the value and whether it is present.
func (o Optional[T]) Get() (T, bool) { return o.v, o.set }

// Or returns the value, or def when absent.
func (o Optional[T]) Or(def T) T {
	if o.set {
		return o.v
	}
	return def
}

// IsZero reports whether the value is absent (used by omitzero).
func (o Optional[T]) IsZero() bool { return !o.set }

// MarshalJSONTo encodes the value (absent encodes as null if not omitted).
func (o Optional[T]) MarshalJSONTo(enc *jsontext.Encoder) error {
	if !o.set {
		return enc.WriteToken(jsontext.Null)
	}
	if ok, err := marshalFast(enc, &o.v); ok {
		return err
	}
	return json.MarshalEncode(enc, o.v)
}

// UnmarshalJSONFrom decodes a value; null leaves it absent. The value is
// decoded in place (no temporary); on error the Optional is absent.
func (o *Optional[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*o = Optional[T]{}
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return err
	}
	ok, err := unmarshalFast(dec, &o.v)
	if !ok {
		err = json.UnmarshalDecode(dec, &o.v)
	}
	if err != nil {
		return err
	}
	o.set = true
	return nil
}

// Nullable is a three-state field: absent, explicit null, or a value. The zero
// value is absent. Tag fields `json:",omitzero"`: absent writes no key, null
// writes null. This is what PATCH bodies need: absent leaves a field alone,
// null clears it, a value sets it.
type Nullable[T any] struct {
	v     T
	state nullState
}

type nullState uint8

const (
	nullAbsent nullState = iota
	nullNull
	nullValue
)

// Null returns an explicit null.
func Null[T any]() Nullable[T] { return Nullable[T]{state: nullNull} }

// NonNull returns a Nullable holding v.
func NonNull[T any](v T) Nullable[T] { return Nullable[T]{v: v, state: nullValue} }

// Get returns the value and whether one is present (false for absent and null).
func (n Nullable[T]) Get() (T, bool) { return n.v, n.state == nullValue }

// IsNull reports an explicit null.
func (n Nullable[T]) IsNull() bool { return n.state == nullNull }

// IsSet reports whether the key is present (null or value).
func (n Nullable[T]) IsSet() bool { return n.state != nullAbsent }

// IsZero reports whether the key is absent (used by omitzero).
func (n Nullable[T]) IsZero() bool { return n.state == nullAbsent }

// MarshalJSONTo writes null or the value.
func (n Nullable[T]) MarshalJSONTo(enc *jsontext.Encoder) error {
	if n.state != nullValue {
		return enc.WriteToken(jsontext.Null)
	}
	if ok, err := marshalFast(enc, &n.v); ok {
		return err
	}
	return json.MarshalEncode(enc, n.v)
}

// UnmarshalJSONFrom reads null or a value. The value is decoded in place
// (no temporary); on error the Nullable is absent.
func (n *Nullable[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*n = Nullable[T]{}
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		if err == nil {
			n.state = nullNull
		}
		return err
	}
	ok, err := unmarshalFast(dec, &n.v)
	if !ok {
		err = json.UnmarshalDecode(dec, &n.v)
	}
	if err != nil {
		return err
	}
	n.state = nullValue
	return nil
}
