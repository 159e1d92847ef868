package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/shard"
)

// fakeZstdWindow is the window the fake's zstd-stream declares (256 KiB).
const fakeZstdWindow = 256 << 10

// idleMem is the client's memory with n idle shards, minus before.
type idleMem struct {
	heap, rss  float64 // bytes per shard
	goroutines float64 // per shard
}

// startResult is one start of n shards.
type startResult struct {
	took, bound      time.Duration
	refused, extra   int
	accepted, opened int
}

// runManager starts a manager against fp and returns once every shard is
// READY, with the time that took and a stop function.
func runManager(fp *fakeProcess, o shard.Options, timeout time.Duration) (time.Duration, func(), error) {
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
		return 0, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- m.Run(ctx, func(context.Context, gateway.Event) {}) }()
	stop := func() { cancel(); <-done }
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-ready:
		return time.Since(start), stop, nil
	case err := <-done:
		cancel()
		return 0, nil, fmt.Errorf("the manager stopped before every shard was ready: %w", err)
	case <-t.C:
		stop()
		return 0, nil, fmt.Errorf("not every shard ready within %v", timeout)
	}
}

// settle collects garbage twice (the second empties sync.Pools) and hands
// free memory back to the OS, so that heap and RSS show what is live.
func settle() (heap, rss uint64) {
	runtime.GC()
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse, residentBytes()
}

// residentBytes reads the process's RSS from /proc (0 where there is none).
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

// measureIdle starts n shards with compression mode, lets them go idle and
// reports the client's heap, RSS and goroutines per shard.
func measureIdle(n int, mode gateway.Compression, timeout time.Duration) (idleMem, error) {
	fp, err := startFake(fakeConfig{Shards: n, MaxConcurrency: 16, WindowNS: int64(time.Millisecond)})
	if err != nil {
		return idleMem{}, err
	}
	defer fp.stop()
	heap0, rss0 := settle()
	g0 := runtime.NumGoroutine()
	_, stop, err := runManager(fp, shard.Options{Compression: mode, IdentifyWindow: time.Millisecond}, timeout)
	if err != nil {
		return idleMem{}, err
	}
	defer stop()
	// Let the last GUILD_CREATEs and the first heartbeats pass: idle means
	// the connections are up and quiet.
	time.Sleep(2 * time.Second)
	heap1, rss1 := settle()
	g1 := runtime.NumGoroutine()
	return idleMem{
		heap:       (float64(heap1) - float64(heap0)) / float64(n),
		rss:        (float64(rss1) - float64(rss0)) / float64(n),
		goroutines: float64(g1-g0) / float64(n),
	}, nil
}

// measureStart starts n shards at max_concurrency conc against a fake
// enforcing window, with the default identify queue (or one with margin).
func measureStart(n, conc int, window, margin time.Duration, mode gateway.Compression, timeout time.Duration) (startResult, error) {
	fp, err := startFake(fakeConfig{Shards: n, MaxConcurrency: conc, WindowNS: int64(window)})
	if err != nil {
		return startResult{}, err
	}
	defer fp.stop()
	o := shard.Options{Compression: mode, IdentifyWindow: window}
	if margin != 0 {
		ssl := fp.gb.SessionStartLimit
		q, err := ratelimit.NewIdentifyQueue(&ratelimit.IdentifyQueueOptions{MaxConcurrency: ssl.MaxConcurrency,
			Window: window, Margin: margin, Total: ssl.Total, Remaining: ssl.Remaining,
			ResetAfter: time.Duration(ssl.ResetAfter) * time.Millisecond})
		if err != nil {
			return startResult{}, err
		}
		o.IdentifyQueue = q
	}
	took, stop, err := runManager(fp, o, timeout)
	if err != nil {
		return startResult{}, err
	}
	st, err := fp.stats()
	stop()
	if err != nil {
		return startResult{}, err
	}
	if st.Accepted < n {
		return startResult{}, errors.New("the fake accepted fewer IDENTIFYs than there are shards")
	}
	return startResult{took: took, bound: identifyBound(n, conc, window), refused: st.Refused,
		extra: st.Opened - n, accepted: st.Accepted, opened: st.Opened}, nil
}

// identifyBound is the earliest the last round of IDENTIFYs may go out:
// (ceil(n/conc) - 1) windows after the first.
func identifyBound(n, conc int, window time.Duration) time.Duration {
	return time.Duration((n+conc-1)/conc-1) * window
}

// Goals of issue 16 (items 1 and 2).
const (
	goalStartRatio = 1.02     // start within 1.02x of the identify bound
	goalZlibHeap   = 64 << 10 // zlib-stream heap per idle shard
	// goalZstdExtra is the "small constant" a zstd-stream shard may hold
	// beyond the window its stream declares.
	goalZstdExtra = 64 << 10
	// noneBefore is the uncompressed heap per idle shard before issue 16.
	noneBefore = 54 << 10
)

func memRows(n int, mode gateway.Compression, m idleMem) []scaleRow {
	name := fmt.Sprintf("heap per idle shard (%d shards)", n)
	heap := scaleRow{metric: name, mode: string(mode), value: fmt.Sprintf("%.1f KiB", m.heap/1024)}
	switch mode {
	case gateway.CompressZlib:
		heap.goal, heap.met = "≤ 64 KiB", m.heap <= goalZlibHeap
	case gateway.CompressZstd:
		heap.goal = fmt.Sprintf("≤ declared window (%d KiB) + %d KiB", fakeZstdWindow>>10, goalZstdExtra>>10)
		heap.met = m.heap <= fakeZstdWindow+goalZstdExtra
	case gateway.CompressNone:
		heap.goal, heap.met = "< 54 KiB (before issue 16)", m.heap < noneBefore
	}
	return []scaleRow{heap,
		{metric: fmt.Sprintf("RSS per idle shard (%d shards)", n), mode: string(mode), value: fmt.Sprintf("%.1f KiB", m.rss/1024)},
		{metric: "goroutines per idle shard", mode: string(mode), value: fmt.Sprintf("%.2f", m.goroutines)},
	}
}

func startRows(n, conc int, window time.Duration, mode gateway.Compression, r startResult) []scaleRow {
	ratio := r.took.Seconds() / r.bound.Seconds()
	prefix := fmt.Sprintf("start %d shards, max_concurrency %d, %v window", n, conc, window)
	return []scaleRow{
		{metric: prefix + ": time / bound", mode: string(mode),
			value: fmt.Sprintf("%.4fx (%.1f s / %.1f s)", ratio, r.took.Seconds(), r.bound.Seconds()),
			goal:  "≤ 1.02x", met: ratio <= goalStartRatio},
		{metric: prefix + ": IDENTIFYs refused", mode: string(mode), value: strconv.Itoa(r.refused), goal: "0", met: r.refused == 0},
		{metric: prefix + ": connections beyond one per shard", mode: string(mode), value: strconv.Itoa(r.extra), goal: "0", met: r.extra == 0},
	}
}
