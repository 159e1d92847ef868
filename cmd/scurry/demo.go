package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

// demoShutdownTimeout bounds the drain after --duration: the demo stops
// within it even if handlers wait on rate limits.
const demoShutdownTimeout = 3 * time.Second

// demoConfig holds the demo flags.
type demoConfig struct {
	duration time.Duration
	guilds   int
	members  int
	channels int
	shards   int
	rate     int
	apiURL   string
	verbose  bool
	token    string // DISCORD_TOKEN: run against the real Discord

	distributed, chaos bool            // demo_distributed.go
	set                map[string]bool // flags given on the command line
}

func parseDemoFlags(args []string, stderr io.Writer) (demoConfig, error) {
	c := demoConfig{token: os.Getenv("DISCORD_TOKEN")}
	fs := flag.NewFlagSet("scurry demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "stop after this long (0: run until Ctrl-C)")
	fs.IntVar(&c.guilds, "guilds", 4, "guilds in the fake world")
	fs.IntVar(&c.members, "members", 300, "members per guild, besides the bot")
	fs.IntVar(&c.channels, "channels", 4, "text channels per guild")
	fs.IntVar(&c.shards, "shards", 2, "shards the fake recommends")
	fs.IntVar(&c.rate, "rate", 40, "simulated user actions per second (messages, reactions, slash commands, buttons)")
	apiDefault := os.Getenv("SCURRY_API_URL")
	if apiDefault == "" {
		apiDefault = rest.DefaultBaseURL
	}
	fs.StringVar(&c.apiURL, "api-url", apiDefault, "REST base URL when DISCORD_TOKEN is set (env SCURRY_API_URL)")
	fs.BoolVar(&c.verbose, "v", false, "log the library's debug output to stderr")
	fs.BoolVar(&c.distributed, "distributed", false, "run distributed: 2 gateway and 3 worker processes over an embedded NATS JetStream (defaults then: 200 guilds, 16 shards, 2000 dispatches/s)")
	fs.BoolVar(&c.chaos, "chaos", false, "with --distributed: SIGKILL a gateway and a worker midway and restart them")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scurry demo [flags]")
		fmt.Fprintln(stderr, "\nRuns the example bot against a fake Discord with simulated users and shows what happens.")
		fmt.Fprintln(stderr, "With DISCORD_TOKEN set, runs the same bot against the real Discord instead.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	c.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scurry demo: unexpected argument %q\n", fs.Arg(0))
		return c, errUsage
	}
	switch {
	case c.duration < 0:
		return c, errors.New("--duration must not be negative")
	case c.guilds < 1 || c.members < 1 || c.channels < 1:
		return c, errors.New("--guilds, --members and --channels must be at least 1")
	case c.shards < 1:
		return c, errors.New("--shards must be at least 1")
	case c.rate < 0 || c.rate > 10000:
		return c, errors.New("--rate must be between 0 and 10000")
	}
	return c, nil
}

// runDemo runs the example bot, against the fake Discord with simulated
// users, or against the real one when DISCORD_TOKEN is set, and prints live
// figures until --duration passes or ctx ends.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseDemoFlags(args, stderr)
	if err != nil {
		return err
	}
	stdout = &syncWriter{w: stdout} // the reporters below print concurrently
	if cfg.distributed {
		return runDistributedDemo(ctx, cfg, stdout)
	}
	if cfg.duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.duration)
		defer cancel()
	}
	logger := slog.New(slog.DiscardHandler)
	if cfg.verbose {
		logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}

	var fake *discordtest.Server
	var world *demoWorld
	token, apiURL := cfg.token, cfg.apiURL
	identifyWindow := time.Duration(0)
	if token == "" {
		identifyWindow = 500 * time.Millisecond
		fake, err = discordtest.Start(&discordtest.Options{
			ShardCount: cfg.shards, IdentifyWindow: identifyWindow,
			HeartbeatInterval: 5 * time.Second, Logger: logger,
		})
		if err != nil {
			return err
		}
		defer fake.Close()
		world, err = seedDemoWorld(fake, cfg)
		if err != nil {
			return err
		}
		token, apiURL = fake.Token(), fake.URL()
		fmt.Fprintf(stdout, "scurry demo: fake Discord at %s with %d guilds × %d members, %d shards\n",
			fake.URL(), cfg.guilds, cfg.members+1, cfg.shards)
	} else {
		fmt.Fprintf(stdout, "scurry demo: DISCORD_TOKEN is set; running the example bot against %s\n", apiURL)
	}

	limiter, err := ratelimit.NewRESTLimiter(nil)
	if err != nil {
		return err
	}
	counters := &restCounters{}
	router := interactions.NewRouter(nil)
	intents := discord.IntentGuilds | discord.IntentGuildMessages | discord.IntentGuildMessageReactions |
		discord.IntentMessageContent | discord.IntentDirectMessages
	progress := make(chan shard.Progress, 64)
	allReady := make(chan struct{})
	var readyOnce sync.Once
	c, err := bot.New(token, &bot.Options{
		Intents: intents,
		APIURL:  apiURL,
		REST: &rest.Options{
			HTTPClient: countingDoer{http.DefaultClient, counters},
			Limiter:    countingLimiter{limiter, counters},
			Logger:     logger,
		},
		Router:          router,
		Logger:          logger,
		ShutdownTimeout: demoShutdownTimeout,
		Shard: func(o *shard.Options) {
			if identifyWindow > 0 {
				o.IdentifyWindow = identifyWindow
			}
			o.OnProgress = func(p shard.Progress) {
				if p.Ready == p.Total {
					readyOnce.Do(func() { close(allReady) })
				}
				select {
				case progress <- p:
				default:
				}
			}
		},
	})
	if err != nil {
		return err
	}
	eb := newExampleBot(c, router)

	var wg sync.WaitGroup
	runCtx, stopAll := context.WithCancel(ctx)
	defer stopAll()
	if world != nil && cfg.rate > 0 {
		wg.Go(func() {
			select {
			case <-allReady:
			case <-runCtx.Done():
				return
			}
			world.simulate(runCtx, cfg.rate)
		})
	}
	wg.Go(func() { report(runCtx, stdout, c, eb, counters, progress) })

	runDone := make(chan struct{})
	wg.Go(func() { reportDrain(ctx, runDone, stdout, cfg.duration, counters) })

	start := time.Now()
	runErr := c.Run(ctx)
	close(runDone)
	stopAll()
	wg.Wait()
	summary(stdout, c, eb, counters, world, time.Since(start))
	if v := eb.syncErr.Load(); v != nil {
		fmt.Fprintf(stdout, "  command sync failed: %v\n", v)
	}
	return runErr
}
