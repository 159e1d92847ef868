package natsbroker_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

// latencies collects handler-side latencies (from the gateway side's hand-off,
// stamped in the content) and signals when want events arrived.
type latencies struct {
	mu   sync.Mutex
	lat  []time.Duration
	want int
	done chan struct{}
}

func (l *latencies) handler(_ context.Context, m *discord.MessageCreate) error {
	ns, err := strconv.ParseInt(m.Content, 10, 64)
	if err != nil {
		return err
	}
	d := time.Since(time.Unix(0, ns))
	l.mu.Lock()
	l.lat = append(l.lat, d)
	if len(l.lat) == l.want {
		close(l.done)
	}
	l.mu.Unlock()
	return nil
}

func (l *latencies) report(b *testing.B, start time.Time) {
	<-l.done
	el := time.Since(start)
	slices.Sort(l.lat)
	b.ReportMetric(float64(l.want)/el.Seconds(), "events/s")
	b.ReportMetric(float64(l.lat[len(l.lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(l.lat[len(l.lat)*99/100].Microseconds()), "p99-µs")
}

// events builds n MESSAGE_CREATE dispatches over 4 shards and 200 guilds;
// the content is stamped when the event is handed over.
func benchEvent(i int) gateway.Event {
	g := discord.Snowflake(1 << 40 * uint64(1+i%200))
	raw := fmt.Appendf(nil, `{"id":"%d","channel_id":"%d","guild_id":"%d","content":"%d","author":{"id":"5","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[]}`,
		1000+i, g+1, g, time.Now().UnixNano())
	return gateway.Event{Shard: i % 4, Seq: int64(i/4 + 1), Name: discord.EventMessageCreate, Raw: raw}
}

// BenchmarkDistributed: publisher -> file-backed stream -> worker -> bot
// handler, in one process over loopback NATS. Compare with BenchmarkInProcess
// (the same events handed to the bot directly): the difference is what the
// broker adds.
func BenchmarkDistributed(b *testing.B) {
	ns, err := embedded.Start(embedded.Options{Dir: b.TempDir()})
	assert.Success(b, err)
	defer ns.Close()
	nc, err := embedded.Connect(ns.ClientURL(), "bench")
	assert.Success(b, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	assert.Success(b, err)
	st, err := natsbroker.EnsureStream(b.Context(), js, natsbroker.StreamOptions{Partitions: 16})
	assert.Success(b, err)
	w, err := natsbroker.NewWorker(b.Context(), natsbroker.WorkerOptions{Stream: st, ID: "bench", NoRebuild: true})
	assert.Success(b, err)
	l := &latencies{want: b.N, done: make(chan struct{})}
	c, err := bot.New("token", &bot.Options{Source: w, NoCache: true})
	assert.Success(b, err)
	bot.On(c, l.handler)
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	runDone := make(chan struct{})
	go func() { defer close(runDone); _ = c.Run(ctx) }()
	defer func() { cancel(); <-runDone }()
	for len(w.Owned()) < 16 {
		time.Sleep(10 * time.Millisecond) // the worker joins on its first membership tick
	}
	pub, err := natsbroker.NewPublisher(ctx, natsbroker.PublisherOptions{Stream: st})
	assert.Success(b, err)
	defer pub.Close(context.Background())
	b.ResetTimer()
	start := time.Now()
	publishAll(ctx, b.N, pub.Handle)
	l.report(b, start)
}

// publishAll hands n events to handle from 4 goroutines (one per shard, in
// order, as the shard manager does).
func publishAll(ctx context.Context, n int, handle func(context.Context, gateway.Event)) {
	var wg sync.WaitGroup
	for s := range 4 {
		wg.Go(func() {
			for i := s; i < n; i += 4 {
				handle(ctx, benchEvent(i))
			}
		})
	}
	wg.Wait()
}

// directSource hands events to the bot as a shard would, without a broker.
type directSource struct {
	n int
}

func (s *directSource) Run(ctx context.Context, deliver func(context.Context, bot.Delivery)) error {
	publishAll(ctx, s.n, func(ctx context.Context, e gateway.Event) { deliver(ctx, bot.Delivery{Event: e}) })
	<-ctx.Done()
	return nil
}

// BenchmarkInProcess is BenchmarkDistributed's baseline: the same events and
// handler, no broker.
func BenchmarkInProcess(b *testing.B) {
	l := &latencies{want: b.N, done: make(chan struct{})}
	c, err := bot.New("token", &bot.Options{Source: &directSource{n: b.N}, NoCache: true})
	assert.Success(b, err)
	bot.On(c, l.handler)
	ctx, cancel := context.WithCancel(b.Context())
	runDone := make(chan struct{})
	start := time.Now()
	go func() { defer close(runDone); _ = c.Run(ctx) }()
	l.report(b, start)
	cancel()
	<-runDone
}
