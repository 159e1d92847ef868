package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/rest"
)

type workerConfig struct {
	nats        natsFlags
	id          string
	apiURL      string
	memberTTL   time.Duration
	ackWait     time.Duration
	metricsAddr string
	record      string
	status      time.Duration
	verbose     bool
}

func parseWorkerFlags(args []string, stderr io.Writer) (workerConfig, error) {
	var c workerConfig
	fs := flag.NewFlagSet("scurry worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addNATSFlags(fs, &c.nats)
	fs.StringVar(&c.id, "id", "", "this worker's name among the live ones (default: worker-<host>-<pid>)")
	apiDefault := os.Getenv("SCURRY_API_URL")
	if apiDefault == "" {
		apiDefault = rest.DefaultBaseURL
	}
	fs.StringVar(&c.apiURL, "api-url", apiDefault, "REST base URL for the bot's calls (env SCURRY_API_URL; point it at `scurry proxy` to share one rate limit)")
	fs.DurationVar(&c.memberTTL, "member-ttl", 5*time.Second, "how long a silent worker counts as alive (same for all workers)")
	fs.DurationVar(&c.ackWait, "ack-wait", 10*time.Second, "how long an unacknowledged event waits before going to the partition's next owner")
	fs.StringVar(&c.metricsAddr, "metrics-addr", "", "serve Prometheus /metrics on this address")
	fs.StringVar(&c.record, "record", "", "append one line per MESSAGE_CREATE handled (guild, content, redelivered) to this file (for the distributed demo's checks)")
	fs.DurationVar(&c.status, "status", 0, "print a status line this often (0: never)")
	fs.BoolVar(&c.verbose, "v", false, "log at info level")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: DISCORD_TOKEN=... scurry worker [flags]")
		fmt.Fprintln(stderr, "\nRuns the example bot on the events `scurry gateway` publishes; partitions are shared among the workers.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scurry worker: unexpected argument %q\n", fs.Arg(0))
		return c, errUsage
	}
	if c.id == "" {
		c.id = defaultID("worker")
	}
	return c, nil
}

func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseWorkerFlags(args, stderr)
	if err != nil {
		return err
	}
	token := os.Getenv(tokenEnv)
	if token == "" {
		return fmt.Errorf("set %s to the bot token", tokenEnv)
	}
	log := newLogger(cfg.verbose, stderr).With("process", cfg.id)
	_, st, closeNATS, err := connectNATS(ctx, cfg.nats, cfg.id, stdout, log)
	if err != nil {
		return err
	}
	defer closeNATS()
	w, err := natsbroker.NewWorker(ctx, natsbroker.WorkerOptions{Stream: st, ID: cfg.id, MemberTTL: cfg.memberTTL,
		AckWait: cfg.ackWait, Logger: log,
		OnPartitions: func(owned []int) { fmt.Fprintf(stdout, "%s: partitions %v\n", cfg.id, owned) }})
	if err != nil {
		return err
	}
	m := newProcessMetrics("worker", cfg.id)
	m.watchWorker(w)
	stopMetrics, err := m.serve(cfg.metricsAddr, log)
	if err != nil {
		return err
	}
	defer stopMetrics()

	router := interactions.NewRouter(nil)
	c, err := bot.New(token, &bot.Options{Source: w, APIURL: cfg.apiURL, Router: router, Logger: log,
		Intents: discord.IntentsAll &^ discord.IntentGuildPresences})
	if err != nil {
		return err
	}
	newExampleBot(c, router)
	if cfg.record != "" {
		f, err := os.OpenFile(cfg.record, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		rec := &recordWriter{f: f}
		bot.On(c, func(ctx context.Context, m *discord.MessageCreate) error {
			return rec.write(m.GuildID, m.Content, bot.Redelivered(ctx))
		})
	}
	sctx, stopStatus := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if cfg.status > 0 {
		wg.Go(func() {
			every(sctx, cfg.status, func() {
				s := w.Stats()
				fmt.Fprintf(stdout, "%s: partitions %d  consumed %d  redelivered %d  replayed %d  handled %d\n",
					cfg.id, len(w.Owned()), s.Consumed, s.Redelivered, s.Replayed, c.Stats().Handled.Load())
			})
		})
	}
	err = c.Run(ctx)
	stopStatus()
	wg.Wait()
	return err
}

// recordWriter appends "guild content [r]" lines, one write each, before
// the handler returns (so before the ack: a SIGKILL between the two makes a
// redelivered duplicate, never a loss). Safe for concurrent use.
type recordWriter struct {
	mu  sync.Mutex
	f   *os.File
	buf []byte
}

func (r *recordWriter) write(g discord.Snowflake, content string, redelivered bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := strconv.AppendUint(r.buf[:0], uint64(g), 10)
	b = append(b, ' ')
	b = append(b, content...)
	if redelivered {
		b = append(b, " r"...)
	}
	b = append(b, '\n')
	r.buf = b
	_, err := r.f.Write(b)
	return err
}
