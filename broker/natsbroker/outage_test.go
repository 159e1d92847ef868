package natsbroker_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

// NATS goes away while a shard publishes and comes back (same store): the
// publisher holds the shard's events, republishes what was not acknowledged,
// and the stream ends with every event exactly once.
func TestPublisherSurvivesNATSRestart(t *testing.T) {
	dir := t.TempDir()
	ns1, err := embedded.Start(embedded.Options{Dir: dir})
	assert.Success(t, err)
	u, err := url.Parse(ns1.ClientURL())
	assert.Success(t, err)
	port, err := strconv.Atoi(u.Port())
	assert.Success(t, err)
	nc, err := embedded.Connect(ns1.ClientURL(), "outage")
	assert.Success(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	assert.Success(t, err)
	st, err := natsbroker.EnsureStream(t.Context(), js, natsbroker.StreamOptions{Partitions: 2})
	assert.Success(t, err)
	pub, err := natsbroker.NewPublisher(t.Context(), natsbroker.PublisherOptions{Stream: st, MaxInFlight: 32, AckTimeout: 300 * time.Millisecond})
	assert.Success(t, err)
	defer pub.Close(context.Background())
	const n = 200
	ev := func(i int) gateway.Event {
		return gateway.Event{Shard: 0, Seq: int64(i), Name: discord.EventTypingStart, Raw: []byte(`{"guild_id":"81985529216486895"}`)}
	}
	for i := 1; i <= n/2; i++ {
		pub.Handle(t.Context(), ev(i))
	}
	ns1.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := n/2 + 1; i <= n; i++ {
			pub.Handle(t.Context(), ev(i)) // blocks once 32 are unacknowledged
		}
	}()
	ns2, err := embedded.Start(embedded.Options{Dir: dir, Port: port})
	assert.Success(t, err)
	defer ns2.Close()
	<-done
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	assert.Success(t, pub.Flush(ctx))
	if got := pub.State(0).Sequence; got != n {
		t.Errorf("durable sequence %d, want %d", got, n)
	}

	js2, err := jetstream.New(nc)
	assert.Success(t, err)
	oc, err := js2.OrderedConsumer(ctx, st.Options().Name, jetstream.OrderedConsumerConfig{})
	assert.Success(t, err)
	count := map[int]int{}
	msgs := uint64(0)
	for len(count) < n {
		m, err := oc.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err != nil {
			t.Fatalf("after %d distinct events: %v", len(count), err)
		}
		evs, err := st.DecodeMessage(m.Subject(), m.Headers(), m.Data())
		assert.Success(t, err)
		for _, ev := range evs {
			count[int(ev.Seq)]++
		}
		msgs++
	}
	sinfo, err := js2.Stream(ctx, st.Options().Name)
	assert.Success(t, err)
	if got := sinfo.CachedInfo().State.Msgs; got != msgs {
		t.Errorf("stream holds %d messages, read %d (each event once)", got, msgs)
	}
	t.Logf("publisher: %+v", pub.Stats())
	for s := 1; s <= n; s++ {
		if count[s] != 1 {
			t.Errorf("event %d is %d times in the stream", s, count[s])
		}
	}
}
