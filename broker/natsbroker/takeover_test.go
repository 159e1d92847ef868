package natsbroker

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// A process that takes a shard over finds the events its previous owner
// stored after the saved state (in plain messages and in batches), and only
// those of the stored session, and its publisher does not publish them
// again when Discord replays them.
func TestScanPublishedFindsStoredEvents(t *testing.T) {
	st := testStream(t, StreamOptions{Partitions: 4})
	ev := func(shard int, seq int64) gateway.Event {
		return gateway.Event{Shard: shard, Seq: seq, Name: discord.EventTypingStart,
			Raw: []byte(`{"guild_id":"` + string(rune('1'+seq%5)) + `81985529216486895"}`)}
	}
	old, err := NewPublisher(t.Context(), PublisherOptions{Stream: st, MaxBatch: 3})
	if err != nil {
		t.Fatal(err)
	}
	old.SetState(0, gateway.SessionState{ID: "sess-a", Sequence: 0})
	old.SetState(1, gateway.SessionState{ID: "sess-b", Sequence: 0})
	before := time.Now()
	for seq := int64(1); seq <= 40; seq++ {
		old.Handle(t.Context(), ev(0, seq))
		old.Handle(t.Context(), ev(1, seq))
	}
	if err := old.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := old.Stats(); s.Messages >= s.Published {
		t.Logf("no batch formed (%+v); the scan still reads plain messages", s)
	}
	// The "dead" owner's saved state said 25 (shard 0) and nothing of
	// another session (shard 1 stored under sess-b, looked for as sess-c).
	want := map[int]gateway.SessionState{0: {ID: "sess-a", Sequence: 25}, 1: {ID: "sess-c", Sequence: 0}}
	since := map[int]time.Time{0: before, 1: before}
	res, err := st.scanPublished(t.Context(), want, since)
	if err != nil {
		t.Fatal(err)
	}
	got := res.found[0]
	slices.Sort(got)
	var exp []int64
	for s := int64(26); s <= 40; s++ {
		exp = append(exp, s)
	}
	if !slices.Equal(got, exp) {
		t.Errorf("shard 0 found %v, want %v", got, exp)
	}
	if len(res.found[1]) != 0 {
		t.Errorf("shard 1 (other session) found %v", res.found[1])
	}

	// The new owner resumes from 25; Discord replays 26..40 and sends 41..45:
	// only 41..45 are published.
	pub, err := NewPublisher(context.Background(), PublisherOptions{Stream: st})
	if err != nil {
		t.Fatal(err)
	}
	pub.SetState(0, want[0])
	pub.SkipPublished(0, "sess-a", got)
	for seq := int64(26); seq <= 45; seq++ {
		pub.Handle(t.Context(), ev(0, seq))
	}
	if err := pub.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := pub.Stats(); s.Published != 5 || s.Skipped != 15 {
		t.Errorf("published %d, skipped %d; want 5 and 15", s.Published, s.Skipped)
	}
	if got := pub.State(0).Sequence; got != 45 {
		t.Errorf("durable sequence %d, want 45", got)
	}
	_ = pub.Close(t.Context())
	res, err = st.scanPublished(t.Context(), map[int]gateway.SessionState{0: {ID: "sess-a", Sequence: 0}}, since)
	if err != nil {
		t.Fatal(err)
	}
	count := map[int64]int{}
	for _, s := range res.found[0] {
		count[s]++
	}
	for s := int64(1); s <= 45; s++ {
		if count[s] != 1 {
			t.Errorf("event %d is %d times in the stream", s, count[s])
		}
	}
}

// DecodeMessage refuses malformed batches with an error naming the fault.
func TestDecodeBatchErrors(t *testing.T) {
	for _, c := range []struct {
		count int
		data  string
	}{
		{2, "0/s/1 2\n{}"},       // fewer records than the header says
		{1, "0/s/1 5\n{}"},       // length past the end
		{1, "0/s/1\n{}"},         // no length
		{1, "x/s/1 2\n{}"},       // bad shard
		{1, "0/s/1 2"},           // no header line end
		{1000000, "0/s/1 2\n{}"}, // absurd count
	} {
		if _, err := decodeBatch("X", c.count, []byte(c.data)); err == nil {
			t.Errorf("decodeBatch(%d, %q) accepted", c.count, c.data)
		}
	}
	evs, err := decodeBatch("X", 2, appendRecord(appendRecord(nil, 3, "a/b", 7, []byte(`{"a":1}`)), 4, "c", 8, []byte(`[]`)))
	if err != nil || len(evs) != 2 || evs[0].Shard != 3 || evs[0].Session != "a/b" || evs[0].Seq != 7 || string(evs[1].Raw) != "[]" {
		t.Errorf("round trip: %+v, %v", evs, err)
	}
	// The worker decodes every batch: the records of one session cost the
	// slice and one string, not an allocation each.
	var b []byte
	for i := range 50 {
		b = appendRecord(b, 1, "0123456789abcdef0123456789abcdef", int64(i), []byte(`{"x":1}`))
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = decodeBatch("X", 50, b) }); n > 2 {
		t.Errorf("decoding 50 records of one session allocates %v times, want at most 2", n)
	}
}
