package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
)

// Shared pieces of `scurry gateway` and `scurry worker`: joining NATS (an
// embedded server when no URL is given) and opening the stream.

// tokenEnv is where child processes and users pass the bot token, so that it
// never shows in a process list or a log.
const tokenEnv = "DISCORD_TOKEN"

// natsFlags are the flags both commands share.
type natsFlags struct {
	url        string
	dataDir    string
	partitions int
	stream     string
	memory     bool
}

// connectNATS joins the cluster at f.url, or starts an embedded server with
// its store under f.dataDir. close releases both.
func connectNATS(ctx context.Context, f natsFlags, name string, stdout io.Writer, log *slog.Logger) (nc *nats.Conn, st *natsbroker.Stream, closeFn func(), err error) {
	var srv *embedded.Server
	url := f.url
	if url == "" {
		srv, err = embedded.Start(embedded.Options{Dir: f.dataDir})
		if err != nil {
			return nil, nil, nil, err
		}
		url = srv.ClientURL()
		fmt.Fprintf(stdout, "%s: embedded NATS at %s (store %s); other processes join with --nats %s\n", name, url, srv.Dir(), url)
	}
	nc, err = embedded.Connect(url, name,
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("NATS disconnected", "error", err) }),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("NATS reconnected", "url", c.ConnectedUrl()) }))
	if err != nil {
		if srv != nil {
			srv.Close()
		}
		return nil, nil, nil, err
	}
	closeFn = func() {
		nc.Close()
		if srv != nil {
			srv.Close()
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		closeFn()
		return nil, nil, nil, err
	}
	st, err = natsbroker.EnsureStream(ctx, js, natsbroker.StreamOptions{Name: f.stream, Partitions: f.partitions, Memory: f.memory})
	if err != nil {
		closeFn()
		return nil, nil, nil, err
	}
	return nc, st, closeFn, nil
}

// parseShardRange reads "0-15", "3" or "0-3,8-11" into sorted shard ids.
func parseShardRange(s string, total int) ([]int, error) {
	if s == "" {
		ids := make([]int, total)
		for i := range ids {
			ids[i] = i
		}
		return ids, nil
	}
	seen := map[int]bool{}
	var ids []int
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			return nil, fmt.Errorf("--shards %q: %q is not a shard id", s, lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
				return nil, fmt.Errorf("--shards %q: %q is not a shard id", s, hi)
			}
		}
		if a < 0 || b < a || b >= total {
			return nil, fmt.Errorf("--shards %q: range %d-%d is outside 0-%d (--total %d)", s, a, b, total-1, total)
		}
		for i := a; i <= b; i++ {
			if !seen[i] {
				seen[i] = true
				ids = append(ids, i)
			}
		}
	}
	return ids, nil
}

func defaultID(kind string) string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s-%s-%d", kind, strings.ReplaceAll(h, ".", "_"), os.Getpid())
}

func newLogger(verbose bool, stderr io.Writer) *slog.Logger {
	lvl := slog.LevelWarn
	if verbose {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))
}

// every runs fn every d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
