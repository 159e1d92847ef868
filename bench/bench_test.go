package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// tinyConfig runs every metric at a size that takes seconds, not minutes.
func tinyConfig() config {
	cfg := defaultConfig()
	cfg.events = 1000
	cfg.members = 200
	cfg.decodeMembers = 1000
	cfg.decodeIters = 2
	cfg.cacheGuilds = 2
	cfg.restOne = restScenario{channels: 1, workersPerChannel: 50, perWorker: 1, routeWindow: 20 * time.Millisecond, globalLimit: 50, globalWindow: 20 * time.Millisecond}
	cfg.restMany = restScenario{channels: 200, workersPerChannel: 1, perWorker: 1, routeWindow: 20 * time.Millisecond, globalLimit: 50, globalWindow: 20 * time.Millisecond}
	cfg.restFair = restScenario{channels: 20, workersPerChannel: 5, perWorker: 1, routeWindow: 20 * time.Millisecond, globalLimit: 50, globalWindow: 20 * time.Millisecond}
	cfg.faultTimeout = 5 * time.Second
	cfg.faults = faultSizes{nonce: 2, hdr: 30, dial: 20}
	cfg.shards, cfg.conc, cfg.shardWindow = 4, 2, 20*time.Millisecond
	cfg.shardPeers = false
	cfg.reshardWindow = 100 * time.Millisecond
	cfg.timeout = 30 * time.Second
	return cfg
}

// TestSmoke runs every metric for every library once at tiny sizes: each
// client must finish each run (no errors), and scurry must neither lose nor
// duplicate a message nor draw an avoidable 429.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real loopback servers")
	}
	var log bytes.Buffer
	tab := run(tinyConfig(), &log)
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.HasPrefix(l, "bench: ") && !strings.HasPrefix(l, "bench: round") {
			t.Error(l) // a metric failed for a library
		}
	}
	for _, r := range tab.rows {
		for _, lib := range libs {
			if r.notes[lib] == "error" {
				t.Errorf("%s, %s: error", r.name, lib)
			}
		}
	}
	want := []string{"pipe.eps", "pipe.cpu", "pipe.alloc", "dec.time", "dec.alloc", "rest1.share", "restN.share", "cache"}
	for _, k := range want {
		for _, lib := range libs {
			if tab.byKey[k].notes[lib] == "not measured" {
				continue
			}
			if len(tab.byKey[k].vals[lib]) != 1 {
				t.Errorf("%s, %s: %d samples, want 1", k, lib, len(tab.byKey[k].vals[lib]))
			}
		}
	}
	for _, k := range []string{"pipe.raw.eps", "pipe.zlib.eps", "pipe.zstd.eps", "shard.time", "reshard.gap"} {
		if len(tab.byKey[k].vals[libScurry]) != 1 {
			t.Errorf("%s, scurry: no sample", k)
		}
	}
	for _, k := range []string{"rest1", "restN", "restF"} {
		for _, m := range []string{".user", ".global", ".err", ".lost", ".dup"} {
			if v := tab.med(k+m, libScurry); v != 0 {
				t.Errorf("scurry %s%s = %v, want 0", k, m, v)
			}
		}
	}
	if v := tab.med("reshard.lost", libScurry); v != 0 {
		t.Errorf("scurry reshard.lost = %v, want 0", v)
	}
	// The fault scenarios: scurry loses and duplicates nothing, draws no 429
	// after headerless 500s, and fails every create to a closed port.
	for _, k := range []string{"fault500.lost", "fault500.dup", "fault500.err", "fault500p.lost", "fault500p.dup", "fault500p.err",
		"faultHdr.lost", "faultHdr.dup", "faultHdr.user", "faultHdr.global"} {
		if v := tab.med(k, libScurry); v != 0 {
			t.Errorf("scurry %s = %v, want 0", k, v)
		}
	}
	if v := tab.med("faultDial.err", libScurry); v != 20 {
		t.Errorf("scurry faultDial.err = %v, want 20", v)
	}
	tab.write(io.Discard)
	goals(tab, io.Discard)
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestShardBound(t *testing.T) {
	if got := shardBound(16, 4, time.Second); got != 3*time.Second {
		t.Errorf("shardBound(16, 4, 1s) = %v, want 3s", got)
	}
	if got := (restScenario{channels: 1, workersPerChannel: 50, perWorker: 2, routeWindow: time.Second, globalLimit: 50, globalWindow: time.Second}).ideal(); got != 19*time.Second {
		t.Errorf("ideal = %v, want 19s (100 messages, 5 per window)", got)
	}
}
