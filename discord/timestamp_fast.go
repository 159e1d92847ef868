package discord

import "time"

// discordStyleLen is the length of a timestamp in Discord's own style,
// "2021-03-04T05:06:07.890000+00:00" (discordLayout at offset zero).
const discordStyleLen = len("2006-01-02T15:04:05.000000+00:00")

// parseDiscordStyle parses a timestamp written exactly in Discord's own style
// at offset zero, which is how Discord sends nearly all of them, without
// allocating; ok is false for anything else (other precisions, offsets, "Z",
// out-of-range fields), which ParseTimestamp handles. Such a text is what
// formatting the time with discordLayout gives back, so the Timestamp need not
// keep it. The time is the one time.Parse returns for the text: in UTC,
// carried by time.Local when Local is at offset zero at that instant, else by
// the unnamed zero-offset zone.
func parseDiscordStyle[S ~string | ~[]byte](s S) (time.Time, bool) {
	if len(s) != discordStyleLen || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
		s[16] != ':' || s[19] != '.' || string(s[26:]) != "+00:00" {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec, micro := num(11, 2), num(14, 2), num(17, 2), num(20, 6)
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 || micro < 0 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC)
	if t.IsZero() {
		return time.Time{}, false // "no time" would encode as null
	}
	if _, off := t.In(time.Local).Zone(); off == 0 {
		return t.In(time.Local), true
	}
	return t.In(time.FixedZone("", 0)), true // cached by package time: no allocation
}

func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + int((m+m/8)%2)
}
