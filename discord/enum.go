package discord

import "strconv"

// enumString names v from a table indexed by value, falling back to
// "Type(v)" for values this version does not know. Unknown values are kept
// as-is by every enum type, so they survive a decode/encode round trip.
func enumString(typ string, names []string, v int) string {
	if v >= 0 && v < len(names) && names[v] != "" {
		return names[v]
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}
