package discord

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// Payload is the gateway envelope {op, d, s, t}. D stays raw until its type is
// known. S is 0 when the wire value is null or absent (Discord's sequence
// numbers start at 1); T is "" when null or absent.
type Payload struct {
	Op Opcode         `json:"op"`
	D  jsontext.Value `json:"d"`
	S  int64          `json:"s"`
	T  string         `json:"t"`
}

// ErrBadPayload is wrapped by every error ScanPayload returns.
var ErrBadPayload = errors.New("discord: malformed gateway payload")

// ScanPayload reads op, s and t from one gateway frame without decoding d. The
// returned D aliases frame: copy it if frame is reused. The scan checks the
// envelope's structure (an object with an integer op, and d a complete JSON
// value); d's own contents are checked when it is decoded. It never panics on
// any input and does not allocate on well-formed frames.
func ScanPayload(frame []byte) (Payload, error) {
	var p Payload
	sc := scanner{b: frame}
	sc.ws()
	if !sc.eat('{') {
		return p, sc.fail("expected object")
	}
	sawOp := false
	sc.ws()
	if sc.eat('}') {
		return p, sc.fail("missing op")
	}
	for {
		sc.ws()
		key, ok := sc.str()
		if !ok {
			return p, sc.fail("expected key")
		}
		sc.ws()
		if !sc.eat(':') {
			return p, sc.fail("expected ':'")
		}
		sc.ws()
		start := sc.i
		if !sc.skipValue(0) {
			return p, sc.fail("bad value for " + strconv.Quote(string(key)))
		}
		val := frame[start:sc.i]
		switch string(key) {
		case "op":
			n, ok := parseInt(val)
			if !ok {
				return p, sc.fail("op must be an integer")
			}
			p.Op, sawOp = Opcode(n), true
		case "s":
			if string(val) != "null" {
				n, ok := parseInt(val)
				if !ok || n < 0 {
					return p, sc.fail("s must be a non-negative integer or null")
				}
				p.S = n
			}
		case "t":
			if string(val) != "null" {
				if len(val) < 2 || val[0] != '"' {
					return p, sc.fail("t must be a string or null")
				}
				t := val[1 : len(val)-1]
				for _, c := range t {
					if c == '\\' {
						return p, sc.fail("t must be a plain event name")
					}
				}
				p.T = internEventName(t)
			}
		case "d":
			p.D = jsontext.Value(val)
		}
		sc.ws()
		if sc.eat(',') {
			continue
		}
		if sc.eat('}') {
			break
		}
		return p, sc.fail("expected ',' or '}'")
	}
	sc.ws()
	if sc.i != len(frame) {
		return p, sc.fail("trailing data")
	}
	if !sawOp {
		return p, sc.fail("missing op")
	}
	return p, nil
}

// AppendPayload appends the JSON encoding of an envelope for sending. d must be
// valid JSON (nil writes null).
func AppendPayload(b []byte, op Opcode, d []byte) []byte {
	b = append(b, `{"op":`...)
	b = strconv.AppendInt(b, int64(op), 10)
	b = append(b, `,"d":`...)
	if len(d) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, d...)
	}
	return append(b, '}')
}

// AppendDispatch appends a full dispatch envelope (op 0 with s and t), as the
// gateway sends it.
func AppendDispatch(b []byte, seq int64, name string, d []byte) []byte {
	b = append(b, `{"op":0,"s":`...)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, `,"t":`...)
	b = strconv.AppendQuote(b, name)
	b = append(b, `,"d":`...)
	if len(d) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, d...)
	}
	return append(b, '}')
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) fail(msg string) error {
	return fmt.Errorf("%w: %s at byte %d", ErrBadPayload, msg, s.i)
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string and returns its raw (still escaped) contents.
func (s *scanner) str() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], true
		case c == '\\':
			s.i += 2
		case c < 0x20:
			return nil, false
		default:
			s.i++
		}
	}
	return nil, false
}

const maxDepth = 10000

// skipValue advances over one JSON value, checking bracket balance.
func (s *scanner) skipValue(depth int) bool {
	if depth > maxDepth || s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, ok := s.str()
		return ok
	case c == '{':
		s.i++
		s.ws()
		if s.eat('}') {
			return true
		}
		for {
			s.ws()
			if _, ok := s.str(); !ok {
				return false
			}
			s.ws()
			if !s.eat(':') {
				return false
			}
			s.ws()
			if !s.skipValue(depth + 1) {
				return false
			}
			s.ws()
			if s.eat(',') {
				continue
			}
			return s.eat('}')
		}
	case c == '[':
		s.i++
		s.ws()
		if s.eat(']') {
			return true
		}
		for {
			s.ws()
			if !s.skipValue(depth + 1) {
				return false
			}
			s.ws()
			if s.eat(',') {
				continue
			}
			return s.eat(']')
		}
	case c == 't':
		return s.lit("true")
	case c == 'f':
		return s.lit("false")
	case c == 'n':
		return s.lit("null")
	case c == '-' || (c >= '0' && c <= '9'):
		start := s.i
		for s.i < len(s.b) {
			c := s.b[s.i]
			if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
				s.i++
				continue
			}
			break
		}
		return s.i > start
	}
	return false
}

func (s *scanner) lit(w string) bool {
	if len(s.b)-s.i >= len(w) && string(s.b[s.i:s.i+len(w)]) == w {
		s.i += len(w)
		return true
	}
	return false
}

func parseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
