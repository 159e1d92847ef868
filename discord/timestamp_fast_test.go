package discord

import (
	"strings"
	"testing"
	"time"
)

// TestDiscordStyleMatchesParse: the allocation-free parser accepts exactly
// Discord's style and gives the instant time.Parse gives; the timestamp is
// compact, gives that time in UTC and writes the text back unchanged.
func TestDiscordStyleMatchesParse(t *testing.T) {
	for _, s := range []string{
		"2021-03-04T05:06:07.890000+00:00", "2024-02-29T23:59:59.999999+00:00", "1970-01-01T00:00:00.000000+00:00",
		"2023-02-29T00:00:00.000000+00:00", "2021-04-31T00:00:00.000000+00:00", "2021-13-01T00:00:00.000000+00:00",
		"2021-01-01T24:00:00.000000+00:00", "2021-01-01T00:60:00.000000+00:00", "2021-01-01T00:00:60.000000+00:00",
		"2021-01-01T00:00:00.00000a+00:00", "2021-01-01T00:00:00.000000+01:00", "2021-01-01T00:00:00.000000-00:00",
		"2021-01-01t00:00:00.000000+00:00", "2021-01-01T00:00:00.123+00:00", "2021-01-01T00:00:00Z",
		"0001-01-01T00:00:00.000000+00:00", "2000-02-29T12:00:00.000001+00:00", "1900-02-29T12:00:00.000001+00:00",
		"0001-01-01T00:00:00.000001+00:00", "0000-02-29T23:59:59.999999+00:00", "0000-01-01T00:00:00.000000+00:00",
		"0000-03-01T00:00:00.000000+00:00", "9999-12-31T23:59:59.999999+00:00", "1969-12-31T23:59:59.999999+00:00",
		"2100-02-29T00:00:00.000000+00:00", "2400-02-29T00:00:00.000000+00:00", "2024-12-31T00:00:00.000000+00:00",
	} {
		fast, ok := parseDiscordStyle(s)
		want, err := time.Parse(time.RFC3339Nano, s)
		canonical := err == nil && !want.IsZero() && want.Format(discordLayout) == s && strings.HasSuffix(s, "+00:00")
		if ok != canonical {
			t.Errorf("%s: accepted %v, want %v (parse error %v)", s, ok, canonical, err)
			continue
		}
		if !ok {
			continue
		}
		if fast != want.UnixMicro()+unixToYear1Micros {
			t.Errorf("%s: got %d µs, time.Parse gives %v", s, fast, want)
		}
		ts, err := ParseTimestamp(s)
		if err != nil || ts.String() != s || ts.x != nil || ts.Time() != want.UTC() {
			t.Errorf("%s: ParseTimestamp = %q (%v, text kept: %v), %v", s, ts.String(), ts.Time(), ts.x != nil, err)
		}
	}
}

func FuzzDiscordStyle(f *testing.F) {
	f.Add("2021-03-04T05:06:07.890000+00:00")
	f.Add("2021-02-29T05:06:07.890000+00:00")
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseDiscordStyle(s)
		if !ok {
			return
		}
		want, err := time.Parse(time.RFC3339Nano, s)
		got := Timestamp{us: fast}.Time()
		if err != nil || got != want.UTC() || got.Format(discordLayout) != s {
			t.Fatalf("%s: got %v, time.Parse gives %v, %v", s, got, want, err)
		}
	})
}

// TestNewTimestampGivesTimeBack: Time returns the time given to NewTimestamp
// (location, monotonic reading and nanoseconds included); a time in UTC with
// whole microseconds and no monotonic reading takes the compact form, and is
// then equal (==) to the same instant decoded from Discord's text.
func TestNewTimestampGivesTimeBack(t *testing.T) {
	utc := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)
	for _, c := range []struct {
		t       time.Time
		compact bool
	}{
		{utc, true},
		{time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC), true},
		{time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), true},
		{utc.Add(1), false},
		{utc.In(time.FixedZone("X", 3600)), false},
		{utc.In(time.FixedZone("", 0)), false},
		{time.Now(), false},
		{time.Now().UTC(), false}, // monotonic reading
	} {
		ts := NewTimestamp(c.t)
		if got := ts.Time(); got != c.t {
			t.Errorf("%v: Time() = %v", c.t, got)
		}
		if (ts.x == nil) != c.compact || ts.IsZero() {
			t.Errorf("%v: compact %v, zero %v", c.t, ts.x == nil, ts.IsZero())
		}
		if want := c.t.Format(discordLayout); ts.String() != want {
			t.Errorf("%v: String() = %q, want %q", c.t, ts.String(), want)
		}
		if !ts.Equal(NewTimestamp(c.t.Round(0).UTC())) {
			t.Errorf("%v: not Equal to the same instant in UTC", c.t)
		}
	}
	parsed, err := ParseTimestamp("2024-05-06T07:08:09.123456+00:00")
	if err != nil || parsed != NewTimestamp(utc) {
		t.Errorf("parsed %#v, %v; built %#v", parsed, err, NewTimestamp(utc))
	}
	if ts := NewTimestamp(time.Time{}.In(time.FixedZone("X", 3600))); !ts.IsZero() || ts != (Timestamp{}) {
		t.Errorf("zero time: %#v", ts)
	}
}

// TestTimestampKeepsOtherText: text in another style is kept and written
// back as it came, with its parsed time (offset included).
func TestTimestampKeepsOtherText(t *testing.T) {
	for _, s := range []string{"2021-01-01T00:00:00+00:00", "2021-01-01T00:00:00.5Z", "2025-08-20T17:01:50.099204",
		"2021-01-01T01:00:00.000000+01:00", "0001-01-01T00:00:00.000000+00:00", "2021-01-01T00:00:00.123456789+00:00"} {
		ts, err := ParseTimestamp(s)
		want, _ := time.Parse(time.RFC3339Nano, s)
		if want.IsZero() && s[len(s)-1] != '0' {
			want, _ = time.Parse("2006-01-02T15:04:05.999999999", s)
		}
		if err != nil || ts.x == nil || ts.String() != s || !ts.Time().Equal(want) || ts.IsZero() {
			t.Errorf("%s: %q %v (zero %v), %v; want %v", s, ts.String(), ts.Time(), ts.IsZero(), err, want)
		}
		_, off := ts.Time().Zone()
		if _, wantOff := want.Zone(); off != wantOff {
			t.Errorf("%s: offset %d, want %d", s, off, wantOff)
		}
	}
}
