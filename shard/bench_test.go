package shard_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// The benchmarks run the fake Discord in a child process (this test binary
// re-run as TestFakeDiscordProcess) and talk to it over loopback TCP, so that
// the heap and CPU they measure are the client's alone.

const fakeEnv = "SCURRY_SHARD_BENCH_FAKE"

// benchWindow is the scaled identify window of BenchmarkStartup256. On a
// busy machine, scheduling delays of tens of milliseconds make the fake see
// IDENTIFYs closer than a short window and refuse them (op 9, then a 1-5 s
// wait), so a longer window measures the manager rather than the machine.
var benchWindow = flag.Duration("shard.window", 200*time.Millisecond, "identify window of BenchmarkStartup256")

// TestFakeDiscordProcess is the child process of the benchmarks; it is
// skipped in normal runs.
func TestFakeDiscordProcess(t *testing.T) {
	cfg := os.Getenv(fakeEnv)
	if cfg == "" {
		t.Skip("helper process for the shard benchmarks")
	}
	var c fakeConfig
	if err := json.Unmarshal([]byte(cfg), &c); err != nil {
		t.Fatal(err)
	}
	s, err := discordtest.Start(&discordtest.Options{ShardCount: c.Shards, MaxConcurrency: c.MaxConcurrency,
		IdentifyWindow: time.Duration(c.WindowNS), SessionStartTotal: 1 << 30, HeartbeatInterval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gb, _ := json.Marshal(s.GatewayBot())
	fmt.Printf("FAKE %s %s\n", s.Token(), gb)
	// Serve until the parent writes a line (then report) or closes stdin.
	in := bufio.NewReader(os.Stdin)
	for {
		if _, err := in.ReadString('\n'); err != nil {
			return
		}
		refused := 0
		for _, r := range s.Identifies() {
			if !r.Accepted {
				refused++
			}
		}
		fmt.Printf("REFUSED %d\n", refused)
	}
}

// fakeConfig is what the child process needs to know.
type fakeConfig struct {
	Shards, MaxConcurrency int
	WindowNS               int64
}

type fakeProcess struct {
	token string
	gb    discord.GatewayBot
	stop  func()
	// refused asks the fake how many IDENTIFYs it refused so far (op 9
	// because a bucket's window was not over when one arrived).
	refused func() int
}

func startFakeProcess(b *testing.B, c fakeConfig) fakeProcess {
	b.Helper()
	cfg, err := json.Marshal(c)
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFakeDiscordProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), fakeEnv+"="+string(cfg))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var fp fakeProcess
	sc := bufio.NewScanner(stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var gb string
		if n, _ := fmt.Sscanf(sc.Text(), "FAKE %s %s", &fp.token, &gb); n == 2 {
			if err := json.Unmarshal([]byte(gb), &fp.gb); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	if fp.token == "" {
		b.Fatal("the fake Discord process did not start")
	}
	answers := make(chan int, 1)
	go func() { // read the child's answers until it exits
		for sc.Scan() {
			var n int
			if k, _ := fmt.Sscanf(sc.Text(), "REFUSED %d", &n); k == 1 {
				answers <- n
			}
		}
		close(answers)
	}()
	fp.refused = func() int {
		fmt.Fprintln(stdin)
		return <-answers
	}
	fp.stop = func() { stdin.Close(); _ = cmd.Wait() }
	return fp
}

// startManager runs a manager against the fake process and returns once all
// its shards are ready, with the time that took.
func startBenchManager(b *testing.B, fp fakeProcess, o shard.Options) (time.Duration, func()) {
	b.Helper()
	gb := fp.gb
	o.Gateway = &gb
	ready := make(chan struct{})
	var once sync.Once
	o.OnProgress = func(p shard.Progress) {
		if p.Ready == p.Total {
			once.Do(func() { close(ready) })
		}
	}
	o.Session = func(so *gateway.Options) { so.Decode = func(string) bool { return false } }
	m, err := shard.NewManager(fp.token, &o)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- m.Run(ctx, func(context.Context, gateway.Event) {}) }()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		b.Fatalf("Run: %v", err)
	}
	return time.Since(start), func() { cancel(); <-done }
}

// BenchmarkStartup256 starts 256 shards at max_concurrency 16 with the
// identify window scaled to 200 ms (-shard.window; the queue adds its
// margin), and reports the start-up time as a ratio
// to the bound ceil(256/16) windows (ratio_to_bound) and to the tight bound
// (ceil(256/16)-1) windows, the earliest the last identify may go out
// (ratio_to_tight).
func BenchmarkStartup256(b *testing.B) {
	const n, mc = 256, 16
	window := *benchWindow
	fp := startFakeProcess(b, fakeConfig{Shards: n, MaxConcurrency: mc, WindowNS: int64(window)})
	defer fp.stop()
	rounds := int(math.Ceil(float64(n) / mc))
	var total time.Duration
	for b.Loop() {
		took, stop := startBenchManager(b, fp, shard.Options{IdentifyWindow: window, Compression: gateway.CompressZlib})
		stop()
		total += took
		time.Sleep(window) // the next run's first identifies must not share a window with this run's last
	}
	avg := total / time.Duration(b.N)
	b.ReportMetric(float64(avg)/float64(time.Duration(rounds)*window), "ratio_to_bound")
	b.ReportMetric(float64(avg)/float64(time.Duration(rounds-1)*window), "ratio_to_tight")
	b.ReportMetric(float64(avg.Milliseconds()), "ms/startup")
	b.ReportMetric(float64(fp.refused())/float64(b.N), "refused/startup")
}

// BenchmarkIdleShardMemory reports the client heap and goroutines per idle,
// ready shard, for each transport compression.
func BenchmarkIdleShardMemory(b *testing.B) {
	const n = 64
	fp := startFakeProcess(b, fakeConfig{Shards: n, MaxConcurrency: 16, WindowNS: int64(time.Millisecond)})
	defer fp.stop()
	for _, c := range []gateway.Compression{gateway.CompressZstd, gateway.CompressZlib, gateway.CompressNone} {
		b.Run(string(c), func(b *testing.B) {
			var heap, gor float64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				g0 := runtime.NumGoroutine()
				_, stop := startBenchManager(b, fp, shard.Options{IdentifyWindow: time.Millisecond, Compression: c}) // returns once every shard is READY
				runtime.GC()
				runtime.GC() // the second one empties sync.Pools: idle shards hold no message buffers
				runtime.ReadMemStats(&after)
				heap += float64(after.HeapInuse) - float64(before.HeapInuse)
				gor += float64(runtime.NumGoroutine() - g0)
				stop()
			}
			b.ReportMetric(heap/float64(b.N)/n/1024, "KiB/shard")
			b.ReportMetric(gor/float64(b.N)/n, "goroutines/shard")
		})
	}
}
