package natsbroker

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The stream's message formats (the subject is <prefix>.<partition>.<EVENT>
// for all three):
//
//   - plain: one event; the data is the event's raw d and Nats-Msg-Id is
//     <shard>/<session>/<seq> (or, from other producers, no id and the
//     Scurry-Shard and Scurry-Seq headers).
//
//   - batch (HeaderBatch): several events of one partition and one event
//     name, in order; the header's value is their count. The data is a
//     sequence of records, each a line
//
//     <shard>/<session>/<seq> <length>\n
//
//     followed by <length> bytes of the event's raw d.
//
//   - part (HeaderPart = "<i>/<k>", 1 <= i <= k, 2 <= k <= 65536): one of the k
//     consecutive slices of an event whose raw d does not fit one message
//     (the server's max_payload). The data is slice i; the event's raw d is
//     the concatenation of parts 1..k, at most MaxEventBytes. Nats-Msg-Id is
//     <shard>/<session>/<seq>/<i>/<k> (unique per part, the same each time
//     the same split of the event is published, so JetStream's duplicate
//     window drops a part published again). The publisher sends the k parts
//     of an event consecutively in one flight, but messages of other
//     producers may come between them in the partition, and redelivered parts may
//     come in any order; a part 1 stored again (a new publish of the event)
//     starts the event over. Other producers may send parts without an id,
//     with Scurry-Shard and Scurry-Seq. DecodeMessage refuses a part with an
//     error wrapping ErrPartial; DecodePart reads it.
const (
	HeaderBatch = "Scurry-Batch"
	HeaderPart  = "Scurry-Part"
)

// MaxEventBytes bounds the raw d of an event sent in parts: Discord's
// gateway messages are at most 64 MiB (gateway.DefaultMaxMessageSize).
const MaxEventBytes = 64 << 20

// maxParts bounds k in a Scurry-Part header: never trust it to size memory.
const maxParts = 1 << 16

// ErrPartial is wrapped by DecodeMessage's error for a message that carries
// one part of an event (HeaderPart): read it with DecodePart and join the
// parts.
var ErrPartial = errors.New("natsbroker: message carries one part of an event")

// StreamPart is one part of an event split over several messages: the event
// (Raw holds this part's slice of its data, aliasing the message's data),
// the part's index (1-based) and the count of parts.
type StreamPart struct {
	StreamEvent
	Index, Count int
}

// DecodePart reads a part message (HeaderPart; see HeaderBatch's comment for
// the format). The error names what is wrong.
func (s *Stream) DecodePart(subject string, h nats.Header, data []byte) (StreamPart, error) {
	_, name, ok := s.partitionOf(subject)
	if !ok {
		return StreamPart{}, fmt.Errorf("subject %q is not <prefix>.<partition>.<EVENT>", subject)
	}
	hv := h.Get(HeaderPart)
	i, k, ok := parsePart(hv)
	if !ok {
		return StreamPart{}, fmt.Errorf("bad %s header %q (want i/k, 1 <= i <= k, 2 <= k <= %d)", HeaderPart, hv, maxParts)
	}
	p := StreamPart{StreamEvent: StreamEvent{Name: name, Raw: data}, Index: i, Count: k}
	id := h.Get(jetstream.MsgIDHeader)
	if id == "" {
		var err error
		p.Shard, err = strconv.Atoi(h.Get(HeaderShard))
		if err != nil || p.Shard < 0 {
			return StreamPart{}, fmt.Errorf("bad %s header %q", HeaderShard, h.Get(HeaderShard))
		}
		p.Seq, err = strconv.ParseInt(h.Get(HeaderSeq), 10, 64)
		if err != nil || p.Seq < 0 {
			return StreamPart{}, fmt.Errorf("bad %s header %q", HeaderSeq, h.Get(HeaderSeq))
		}
		return p, nil
	}
	base, found := strings.CutSuffix(id, "/"+hv)
	if !found {
		return StreamPart{}, fmt.Errorf("%s %q does not end with /%s", jetstream.MsgIDHeader, id, hv)
	}
	if p.Shard, p.Session, p.Seq, ok = parseMsgIDSession(base); !ok {
		return StreamPart{}, fmt.Errorf("bad %s header %q (want shard/session/seq/i/k)", jetstream.MsgIDHeader, id)
	}
	return p, nil
}

// parsePart reads a Scurry-Part value i/k.
func parsePart(v string) (i, k int, ok bool) {
	a, b, found := strings.Cut(v, "/")
	if !found {
		return 0, 0, false
	}
	i64, ok1 := parseDecimal([]byte(a))
	k64, ok2 := parseDecimal([]byte(b))
	if !ok1 || !ok2 || k64 < 2 || k64 > maxParts || i64 < 1 || i64 > k64 {
		return 0, 0, false
	}
	return int(i64), int(k64), true
}

// partValue is a Scurry-Part value.
func partValue(i, k int) string { return strconv.Itoa(i) + "/" + strconv.Itoa(k) }

// StreamEvent is one event read from a message of the stream.
type StreamEvent struct {
	Shard   int
	Session string // empty for messages that carry the shard and sequence in Scurry-Shard/Scurry-Seq
	Seq     int64
	Name    string
	Raw     []byte // aliases the message's data
}

