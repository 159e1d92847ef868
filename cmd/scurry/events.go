package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

// eventsConfig holds the events flags.
type eventsConfig struct {
	token   string
	apiURL  string
	intents discord.Intents
	only    map[string]bool
	verbose bool
}

func parseEventsFlags(args []string, stderr io.Writer) (eventsConfig, error) {
	c := eventsConfig{token: os.Getenv("DISCORD_TOKEN")}
	fs := flag.NewFlagSet("scurry events", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiDefault := os.Getenv("SCURRY_API_URL")
	if apiDefault == "" {
		apiDefault = rest.DefaultBaseURL
	}
	fs.StringVar(&c.apiURL, "api-url", apiDefault, "REST base URL (env SCURRY_API_URL); the gateway URL comes from its /gateway/bot")
	fs.StringVar(&c.token, "token", c.token, "bot token (default: env DISCORD_TOKEN)")
	intents := fs.String("intents", "", "intents by name, comma-separated (e.g. GUILDS,GUILD_MESSAGES); default: all non-privileged")
	only := fs.String("only", "", "print only these dispatch names, comma-separated (e.g. MESSAGE_CREATE,GUILD_CREATE)")
	fs.BoolVar(&c.verbose, "v", false, "log the library's debug output to stderr")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scurry events [flags]")
		fmt.Fprintln(stderr, "\nConnects every shard and prints each dispatch as one JSON line:")
		fmt.Fprintln(stderr, `  {"shard":0,"seq":5,"t":"MESSAGE_CREATE","d":{...}}`)
		fmt.Fprintln(stderr, "Pair it with `scurry sandbox` (use its REST URL and token) to watch a fake Discord.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scurry events: unexpected argument %q\n", fs.Arg(0))
		return c, errUsage
	}
	if c.token == "" {
		return c, errors.New("no token: set DISCORD_TOKEN or pass --token")
	}
	var err error
	if c.intents, err = parseIntents(*intents); err != nil {
		return c, err
	}
	if *only != "" {
		c.only = map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			c.only[strings.ToUpper(strings.TrimSpace(n))] = true
		}
	}
	return c, nil
}

// parseIntents reads "GUILDS,GUILD_MESSAGES" (names as Discord writes them).
func parseIntents(s string) (discord.Intents, error) {
	if s == "" {
		return discord.IntentsNonPrivileged, nil
	}
	byName := map[string]discord.Intents{}
	for bit, name := range discord.IntentNames() {
		byName[name] = bit
	}
	var out discord.Intents
	for _, n := range strings.Split(s, ",") {
		n = strings.ToUpper(strings.TrimSpace(n))
		bit, ok := byName[n]
		if !ok {
			return 0, fmt.Errorf("--intents: unknown intent %q", n)
		}
		out |= bit
	}
	return out, nil
}

// runEvents prints every dispatch of every shard as a JSON line until ctx
// ends or a shard stops with a fatal error.
func runEvents(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseEventsFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.DiscardHandler)
	if cfg.verbose {
		logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	rc, err := rest.New(cfg.token, &rest.Options{BaseURL: cfg.apiURL, Logger: logger})
	if err != nil {
		return err
	}
	info, err := rc.GatewayBot(ctx)
	if err != nil {
		return fmt.Errorf("fetch /gateway/bot: %w", err)
	}
	var mu sync.Mutex // shards deliver and report progress concurrently
	notes := newEventsNotes(stderr, &mu, cfg.intents, info)
	m, err := shard.NewManager(cfg.token, &shard.Options{
		Gateway: info, Intents: cfg.intents, Logger: logger,
		Session:    func(o *gateway.Options) { o.Decode = func(string) bool { return false } },
		OnProgress: notes.progress,
	})
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	err = m.Run(ctx, func(_ context.Context, e gateway.Event) {
		notes.event(e)
		if cfg.only != nil && !cfg.only[e.Name] {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, `{"shard":%d,"seq":%d,"t":%q,"d":%s}`+"\n", e.Shard, e.Seq, e.Name, e.Raw)
		w.Flush()
	})
	if err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
