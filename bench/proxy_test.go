package main

import (
	"flag"
	"testing"
	"time"
)

var proxyScenarios = []struct {
	name string
	sc   func(config) restScenario
}{
	{"one", func(c config) restScenario { return c.restOne }},
	{"many", func(c config) restScenario { return c.restMany }},
}

// TestPeersThroughProxy: discordgo and disgo (and scurry with its limiter
// off) pointed at one scurry proxy in front of the fake run the bench's REST
// scenarios (1 channel x 50 goroutines; 200 channels against the global
// limit), one message per goroutine, with 100 ms windows (10x tighter than
// Discord's, yet wide enough that a loaded 2-core CI machine's scheduling
// jitter stays well inside them): no 429 of any scope, no call failed, no
// message lost or duplicated. The share of the allowed rate is a speed figure:
// BenchmarkPeersThroughProxy measures it.
func TestPeersThroughProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real loopback servers")
	}
	cfg := tinyConfig()
	for _, sc := range []*restScenario{&cfg.restOne, &cfg.restMany} {
		sc.routeWindow, sc.globalWindow = 100*time.Millisecond, 100*time.Millisecond
	}
	for _, sc := range proxyScenarios {
		for _, lib := range libs {
			t.Run(lib+"/"+sc.name, func(t *testing.T) {
				r, err := runRESTProxied(lib, sc.sc(cfg), time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("share %.1f%% (%v, ideal %v)", 100*r.share, r.elapsed.Round(time.Millisecond), r.idealDuration)
				if r.user429+r.global429+r.shared429 != 0 {
					t.Errorf("429s: user %d, global %d, shared %d", r.user429, r.global429, r.shared429)
				}
				if r.errors+r.lost+r.dup != 0 {
					t.Errorf("failed %d, lost %d, duplicated %d", r.errors, r.lost, r.dup)
				}
			})
		}
	}
}

// proxyWindow sets the fake's route and global windows of
// BenchmarkPeersThroughProxy (default: the bench's 250 ms).
var proxyWindow = flag.Duration("bench.window", 0, "BenchmarkPeersThroughProxy: the fake's route and global windows (default the bench's 250 ms; Discord's are 1s)")

// BenchmarkPeersThroughProxy runs the bench's REST scenarios at their default
// size (250 ms windows, or -bench.window) with each library behind the proxy,
// and reports the share of the allowed rate (goal: at least 97%) and the
// 429s. The direct rows run the same scenario without the proxy, for a
// side-by-side ratio.
//
//	go test -run '^$' -bench PeersThroughProxy -benchtime 1x [-bench.window 1s]
func BenchmarkPeersThroughProxy(b *testing.B) {
	cfg := defaultConfig()
	if w := *proxyWindow; w > 0 {
		cfg.restOne.routeWindow, cfg.restOne.globalWindow = w, w
		cfg.restMany.routeWindow, cfg.restMany.globalWindow = w, w
	}
	for _, sc := range proxyScenarios {
		for _, lib := range libs {
			for _, via := range []string{"proxy", "direct"} {
				b.Run(sc.name+"/"+lib+"/"+via, func(b *testing.B) {
					var share, n429, lost float64
					for b.Loop() {
						run := runRESTProxied
						if via == "direct" {
							run = runREST
						}
						r, err := run(lib, sc.sc(cfg), time.Minute)
						if err != nil {
							b.Fatal(err)
						}
						share += r.share
						n429 += float64(r.user429 + r.global429 + r.shared429)
						lost += float64(r.lost)
					}
					b.ReportMetric(100*share/float64(b.N), "share%")
					b.ReportMetric(n429/float64(b.N), "429s/op")
					b.ReportMetric(lost/float64(b.N), "lost/op")
				})
			}
		}
	}
}