// DecodeMessage returns the events a message of the stream carries, in
// order: one for a plain message, several for a batch (HeaderBatch). Raw
// aliases data. A part of an event (HeaderPart) is refused with an error
// wrapping ErrPartial: read it with DecodePart. Any other error names what
// is wrong; a message that fails here is skipped by workers (logged with
// its stream sequence), never retried.
func (s *Stream) DecodeMessage(subject string, h nats.Header, data []byte) ([]StreamEvent, error) {
	_, name, ok := s.partitionOf(subject)
	if !ok {
		return nil, fmt.Errorf("subject %q is not <prefix>.<partition>.<EVENT>", subject)
	}
	if v := h.Get(HeaderPart); v != "" {
		return nil, fmt.Errorf("%w (%s: %s)", ErrPartial, HeaderPart, v)
	}
	if n := h.Get(HeaderBatch); n != "" {
		count, err := strconv.Atoi(n)
		if err != nil || count < 1 {
			return nil, fmt.Errorf("bad %s header %q", HeaderBatch, n)
		}
		return decodeBatch(name, count, data)
	}
	var ev StreamEvent
	ev.Name, ev.Raw = name, data
	if id := h.Get(jetstream.MsgIDHeader); id != "" {
		if ev.Shard, ev.Session, ev.Seq, ok = parseMsgIDSession(id); !ok {
			return nil, fmt.Errorf("bad %s header %q (want shard/session/seq)", jetstream.MsgIDHeader, id)
		}
	} else {
		var err error
		ev.Shard, err = strconv.Atoi(h.Get(HeaderShard))
		if err != nil || ev.Shard < 0 {
			return nil, fmt.Errorf("bad %s header %q", HeaderShard, h.Get(HeaderShard))
		}
		ev.Seq, err = strconv.ParseInt(h.Get(HeaderSeq), 10, 64)
		if err != nil || ev.Seq < 0 {
			return nil, fmt.Errorf("bad %s header %q", HeaderSeq, h.Get(HeaderSeq))
		}
	}
	return []StreamEvent{ev}, nil
}

// decodeBatch splits a batch's data into its count records.
func decodeBatch(name string, count int, data []byte) ([]StreamEvent, error) {
	if count > len(data)/4+1 { // a record takes at least "0//0 0\n": never trust the header's count to size memory
		return nil, fmt.Errorf("batch header says %d events in %d bytes", count, len(data))
	}
	out := make([]StreamEvent, 0, count)
	var session string // the last session seen: a batch's records mostly share one
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			return nil, fmt.Errorf("record %d: no header line", len(out))
		}
		line := data[:nl]
		sp := bytes.LastIndexByte(line, ' ')
		s1 := bytes.IndexByte(line, '/')
		s2 := bytes.LastIndexByte(line[:max(sp, 0)], '/')
		if sp < 0 || s1 < 0 || s2 <= s1 {
			return nil, fmt.Errorf("record %d: header %q is not \"shard/session/seq length\"", len(out), line)
		}
		shard, ok1 := parseDecimal(line[:s1])
		seq, ok2 := parseDecimal(line[s2+1 : sp])
		n, ok3 := parseDecimal(line[sp+1:])
		if !ok1 || !ok2 || shard > 1<<31 {
			return nil, fmt.Errorf("record %d: bad id %q (want shard/session/seq)", len(out), line[:sp])
		}
		if !ok3 || n > int64(len(data)-nl-1) {
			return nil, fmt.Errorf("record %d: bad length %q (%d bytes left)", len(out), line[sp+1:], len(data)-nl-1)
		}
		if sb := line[s1+1 : s2]; string(sb) != session { // no allocation to compare
			session = string(sb)
		}
		end := nl + 1 + int(n)
		out = append(out, StreamEvent{Shard: int(shard), Session: session, Seq: seq, Name: name, Raw: data[nl+1 : end : end]})
		data = data[end:]
	}
	if len(out) != count {
		return nil, fmt.Errorf("batch header says %d events, data holds %d", count, len(out))
	}
	return out, nil
}

// parseDecimal reads a non-negative decimal of at most 18 digits (no sign,
// no allocation).
func parseDecimal(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// appendRecord appends one record of a batch.
func appendRecord(b []byte, shard int, session string, seq int64, raw []byte) []byte {
	b = strconv.AppendInt(b, int64(shard), 10)
	b = append(b, '/')
	b = append(b, session...)
	b = append(b, '/')
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(raw)), 10)
	b = append(b, '\n')
	return append(b, raw...)
}

// batchable reports whether a session id can go into a record's header line
// (Discord's are hex; anything else goes into plain messages).
func batchable(session string) bool {
	return !strings.ContainsAny(session, " \n")
}

// parseMsgIDSession reads shard/session/seq (the session may hold '/').
func parseMsgIDSession(id string) (shard int, session string, seq int64, ok bool) {
	head, _, found := strings.Cut(id, "/")
	i := strings.LastIndexByte(id, '/')
	if !found || i <= len(head) {
		return 0, "", 0, false
	}
	shard, err := strconv.Atoi(head)
	if err != nil || shard < 0 {
		return 0, "", 0, false
	}
	seq, err = strconv.ParseInt(id[i+1:], 10, 64)
	if err != nil || seq < 0 {
		return 0, "", 0, false
	}
	return shard, id[len(head)+1 : i], seq, true
}
