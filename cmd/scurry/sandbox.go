package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/scurrygo/scurry/discordtest"
)

// sandboxConfig holds the sandbox flags.
type sandboxConfig struct {
	addr           string
	token          string
	guilds         int
	members        int
	channels       int
	roles          int
	shards         int
	maxConcurrency int
	heartbeat      time.Duration
	chatter        time.Duration
	anyUserAgent   bool
	verbose        bool
	uiAddr         string // "" for no web page
}

func parseSandboxFlags(args []string, stderr io.Writer) (sandboxConfig, error) {
	var c sandboxConfig
	fs := flag.NewFlagSet("scurry sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	fs.StringVar(&c.token, "token", discordtest.DefaultToken, "the bot token the sandbox accepts")
	fs.IntVar(&c.guilds, "guilds", 1, "guilds to create")
	fs.IntVar(&c.members, "members", 10, "members per guild, besides the bot")
	fs.IntVar(&c.channels, "channels", 3, "text channels per guild")
	fs.IntVar(&c.roles, "roles", 2, "roles per guild, besides @everyone")
	fs.IntVar(&c.shards, "shards", 1, "recommended shard count in GET /gateway/bot")
	fs.IntVar(&c.maxConcurrency, "max-concurrency", 1, "session_start_limit.max_concurrency")
	fs.DurationVar(&c.heartbeat, "heartbeat", 41250*time.Millisecond, "heartbeat interval sent in HELLO")
	fs.DurationVar(&c.chatter, "chatter", 0, "if set, a random member posts a message this often")
	fs.BoolVar(&c.anyUserAgent, "any-user-agent", false, "accept requests without a DiscordBot User-Agent (Discord rejects them with 40333)")
	fs.BoolVar(&c.verbose, "v", false, "log the server's debug output to stderr")
	fs.StringVar(&c.uiAddr, "ui-addr", "127.0.0.1:0", "loopback address of the web page (a Discord-like client over the sandbox); \"\" for none")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scurry sandbox [flags]")
		fmt.Fprintln(stderr, "\nRuns the fake Discord on loopback until Ctrl-C. Point any bot library at the printed URLs.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scurry sandbox: unexpected argument %q\n", fs.Arg(0))
		return c, errUsage
	}
	switch {
	case c.guilds < 0 || c.members < 0 || c.channels < 0 || c.roles < 0:
		return c, errors.New("--guilds, --members, --channels and --roles must not be negative")
	case c.shards < 1 || c.maxConcurrency < 1:
		return c, errors.New("--shards and --max-concurrency must be at least 1")
	case c.heartbeat < time.Millisecond:
		return c, errors.New("--heartbeat must be at least 1ms")
	case c.token == "":
		return c, errors.New("--token must not be empty")
	}
	if err := checkLoopback("--addr", c.addr); err != nil {
		return c, err
	}
	if c.uiAddr != "" {
		if err := checkLoopback("--ui-addr", c.uiAddr); err != nil {
			return c, err
		}
	}
	return c, nil
}

func checkLoopback(flag, addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s %q: %w", flag, addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s %q is not a loopback address; the sandbox accepts any client and must not be exposed", flag, addr)
	}
	return nil
}

// runSandbox starts the fake Discord, seeds a world, prints where it is and
// runs until ctx ends.
func runSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseSandboxFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.DiscardHandler)
	if cfg.verbose {
		logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s, err := discordtest.Start(&discordtest.Options{
		Addr: cfg.addr, Token: cfg.token, ShardCount: cfg.shards, MaxConcurrency: cfg.maxConcurrency,
		HeartbeatInterval: cfg.heartbeat, Logger: logger, SkipUserAgent: cfg.anyUserAgent,
	})
	if err != nil {
		return err
	}
	defer s.Close()

	var seeded []discordtest.SeededGuild
	for i := range cfg.guilds {
		g, err := s.SeedGuild(discordtest.GuildSeed{Name: "sandbox " + strconv.Itoa(i+1),
			Members: cfg.members, TextChannels: cfg.channels, Roles: cfg.roles})
		if err != nil {
			return err
		}
		seeded = append(seeded, g)
	}

	var ui sandboxUI
	if cfg.uiAddr != "" {
		if ui, err = startSandboxUI(s, cfg.uiAddr, logger); err != nil {
			return fmt.Errorf("web page: %w", err)
		}
		defer ui.stop()
	}

	fmt.Fprintln(stdout, "scurry sandbox: a fake Discord is running (Ctrl-C to stop)")
	if ui.url != "" {
		fmt.Fprintf(stdout, "  Open         %s  (chat as any member, run the bot's commands, watch what it does)\n", ui.url)
	}
	fmt.Fprintf(stdout, "  REST API     %s\n", s.URL())
	fmt.Fprintf(stdout, "  Gateway      %s\n", s.GatewayURL())
	fmt.Fprintf(stdout, "  Bot token    %s\n", s.Token())
	fmt.Fprintf(stdout, "  Application  %s (public key %s)\n", s.BotUser(), s.PublicKeyHex())
	for _, g := range seeded {
		fmt.Fprintf(stdout, "  Guild        %s: %d members, %d channels (first %s)\n", g.ID, len(g.Members)+1, len(g.Channels), firstOr(g))
	}
	var wg sync.WaitGroup
	fmt.Fprintf(stdout, "  Run a bot    SCURRY_API_URL=%s DISCORD_TOKEN=%s go run ./yourbot\n", s.URL(), s.Token())
	fmt.Fprintf(stdout, "  Try          curl -H 'Authorization: Bot %s' -A 'DiscordBot (sandbox, 1)' %s/gateway/bot\n", s.Token(), s.URL())
	if cfg.chatter > 0 && len(seeded) > 0 {
		wg.Go(func() { chatter(ctx, s, seeded, cfg.chatter, stderr) })
	}
	<-ctx.Done()
	wg.Wait()
	fmt.Fprintln(stdout, "scurry sandbox: stopping")
	return nil
}

func firstOr(g discordtest.SeededGuild) string {
	if len(g.Channels) == 0 {
		return "none"
	}
	return g.Channels[0].String()
}

// chatter has random members post messages until ctx ends; runSandbox waits
// for it before closing the server.
func chatter(ctx context.Context, s *discordtest.Server, guilds []discordtest.SeededGuild, every time.Duration, stderr io.Writer) {
	t := time.NewTicker(every)
	defer t.Stop()
	n := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		g := guilds[rand.IntN(len(guilds))]
		if len(g.Members) == 0 || len(g.Channels) == 0 {
			continue
		}
		n++
		author := g.Members[rand.IntN(len(g.Members))]
		channel := g.Channels[rand.IntN(len(g.Channels))]
		if _, err := s.UserMessage(channel, author, "sandbox chatter #"+strconv.Itoa(n)); err != nil && ctx.Err() == nil {
			fmt.Fprintf(stderr, "scurry sandbox: chatter: %v\n", err)
		}
	}
}
