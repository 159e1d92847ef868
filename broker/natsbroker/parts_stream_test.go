package natsbroker

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// smallPayload is the max_payload of the servers of these tests.
const smallPayload = 64 << 10

// got is what a test worker received.
type got struct {
	ev          bot.Event
	redelivered bool
	replay      bool
}

// sink collects deliveries (acknowledging each at once) and signals when
// the want-th live one arrived.
type sink struct {
	mu      sync.Mutex
	live    []got
	replays []got
	want    int
	reached chan struct{}
}

func newSink(want int) *sink { return &sink{want: want, reached: make(chan struct{})} }

func (s *sink) deliver(_ context.Context, d bot.Delivery) {
	g := got{ev: d.Event, redelivered: d.Redelivered, replay: d.Replay}
	g.ev.Raw = bytes.Clone(d.Event.Raw)
	s.mu.Lock()
	if d.Replay {
		s.replays = append(s.replays, g)
	} else {
		s.live = append(s.live, g)
		if len(s.live) == s.want {
			close(s.reached)
		}
	}
	s.mu.Unlock()
	if d.Done != nil {
		d.Done()
	}
}

func (s *sink) wait(t *testing.T) []got {
	t.Helper()
	select {
	case <-s.reached:
	case <-time.After(time.Minute):
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, g := range s.live {
			t.Logf("delivered shard %d seq %d (%d bytes)", g.ev.Shard, g.ev.Seq, len(g.ev.Raw))
		}
		t.Fatalf("%d events delivered, want %d", len(s.live), s.want)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slicesClone(s.live)
}

func slicesClone(g []got) []got { return append([]got(nil), g...) }

// runWorker runs a worker until the returned stop func is called (or the
// test ends); stop returns once Run did.
func runWorker(t *testing.T, st *Stream, id string, deliver func(context.Context, bot.Delivery), hook func(StreamPart)) (*Worker, func()) {
	t.Helper()
	w, err := NewWorker(t.Context(), WorkerOptions{Stream: st, ID: id, MemberTTL: 600 * time.Millisecond, AckWait: time.Second,
		Logger: testLog()})
	if err != nil {
		t.Fatal(err)
	}
	w.partHook = hook
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx, deliver); err != nil {
			t.Errorf("worker %s: %v", id, err)
		}
	}()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return w, stop
}

