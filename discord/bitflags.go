package discord

import (
	"strconv"
	"strings"
)

// flagName names one bit of a flag set.
type flagName struct {
	bit  uint64
	name string
}

// formatFlags renders set bits as "A|B|0x40" (unknown bits in hex), or "0".
func formatFlags(v uint64, names []flagName) string {
	if v == 0 {
		return "0"
	}
	var b strings.Builder
	rest := v
	for _, f := range names {
		if v&f.bit == f.bit && f.bit != 0 {
			if b.Len() > 0 {
				b.WriteByte('|')
			}
			b.WriteString(f.name)
			rest &^= f.bit
		}
	}
	if rest != 0 {
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString("0x")
		b.WriteString(strconv.FormatUint(rest, 16))
	}
	return b.String()
}
