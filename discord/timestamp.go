package discord

import (
	"errors"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Timestamp is an ISO 8601 time as Discord sends it. A decode/encode round trip
// is byte-exact whatever the precision or offset style
// ("2021-01-01T00:00:00+00:00", "2021-01-01T00:00:00.123456+00:00",
// "2025-08-20T17:01:50.099204" without an offset, which is read as UTC). The
// zero value is "no time" and encodes as null. Timestamps built with
// NewTimestamp encode in Discord's own style.
//
// It is 16 bytes: a member list carries three per member. Text in Discord's
// own style (six fractional digits, "+00:00", the style of nearly every
// timestamp Discord sends) is what formatting its time gives back, so only
// the instant is stored, as microseconds in an int64, and decoding it costs
// no allocation. Text in any other style is kept as it came, with its parsed
// time, behind a pointer; so is a time given to NewTimestamp that
// microseconds in UTC cannot give back exactly. Compare timestamps with
// Equal: == compares these representations, not instants.
type Timestamp struct {
	us int64          // µs since 0001-01-01T00:00:00Z; with x nil, 0 is "no time"
	x  *timestampText // nil in the compact form
}

// timestampText is a timestamp that the compact form cannot hold.
type timestampText struct {
	t   time.Time
	raw string // original text; empty when built from a time.Time
}

// unixToYear1Micros is the number of microseconds from 0001-01-01T00:00:00Z
// to the Unix epoch.
const unixToYear1Micros = 62135596800 * 1_000_000

// NewTimestamp wraps t; Time gives t back (the zero time, in whatever
// location, gives the zero Timestamp).
func NewTimestamp(t time.Time) Timestamp {
	if t.IsZero() {
		return Timestamp{}
	}
	// In UTC, whole microseconds and no monotonic reading: what the compact
	// form gives back is t itself (== holds).
	if t.Location() == time.UTC && t.Nanosecond()%1000 == 0 && t == t.Round(0) {
		return Timestamp{us: t.UnixMicro() + unixToYear1Micros}
	}
	return Timestamp{x: &timestampText{t: t}}
}

// Time returns the time: in UTC unless the text carried another offset or
// the Timestamp was built from a time in another location.
func (ts Timestamp) Time() time.Time {
	if ts.x != nil {
		return ts.x.t
	}
	if ts.us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(ts.us - unixToYear1Micros).UTC()
}

// IsZero reports whether no time is set.
func (ts Timestamp) IsZero() bool { return ts.x == nil && ts.us == 0 }

// String returns the wire text.
func (ts Timestamp) String() string {
	switch {
	case ts.x != nil && ts.x.raw != "":
		return ts.x.raw
	case ts.IsZero():
		return ""
	}
	return ts.Time().Format(discordLayout)
}

// Equal reports whether two timestamps denote the same instant.
func (ts Timestamp) Equal(o Timestamp) bool {
	if ts.x == nil && o.x == nil {
		return ts.us == o.us
	}
	return ts.Time().Equal(o.Time())
}

const discordLayout = "2006-01-02T15:04:05.000000-07:00"

var layouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
}

// ParseTimestamp parses the text forms Discord uses.
func ParseTimestamp(s string) (Timestamp, error) {
	if us, ok := parseDiscordStyle(s); ok {
		return Timestamp{us: us}, nil // String gives s back
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return Timestamp{x: &timestampText{t: t, raw: s}}, nil
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
