package discord

import (
	"strings"
	"testing"
	"time"
)

// TestDiscordStyleMatchesParse: the allocation-free parser accepts exactly
// Discord's style, gives the time time.Parse gives (location included), and
// the timestamp writes the text back unchanged.
func TestDiscordStyleMatchesParse(t *testing.T) {
	for _, s := range []string{
		"2021-03-04T05:06:07.890000+00:00", "2024-02-29T23:59:59.999999+00:00", "1970-01-01T00:00:00.000000+00:00",
		"2023-02-29T00:00:00.000000+00:00", "2021-04-31T00:00:00.000000+00:00", "2021-13-01T00:00:00.000000+00:00",
		"2021-01-01T24:00:00.000000+00:00", "2021-01-01T00:60:00.000000+00:00", "2021-01-01T00:00:60.000000+00:00",
		"2021-01-01T00:00:00.00000a+00:00", "2021-01-01T00:00:00.000000+01:00", "2021-01-01T00:00:00.000000-00:00",
		"2021-01-01t00:00:00.000000+00:00", "2021-01-01T00:00:00.123+00:00", "2021-01-01T00:00:00Z",
		"0001-01-01T00:00:00.000000+00:00", "2000-02-29T12:00:00.000001+00:00", "1900-02-29T12:00:00.000001+00:00",
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
		if fast != want {
			t.Errorf("%s: got %#v, time.Parse gives %#v", s, fast, want)
		}
		ts, err := ParseTimestamp(s)
		if err != nil || ts.String() != s || ts.raw != "" {
			t.Errorf("%s: ParseTimestamp = %q (raw %q), %v", s, ts.String(), ts.raw, err)
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
		if err != nil || fast != want || fast.Format(discordLayout) != s {
			t.Fatalf("%s: got %v, time.Parse gives %v, %v", s, fast, want, err)
		}
	})
}
