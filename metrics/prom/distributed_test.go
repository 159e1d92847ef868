package prom_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/metrics/prom"
)

// The collector reads a publisher's and a worker's live counters at scrape
// time, with the process's labels.
func TestScrapeGatewayAndWorker(t *testing.T) {
	ns, err := embedded.Start(embedded.Options{})
	assert.Success(t, err)
	defer ns.Close()
	nc, err := embedded.Connect(ns.ClientURL(), "test")
	assert.Success(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	assert.Success(t, err)
	st, err := natsbroker.EnsureStream(t.Context(), js, natsbroker.StreamOptions{Partitions: 2, Memory: true})
	assert.Success(t, err)
	d := prom.NewDistributed("gateway", "gw-1")
	pub, err := natsbroker.NewPublisher(t.Context(), natsbroker.PublisherOptions{Stream: st, OnAck: d.ObservePublish})
	assert.Success(t, err)
	defer pub.Close(context.Background())
	w, err := natsbroker.NewWorker(t.Context(), natsbroker.WorkerOptions{Stream: st, ID: "w"})
	assert.Success(t, err)
	d.WatchGateway(nil, pub)
	d.WatchWorker(w)
	for i := range 3 {
		pub.Handle(t.Context(), gateway.Event{Shard: 0, Seq: int64(i + 1), Name: discord.EventTypingStart, Raw: []byte(`{"guild_id":"5"}`)})
	}
	assert.Success(t, pub.Flush(t.Context()))
	srv := httptest.NewServer(d.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	assert.Success(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.Success(t, err)
	body := string(b)
	for _, want := range []string{
		`scurry_events_published_total{process="gw-1",role="gateway"} 3`,
		`scurry_events_acked_total{process="gw-1",role="gateway"} 3`,
		`scurry_acks_pending{process="gw-1",role="gateway"} 0`,
		`scurry_publish_latency_seconds_count{process="gw-1",role="gateway"} 3`,
		`scurry_partitions_owned{process="gw-1",role="gateway"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
}
