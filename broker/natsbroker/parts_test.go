package natsbroker

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// payload is n bytes of JSON (a string), different for each tag.
func payload(n int, tag byte) []byte {
	b := bytes.Repeat([]byte{'a' + tag%26}, n)
	b[0], b[n-1] = '"', '"'
	for i := 1; i < n-1; i += 97 {
		b[i] = '0' + byte(i/97%10)
	}
	return b
}

// An event above the limit is cut into k parts of at most limit bytes that
// join into its data, with ids unique per part and the same when cut again;
// only the last part carries the event (its ack is the event's).
func TestPartMessagesSplit(t *testing.T) {
	st := &Stream{opts: StreamOptions{Subject: "scurry.events", Partitions: 2}}
	p := &Publisher{st: st, prefixes: []string{"scurry.events.0.", "scurry.events.1."}}
	for _, c := range []struct{ n, limit, k int }{{10, 3, 4}, {9, 2, 5}, {200 << 10, 63 << 10, 4}, {1 << 20, 63 << 10, 17}, {1025, 1024, 2}} {
		it := &item{sp: &shardPub{id: 3}, session: "a/b", seq: 7, name: "GUILD_CREATE", raw: payload(c.n, byte(c.k))}
		msgs := p.partMessages(1, it, c.limit)
		again := p.partMessages(1, it, c.limit)
		if len(msgs) != c.k {
			t.Fatalf("%d bytes at %d: %d parts, want %d", c.n, c.limit, len(msgs), c.k)
		}
		var joined []byte
		ids := map[string]bool{}
		for i, f := range msgs {
			if len(f.msg.Data) == 0 || len(f.msg.Data) > c.limit {
				t.Errorf("part %d has %d bytes (limit %d)", i+1, len(f.msg.Data), c.limit)
			}
			if (len(f.items) == 1) != (i == c.k-1) || f.part != 1 || f.msg.Subject != "scurry.events.1.GUILD_CREATE" {
				t.Errorf("part %d: items %d, partition %d, subject %q", i+1, len(f.items), f.part, f.msg.Subject)
			}
			id := f.msg.Header.Get(jetstream.MsgIDHeader)
			want := fmt.Sprintf("3/a/b/7/%d/%d", i+1, c.k)
			if id != want || f.msg.Header.Get(HeaderPart) != fmt.Sprintf("%d/%d", i+1, c.k) || ids[id] {
				t.Errorf("part %d: id %q (want %q), %s %q", i+1, id, want, HeaderPart, f.msg.Header.Get(HeaderPart))
			}
			ids[id] = true
			if again[i].msg.Header.Get(jetstream.MsgIDHeader) != id {
				t.Errorf("part %d: id %q cut again", i+1, again[i].msg.Header.Get(jetstream.MsgIDHeader))
			}
			sp, err := st.DecodePart(f.msg.Subject, f.msg.Header, f.msg.Data)
			if err != nil || sp.Shard != 3 || sp.Session != "a/b" || sp.Seq != 7 || sp.Index != i+1 || sp.Count != c.k || sp.Name != "GUILD_CREATE" {
				t.Errorf("part %d decodes to %+v, %v", i+1, sp.StreamEvent, err)
			}
			if _, err := st.DecodeMessage(f.msg.Subject, f.msg.Header, f.msg.Data); !errors.Is(err, ErrPartial) {
				t.Errorf("DecodeMessage of part %d: %v, want ErrPartial", i+1, err)
			}
			joined = append(joined, f.msg.Data...)
		}
		if !bytes.Equal(joined, it.raw) {
			t.Errorf("%d bytes at %d: parts do not join into the event", c.n, c.limit)
		}
	}
}

// A flight cut with a limit: small events are batched within it, large
// ones go in parts, and no message's data is above it.
func TestCutBoundsMessages(t *testing.T) {
	st := &Stream{opts: StreamOptions{Subject: "s", Partitions: 1}}
	p := &Publisher{st: st, prefixes: []string{"s.0."}, opts: PublisherOptions{MaxBatch: 256, MaxBatchBytes: 256 << 10}}
	sp := &shardPub{id: 1}
	var w []*item
	for i := range 60 {
		n := 1000
		if i%20 == 10 {
			n = 50000
		}
		w = append(w, &item{sp: sp, session: "0123456789abcdef0123456789abcdef", seq: int64(i), name: "X", raw: payload(n, byte(i))})
	}
	const limit = 20000
	msgs := p.cut(0, w, limit)
	events, parts := 0, 0
	for _, f := range msgs {
		if len(f.msg.Data) > limit {
			t.Errorf("message of %d bytes (limit %d), header %v", len(f.msg.Data), limit, f.msg.Header)
		}
		events += len(f.items)
		if f.msg.Header.Get(HeaderPart) != "" {
			parts++
		}
	}
	if events != len(w) || parts != 9 {
		t.Errorf("%d events in %d messages (%d parts), want %d events and 9 parts", events, len(msgs), parts, len(w))
	}
	if n := len(msgs); n >= 57 {
		t.Errorf("%d messages: small events were not batched", n)
	}
}

