package natsbroker_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
)

// workerEnv, when set to a NATS URL, makes the test binary a worker process
// for BenchmarkDistributedProcesses instead of running tests (TestMain).
const workerEnv = "SCURRY_BENCH_WORKER_NATS"

func TestMain(m *testing.M) {
	if url := os.Getenv(workerEnv); url != "" {
		if err := runBenchWorker(url, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runBenchWorker is the worker process: a natsbroker.Worker feeding a bot
// with the latency handler, over TCP to the parent's NATS. It prints "ready"
// once it owns every partition, then for each line "expect N" on in waits
// for N events and prints "done <p50 ns> <p99 ns> <cpu ns since the expect>".
func runBenchWorker(url string, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nc, err := embedded.Connect(url, "bench-worker")
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	st, err := natsbroker.EnsureStream(ctx, js, natsbroker.StreamOptions{Partitions: 16})
	if err != nil {
		return err
	}
	w, err := natsbroker.NewWorker(ctx, natsbroker.WorkerOptions{Stream: st, ID: "bench", NoRebuild: true})
	if err != nil {
		return err
	}
	l := &latencies{}
	runDone, err := runBot(ctx, w, l)
	if err != nil {
		return err
	}
	defer func() { cancel(); <-runDone }()
	for len(w.Owned()) < 16 {
		time.Sleep(10 * time.Millisecond) // the worker joins on its first membership tick
	}
	fmt.Fprintln(out, "ready")
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "expect "))
		if err != nil {
			return fmt.Errorf("bad command %q", sc.Text())
		}
		l.expect(n)
		cpu0 := cpuTime()
		ph := l.wait(time.Now())
		fmt.Fprintf(out, "done %d %d %d\n", ph.p50, ph.p99, cpuTime()-cpu0)
	}
	return sc.Err()
}

// BenchmarkDistributedProcesses is BenchmarkDistributed in the deployment's
// shape: this process is the gateway (publisher and the embedded,
// file-backed NATS server it starts by default), and the worker and its bot
// run in a second OS process (this binary re-run) that consumes over
// loopback TCP, as `scurry gateway` and `scurry worker` do. The in-process
// baseline is the same as BenchmarkDistributed's. CPU per event counts both
// processes.
//
//	go test ./broker/natsbroker -run '^$' -bench DistributedProcesses -benchtime 100000x [-bench.rate N]
func BenchmarkDistributedProcesses(b *testing.B) {
	ns, err := embedded.Start(embedded.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(ns.Close)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), workerEnv+"="+ns.ClientURL())
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	next := func() string {
		if !lines.Scan() {
			b.Fatalf("worker process ended: %v", lines.Err())
		}
		return lines.Text()
	}
	if l := next(); l != "ready" {
		b.Fatalf("worker process said %q", l)
	}
	nc, err := embedded.Connect(ns.ClientURL(), "bench-gateway")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	st, err := natsbroker.EnsureStream(b.Context(), js, natsbroker.StreamOptions{Partitions: 16})
	if err != nil {
		b.Fatal(err)
	}
	acks := &ackLatencies{}
	pub, err := natsbroker.NewPublisher(context.Background(), natsbroker.PublisherOptions{Stream: st, OnAck: acks.add})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = pub.Close(context.Background()) })
	measure := func(from, to int, rate float64) phase {
		fmt.Fprintf(stdin, "expect %d\n", to-from)
		start, cpu0 := time.Now(), cpuTime()
		publishRange(b.Context(), from, to, rate, pub.Handle)
		var p50, p99, wcpu int64
		if _, err := fmt.Sscanf(next(), "done %d %d %d", &p50, &p99, &wcpu); err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		return phase{rate: float64(to-from) / el.Seconds(), p50: time.Duration(p50), p99: time.Duration(p99),
			cpu: (cpuTime() - cpu0 + time.Duration(wcpu)) / time.Duration(to-from)}
	}
	local := inProcess(b)
	n := b.N
	b.ResetTimer()
	df := measure(0, n, 0)
	lf := local.measure(0, n, 0)
	rate := df.rate * *pacedFraction
	if *pacedRate > 0 {
		rate = *pacedRate
	}
	acks.reset()
	dp := measure(n, 2*n, rate)
	ack50, ack99 := acks.percentiles()
	lp := local.measure(n, 2*n, rate)
	b.StopTimer()
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) }
	b.ReportMetric(df.rate, "dist-ev/s")
	b.ReportMetric(lf.rate, "inproc-ev/s")
	b.ReportMetric(float64(df.cpu.Nanoseconds())/1e3, "dist-cpu-µs/ev")
	b.ReportMetric(float64(lf.cpu.Nanoseconds())/1e3, "inproc-cpu-µs/ev")
	b.ReportMetric(rate, "paced-ev/s")
	b.ReportMetric(us(dp.p50-lp.p50), "added-p50-µs")
	b.ReportMetric(us(dp.p99-lp.p99), "added-p99-µs")
	b.ReportMetric(us(ack50), "ack-p50-µs")
	b.ReportMetric(us(ack99), "ack-p99-µs")
	b.Logf("n=%d flood: distributed (2 processes) %.0f ev/s (CPU %v/event), in-process %.0f ev/s (CPU %v/event); at %.0f ev/s: distributed p50 %v p99 %v, in-process p50 %v p99 %v; publish to ack p50 %v p99 %v",
		n, df.rate, df.cpu, lf.rate, lf.cpu, rate, dp.p50, dp.p99, lp.p50, lp.p99, ack50, ack99)
}
