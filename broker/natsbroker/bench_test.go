package natsbroker_test

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
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

// latencies collects handler-side latencies (from the moment the event was
// built on the gateway side, stamped in its content) for one phase of a
// benchmark and signals when the phase's events all arrived.
type latencies struct {
	mu   sync.Mutex
	lat  []time.Duration
	want int
	done chan struct{}
}

// expect starts a phase of want events.
func (l *latencies) expect(want int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lat, l.want, l.done = make([]time.Duration, 0, want), want, make(chan struct{})
}

func (l *latencies) handler(_ context.Context, m *discord.MessageCreate) error {
	ns, err := strconv.ParseInt(m.Content, 10, 64)
	if err != nil {
		return err
	}
	d := time.Since(time.Unix(0, ns))
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lat) < l.want {
		l.lat = append(l.lat, d)
		if len(l.lat) == l.want {
			close(l.done)
		}
	}
	return nil
}

// phase is the result of one phase: throughput and latency percentiles.
type phase struct {
	rate     float64 // events/s from the first hand-off to the last handler
	p50, p99 time.Duration
	cpu      time.Duration // process CPU time (user+system) per event
	alloc    float64       // bytes allocated per event (this process, NATS server included)
}

// allocated is the number of bytes this process allocated so far.
func allocated() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc
}

// cpuTime is the CPU time this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// wait waits for the phase's events and sums it up.
func (l *latencies) wait(start time.Time) phase {
	<-l.done
	el := time.Since(start)
	l.mu.Lock()
	defer l.mu.Unlock()
	slices.Sort(l.lat)
	return phase{rate: float64(l.want) / el.Seconds(), p50: l.lat[len(l.lat)/2], p99: l.lat[len(l.lat)*99/100]}
}

// benchEvent builds dispatch i (MESSAGE_CREATE over 4 shards and 200 guilds);
// its content is the time it was built, so the handler sees the whole delay.
func benchEvent(i int) gateway.Event {
	g := discord.Snowflake(1 << 40 * uint64(1+i%200))
	raw := fmt.Appendf(nil, `{"id":"%d","channel_id":"%d","guild_id":"%d","content":"%d","author":{"id":"5","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[]}`,
		1000+i, g+1, g, time.Now().UnixNano())
	return gateway.Event{Shard: i % 4, Seq: int64(i/4 + 1), Name: discord.EventMessageCreate, Raw: raw}
}

// publishRange hands events from..to-1 to handle from 4 goroutines (one per
// shard, in order, as the shard manager does). rate > 0 paces them to about
// rate events/s in all (in 1 ms steps); 0 floods.
func publishRange(ctx context.Context, from, to int, rate float64, handle func(context.Context, gateway.Event)) {
	var wg sync.WaitGroup
	for s := range 4 {
		wg.Go(func() {
			start := time.Now()
			var tick *time.Ticker
			if rate > 0 {
				tick = time.NewTicker(time.Millisecond)
				defer tick.Stop()
			}
			sent := 0
			for i := from + s; i < to; i += 4 {
				if rate > 0 {
					for float64(sent) >= time.Since(start).Seconds()*rate/4 {
						select {
						case <-tick.C:
						case <-ctx.Done():
							return
						}
					}
				}
				handle(ctx, benchEvent(i))
				sent++
			}
		})
	}
	wg.Wait()
}

// pipeline is one of the two pipelines compared: run hands events
// from..to-1 over at rate (0: flood) and returns when they are handed over.
type pipeline struct {
	lat *latencies
	run func(from, to int, rate float64)
	// acks, for the distributed pipeline, collects the time from Handle to
	// the stream's acknowledgement of each event (the publish half).
	acks *ackLatencies
}

// ackLatencies collects the publisher's OnAck latencies of one phase.
type ackLatencies struct {
	mu  sync.Mutex
	lat []time.Duration
}

func (a *ackLatencies) reset() {
	a.mu.Lock()
	a.lat = a.lat[:0]
	a.mu.Unlock()
}

func (a *ackLatencies) add(_ int, d time.Duration) {
	a.mu.Lock()
	a.lat = append(a.lat, d)
	a.mu.Unlock()
}

