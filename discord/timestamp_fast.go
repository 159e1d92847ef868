package discord

// discordStyleLen is the length of a timestamp in Discord's own style,
// "2021-03-04T05:06:07.890000+00:00" (discordLayout at offset zero).
const discordStyleLen = len("2006-01-02T15:04:05.000000+00:00")

// parseDiscordStyle parses a timestamp written exactly in Discord's own style
// at offset zero, which is how Discord sends nearly all of them, without
// allocating; ok is false for anything else (other precisions, offsets, "Z",
// out-of-range fields, the zero time), which ParseTimestamp handles. Such a
// text is what formatting the time with discordLayout in UTC gives back, so
// the Timestamp need not keep it. us is the time as microseconds since
// 0001-01-01T00:00:00Z (the compact form of Timestamp), never 0.
func parseDiscordStyle[S ~string | ~[]byte](s S) (us int64, ok bool) {
	if len(s) != discordStyleLen || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
		s[16] != ':' || s[19] != '.' || string(s[26:]) != "+00:00" {
		return 0, false
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
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 || micro < 0 {
		return 0, false
	}
	secs := daysSinceYear1(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	us = secs*1_000_000 + int64(micro)
	if us == 0 {
		return 0, false // the zero time: "no time" would encode as null
	}
	return us, true
}

// daysSinceYear1 returns the number of days from 0001-01-01 to the date
// (proleptic Gregorian calendar, year >= 0; negative for year 0). It counts
// in years starting on March 1st, so that the leap day ends a year.
func daysSinceYear1(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	year += 400 // keep it positive for year 0 (January and February fall in year -1)
	era, yoe := year/400, year%400
	doy := (153*((month+9)%12)+2)/5 + day - 1 // day of the year from March 1st
	doe := yoe*365 + yoe/4 - yoe/100 + doy    // day of the 400-year era
	// 0000-03-01 is day 0 of era 0 (era 1 after the shift); 0001-01-01 is
	// 306 days later.
	return int64(era-1)*146097 + int64(doe) - 306
}

func daysIn(month, year int) int {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)%2
}
