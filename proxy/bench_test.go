package proxy_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/scurrygo/scurry/proxy"
)

// BenchmarkProxy measures what the proxy adds when Discord's limits are not
// the bound: an upstream on loopback that answers at once with no bucket
// headers, a global limit of 1,000,000/s. "direct" calls the upstream
// itself, "proxy" goes through one proxy instance; both report p50 and p99
// of one request's latency (the difference is what the proxy adds).
// "parallel" reports the requests per second one instance sustains with 64
// concurrent clients, and the process's CPU time per request (client, proxy
// and upstream together).
//
//	go test ./proxy -run '^$' -bench Proxy -benchtime 20000x
func BenchmarkProxy(b *testing.B) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"123456789012345678","type":0}`)
	}))
	defer up.Close()
	h, err := proxy.New(&proxy.Options{Upstream: up.URL + "/api/v10", GlobalLimit: 1_000_000})
	if err != nil {
		b.Fatal(err)
	}
	ps := httptest.NewServer(h)
	defer ps.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}}
	get := func(b *testing.B, base string) {
		req, _ := http.NewRequest("GET", base+"/api/v10/channels/123456789012345678", nil)
		req.Header.Set("Authorization", "Bot bench.token")
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
	latency := func(base string) func(b *testing.B) {
		return func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				t0 := time.Now()
				get(b, base)
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		}
	}
	b.Run("direct", latency(up.URL))
	b.Run("proxy", latency(ps.URL))
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(32) // x GOMAXPROCS goroutines
		t0, c0 := time.Now(), cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				get(b, ps.URL)
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(t0).Seconds(), "req/s")
		// CPU time of the whole process (client, proxy and upstream) per
		// request: on a shared machine, wall-clock req/s says more about the
		// neighbours; 1e6 / this is a floor of what one core sustains.
		b.ReportMetric(float64((cpuTime()-c0).Microseconds())/float64(b.N), "cpu-µs/req")
	})
}

// cpuTime is the CPU time (user + system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
