// Command bench runs scurry and its peers (discordgo, disgo) against the
// same fake Discord (discordtest, on loopback) with the same payloads and
// prints one markdown table. See README.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	disgogateway "github.com/disgoorg/disgo/gateway"

	"github.com/scurrygo/scurry/gateway"
)

// config holds the sizes of every metric (flags).
type config struct {
	count         int
	events        int
	members       int
	decodeMembers int
	decodeIters   int
	cacheGuilds   int
	restOne       restScenario
	restMany      restScenario
	restFair      restScenario  // 20 channels x 20 messages against the global limit
	faultTimeout  time.Duration // per fault scenario (the closed-port one may retry long)
	faults        faultSizes
	shards, conc  int
	shardWindow   time.Duration
	shardPeers    bool
	reshardWindow time.Duration
	timeout       time.Duration
	only          string
}

func defaultConfig() config {
	return config{
		count:         1,
		events:        20000,
		members:       1000,
		decodeMembers: 10000,
		decodeIters:   10,
		cacheGuilds:   20,
		restOne:       restScenario{channels: 1, workersPerChannel: 50, perWorker: 2, routeWindow: 250 * time.Millisecond, globalLimit: 50, globalWindow: 250 * time.Millisecond},
		restMany:      restScenario{channels: 200, workersPerChannel: 1, perWorker: 2, routeWindow: 250 * time.Millisecond, globalLimit: 50, globalWindow: 250 * time.Millisecond},
		restFair:      restScenario{channels: 20, workersPerChannel: 20, perWorker: 1, routeWindow: time.Second, globalLimit: 50, globalWindow: time.Second},
		faultTimeout:  30 * time.Second,
		faults:        defaultFaultSizes,
		shards:        16,
		conc:          4,
		shardWindow:   250 * time.Millisecond,
		shardPeers:    true,
		reshardWindow: time.Second,
		timeout:       2 * time.Minute,
	}
}

