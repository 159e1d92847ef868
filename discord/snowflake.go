package discord

import (
	"errors"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Epoch is the Discord epoch, the first millisecond of 2015, in Unix milliseconds.
const Epoch = 1420070400000

// Snowflake is a Discord ID: a 64-bit unsigned integer that encodes its creation
// time. The zero value means "no ID". In JSON it travels as a decimal string;
// decoding also accepts a bare JSON number, which Discord sends when it echoes
// back small IDs a client sent (for example GUILD_MEMBERS_CHUNK.not_found), and
// null, which decodes as zero.
type Snowflake uint64

// ParseSnowflake parses a decimal ID. It rejects empty strings, signs, and values
// that overflow 64 bits.
func ParseSnowflake(s string) (Snowflake, error) {
	if s == "" {
		return 0, errors.New("discord: empty snowflake")
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, errors.New("discord: snowflake " + strconv.Quote(s) + " out of range")
		}
		return 0, errors.New("discord: invalid snowflake " + strconv.Quote(s))
	}
	return Snowflake(v), nil
}

// SnowflakeFromTime returns the smallest snowflake created at t, for use as a
// pagination bound (before/after). Times before the Discord epoch give 0.
func SnowflakeFromTime(t time.Time) Snowflake {
	ms := t.UnixMilli() - Epoch
	if ms <= 0 {
		return 0
	}
	return Snowflake(uint64(ms) << 22)
}

// IsZero reports whether s is unset.
func (s Snowflake) IsZero() bool { return s == 0 }

// String returns the decimal form.
func (s Snowflake) String() string { return strconv.FormatUint(uint64(s), 10) }

// Time returns the creation time encoded in the ID.
func (s Snowflake) Time() time.Time {
	return time.UnixMilli(int64(uint64(s)>>22) + Epoch).UTC()
}

// Worker returns the internal worker ID (bits 17-21).
func (s Snowflake) Worker() uint8 { return uint8((uint64(s) & 0x3E0000) >> 17) }

// Process returns the internal process ID (bits 12-16).
func (s Snowflake) Process() uint8 { return uint8((uint64(s) & 0x1F000) >> 12) }

// Increment returns the per-process increment (bits 0-11).
func (s Snowflake) Increment() uint16 { return uint16(uint64(s) & 0xFFF) }

// AppendText implements encoding.TextAppender.
func (s Snowflake) AppendText(b []byte) ([]byte, error) {
	return strconv.AppendUint(b, uint64(s), 10), nil
}

// MarshalText implements encoding.TextMarshaler (used for map keys).
func (s Snowflake) MarshalText() ([]byte, error) { return s.AppendText(nil) }

// UnmarshalText implements encoding.TextUnmarshaler (used for map keys).
func (s *Snowflake) UnmarshalText(b []byte) error {
	v, err := ParseSnowflake(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalJSONTo writes the ID as a JSON string without allocating.
func (s Snowflake) MarshalJSONTo(enc *jsontext.Encoder) error {
	var buf [24]byte
	b := append(buf[:0], '"')
	b = strconv.AppendUint(b, uint64(s), 10)
	b = append(b, '"')
	return enc.WriteValue(jsontext.Value(b))
}

// UnmarshalJSONFrom reads a JSON string, number or null.
func (s *Snowflake) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	switch v.Kind() {
	case 'n':
		*s = 0
		return nil
	case '"':
		raw := v[1 : len(v)-1]
		if len(raw) == 0 {
			*s = 0 // Discord occasionally sends "" for an absent id
			return nil
		}
		n, err := parseDigits(raw)
		if err != nil {
			return errors.New("discord: invalid snowflake " + string(v) + ": " + err.Error())
		}
		*s = Snowflake(n)
		return nil
	case '0':
		n, err := parseDigits(v)
		if err != nil {
			return errors.New("discord: invalid snowflake " + string(v) + ": " + err.Error())
		}
		*s = Snowflake(n)
		return nil
	default:
		return errors.New("discord: snowflake must be a string or number, got " + v.Kind().String())
	}
}

// parseDigits parses ASCII decimal digits into a uint64 without allocating.
func parseDigits(b []byte) (uint64, error) {
	if len(b) == 0 || len(b) > 20 {
		return 0, errors.New("not a 64-bit decimal")
	}
	var n uint64
	if len(b) < 20 { // below 10^19 < 2^64: no overflow check per digit
		for _, c := range b {
			if c-'0' > 9 {
				return 0, errors.New("not a decimal")
			}
			n = n*10 + uint64(c-'0')
		}
		return n, nil
	}
	for _, c := range b {
		if c-'0' > 9 {
			return 0, errors.New("not a decimal")
		}
		d := uint64(c - '0')
		if n > (1<<64-1-d)/10 {
			return 0, errors.New("out of range")
		}
		n = n*10 + d
	}
	return n, nil
}
