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

// discrim is a user discriminator in two bytes: 0 unset, 1 for "0" (users
// on unique usernames), 2+n for the four digits of n. Discord sends nothing
// else; any other text is kept as unset-but-odd (discrimOdd) and reads back
// as "0".
type discrim uint16

const discrimOdd discrim = 0xFFFF

func parseDiscrim(s string) discrim {
	switch {
	case s == "":
		return 0
	case s == "0":
		return 1
	case len(s) == 4:
		n := 0
		for i := 0; i < 4; i++ {
			if s[i] < '0' || s[i] > '9' {
				return discrimOdd
			}
			n = n*10 + int(s[i]-'0')
		}
		return discrim(2 + n)
	}
	return discrimOdd
}

func (d discrim) text() string {
	switch {
	case d == 0:
		return ""
	case d == 1 || d == discrimOdd:
		return "0"
	}
	n := int(d) - 2
	return string([]byte{byte('0' + n/1000), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}
