package rest_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// These benchmarks run on real time against the fake over loopback TCP, with
// windows scaled down. They report, besides ns/op:
//   - share_%: achieved rate as a share of what the limit allows,
//   - 429s: rate-limit answers the fake sent (goal 0).
// Run with -benchtime=Nx; no assertion depends on timing.

func benchServer(b *testing.B, o *discordtest.Options) (*discordtest.Server, *http.Client) {
	s := discordtest.NewServer(b, o)
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 0}
	b.Cleanup(tr.CloseIdleConnections)
	return s, &http.Client{Transport: tr}
}

func benchClient(b *testing.B, s *discordtest.Server, hc *http.Client, lo *ratelimit.RESTOptions) *rest.Client {
	l, err := ratelimit.NewRESTLimiter(lo)
	if err != nil {
		b.Fatal(err)
	}
	c, err := rest.New(s.Token(), &rest.Options{BaseURL: s.URL(), HTTPClient: hc, Limiter: l})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// run sends n requests with the given concurrency, request i through send(i).
func run(b *testing.B, workers, n int, send func(i int) error) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := send(i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

func report429(b *testing.B, s *discordtest.Server) {
	rl := s.RateLimited()
	b.ReportMetric(float64(rl.User+rl.Global+rl.Shared+rl.Ban), "429s")
	b.ReportMetric(float64(rl.Global), "global_429s")
}

// BenchmarkOneBucket50Goroutines: 50 goroutines post to one channel whose
// bucket allows 5 per window (window/5 each); the global limit is out of the
// way. Shorter windows magnify the fixed cost per window (one round trip:
// Discord starts a window at its first request).
func BenchmarkOneBucket50Goroutines(b *testing.B) {
	for _, window := range []time.Duration{100 * time.Millisecond, 250 * time.Millisecond} {
		b.Run(window.String(), func(b *testing.B) { benchOneBucket(b, 5, window) })
	}
}

func benchOneBucket(b *testing.B, limit int, window time.Duration) {
	s, hc := benchServer(b, &discordtest.Options{RouteWindow: window, GlobalLimit: 100000})
	g, err := s.SeedGuild(discordtest.GuildSeed{})
	if err != nil {
		b.Fatal(err)
	}
	c := benchClient(b, s, hc, &ratelimit.RESTOptions{GlobalLimit: -1})
	ch := g.Channels[0]
	n := max(b.N, 2*limit)
	b.ResetTimer()
	took := run(b, 50, n, func(i int) error {
		_, err := c.CreateMessage(context.Background(), ch, &rest.CreateMessageParams{Content: "m"})
		return err
	})
	b.StopTimer()
	// The fastest any client can go: limit at once, then limit per window.
	ideal := time.Duration((n-1)/limit) * window
	b.ReportMetric(100*float64(ideal)/float64(took), "share_%")
	b.ReportMetric(float64(n)/took.Seconds(), "req/s")
	report429(b, s)
}

// BenchmarkManyChannelsGlobal: 100 goroutines over 200 channels, global limit
// 50 per 200 ms (250/s), channel buckets 5 per 5 s: the global limit binds.
func BenchmarkManyChannelsGlobal(b *testing.B) {
	const glimit, gwindow = 50, 200 * time.Millisecond
	s, hc := benchServer(b, &discordtest.Options{GlobalLimit: glimit, GlobalWindow: gwindow})
	g, err := s.SeedGuild(discordtest.GuildSeed{TextChannels: 200})
	if err != nil {
		b.Fatal(err)
	}
	c := benchClient(b, s, hc, &ratelimit.RESTOptions{GlobalLimit: glimit, GlobalWindow: gwindow})
	n := min(max(b.N, 2*glimit), 5*len(g.Channels)) // stay within the channel buckets' first window
	b.ResetTimer()
	took := run(b, 100, n, func(i int) error {
		_, err := c.CreateMessage(context.Background(), g.Channels[i%len(g.Channels)], &rest.CreateMessageParams{Content: "m"})
		return err
	})
	b.StopTimer()
	ideal := time.Duration((n-1)/glimit) * gwindow
	b.ReportMetric(100*float64(ideal)/float64(took), "share_%")
	b.ReportMetric(float64(n)/took.Seconds(), "req/s")
	report429(b, s)
}

// nopLimiter lets everything through, to measure the limiter's share.
type nopLimiter struct{}
type nopPermit struct{}

func (nopLimiter) Acquire(ctx context.Context, _ ratelimit.RouteKey) (ratelimit.Permit, error) {
	return nopPermit{}, ctx.Err()
}
func (nopPermit) Done(ratelimit.Headers) {}
func (nopPermit) Cancel()                {}

// BenchmarkLimiterOverhead: one GET through Do against an in-memory handler
// that answers with bucket headers, with the RESTLimiter and with a no-op
// limiter; the difference is the limiter's cost per request.
func BenchmarkLimiterOverhead(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "1000000")
		w.Header().Set("X-RateLimit-Remaining", "999999")
		w.Header().Set("X-RateLimit-Reset-After", "3600")
		w.Header().Set("X-RateLimit-Bucket", "abcd")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","type":0}`)
	})
	for _, bc := range []struct {
		name string
		lim  func() ratelimit.Limiter
	}{
		{"nop", func() ratelimit.Limiter { return nopLimiter{} }},
		{"RESTLimiter", func() ratelimit.Limiter {
			// A global limit too high to bind, so its bookkeeping is measured
			// but no request waits.
			l, _ := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: 1_000_000, GlobalWindow: time.Microsecond})
			return l
		}},
		{"nop-again", func() ratelimit.Limiter { return nopLimiter{} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := rest.New("tok", &rest.Options{BaseURL: "http://x/api/v10", HTTPClient: handlerDoer{h}, Limiter: bc.lim()})
			if err != nil {
				b.Fatal(err)
			}
			ch := discord.Snowflake(1)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.GetChannel(context.Background(), ch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