// percentiles returns the phase's p50 and p99 (0, 0 when empty).
func (a *ackLatencies) percentiles() (p50, p99 time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.lat) == 0 {
		return 0, 0
	}
	slices.Sort(a.lat)
	return a.lat[len(a.lat)/2], a.lat[len(a.lat)*99/100]
}

// measure runs one phase through p: events from..to-1 at rate.
func (p pipeline) measure(from, to int, rate float64) phase {
	p.lat.expect(to - from)
	a0, start, cpu0 := allocated(), time.Now(), cpuTime()
	p.run(from, to, rate)
	ph := p.lat.wait(start)
	ph.cpu = (cpuTime() - cpu0) / time.Duration(to-from)
	ph.alloc = float64(allocated()-a0) / float64(to-from)
	return ph
}

// startBot runs a bot with src and the latency handler until the benchmark
// ends.
func startBot(b *testing.B, src bot.Source, l *latencies) {
	ctx, cancel := context.WithCancel(context.Background())
	runDone, err := runBot(ctx, src, l)
	assert.Success(b, err)
	b.Cleanup(func() { cancel(); <-runDone })
}

// runBot runs a bot with src and the latency handler until ctx ends; the
// returned channel closes when it has stopped.
func runBot(ctx context.Context, src bot.Source, l *latencies) (<-chan struct{}, error) {
	c, err := bot.New("token", &bot.Options{Source: src, NoCache: true})
	if err != nil {
		return nil, err
	}
	bot.On(c, l.handler)
	runDone := make(chan struct{})
	go func() { defer close(runDone); _ = c.Run(ctx) }()
	return runDone, nil
}

// distributed builds publisher -> file-backed stream (16 partitions) ->
// worker -> bot over loopback NATS, in this process; the publisher and the
// worker have a connection each.
func distributed(b *testing.B) pipeline {
	ns, err := embedded.Start(embedded.Options{Dir: b.TempDir()})
	assert.Success(b, err)
	b.Cleanup(ns.Close)
	nc, err := embedded.Connect(ns.ClientURL(), "bench")
	assert.Success(b, err)
	b.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	assert.Success(b, err)
	st, err := natsbroker.EnsureStream(b.Context(), js, natsbroker.StreamOptions{Partitions: 16})
	assert.Success(b, err)
	w, err := natsbroker.NewWorker(b.Context(), natsbroker.WorkerOptions{Stream: st, ID: "bench", NoRebuild: true})
	assert.Success(b, err)
	l := &latencies{}
	startBot(b, w, l)
	for len(w.Owned()) < 16 {
		time.Sleep(10 * time.Millisecond) // the worker joins on its first membership tick
	}
	// The publisher has its own connection, as a gateway process has.
	pnc, err := embedded.Connect(ns.ClientURL(), "bench-gateway")
	assert.Success(b, err)
	b.Cleanup(pnc.Close)
	pjs, err := jetstream.New(pnc)
	assert.Success(b, err)
	pst, err := natsbroker.EnsureStream(b.Context(), pjs, natsbroker.StreamOptions{Partitions: 16})
	assert.Success(b, err)
	acks := &ackLatencies{}
	pub, err := natsbroker.NewPublisher(context.Background(), natsbroker.PublisherOptions{Stream: pst, OnAck: acks.add})
	assert.Success(b, err)
	b.Cleanup(func() { _ = pub.Close(context.Background()) })
	return pipeline{lat: l, acks: acks, run: func(from, to int, rate float64) {
		publishRange(b.Context(), from, to, rate, pub.Handle)
	}}
}

// directSource hands events to the bot as a shard would, without a broker:
// each job is published through deliver; done is closed after it.
type directSource struct {
	jobs chan directJob
}

type directJob struct {
	from, to int
	rate     float64
	done     chan struct{}
}

func (s *directSource) Run(ctx context.Context, deliver func(context.Context, bot.Delivery)) error {
	for {
		select {
		case j := <-s.jobs:
			publishRange(ctx, j.from, j.to, j.rate, func(ctx context.Context, e gateway.Event) { deliver(ctx, bot.Delivery{Event: e}) })
			close(j.done)
		case <-ctx.Done():
			return nil
		}
	}
}

