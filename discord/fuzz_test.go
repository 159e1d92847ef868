package discord

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The fuzz targets check that decoding never panics and that whatever decodes
// also re-encodes, and re-decodes to the same encoding (a fixed point).
// Seeds: testdata/fuzz/<Target>/ (committed) plus the event payloads.

func addEventSeeds(f *testing.F, envelope bool) {
	for i, name := range EventNames {
		d, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		if envelope {
			f.Add(AppendDispatch(nil, int64(i+1), name, d))
		} else {
			f.Add(uint8(i), d)
		}
	}
}

// fuzzEventName maps a fuzzed byte to a dispatch name: every known name, plus
// one unknown name.
func fuzzEventName(i uint8) string {
	n := int(i) % (len(EventNames) + 1)
	if n == len(EventNames) {
		return "SOME_FUTURE_EVENT"
	}
	return EventNames[n]
}

func FuzzScanPayload(f *testing.F) {
	addEventSeeds(f, true)
	f.Add([]byte(`{"op":10,"d":{"heartbeat_interval":41250}}`))
	f.Add([]byte(`{"op":9,"d":false,"s":null,"t":null}`))
	f.Fuzz(func(t *testing.T, frame []byte) {
		p, err := ScanPayload(frame)
		if err != nil {
			return
		}
		if p.S < 0 {
			t.Fatalf("negative sequence %d", p.S)
		}
		if len(p.D) > 0 && !bytes.Contains(frame, p.D) {
			t.Fatal("d is not a slice of the frame")
		}
		// A scanned envelope with a known dispatch name decodes or errors.
		if p.Op == OpDispatch && p.T != "" && len(p.D) > 0 {
			_, _ = DecodeEvent(p.T, p.D)
		}
	})
}

func FuzzDecodeEvent(f *testing.F) {
	addEventSeeds(f, false)
	f.Fuzz(func(t *testing.T, which uint8, d []byte) {
		name := fuzzEventName(which)
		e, err := DecodeEvent(name, d)
		if err != nil {
			return
		}
		out, err := json.Marshal(e)
		if err != nil {
			// Only values that cannot be written back may fail (e.g. an
			// invalid UTF-8 string kept raw); the decode itself succeeded.
			return
		}
		e2, err := DecodeEvent(name, out)
		if err != nil {
			t.Fatalf("re-decoding own output failed: %v\n%s", err, out)
		}
		out2, err := json.Marshal(e2)
		if err != nil {
			t.Fatalf("re-encoding failed: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("encoding is not a fixed point:\n%s\n%s", out, out2)
		}
		_ = DispatchGuildID(name, d)
	})
}

func FuzzSnowflake(f *testing.F) {
	for _, s := range []string{`"0"`, `"1"`, `"18446744073709551615"`, `"18446744073709551616"`,
		`123`, `null`, `""`, `"-1"`, `"1e3"`, `true`, `"007"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Snowflake
		if err := json.Unmarshal(b, &s); err != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var s2 Snowflake
		if err := json.Unmarshal(out, &s2); err != nil || s2 != s {
			t.Fatalf("%s -> %s -> %d (%v)", b, out, s2, err)
		}
		if p, err := ParseSnowflake(s.String()); err != nil || p != s {
			t.Fatalf("ParseSnowflake(%q) = %d, %v", s.String(), p, err)
		}
	})
}

func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{`"2021-01-01T00:00:00+00:00"`, `"2021-01-01T00:00:00.123456+00:00"`,
		`"2025-08-20T17:01:50.099204"`, `"2021-01-01T00:00:00Z"`, `null`, `"2021-13-01T00:00:00Z"`, `5`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ts Timestamp
		if err := json.Unmarshal(b, &ts); err != nil {
			return
		}
		out, err := json.Marshal(ts)
		if err != nil {
			t.Fatal(err)
		}
		var ts2 Timestamp
		if err := json.Unmarshal(out, &ts2); err != nil {
			t.Fatalf("%s -> %s: %v", b, out, err)
		}
		if ts2.String() != ts.String() || !ts2.Equal(ts) {
			t.Fatalf("%s -> %s: not a round trip", b, out)
		}
	})
}

// FuzzCountArray checks the pre-sizing counter against the real decoder: on a
// valid array it must count exactly; on anything else it must not panic.
func FuzzCountArray(f *testing.F) {
	for _, s := range []string{`[]`, `[1,2]`, `[{"a":"]"},[[]],"\"",null]`, `[1 2]`, `[{}{}]`, `["\\"]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n := countArray(b)
		var v []jsontext.Value
		if err := json.Unmarshal(b, &v); err == nil && bytes.HasPrefix(b, []byte("[")) && n != len(v) {
			t.Fatalf("countArray(%s) = %d, want %d", b, n, len(v))
		}
		var vals [2][]byte
		fastTopLevelValues(b, []string{"members", "presences"}, vals[:])
	})
}

// FuzzParseDigits checks the snowflake digit parser against strconv on
// inputs of up to 20 bytes (longer ones it refuses).
func FuzzParseDigits(f *testing.F) {
	for _, s := range []string{"0", "1", "1234567890123456789", "9999999999999999999", "18446744073709551615",
		"18446744073709551616", "99999999999999999999", "00000000000000000001", "12a", "", "/", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 20 {
			return
		}
		got, err := parseDigits([]byte(s))
		want, werr := strconv.ParseUint(s, 10, 64)
		if (err == nil) != (werr == nil) || got != want && err == nil {
			t.Fatalf("parseDigits(%q) = %d, %v; strconv: %d, %v", s, got, err, want, werr)
		}
	})
}
