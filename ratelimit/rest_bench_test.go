package ratelimit_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// BenchmarkRESTAcquireDone measures the limiter's own cost per request on a
// bucket that never runs dry, with and without the global limit.
func BenchmarkRESTAcquireDone(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts ratelimit.RESTOptions
	}{
		{"global-off", ratelimit.RESTOptions{GlobalLimit: -1}},
		{"global-1e6", ratelimit.RESTOptions{GlobalLimit: 1_000_000, GlobalWindow: time.Nanosecond}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			l, err := ratelimit.NewRESTLimiter(&bc.opts)
			if err != nil {
				b.Fatal(err)
			}
			h := ratelimit.Headers{Status: 200, Bucket: "h", Limit: 1 << 30, Remaining: 1 << 29, ResetAfter: time.Hour}
			ctx := b.Context()
			b.ReportAllocs()
			for b.Loop() {
				p, err := l.Acquire(ctx, msgs)
				if err != nil {
					b.Fatal(err)
				}
				p.Done(h)
			}
		})
	}
}

// BenchmarkRESTAcquireDoneParallel: many goroutines on many channels.
func BenchmarkRESTAcquireDoneParallel(b *testing.B) {
	l, _ := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: -1})
	h := ratelimit.Headers{Status: 200, Bucket: "h", Limit: 1 << 30, Remaining: 1 << 29, ResetAfter: time.Hour}
	keys := make([]ratelimit.RouteKey, 64)
	for i := range keys {
		keys[i] = ratelimit.RouteKey{Route: msgs.Route, Major: strconv.Itoa(i)}
	}
	ctx := b.Context()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			p, err := l.Acquire(ctx, keys[i%len(keys)])
			if err != nil {
				b.Error(err)
				return
			}
			p.Done(h)
			i++
		}
	})
}
