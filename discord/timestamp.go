package discord

import (
	"errors"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Timestamp is an ISO 8601 time as Discord sends it. A decode/encode round trip
// is byte-exact whatever the precision or offset style
// ("2021-01-01T00:00:00+00:00", "2021-01-01T00:00:00.123456+00:00",
// "2025-08-20T17:01:50.099204" without an offset, which is read as UTC): text
// in any style but Discord's own (six fractional digits, "+00:00") is kept as
// it came; text in Discord's style is what formatting the time gives back, so
// it is not stored (a member list's join times then cost no allocation). The zero value is "no time" and encodes as null.
// Timestamps built with NewTimestamp encode in Discord's own style.
type Timestamp struct {
	t   time.Time
	raw string // original text; empty when built from a time.Time or in Discord's style
}

// NewTimestamp wraps t.
func NewTimestamp(t time.Time) Timestamp { return Timestamp{t: t} }

// Time returns the time (UTC unless the text carried another offset).
func (ts Timestamp) Time() time.Time { return ts.t }

// IsZero reports whether no time is set.
func (ts Timestamp) IsZero() bool { return ts.t.IsZero() && ts.raw == "" }

// String returns the wire text.
func (ts Timestamp) String() string {
	if ts.raw != "" {
		return ts.raw
	}
	if ts.t.IsZero() {
		return ""
	}
	return ts.t.Format(discordLayout)
}

// Equal reports whether two timestamps denote the same instant.
func (ts Timestamp) Equal(o Timestamp) bool { return ts.t.Equal(o.t) }

const discordLayout = "2006-01-02T15:04:05.000000-07:00"

var layouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
}

// ParseTimestamp parses the text forms Discord uses.
func ParseTimestamp(s string) (Timestamp, error) {
	if t, ok := parseDiscordStyle(s); ok {
		return Timestamp{t: t}, nil // String gives s back
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return Timestamp{t: t, raw: s}, nil
		}
	}
	return Timestamp{}, errors.New("discord: invalid ISO 8601 timestamp " + quoteShort(s))
}

// MarshalJSONTo writes the timestamp, or null for the zero value.
func (ts Timestamp) MarshalJSONTo(enc *jsontext.Encoder) error {
	if ts.IsZero() {
		return enc.WriteToken(jsontext.Null)
	}
	return enc.WriteToken(jsontext.String(ts.String()))
}

// UnmarshalJSONFrom reads a string or null.
func (ts *Timestamp) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		*ts = Timestamp{}
		return nil
	case '"':
		v, err := ParseTimestamp(tok.String())
		if err != nil {
			return err
		}
		*ts = v
		return nil
	default:
		return errors.New("discord: timestamp must be a string, got " + tok.Kind().String())
	}
}

func quoteShort(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return "\"" + s + "\""
}
