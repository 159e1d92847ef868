package main

import (
	"context"
	"flag"
	"io"
	"os"
	"testing"
	"time"
)

// The distributed test runs real OS processes: this test binary, re-executed
// with scurryMainEnv set, acts as the scurry binary (built once, by go test).
const scurryMainEnv = "SCURRY_TEST_AS_MAIN"

var fullDistributed = flag.Bool("distributed.full", false, "run the multi-process test at full size (100,000 dispatches)")

// Two gateway processes × 8 shards and three workers, real OS processes,
// against the fake Discord: one gateway and one worker are SIGKILLed midway
// and restarted. Every dispatch reaches a handler, duplicates are all marked
// redelivered, per-guild order holds, the killed gateway's shards RESUME (no
// IDENTIFY beyond the first per shard) and no identify window is overrun.
func TestDistributedChaos(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg := distConfig{messages: 6000, rate: 1500, guilds: 200, shards: 16, gateways: 2, workers: 3, partitions: 16,
		chaos: true, exe: exe, env: []string{scurryMainEnv + "=1"}, out: io.Discard}
	if *fullDistributed {
		cfg.messages, cfg.rate = 100_000, 4000
	}
	if testing.Verbose() {
		cfg.out = os.Stderr
	}
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	sum, err := runDistributed(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", sum)
	if sum.Sent != cfg.messages {
		t.Errorf("sent %d, want %d", sum.Sent, cfg.messages)
	}
	if !sum.ok() {
		t.Errorf("lost %d, duplicated %d, order violations %d, extra identifies %d, refused %d, window violations %d",
			sum.Lost, sum.Duplicated, sum.OrderViolations, sum.ExtraIdentifies, sum.RefusedIdentifies, sum.WindowViolations)
	}
	if sum.Resumes < 8 {
		t.Errorf("%d RESUMEs; the killed gateway's 8 shards should have resumed", sum.Resumes)
	}
}
