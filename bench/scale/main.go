// Command scale measures scurry's shard manager at large-bot sizes (issue 16,
// items 1 and 2): the time to start N shards against the identify bound at a
// given identify window, with each transport compression, and the heap and
// RSS per idle shard. The fake Discord runs in a child process (this binary
// re-run with SCURRY_SCALE_FAKE set), so the client's memory and CPU are
// measured alone, and the fake's scheduling does not stall the client's. See
// ../README.md, section "Scale".
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/scurrygo/scurry/gateway"
)

// scaleConfig is what one run measures (flags).
type scaleConfig struct {
	only       string // "", "mem" or "start"
	memShards  int
	startSizes []int
	conc       int
	window     time.Duration
	margin     time.Duration // 0: the queue's default
	modes      []gateway.Compression
	timeout    time.Duration
}

func defaultScaleConfig() scaleConfig {
	return scaleConfig{
		memShards:  1000,
		startSizes: []int{256, 1000},
		conc:       16,
		window:     5 * time.Second,
		modes:      []gateway.Compression{gateway.CompressNone, gateway.CompressZlib, gateway.CompressZstd},
		timeout:    15 * time.Minute,
	}
}

func main() {
	if cfg := os.Getenv(fakeEnv); cfg != "" {
		if err := serveFake(cfg, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "scale fake:", err)
			os.Exit(1)
		}
		return
	}
	cfg := defaultScaleConfig()
	flag.StringVar(&cfg.only, "only", "", "run one group: mem or start")
	flag.IntVar(&cfg.memShards, "mem-shards", cfg.memShards, "memory: idle shards")
	sizes := flag.String("shards", "256,1000", "start: shard counts, comma separated")
	flag.IntVar(&cfg.conc, "max-concurrency", cfg.conc, "start: max_concurrency")
	flag.DurationVar(&cfg.window, "window", cfg.window, "start: identify window (Discord's is 5s; scaled windows run faster)")
	flag.DurationVar(&cfg.margin, "margin", 0, "start: the identify queue's allowance (0: its default, 50 ms or window/20 if smaller)")
	modes := flag.String("modes", "none,zlib-stream,zstd-stream", "transport compressions, comma separated")
	flag.DurationVar(&cfg.timeout, "timeout", cfg.timeout, "limit for one start")
	flag.Parse()
	var err error
	if cfg.startSizes, err = parseInts(*sizes); err != nil {
		fmt.Fprintln(os.Stderr, "scale: -shards:", err)
		os.Exit(2)
	}
	cfg.modes = nil
	for _, m := range strings.Split(*modes, ",") {
		cfg.modes = append(cfg.modes, gateway.Compression(strings.TrimSpace(m)))
	}
	rows, failed := runScale(cfg, os.Stderr)
	fmt.Printf("scurry scale bench, %s, %s/%s, GOMAXPROCS %d, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.Version())
	writeScale(os.Stdout, rows)
	if failed {
		os.Exit(1)
	}
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive count", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// scaleRow is one line of the output: a measurement and its goal.
type scaleRow struct {
	metric, mode string
	value        string
	goal         string
	met          bool
}

// runScale measures everything cfg asks for, logging progress to log.
func runScale(cfg scaleConfig, log io.Writer) (rows []scaleRow, failed bool) {
	want := func(g string) bool { return cfg.only == "" || cfg.only == g }
	if want("mem") {
		for _, mode := range cfg.modes {
			fmt.Fprintf(log, "scale: memory, %d idle shards, %s\n", cfg.memShards, mode)
			m, err := measureIdle(cfg.memShards, mode, cfg.timeout)
			if err != nil {
				fmt.Fprintf(log, "scale: memory %s: %v\n", mode, err)
				failed = true
				continue
			}
			rows = append(rows, memRows(cfg.memShards, mode, m)...)
		}
	}
	if want("start") {
		for _, n := range cfg.startSizes {
			for _, mode := range cfg.modes {
				fmt.Fprintf(log, "scale: start, %d shards, max_concurrency %d, %v window, %s\n", n, cfg.conc, cfg.window, mode)
				r, err := measureStart(n, cfg.conc, cfg.window, cfg.margin, mode, cfg.timeout)
				if err != nil {
					fmt.Fprintf(log, "scale: start %d %s: %v\n", n, mode, err)
					failed = true
					continue
				}
				rows = append(rows, startRows(n, cfg.conc, cfg.window, mode, r)...)
			}
		}
	}
	return rows, failed
}

// writeScale prints the rows as a markdown table with a verdict per goal.
func writeScale(w io.Writer, rows []scaleRow) {
	fmt.Fprintln(w, "| metric | mode | value | goal | verdict |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, r := range rows {
		verdict := ""
		if r.goal != "" {
			verdict = "MISSED"
			if r.met {
				verdict = "MET"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", r.metric, r.mode, r.value, r.goal, verdict)
	}
}