// inProcess is the baseline: the same events and handler, no broker.
func inProcess(b *testing.B) pipeline {
	src := &directSource{jobs: make(chan directJob)}
	l := &latencies{}
	startBot(b, src, l)
	return pipeline{lat: l, run: func(from, to int, rate float64) {
		j := directJob{from: from, to: to, rate: rate, done: make(chan struct{})}
		src.jobs <- j
		<-j.done
	}}
}

// pacedFraction is the fraction of the distributed flood's throughput at
// which BenchmarkDistributed measures added latency.
var pacedFraction = flag.Float64("bench.paced", 0.5, "BenchmarkDistributed: latency phase rate as a fraction of the distributed max throughput")

// pacedRate, when set, is the latency phase's rate in events/s instead.
var pacedRate = flag.Float64("bench.rate", 0, "BenchmarkDistributed: latency phase rate in events/s (overrides -bench.paced)")

// BenchmarkDistributed compares the distributed pipeline (publisher ->
// file-backed stream -> worker -> bot handler, over loopback NATS) with the
// same events handed to the bot in one process, in one run:
//
//   - max throughput: a flood of b.N events through each (dist-ev/s,
//     inproc-ev/s, dist/inproc);
//   - added latency: b.N further events at a fixed rate, half the
//     distributed flood's throughput by default (-bench.paced, or
//     -bench.rate in events/s; paced-ev/s),
//     through each; p50/p99 of each and added-p50/added-p99 = distributed
//     minus in-process.
//
// Both floods also report the process CPU time per event (dist-cpu-µs/ev,
// inproc-cpu-µs/ev): on a shared machine it moves far less than events/s,
// and it bounds the throughput (cores / CPU per event).
//
// Latency is from the event's creation on the gateway side to its handler;
// ack-p50/ack-p99 are the publish half of the distributed phase: from the
// publisher's Handle to the stream's acknowledgement.
func BenchmarkDistributed(b *testing.B) {
	dist, local := distributed(b), inProcess(b)
	n := b.N
	b.ResetTimer()
	df := dist.measure(0, n, 0)
	lf := local.measure(0, n, 0)
	rate := df.rate * *pacedFraction
	if *pacedRate > 0 {
		rate = *pacedRate
	}
	dist.acks.reset()
	dp := dist.measure(n, 2*n, rate)
	ack50, ack99 := dist.acks.percentiles()
	lp := local.measure(n, 2*n, rate)
	b.StopTimer()
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) }
	b.ReportMetric(df.rate, "dist-ev/s")
	b.ReportMetric(lf.rate, "inproc-ev/s")
	b.ReportMetric(df.rate/lf.rate, "dist/inproc")
	b.ReportMetric(float64(df.cpu.Nanoseconds())/1e3, "dist-cpu-µs/ev")
	b.ReportMetric(float64(lf.cpu.Nanoseconds())/1e3, "inproc-cpu-µs/ev")
	b.ReportMetric(df.alloc, "dist-B/ev")
	b.ReportMetric(lf.alloc, "inproc-B/ev")
	b.ReportMetric(rate, "paced-ev/s")
	b.ReportMetric(us(dp.p50), "dist-p50-µs")
	b.ReportMetric(us(dp.p99), "dist-p99-µs")
	b.ReportMetric(us(lp.p50), "inproc-p50-µs")
	b.ReportMetric(us(lp.p99), "inproc-p99-µs")
	b.ReportMetric(us(dp.p50-lp.p50), "added-p50-µs")
	b.ReportMetric(us(dp.p99-lp.p99), "added-p99-µs")
	b.ReportMetric(us(ack50), "ack-p50-µs")
	b.ReportMetric(us(ack99), "ack-p99-µs")
	b.Logf("n=%d flood: distributed %.0f ev/s (CPU %v/event, %.0f B/event), in-process %.0f ev/s (CPU %v/event, %.0f B/event) (%.2fx); at %.0f ev/s: distributed p50 %v p99 %v, in-process p50 %v p99 %v",
		n, df.rate, df.cpu, df.alloc, lf.rate, lf.cpu, lf.alloc, df.rate/lf.rate, rate, dp.p50, dp.p99, lp.p50, lp.p99)
}