func testLog() *slog.Logger {
	if os.Getenv("SCURRY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// publishRaw stores one message as another producer would.
func publishRaw(t *testing.T, st *Stream, subject string, h nats.Header, data []byte) {
	t.Helper()
	if _, err := st.js.PublishMsg(t.Context(), &nats.Msg{Subject: subject, Header: h, Data: data}); err != nil {
		t.Fatalf("publish %v: %v", h, err)
	}
}

// partHeader is the headers of part i/k of shard/session/seq.
func partHeader(shard int, session string, seq int64, i, k int) nats.Header {
	pv := partValue(i, k)
	return nats.Header{jetstream.MsgIDHeader: {msgID(shard, session, seq) + "/" + pv}, HeaderPart: {pv}}
}

// sizes are the events of each shard in TestPartsPublisherToWorker: large
// ones (above the 64 KiB max_payload but 10 KiB) between small ones.
var sizes = []int{100, 10 << 10, 200, 200 << 10, 50, 1 << 20, 300, 200 << 10, 10 << 10, 1 << 20, 80}

// Events of 10 KiB, 200 KiB and 1 MiB between small ones, from two
// publishers (two gateway processes) into one partition of a server whose
// max_payload is 64 KiB, reach the worker once each, byte-identical, in
// order per shard; each counts as acknowledged once (its last part).
func TestPartsPublisherToWorker(t *testing.T) {
	st := testStreamServer(t, StreamOptions{Partitions: 1}, embedded.Options{MaxPayload: smallPayload})
	sent := map[[2]int64][]byte{}
	var pubs []*Publisher
	acks := make([]int, 2)
	var ackMu sync.Mutex
	for shard := range 2 {
		p, err := NewPublisher(t.Context(), PublisherOptions{Stream: st, OnAck: func(int, time.Duration) {
			ackMu.Lock()
			acks[shard]++
			ackMu.Unlock()
		}})
		if err != nil {
			t.Fatal(err)
		}
		p.SetState(shard, gateway.SessionState{ID: fmt.Sprintf("sess-%d", shard)})
		pubs = append(pubs, p)
		for i, n := range sizes {
			sent[[2]int64{int64(shard), int64(i + 1)}] = payload(n, byte(shard*50+i))
		}
	}
	s := newSink(2 * len(sizes))
	w, _ := runWorker(t, st, "w1", s.deliver, nil)
	var wg sync.WaitGroup
	for shard, p := range pubs {
		wg.Go(func() {
			for i := range sizes {
				seq := int64(i + 1)
				p.Handle(t.Context(), gateway.Event{Shard: shard, Seq: seq, Name: discord.EventTypingStart, Raw: sent[[2]int64{int64(shard), seq}]})
			}
			if err := p.Close(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	list := s.wait(t)
	last := map[int]int64{}
	for _, g := range list {
		key := [2]int64{int64(g.ev.Shard), g.ev.Seq}
		want, ok := sent[key]
		if !ok {
			t.Errorf("unknown or repeated event %v", key)
			continue
		}
		delete(sent, key)
		if !bytes.Equal(g.ev.Raw, want) {
			t.Errorf("event %v: %d bytes differ from the %d sent", key, len(g.ev.Raw), len(want))
		}
		if g.ev.Seq <= last[g.ev.Shard] {
			t.Errorf("shard %d: event %d after %d", g.ev.Shard, g.ev.Seq, last[g.ev.Shard])
		}
		last[g.ev.Shard] = g.ev.Seq
	}
	for shard, p := range pubs {
		s := p.Stats()
		if s.Published != uint64(len(sizes)) || s.Acked != uint64(len(sizes)) || acks[shard] != len(sizes) {
			t.Errorf("shard %d: published %d, acked %d, OnAck %d; want %d each", shard, s.Published, s.Acked, acks[shard], len(sizes))
		}
		if s.Messages < 2*17+2*4+1 { // 1 MiB: 17 parts of 63 KiB, 200 KiB: 4, and the rest
			t.Errorf("shard %d: %d messages: the large events were not cut", shard, s.Messages)
		}
		if got := p.State(shard).Sequence; got != int64(len(sizes)) {
			t.Errorf("shard %d: durable sequence %d, want %d", shard, got, len(sizes))
		}
	}
	if m := w.Stats().Malformed; m != 0 {
		t.Errorf("%d malformed", m)
	}
}

// Parts interleaved with another producer's messages are joined; bad part
// headers, a part without its part 1 and a part of another k are logged and
// terminated without stopping the partition.
func TestPartsInterleavedAndMalformed(t *testing.T) {
	st := testStreamServer(t, StreamOptions{Partitions: 1}, embedded.Options{MaxPayload: smallPayload})
	const subj = "scurry.events.0.X"
	big := payload(150<<10, 1)
	third := len(big) / 3
	plain := func(shard int, seq int64, data string) {
		publishRaw(t, st, subj, nats.Header{jetstream.MsgIDHeader: {msgID(shard, "t", seq)}}, []byte(data))
	}
	publishRaw(t, st, subj, partHeader(0, "s", 1, 1, 3), big[:third])
	plain(1, 1, `{"n":1}`)
	publishRaw(t, st, subj, partHeader(0, "s", 1, 2, 3), big[third:2*third])
	publishRaw(t, st, subj, partHeader(1, "t", 2, 1, 2), []byte(`{"a":`))
	publishRaw(t, st, subj, partHeader(0, "s", 1, 3, 3), big[2*third:])
	publishRaw(t, st, subj, partHeader(1, "t", 2, 2, 2), []byte(`2}`))
	// Malformed: bad headers, an orphan part, another k.
	publishRaw(t, st, subj, nats.Header{jetstream.MsgIDHeader: {"2/u/1/0/3"}, HeaderPart: {"0/3"}}, []byte("x"))
	publishRaw(t, st, subj, nats.Header{jetstream.MsgIDHeader: {"2/u/2/2/1"}, HeaderPart: {"2/1"}}, []byte("x"))
	publishRaw(t, st, subj, partHeader(2, "u", 3, 2, 3), []byte("x"))
	publishRaw(t, st, subj, partHeader(2, "u", 4, 1, 2), []byte(`{"b":`))
	publishRaw(t, st, subj, partHeader(2, "u", 4, 2, 3), []byte(`1}`))
	plain(1, 3, `{"n":3}`)

	s := newSink(4)
	w, _ := runWorker(t, st, "w1", s.deliver, nil)
	list := s.wait(t)
	want := []struct {
		shard int
		seq   int64
		raw   []byte
	}{{1, 1, []byte(`{"n":1}`)}, {0, 1, big}, {1, 2, []byte(`{"a":2}`)}, {1, 3, []byte(`{"n":3}`)}}
	for i, g := range list {
		if g.ev.Shard != want[i].shard || g.ev.Seq != want[i].seq || !bytes.Equal(g.ev.Raw, want[i].raw) || g.redelivered {
			t.Errorf("delivery %d: shard %d seq %d (%d bytes, redelivered %v), want shard %d seq %d (%d bytes)",
				i, g.ev.Shard, g.ev.Seq, len(g.ev.Raw), g.redelivered, want[i].shard, want[i].seq, len(want[i].raw))
		}
	}
	if m := w.Stats().Malformed; m != 4 {
		t.Errorf("%d malformed, want 4", m)
	}
}

// A worker that stops while it holds parts of an event, unacknowledged,
// leaves them to the partition's next owner, which delivers the event whole
// when its last part comes (marked redelivered); the takeover's cache
// rebuild does not replay the partial event, and a later one replays the
// whole event.
func TestPartsHeldWhenWorkerStops(t *testing.T) {
	st := testStreamServer(t, StreamOptions{Partitions: 1}, embedded.Options{MaxPayload: smallPayload})
	const subj = "scurry.events.0.X"
	big := payload(100<<10, 7)
	half := len(big) / 3
	held := make(chan struct{})
	parts := 0
	a := newSink(1)
	_, stopA := runWorker(t, st, "a", a.deliver, func(StreamPart) {
		if parts++; parts == 2 {
			close(held)
		}
	})
	publishRaw(t, st, subj, partHeader(0, "s", 5, 1, 3), big[:half])
	publishRaw(t, st, subj, partHeader(0, "s", 5, 2, 3), big[half:2*half])
	select {
	case <-held:
	case <-time.After(time.Minute):
		t.Fatal("worker a never took the parts")
	}
	stopA()
	if len(a.live) != 0 {
		t.Fatalf("worker a delivered %d events from two of three parts", len(a.live))
	}
	publishRaw(t, st, subj, partHeader(0, "s", 5, 3, 3), big[2*half:])
	publishRaw(t, st, subj, nats.Header{jetstream.MsgIDHeader: {msgID(0, "s", 6)}}, []byte(`{"n":6}`))
	b := newSink(2)
	_, stopB := runWorker(t, st, "b", b.deliver, nil)
	list := b.wait(t)
	if list[0].ev.Seq != 5 || !bytes.Equal(list[0].ev.Raw, big) || !list[0].redelivered || list[1].ev.Seq != 6 {
		t.Errorf("next owner: seq %d (%d bytes, redelivered %v), then seq %d; want 5 whole and redelivered, then 6",
			list[0].ev.Seq, len(list[0].ev.Raw), list[0].redelivered, list[1].ev.Seq)
	}
	if len(b.replays) != 0 {
		t.Errorf("rebuild replayed %d events from two parts", len(b.replays))
	}
	stopB()

	// Another owner rebuilds its cache from the stream: the event whole.
	c := newSink(1)
	done := make(chan struct{})
	_, stopC := runWorker(t, st, "c", func(ctx context.Context, d bot.Delivery) {
		c.deliver(ctx, d)
		if c.replayCount() == 2 {
			close(done)
		}
	}, nil)
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("rebuild replayed %d events, want 2", c.replayCount())
	}
	stopC()
	if r := c.replays; !bytes.Equal(r[0].ev.Raw, big) || string(r[1].ev.Raw) != `{"n":6}` {
		t.Errorf("rebuild replayed %d and %d bytes, want the %d-byte event then the plain one", len(r[0].ev.Raw), len(r[1].ev.Raw), len(big))
	}
}

func (s *sink) replayCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.replays)
}

// The takeover scan counts an event in parts as stored only when all its
// parts are: a dead owner that stored parts 1..2 of 3 has the new owner
// publish the event again, which completes it (the duplicate window drops
// the parts stored already) for the worker.
func TestScanPublishedParts(t *testing.T) {
	st := testStreamServer(t, StreamOptions{Partitions: 1}, embedded.Options{MaxPayload: smallPayload})
	before := time.Now()
	old, err := NewPublisher(t.Context(), PublisherOptions{Stream: st})
	if err != nil {
		t.Fatal(err)
	}
	old.SetState(0, gateway.SessionState{ID: "sess-a"})
	stored := payload(100<<10, 3)
	old.Handle(t.Context(), gateway.Event{Shard: 0, Seq: 1, Name: "X", Raw: stored})
	if err := old.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Seq 2, cut as the publisher does, stored up to part 2 of 3.
	cutOff := payload(150<<10, 4)
	p := &Publisher{st: st, prefixes: []string{"scurry.events.0."}}
	msgs := p.partMessages(0, &item{sp: &shardPub{id: 0}, session: "sess-a", seq: 2, name: "X", raw: cutOff}, 63<<10)
	if len(msgs) != 3 {
		t.Fatalf("%d parts, want 3", len(msgs))
	}
	for _, f := range msgs[:2] {
		publishRaw(t, st, f.msg.Subject, f.msg.Header, f.msg.Data)
	}
	res, err := st.scanPublished(t.Context(), map[int]gateway.SessionState{0: {ID: "sess-a"}}, map[int]time.Time{0: before})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.found[0]) != "[1]" {
		t.Fatalf("scan found %v, want [1] (seq 2 has 2 of 3 parts)", res.found[0])
	}
	pub, err := NewPublisher(t.Context(), PublisherOptions{Stream: st})
	if err != nil {
		t.Fatal(err)
	}
	pub.SetState(0, gateway.SessionState{ID: "sess-a"})
	pub.SkipPublished(0, "sess-a", res.found[0])
	pub.Handle(t.Context(), gateway.Event{Shard: 0, Seq: 1, Name: "X", Raw: stored})
	pub.Handle(t.Context(), gateway.Event{Shard: 0, Seq: 2, Name: "X", Raw: cutOff})
	if err := pub.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := pub.Stats(); s.Skipped != 1 || s.Published != 1 {
		t.Errorf("new owner skipped %d and published %d, want 1 and 1", s.Skipped, s.Published)
	}
	info, err := st.st.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n := info.State.Msgs; n != 2+3 {
		t.Errorf("%d messages stored, want 5 (2 + 3 parts; the duplicate window dropped 2 parts)", n)
	}
	s := newSink(2)
	runWorker(t, st, "w", s.deliver, nil)
	list := s.wait(t)
	if !bytes.Equal(list[0].ev.Raw, stored) || !bytes.Equal(list[1].ev.Raw, cutOff) {
		t.Errorf("worker got %d and %d bytes, want %d and %d", len(list[0].ev.Raw), len(list[1].ev.Raw), len(stored), len(cutOff))
	}
}
