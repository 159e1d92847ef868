package cluster_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
)

// BenchmarkRemoteAcquire measures what the remote limiter adds per request:
// Acquire plus Done on a route with no limit, "local" on the owner's
// in-memory limiter, "remote" from another node over the embedded NATS
// server (one request/reply and one publish). Reports p50 and p99.
//
//	go test ./proxy/cluster -run '^$' -bench RemoteAcquire -benchtime 5000x
func BenchmarkRemoteAcquire(b *testing.B) {
	ns := startNATS(b)
	g := proxy.Global{Limit: 1_000_000, Window: time.Second}
	m := newRecMetrics()
	owner := newNode(b, connect(b, ns.ClientURL(), "owner"), "owner", true, m)
	lo, _ := owner.Limiter("bench", g)
	m.waitTook(b, "bench")
	other := newNode(b, connect(b, ns.ClientURL(), "other"), "other", false, nil)
	lr, _ := other.Limiter("bench", g)
	key := ratelimit.RouteKey{Route: "GET /channels/{channel_id}", Major: "1"}
	unlimited := ratelimit.Headers{Status: 200} // no bucket headers: the route is learned as unlimited
	for _, tc := range []struct {
		name string
		l    ratelimit.Limiter
	}{{"local", lo}, {"remote", lr}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			// Warm up: a new owner grants nothing during its first global
			// window (the conservative start), and the route is learned.
			if p, err := tc.l.Acquire(ctx, key); err == nil {
				p.Done(unlimited)
			}
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				t0 := time.Now()
				p, err := tc.l.Acquire(ctx, key)
				if err != nil {
					b.Fatal(err)
				}
				p.Done(unlimited)
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}