func main() {
	cfg := defaultConfig()
	flag.IntVar(&cfg.count, "count", cfg.count, "repeat every metric N times; cells show the median (min–max)")
	flag.IntVar(&cfg.events, "events", cfg.events, "gateway pipeline: dispatches in the mix")
	flag.IntVar(&cfg.members, "members", cfg.members, "gateway pipeline: members in each GUILD_CREATE of the mix")
	flag.IntVar(&cfg.decodeMembers, "decode-members", cfg.decodeMembers, "large GUILD_CREATE: members")
	flag.IntVar(&cfg.decodeIters, "decode-iters", cfg.decodeIters, "large GUILD_CREATE: decodes per measurement")
	flag.IntVar(&cfg.cacheGuilds, "cache-guilds", cfg.cacheGuilds, "cache: GUILD_CREATEs (1,000 members, 100 channels, 50 roles each)")
	flag.IntVar(&cfg.restOne.perWorker, "rest-one-per", cfg.restOne.perWorker, "REST one channel: messages per goroutine (50 goroutines)")
	flag.IntVar(&cfg.restMany.perWorker, "rest-many-per", cfg.restMany.perWorker, "REST 200 channels: messages per channel")
	rw := flag.Duration("route-window", cfg.restOne.routeWindow, "REST: the fake's window of the message-create bucket (limit 5)")
	gw := flag.Duration("global-window", cfg.restOne.globalWindow, "REST: the fake's global window (limit 50)")
	flag.IntVar(&cfg.shards, "shards", cfg.shards, "shard start: shards")
	flag.IntVar(&cfg.conc, "max-concurrency", cfg.conc, "shard start: max_concurrency")
	flag.DurationVar(&cfg.shardWindow, "identify-window", cfg.shardWindow, "shard start: identify window for clients that can scale it")
	flag.BoolVar(&cfg.shardPeers, "shard-peers", cfg.shardPeers, "shard start: also compare with disgo at Discord's 5 s window (~35 s, once, at the end)")
	flag.DurationVar(&cfg.reshardWindow, "reshard-window", cfg.reshardWindow, "shard 4011: identify window (the new set of 8 takes 8 of them)")
	flag.StringVar(&cfg.only, "only", "", "run one metric group: pipeline, decode, rest, cache or shard")
	flag.DurationVar(&cfg.timeout, "timeout", cfg.timeout, "limit for one client's run of one metric")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	cfg.restOne.routeWindow, cfg.restMany.routeWindow = *rw, *rw
	cfg.restOne.globalWindow, cfg.restMany.globalWindow = *gw, *gw
	if cfg.count < 1 {
		fmt.Fprintln(os.Stderr, "bench: -count must be at least 1")
		os.Exit(2)
	}
	t := run(cfg, os.Stderr)
	fmt.Printf("scurry bench, %s, %s/%s, GOMAXPROCS %d, %s, count %d\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.Version(), cfg.count)
	t.write(os.Stdout)
	fmt.Println()
	goals(t, os.Stdout)
}

// defineRows declares the table's rows.
func defineRows(t *table, cfg config) {
	t.def("pipe.eps", "pipeline: events/s (uncompressed, all clients)", "events/s", "higher", 0)
	t.def("pipe.cpu", "pipeline: CPU per event (process, fake included)", "µs", "lower", 2)
	t.def("pipe.alloc", "pipeline: allocated per event (process, fake included)", "KB", "lower", 2)
	t.def("pipe.client.cpu", "pipeline: client CPU per event (minus baseline)", "µs", "lower", 2)
	t.def("pipe.client.eps", "pipeline: client-bound events/s (1 / client CPU per event)", "events/s", "higher", 0)
	t.def("pipe.client.alloc", "pipeline: client allocated per event (minus baseline)", "KB", "lower", 2)
	t.def("pipe.reconn", "pipeline: reconnects during the run", "count", "", 0)
	t.def("pipe.raw.eps", "pipeline baseline: fake + raw reader, events/s", "events/s", "higher", 0)
	t.def("pipe.raw.cpu", "pipeline baseline: fake + raw reader, CPU per event", "µs", "lower", 2)
	t.def("pipe.raw.alloc", "pipeline baseline: fake + raw reader, allocated per event", "KB", "lower", 2)
	t.def("pipe.zlib.eps", "pipeline: events/s with zlib-stream", "events/s", "higher", 0)
	t.def("pipe.zlib.cpu", "pipeline: CPU per event with zlib-stream (process, fake included)", "µs", "lower", 2)
	t.def("pipe.zlib.reconn", "pipeline: reconnects with zlib-stream", "count", "", 0)
	t.def("pipe.zstd.eps", "pipeline: events/s with zstd-stream", "events/s", "higher", 0)
	t.def("pipe.zstd.cpu", "pipeline: CPU per event with zstd-stream (process, fake included)", "µs", "lower", 2)
	t.def("pipe.zstd.reconn", "pipeline: reconnects with zstd-stream", "count", "", 0)
	t.def("dec.time", fmt.Sprintf("decode GUILD_CREATE, %d members: time", cfg.decodeMembers), "ms", "lower", 2)
	t.def("dec.cpu", fmt.Sprintf("decode GUILD_CREATE, %d members: CPU (process, GC included)", cfg.decodeMembers), "ms", "lower", 2)
	t.def("dec.alloc", fmt.Sprintf("decode GUILD_CREATE, %d members: allocated", cfg.decodeMembers), "MB", "lower", 2)
	for _, s := range []struct {
		key, name string
	}{{"rest1", "REST 1 channel × 50 goroutines"}, {"restN", "REST 200 channels, global limit"}, {"restF", "REST 20 channels × 20 messages, global limit"}} {
		t.def(s.key+".share", s.name+": share of allowed rate", "%", "higher", 1)
		t.def(s.key+".user", s.name+": 429s, user/route scope", "count", "", 0)
		t.def(s.key+".global", s.name+": 429s, global scope", "count", "", 0)
		t.def(s.key+".shared", s.name+": 429s, shared scope", "count", "", 0)
		t.def(s.key+".err", s.name+": calls that failed", "count", "", 0)
		t.def(s.key+".lost", s.name+": messages lost", "count", "", 0)
		t.def(s.key+".dup", s.name+": messages duplicated", "count", "", 0)
	}
	defineFaultRows(t, cfg.faults)
	t.def("cache", "cache: heap per guild (1,000 members, 100 channels, 50 roles)", "KB", "lower", 1)
	t.def("shard.time", fmt.Sprintf("shard start: %d shards, max_concurrency %d, %v identify window: time to all READY", cfg.shards, cfg.conc, cfg.shardWindow), "ms", "lower", 0)
	t.def("shard.ratio", fmt.Sprintf("shard start, %v window: time / identify bound", cfg.shardWindow), "x", "lower", 3)
	t.def("shard5.time", fmt.Sprintf("shard start: %d shards, max_concurrency %d, Discord's 5 s window (one run): time to all READY", cfg.shards, cfg.conc), "ms", "lower", 0)
	t.def("shard5.ratio", "shard start, 5 s window: time / identify bound", "x", "lower", 3)
	t.def("shard5.extra", "shard start, 5 s window: connections beyond one per shard (op 9, reconnects)", "count", "", 0)
	t.def("reshard.gap", fmt.Sprintf("shard 4011: 4 shards, max_concurrency 1, %v window, shard 1 closed with 4011: longest time without events for its guilds", cfg.reshardWindow), "ms", "lower", 0)
	t.def("reshard.ratio", "shard 4011: that time / identify window (goal ≤ 1 + 1 s / window)", "x", "lower", 2)
	t.def("reshard.switch", "shard 4011: close to the switch to 8 shards (the whole new set ready)", "ms", "lower", 0)
	t.def("reshard.lost", "shard 4011: messages a live session received, lost or repeated", "count", "", 0)
}

// run measures every metric cfg.count times, logging progress to log.
func run(cfg config, log io.Writer) *table {
	t := newTable()
	defineRows(t, cfg)
	want := func(g string) bool { return cfg.only == "" || cfg.only == g }
	fail := func(key, lib string, err error) {
		fmt.Fprintf(log, "bench: %s %s: %v\n", key, lib, err)
		t.note(key, lib, "error")
	}
	appID := uint64(100000000000000001)
	var mix []mixEvent
	if want("pipeline") {
		mix = pipelineMix(cfg.events, cfg.members, appID)
	}
	decodeInput := guildCreateJSON(7, cfg.decodeMembers, 100, 50)
	var guilds [][]byte
	if want("cache") {
		for g := range cfg.cacheGuilds {
			guilds = append(guilds, guildCreateJSON(g, cacheMembers, 100, 50))
		}
	}
	for i := range cfg.count {
		fmt.Fprintf(log, "bench: round %d of %d\n", i+1, cfg.count)
		if want("pipeline") {
			if i == 0 {
				_, _ = runPipeline(startRaw, mix, cfg.timeout) // warm-up: page in the mix, grow the heap
			}
			base, baseErr := runPipeline(startRaw, mix, cfg.timeout)
			if baseErr != nil {
				fail("pipe.raw.eps", libScurry, baseErr)
			} else {
				t.add("pipe.raw.eps", libScurry, base.eventsPerSec)
				t.add("pipe.raw.cpu", libScurry, float64(base.cpuPerEvent.Nanoseconds())/1e3)
				t.add("pipe.raw.alloc", libScurry, base.allocPerEvent/1e3)
			}
			starts := map[string]startFunc{libScurry: startScurry(gateway.CompressNone), libDiscordgo: startDiscordgo, libDisgo: startDisgo(disgogateway.CompressionNone)}
			for _, lib := range libs {
				if starts[lib] == nil {
					for _, k := range []string{"pipe.eps", "pipe.cpu", "pipe.alloc", "pipe.client.cpu", "pipe.client.eps", "pipe.client.alloc", "pipe.reconn",
						"pipe.zlib.eps", "pipe.zlib.cpu", "pipe.zlib.reconn", "pipe.zstd.eps", "pipe.zstd.cpu", "pipe.zstd.reconn"} {
						t.note(k, lib, "not measured")
					}
					continue
				}
				r, err := runPipeline(starts[lib], mix, cfg.timeout)
				if err != nil {
					fail("pipe.eps", lib, err)
					continue
				}
				t.add("pipe.eps", lib, r.eventsPerSec)
				t.add("pipe.cpu", lib, float64(r.cpuPerEvent.Nanoseconds())/1e3)
				t.add("pipe.alloc", lib, r.allocPerEvent/1e3)
				t.add("pipe.reconn", lib, float64(r.reconnects))
				if baseErr == nil {
					client := r.cpuPerEvent - base.cpuPerEvent
					t.add("pipe.client.cpu", lib, float64(client.Nanoseconds())/1e3)
					if client > 0 {
						t.add("pipe.client.eps", lib, 1/client.Seconds())
					}
					t.add("pipe.client.alloc", lib, (r.allocPerEvent-base.allocPerEvent)/1e3)
				}
			}
			for _, c := range []struct {
				key   string
				comp  gateway.Compression
				disgo disgogateway.CompressionType
			}{{"pipe.zlib", gateway.CompressZlib, disgogateway.CompressionZlibStream}, {"pipe.zstd", gateway.CompressZstd, disgogateway.CompressionZstdStream}} {
				for lib, start := range map[string]startFunc{libScurry: startScurry(c.comp), libDisgo: startDisgo(c.disgo)} {
					if r, err := runPipeline(start, mix, cfg.timeout); err != nil {
						fail(c.key+".eps", lib, err)
					} else {
						t.add(c.key+".eps", lib, r.eventsPerSec)
						t.add(c.key+".cpu", lib, float64(r.cpuPerEvent.Nanoseconds())/1e3)
						t.add(c.key+".reconn", lib, float64(r.reconnects))
					}
				}
				t.note(c.key+".eps", libDiscordgo, "n/a: no transport compression")
				t.note(c.key+".cpu", libDiscordgo, "n/a")
				t.note(c.key+".reconn", libDiscordgo, "n/a")
			}
		}
		if want("decode") {
			for _, lib := range libs {
				r, err := runDecode(lib, decodeInput, cfg.decodeIters)
				if err != nil {
					fail("dec.time", lib, err)
					continue
				}
				t.add("dec.time", lib, float64(r.perOp.Microseconds())/1e3)
				t.add("dec.cpu", lib, float64(r.cpuPerOp.Microseconds())/1e3)
				t.add("dec.alloc", lib, r.allocPerOp/1e6)
			}
		}
		if want("rest") {
			for _, sc := range []struct {
				key string
				sc  restScenario
			}{{"rest1", cfg.restOne}, {"restN", cfg.restMany}, {"restF", cfg.restFair}} {
				for _, lib := range libs {
					r, err := runREST(lib, sc.sc, cfg.timeout)
					if err != nil {
						fail(sc.key+".share", lib, err)
						continue
					}
					t.add(sc.key+".share", lib, 100*r.share)
					t.add(sc.key+".user", lib, float64(r.user429))
					t.add(sc.key+".global", lib, float64(r.global429))
					t.add(sc.key+".shared", lib, float64(r.shared429))
					t.add(sc.key+".err", lib, float64(r.errors))
					t.add(sc.key+".lost", lib, float64(r.lost))
					t.add(sc.key+".dup", lib, float64(r.dup))
				}
			}
			runFaults(t, cfg.restOne, cfg.faults, cfg.faultTimeout, fail)
		}
		if want("cache") {
			for _, lib := range libs {
				if cacheFeeders[lib] == nil {
					t.note("cache", lib, "not measured")
					continue
				}
				v, err := runCache(lib, guilds)
				if err != nil {
					fail("cache", lib, err)
					continue
				}
				t.add("cache", lib, v/1e3)
			}
		}
		if want("shard") {
			t.note("shard.time", libDiscordgo, "n/a: no shard manager")
			t.note("shard.ratio", libDiscordgo, "n/a")
			t.note("shard5.time", libDiscordgo, "n/a: no shard manager")
			t.note("shard5.ratio", libDiscordgo, "n/a")
			t.note("shard5.extra", libDiscordgo, "n/a")
			for _, k := range []string{"shard.time", "shard.ratio", "shard5.time", "shard5.ratio", "shard5.extra"} {
				t.note(k, libArikawa, "not measured")
			}
			t.note("shard.time", libDisgo, "n/a: window fixed at 5 s")
			t.note("shard.ratio", libDisgo, "n/a")
			if r, err := runShardStart(libScurry, cfg.shards, cfg.conc, cfg.shardWindow, cfg.timeout); err != nil {
				fail("shard.time", libScurry, err)
			} else {
				t.add("shard.time", libScurry, float64(r.elapsed.Milliseconds()))
				t.add("shard.ratio", libScurry, r.elapsed.Seconds()/r.bound.Seconds())
			}
			for _, k := range []string{"reshard.gap", "reshard.ratio", "reshard.switch", "reshard.lost"} {
				t.note(k, libDiscordgo, "n/a: no shard manager")
				t.note(k, libDisgo, "not measured")
			}
			if r, err := runReshard4011(cfg.reshardWindow, cfg.timeout); err != nil {
				fail("reshard.gap", libScurry, err)
			} else {
				t.add("reshard.gap", libScurry, float64(r.gap.Milliseconds()))
				t.add("reshard.ratio", libScurry, r.gap.Seconds()/cfg.reshardWindow.Seconds())
				t.add("reshard.switch", libScurry, float64(r.switchAt.Milliseconds()))
				t.add("reshard.lost", libScurry, float64(r.lost+r.dup))
			}
		}
	}
	// Last, once: disgo can leave a heartbeat goroutine behind after a
	// reconnect, which panics on a nil sequence ~41 s later (README), so
	// nothing runs after it.
	if want("shard") && cfg.shardPeers {
		for _, lib := range []string{libScurry, libDisgo} {
			r, err := runShardStart(lib, cfg.shards, cfg.conc, disgoIdentifyWindow, cfg.timeout)
			if err != nil {
				fail("shard5.time", lib, err)
				continue
			}
			t.add("shard5.time", lib, float64(r.elapsed.Milliseconds()))
			t.add("shard5.ratio", lib, r.elapsed.Seconds()/r.bound.Seconds())
			t.add("shard5.extra", lib, float64(r.extraConns))
		}
	}
	return t
}