// DecodePart refuses bad headers and ids, naming them.
func TestDecodePartErrors(t *testing.T) {
	st := &Stream{opts: StreamOptions{Subject: "s", Partitions: 1}}
	for _, c := range []struct{ part, id string }{
		{"0/3", "1/s/5/0/3"},
		{"4/3", "1/s/5/4/3"},
		{"1/1", "1/s/5/1/1"},
		{"x/2", "1/s/5/x/2"},
		{"1/70000", "1/s/5/1/70000"},
		{"1/-2", "1/s/5/1/-2"},
		{"12", "1/s/5/12"},
		{"1/2", "1/s/5/2/2"}, // id of another part
		{"1/2", "1/s/5"},     // plain id
		{"1/2", "x/s/5/1/2"}, // bad shard
		{"1/2", ""},          // no id nor Scurry-Shard/Scurry-Seq
	} {
		h := nats.Header{HeaderPart: {c.part}}
		if c.id != "" {
			h.Set(jetstream.MsgIDHeader, c.id)
		}
		if p, err := st.DecodePart("s.0.X", h, []byte("{}")); err == nil {
			t.Errorf("DecodePart(%s %q, id %q) accepted: %+v", HeaderPart, c.part, c.id, p)
		}
	}
	p, err := st.DecodePart("s.0.X", nats.Header{HeaderPart: {"2/3"}, HeaderShard: {"4"}, HeaderSeq: {"9"}}, []byte("ab"))
	if err != nil || p.Shard != 4 || p.Seq != 9 || p.Index != 2 || p.Count != 3 || string(p.Raw) != "ab" {
		t.Errorf("part with Scurry-Shard/Scurry-Seq: %+v, %v", p, err)
	}
}

// fakeMsg records what the assembler does to a message.
type fakeMsg struct {
	jetstream.Msg
	name                    string
	acked, termed, progress int
}

func (m *fakeMsg) Ack() error                  { m.acked++; return nil }
func (m *fakeMsg) TermWithReason(string) error { m.termed++; return nil }
func (m *fakeMsg) InProgress() error           { m.progress++; return nil }
func (m *fakeMsg) Format(f fmt.State, _ rune)  { fmt.Fprint(f, m.name) }

func partOf(shard int, seq int64, i, k int, raw string) StreamPart {
	return StreamPart{StreamEvent: StreamEvent{Shard: shard, Session: "s", Seq: seq, Name: "X", Raw: []byte(raw)}, Index: i, Count: k}
}

