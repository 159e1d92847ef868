package natsbroker_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// NATS goes away while live shards receive dispatches and comes back on the
// same port and store: the gateway holds the events (Handle blocks, the
// shards stop reading), the shards keep heartbeating on the same
// connections, nothing is identified again, and when NATS is back every
// dispatch is in the stream exactly once.
func TestGatewayRidesOutNATSOutage(t *testing.T) {
	const shards, before, during = 2, 100, 600
	dir := t.TempDir()
	ns1, err := embedded.Start(embedded.Options{Dir: dir})
	assert.Success(t, err)
	u, err := url.Parse(ns1.ClientURL())
	assert.Success(t, err)
	port, err := strconv.Atoi(u.Port())
	assert.Success(t, err)
	nc, err := embedded.Connect(ns1.ClientURL(), "outage-gw")
	assert.Success(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	assert.Success(t, err)
	st, err := natsbroker.EnsureStream(t.Context(), js, natsbroker.StreamOptions{Partitions: 2})
	assert.Success(t, err)
	srv := discordtest.NewServer(t, &discordtest.Options{
		ShardCount: shards, MaxConcurrency: 2, IdentifyWindow: 200 * time.Millisecond,
		HeartbeatInterval: 200 * time.Millisecond,
	})
	e := &env{t: t, nc: nc, js: js, st: st, srv: srv, log: testLogger(t)}
	guilds := e.seed(20, shards)

	gb := srv.GatewayBot()
	gctx, stopGateway := context.WithCancel(t.Context())
	defer stopGateway()
	pubs := make(chan *natsbroker.Publisher, 1)
	gdone := make(chan error, 1)
	go func() {
		gdone <- natsbroker.RunGateway(gctx, natsbroker.GatewayOptions{
			Conn: nc, Stream: st, Token: srv.Token(), Owner: "gw", LeaseTTL: 30 * time.Second,
			MaxInFlight: 8, AckTimeout: 300 * time.Millisecond, SaveInterval: 20 * time.Millisecond,
			Shard: shard.Options{Gateway: &gb, ShardCount: shards, HTTPClient: srv.Client(),
				Intents: discord.IntentsAll, IdentifyWindow: 200 * time.Millisecond},
			OnStart: func(_ *shard.Manager, p *natsbroker.Publisher) { pubs <- p },
			Logger:  e.log,
		})
	}()
	pub := <-pubs
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	assert.Success(t, srv.WaitIdentified(ctx, shards))
	e.send(guilds, 0, before)

	ns1.Close()
	ackedAtStop := pub.Stats().Acked
	e.send(guilds, before, before+during)
	sentAll := time.Now()
	// Two heartbeats per shard after the last dispatch went out, NATS still
	// down: the shards' heartbeats go on while their events wait.
	for sh := range shards {
		first, err := srv.WaitFrame(ctx, func(f discordtest.Frame) bool {
			return f.Op == discord.OpHeartbeat && f.Shard[0] == sh && f.Time.After(sentAll)
		})
		assert.Success(t, err)
		_, err = srv.WaitFrame(ctx, func(f discordtest.Frame) bool {
			return f.Op == discord.OpHeartbeat && f.Shard[0] == sh && f.Time.After(first.Time)
		})
		assert.Success(t, err)
	}
	if got := pub.Stats().Acked; got > ackedAtStop+uint64(shards) {
		// At most the one ack per shard already on its way may land.
		t.Errorf("acks went on while NATS was down: %d at stop, %d now", ackedAtStop, got)
	}

	ns2, err := embedded.Start(embedded.Options{Dir: dir, Port: port})
	assert.Success(t, err)
	defer ns2.Close()

	// Every MESSAGE_CREATE reaches the stream, each exactly once.
	oc, err := js.OrderedConsumer(ctx, st.Options().Name, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{st.Options().Subject + ".*." + discord.EventMessageCreate}})
	assert.Success(t, err)
	count := map[int]int{}
	for len(count) < before+during {
		m, err := oc.Next(jetstream.FetchMaxWait(30 * time.Second))
		if err != nil {
			t.Fatalf("after %d distinct messages in the stream: %v", len(count), err)
		}
		evs, err := st.DecodeMessage(m.Subject(), m.Headers(), m.Data())
		assert.Success(t, err)
		for _, ev := range evs {
			var mc struct {
				Content string `json:"content"`
			}
			assert.Success(t, json.Unmarshal(ev.Raw, &mc))
			n, err := strconv.Atoi(mc.Content)
			assert.Success(t, err)
			count[n]++
		}
	}
	stopGateway()
	if err := <-gdone; err != nil {
		t.Errorf("gateway: %v", err)
	}
	for i := range before + during {
		if count[i] != 1 {
			t.Errorf("message %d is %d times in the stream", i, count[i])
		}
	}
	e.checkIdentifies(shards)
	t.Logf("publisher: %+v, resumes %d", pub.Stats(), srv.Resumes())
}
