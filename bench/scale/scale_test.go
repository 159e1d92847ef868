package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/scurrygo/scurry/gateway"
)

// TestMain lets the test binary serve the fake too: startFake re-runs
// os.Executable with the fake's configuration in the environment.
func TestMain(m *testing.M) {
	if cfg := os.Getenv(fakeEnv); cfg != "" {
		if err := serveFake(cfg, os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestScaleSmoke runs both groups at tiny sizes (8 idle shards; 8 shards at
// max_concurrency 4 with a 100 ms window): every measurement completes and
// every row is produced. (Timing goals are for the real sizes, not here.)
func TestScaleSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process and real loopback connections")
	}
	cfg := scaleConfig{memShards: 8, startSizes: []int{8}, conc: 4, window: 100 * time.Millisecond,
		modes:   []gateway.Compression{gateway.CompressZlib, gateway.CompressZstd},
		timeout: time.Minute}
	var log bytes.Buffer
	rows, failed := runScale(cfg, &log)
	if failed {
		t.Fatalf("a measurement failed:\n%s", log.String())
	}
	if len(rows) != 2*3+2*3 {
		t.Fatalf("%d rows, want 12", len(rows))
	}
	var out bytes.Buffer
	writeScale(&out, rows)
	if !strings.Contains(out.String(), "| heap per idle shard (8 shards) | zlib-stream |") {
		t.Errorf("table:\n%s", out.String())
	}
}

func TestIdentifyBound(t *testing.T) {
	if got := identifyBound(256, 16, 5*time.Second); got != 75*time.Second {
		t.Errorf("identifyBound(256, 16, 5s) = %v, want 75s", got)
	}
	if got := identifyBound(1000, 16, 5*time.Second); got != 310*time.Second {
		t.Errorf("identifyBound(1000, 16, 5s) = %v, want 310s", got)
	}
}
