package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

type gatewayConfig struct {
	nats           natsFlags
	shards         string
	total          int
	id             string
	apiURL         string
	leaseTTL       time.Duration
	identifyWindow time.Duration
	metricsAddr    string
	status         time.Duration
	verbose        bool
}

func parseGatewayFlags(args []string, stderr io.Writer) (gatewayConfig, error) {
	var c gatewayConfig
	fs := flag.NewFlagSet("scurry gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.shards, "shards", "", "shard ids this process runs, e.g. 0-15 or 0-3,8-11 (default: all)")
	fs.IntVar(&c.total, "total", 0, "total shard count (default: the count GET /gateway/bot recommends)")
	addNATSFlags(fs, &c.nats)
	fs.StringVar(&c.id, "id", "", "this process's name in the shard leases; a restart with the same id takes its shards back at once (default: gateway-<host>-<pid>)")
	apiDefault := os.Getenv("SCURRY_API_URL")
	if apiDefault == "" {
		apiDefault = rest.DefaultBaseURL
	}
	fs.StringVar(&c.apiURL, "api-url", apiDefault, "REST base URL (env SCURRY_API_URL)")
	fs.DurationVar(&c.leaseTTL, "lease-ttl", 10*time.Second, "how long a dead process's shards stay leased before a standby takes them")
	fs.DurationVar(&c.identifyWindow, "identify-window", 0, "identify bucket window (default 5s; the fake Discord's is shorter)")
	fs.StringVar(&c.metricsAddr, "metrics-addr", "", "serve Prometheus /metrics on this address (e.g. 127.0.0.1:9100)")
	fs.DurationVar(&c.status, "status", 0, "print a status line this often (0: never)")
	fs.BoolVar(&c.verbose, "v", false, "log at info level")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: DISCORD_TOKEN=... scurry gateway [flags]")
		fmt.Fprintln(stderr, "\nRuns a range of shards and publishes their events to NATS JetStream for `scurry worker`s.")
		fmt.Fprintln(stderr, "A second process started for the same range stands by and takes over when the first dies.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scurry gateway: unexpected argument %q\n", fs.Arg(0))
		return c, errUsage
	}
	if c.total < 0 {
		return c, errors.New("--total must not be negative")
	}
	if c.id == "" {
		c.id = defaultID("gateway")
	}
	return c, nil
}

func addNATSFlags(fs *flag.FlagSet, f *natsFlags) {
	fs.StringVar(&f.url, "nats", "", "NATS URL of the cluster to join (default: start an embedded server)")
	fs.StringVar(&f.dataDir, "data", "", "JetStream store directory of the embedded server (default: a temporary one)")
	fs.IntVar(&f.partitions, "partitions", 16, "partition count of the event stream (fixed when the stream is created)")
	fs.StringVar(&f.stream, "stream", "", "stream name (default SCURRY_EVENTS)")
}

func runGateway(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseGatewayFlags(args, stderr)
	if err != nil {
		return err
	}
	token := os.Getenv(tokenEnv)
	if token == "" {
		return fmt.Errorf("set %s to the bot token", tokenEnv)
	}
	log := newLogger(cfg.verbose, stderr).With("process", cfg.id)
	rc, err := rest.New(token, &rest.Options{BaseURL: cfg.apiURL, Logger: log})
	if err != nil {
		return err
	}
	gb, err := rc.GatewayBot(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("GET /gateway/bot: %w", err)
	}
	total := cfg.total
	if total == 0 {
		total = gb.Shards
	}
	ids, err := parseShardRange(cfg.shards, total)
	if err != nil {
		return err
	}
	nc, st, closeNATS, err := connectNATS(ctx, cfg.nats, cfg.id, stdout, log)
	if err != nil {
		return err
	}
	defer closeNATS()

	m := newProcessMetrics("gateway", cfg.id)
	stopMetrics, err := m.serve(cfg.metricsAddr, log)
	if err != nil {
		return err
	}
	defer stopMetrics()

	var wg sync.WaitGroup
	defer wg.Wait()
	sctx, stopStatus := context.WithCancel(ctx)
	defer stopStatus()
	fmt.Fprintf(stdout, "%s: shards %v of %d, stream %s with %d partitions\n", cfg.id, compactRange(ids), total, st.Options().Name, st.Partitions())
	err = natsbroker.RunGateway(ctx, natsbroker.GatewayOptions{
		Conn: nc, Stream: st, Token: token, Owner: cfg.id, LeaseTTL: cfg.leaseTTL,
		Shard: shard.Options{Gateway: gb, ShardCount: total, ShardIDs: ids, Intents: discord.IntentsAll &^ discord.IntentGuildPresences,
			IdentifyWindow: cfg.identifyWindow, Logger: log},
		OnAck: m.observePublish,
		OnStart: func(mgr *shard.Manager, p *natsbroker.Publisher) {
			fmt.Fprintf(stdout, "%s: holding the leases of %d shards; connecting\n", cfg.id, len(ids))
			m.watchGateway(mgr, p)
			if cfg.status > 0 {
				wg.Go(func() {
					every(sctx, cfg.status, func() {
						s := p.Stats()
						ready := 0
						for _, si := range mgr.Shards() {
							if si.Status.String() == "ready" {
								ready++
							}
						}
						fmt.Fprintf(stdout, "%s: shards ready %d/%d  published %d  acked %d  republished %d  pending %d\n",
							cfg.id, ready, len(ids), s.Published, s.Acked, s.Republished, p.Pending())
					})
				})
			}
		},
		Logger: log,
	})
	stopStatus()
	return err
}

// compactRange prints sorted ids as "0-7" or "0-3,8".
func compactRange(ids []int) string {
	out := ""
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if out != "" {
			out += ","
		}
		if j > i {
			out += fmt.Sprintf("%d-%d", ids[i], ids[j])
		} else {
			out += fmt.Sprint(ids[i])
		}
		i = j + 1
	}
	return out
}
