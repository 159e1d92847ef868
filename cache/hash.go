package cache

import "encoding/hex"

// imgHash is an image hash (a user's avatar) held as its 16 raw bytes
// rather than 32 hex characters and a string header. Hashes Discord sends are
// 32 lowercase hex digits, "a_"-prefixed when animated; any other text is
// kept beside the record (see userTable.odd) with kind hashOdd.
type imgHash struct {
	b    [16]byte
	kind uint8
}

const (
	hashNone uint8 = iota
	hashStatic
	hashAnimated
	hashOdd
)

func parseHash(s string) imgHash {
	if s == "" {
		return imgHash{}
	}
	h := imgHash{kind: hashStatic}
	hx := s
	if len(s) == 34 && s[:2] == "a_" {
		h.kind, hx = hashAnimated, s[2:]
	}
	if len(hx) != 32 || !lowerHex(hx) {
		return imgHash{kind: hashOdd}
	}
	if _, err := hex.Decode(h.b[:], []byte(hx)); err != nil {
		return imgHash{kind: hashOdd}
	}
	return h
}

// lowerHex reports whether s is lowercase hex, so that formatting the bytes
// gives s back exactly.
func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// text formats the hash; odd hashes are looked up by the caller.
func (h imgHash) text() string {
	switch h.kind {
	case hashStatic:
		return hex.EncodeToString(h.b[:])
	case hashAnimated:
		return "a_" + hex.EncodeToString(h.b[:])
	}
	return ""
}
