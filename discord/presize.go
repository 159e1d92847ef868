package discord

// Large dispatches (GUILD_CREATE, GUILD_MEMBERS_CHUNK) carry arrays of
// thousands of big structs. Decoding appends element by element, so the
// slice is regrown and copied many times; for a 2.7 MB GUILD_CREATE that was
// three quarters of the allocated memory. DecodeEvent therefore first counts
// the elements of the large arrays with the allocation-free scanner and
// allocates each slice once (json v2 appends into the existing capacity).
// Decoding these events with json.Unmarshal directly works too, just without
// the pre-sizing. (GUILD_CREATE's own decoder, guild_create_fast.go, sizes
// its large slices itself.)

// presizer is implemented by events with large arrays. DecodeEvent calls it
// with the raw payload before decoding into the event.
type presizer interface {
	presize(d []byte)
}

// presize allocates the member and presence slices once.
func (c *GuildMembersChunk) presize(d []byte) {
	var arrays [2][]byte
	fastTopLevelValues(d, []string{"members", "presences"}, arrays[:])
	presizeSlice(arrays[0], 64, &c.Members)
	presizeSlice(arrays[1], 32, &c.Presences)
}

// presizeMin is the array length below which pre-sizing is not worth it.
const presizeMin = 64

// presizeSlice gives *s capacity for the elements of the JSON array arr, when
// it is large. The count is capped at one element per minBytes of input (no
// real member, presence or channel object is that small), so malformed input
// cannot make it allocate much more than the decoder itself would; the
// decoder reports what is wrong with it.
func presizeSlice[T any](arr []byte, minBytes int, s *[]T) {
	n := countArray(arr)
	if limit := len(arr) / minBytes; n > limit {
		n = limit
	}
	if n >= presizeMin {
		*s = make([]T, 0, n)
	}
}

// countArray returns the number of elements of the JSON array arr, or 0 when
// its top level is malformed. It checks the array's own structure (values
// separated by commas) but not the contents of the elements, which it skips by
// bracket depth and by jumping over strings; that makes it a few times faster
// than a validating scan.
func countArray(arr []byte) int {
	if len(arr) < 2 || arr[0] != '[' {
		return 0
	}
	n, depth, expect := 0, 1, true // expect: a value is expected at depth 1
	for i := 1; i < len(arr); i++ {
		switch c := arr[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			for i++; i < len(arr) && arr[i] != '"'; i++ {
				if arr[i] == '\\' {
					i++
				}
			}
			if i >= len(arr) {
				return 0
			}
			if depth == 1 {
				if !expect {
					return 0
				}
				n, expect = n+1, false
			}
		case '{', '[':
			if depth == 1 {
				if !expect {
					return 0
				}
				n, expect = n+1, false
			}
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				if c != ']' || (expect && n > 0) || presizeSpace(arr, i+1) != len(arr) {
					return 0
				}
				return n
			}
		case ',':
			if depth == 1 {
				if expect {
					return 0
				}
				expect = true
			}
		default: // part of a number or literal
			if depth == 1 {
				switch {
				case expect:
					n, expect = n+1, false
				case arr[i-1] == ' ' || arr[i-1] == '\t' || arr[i-1] == '\n' || arr[i-1] == '\r':
					return 0 // a second value without a comma
				}
			}
		}
	}
	return 0
}

// fastTopLevelValues is topLevelValues without validation: it finds the keys
// of the top-level object d in one pass, skipping values by bracket depth and
// jumping over strings. Used only to size slices; malformed input yields nil
// or a wrong (in-bounds) slice, which countArray then rejects or the decoder
// reports.
func fastTopLevelValues(d []byte, keys []string, vals [][]byte) {
	i := presizeSpace(d, 0)
	if i >= len(d) || d[i] != '{' {
		return
	}
	found := 0
	for i++; ; {
		i = presizeSpace(d, i)
		if i >= len(d) || d[i] != '"' {
			return
		}
		kEnd := presizeString(d, i)
		if kEnd < 0 {
			return
		}
		key := d[i+1 : kEnd-1]
		i = presizeSpace(d, kEnd)
		if i >= len(d) || d[i] != ':' {
			return
		}
		i = presizeSpace(d, i+1)
		end := presizeSkip(d, i)
		if end < 0 {
			return
		}
		for k, want := range keys {
			if vals[k] == nil && string(key) == want {
				vals[k] = d[i:end]
				if found++; found == len(keys) {
					return
				}
			}
		}
		i = presizeSpace(d, end)
		if i >= len(d) || d[i] != ',' {
			return
		}
		i++
	}
}

func presizeSpace(d []byte, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
		i++
	}
	return i
}

// presizeString returns the index after the string starting at d[i], or -1.
func presizeString(d []byte, i int) int {
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// presizeSkip returns the index after the value starting at d[i], or -1.
func presizeSkip(d []byte, i int) int {
	if i >= len(d) {
		return -1
	}
	switch d[i] {
	case '"':
		return presizeString(d, i)
	case '{', '[':
		depth := 0
		for ; i < len(d); i++ {
			switch d[i] {
			case '"':
				j := presizeString(d, i)
				if j < 0 {
					return -1
				}
				i = j - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	default:
		for i < len(d) && d[i] != ',' && d[i] != '}' && d[i] != ']' &&
			d[i] != ' ' && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' {
			i++
		}
		return i
	}
}