// The assembler joins interleaved events, starts one over on a new part 1
// (keeping its earlier messages for the ack), keeps a redelivered part,
// waits for a missing part, takes redelivered parts in any order, refuses
// parts without part 1 and parts of another k, and bounds an event's size
// and the bytes and events held.
func TestAssembler(t *testing.T) {
	as := newAssembler(slog.New(slog.DiscardHandler), nil)
	seq := uint64(0)
	add := func(p StreamPart, redelivered bool) (*assembly, *fakeMsg) {
		seq++
		m := &fakeMsg{name: fmt.Sprintf("%d@%d", p.Index, seq)}
		return as.add(p, m, seq, redelivered), m
	}
	// Interleaved: A 1/3, B 1/2, A 2/3, B 2/2, A 3/3.
	if a, _ := add(partOf(0, 1, 1, 3, "ab"), false); a != nil {
		t.Fatal("complete after part 1")
	}
	add(partOf(1, 1, 1, 2, "x"), false)
	add(partOf(0, 1, 2, 3, "cd"), false)
	b, _ := add(partOf(1, 1, 2, 2, "y"), false)
	a, _ := add(partOf(0, 1, 3, 3, "e"), false)
	if b == nil || string(b.data) != "xy" || len(b.msgs) != 2 || a == nil || string(a.data) != "abcde" || len(a.msgs) != 3 {
		t.Fatalf("interleaved: %+v %+v", b, a)
	}
	if n, _ := as.heldBytes(); n != 0 {
		t.Fatalf("%d events held after both completed", n)
	}

	// Restart: 1/3, 2/3, then another part 1 (another stream message), 2/3,
	// 3/3: the new data, all five messages, none acknowledged or terminated.
	_, m1 := add(partOf(0, 2, 1, 3, "OLD"), false)
	add(partOf(0, 2, 2, 3, "OLD"), false)
	add(partOf(0, 2, 1, 3, "n1"), false)
	if _, bytes := as.heldBytes(); bytes > 64 {
		t.Errorf("%d bytes held after the restart", bytes)
	}
	// The same part 1 message again (redelivered): no restart.
	as.add(partOf(0, 2, 1, 3, "n1"), &fakeMsg{}, seq, true)
	add(partOf(0, 2, 2, 3, "n2"), false)
	a, _ = add(partOf(0, 2, 3, 3, "n3"), false)
	if a == nil || string(a.data) != "n1n2n3" || len(a.msgs) != 6 || !a.redelivered {
		t.Fatalf("restart: %+v", a)
	}
	if m1.acked+m1.termed != 0 {
		t.Errorf("superseded part acked %d, terminated %d before the event was done", m1.acked, m1.termed)
	}

	// Refused: a part without part 1; a part of another k (the event goes on);
	// a part out of order (the event is dropped too).
	_, orphan := add(partOf(0, 3, 2, 3, "zz"), false)
	_, h1 := add(partOf(0, 4, 1, 3, "a"), false)
	_, otherK := add(partOf(0, 4, 2, 4, "b"), false)
	_, h2 := add(partOf(0, 4, 2, 3, "b"), false)
	_, skip := add(partOf(0, 4, 4, 5, "c"), false) // another k again
	if orphan.termed != 1 || otherK.termed != 1 || skip.termed != 1 || h1.termed+h2.termed != 0 {
		t.Errorf("orphan %d, other k %d/%d, held %d %d terminations", orphan.termed, otherK.termed, skip.termed, h1.termed, h2.termed)
	}
	as.touch()
	if h1.progress != 1 || h2.progress != 1 {
		t.Errorf("held parts told in progress %d, %d times, want 1", h1.progress, h2.progress)
	}
	// A gap on first delivery (a publish lost in a reconnect, published
	// again after the later parts): the event waits for the missing part.
	add(partOf(0, 5, 1, 4, "a"), false)
	add(partOf(0, 5, 3, 4, "c"), false)
	add(partOf(0, 5, 4, 4, "d"), false)
	if a, _ := add(partOf(0, 5, 2, 4, "b"), false); a == nil || string(a.data) != "abcd" {
		t.Errorf("late part 2: %+v", a)
	}
	// Redelivered parts come in any order: a redelivered part without its
	// part 1 is held until part 1 comes again.
	add(partOf(0, 10, 2, 2, "y"), true)
	if a, _ := add(partOf(0, 10, 1, 2, "x"), true); a == nil || string(a.data) != "xy" || !a.redelivered {
		t.Errorf("redelivered out of order: %+v", a)
	}

	// Bounds: an event above maxEvent is dropped; beyond maxBytes the oldest
	// partial event is.
	as = newAssembler(slog.New(slog.DiscardHandler), nil)
	as.maxEvent, as.maxBytes = 10, 25
	_, big1 := add(partOf(0, 6, 1, 3, "123456"), false)
	_, big2 := add(partOf(0, 6, 2, 3, "123456"), false)
	if big1.termed != 1 || big2.termed != 1 {
		t.Errorf("event above the bound: %d, %d terminations", big1.termed, big2.termed)
	}
	as.maxBytes = 10
	_, old := add(partOf(0, 7, 1, 2, "1234"), false)
	_, mid := add(partOf(0, 8, 1, 2, "1234"), false)
	_, young := add(partOf(0, 9, 1, 2, "1234"), false)
	if n, bytes := as.heldBytes(); old.termed != 1 || mid.termed+young.termed != 0 || n != 2 || bytes > as.maxBytes {
		t.Errorf("cap: oldest terminated %d, others %d %d, held %d events in %d bytes", old.termed, mid.termed, young.termed, n, bytes)
	}
	as.maxEvents = 2
	_, tiny := add(partOf(0, 11, 1, 2, "1"), false)
	if n, _ := as.heldBytes(); mid.termed != 1 || tiny.termed != 0 || n != 2 {
		t.Errorf("event cap: oldest terminated %d, newest %d, %d held", mid.termed, tiny.termed, n)
	}
	if a, _ := add(partOf(0, 9, 2, 2, "5"), false); a == nil || string(a.data) != "12345" {
		t.Errorf("young event after the drop: %+v", a)
	}
}
