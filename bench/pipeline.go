package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/coder/websocket"
	"github.com/disgoorg/disgo"
	disgobot "github.com/disgoorg/disgo/bot"
	disgoevents "github.com/disgoorg/disgo/events"
	disgogateway "github.com/disgoorg/disgo/gateway"
	disgorest "github.com/disgoorg/disgo/rest"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
)

// The same intents for every library: everything the mix needs.
const (
	scurryIntents = discord.IntentGuilds | discord.IntentGuildMembers | discord.IntentGuildPresences |
		discord.IntentGuildMessages | discord.IntentGuildMessageTyping | discord.IntentMessageContent
	discordgoIntents = discordgo.IntentsGuilds | discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences |
		discordgo.IntentsGuildMessages | discordgo.IntentsGuildMessageTyping | discordgo.IntentsMessageContent
	disgoIntents = disgogateway.IntentGuilds | disgogateway.IntentGuildMembers | disgogateway.IntentGuildPresences |
		disgogateway.IntentGuildMessages | disgogateway.IntentGuildMessageTyping | disgogateway.IntentMessageContent
)

var discardLogger = slog.New(slog.DiscardHandler)

// counter counts handled events and closes done at the target.
type counter struct {
	n      atomic.Int64
	target int64
	done   chan struct{}
	once   sync.Once
}

func newCounter(target int) *counter {
	return &counter{target: int64(target), done: make(chan struct{})}
}

func (c *counter) inc() {
	if c.n.Add(1) == c.target {
		c.once.Do(func() { close(c.done) })
	}
}

// startFunc starts a client against srv that calls c.inc once per dispatch
// of the mix, and returns a function that stops it and waits.
type startFunc func(ctx context.Context, srv *discordtest.Server, c *counter) (stop func(), err error)

// pipelineResult is one library's pipeline run.
type pipelineResult struct {
	eventsPerSec  float64
	cpuPerEvent   time.Duration // process CPU (user+sys), fake included
	allocPerEvent float64       // bytes allocated by the process, fake included
	reconnects    int           // connections opened after the first
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runPipeline starts a fresh fake and the client, waits for READY, then
// dispatches the mix and measures until the client has counted every event.
func runPipeline(start startFunc, mix []mixEvent, timeout time.Duration) (pipelineResult, error) {
	// The replay buffer holds the whole mix, so a client that reconnects
	// resumes without losing events (and the run still completes).
	srv, err := discordtest.Start(&discordtest.Options{ReplayLimit: len(mix) + 1000})
	if err != nil {
		return pipelineResult{}, err
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c := newCounter(len(mix))
	stop, err := start(ctx, srv, c)
	if err != nil {
		return pipelineResult{}, err
	}
	defer stop()
	if _, err := srv.WaitLiveConns(ctx, 1); err != nil {
		return pipelineResult{}, fmt.Errorf("waiting for READY: %w", err)
	}
	// Let the client digest READY (and any startup GUILD_CREATE).
	time.Sleep(100 * time.Millisecond)
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	cpu0 := cpuTime()
	t0 := time.Now()
	pushErr := make(chan error, 1)
	go func() {
		for _, e := range mix {
			if err := srv.Dispatch(discord.Snowflake(e.gid), e.name, e.d); err != nil {
				pushErr <- err
				return
			}
		}
		pushErr <- nil
	}()
	select {
	case <-c.done:
	case <-ctx.Done():
		return pipelineResult{}, fmt.Errorf("timed out with %d of %d events counted", c.n.Load(), len(mix))
	}
	el := time.Since(t0)
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&m1)
	if err := <-pushErr; err != nil {
		return pipelineResult{}, err
	}
	n := float64(len(mix))
	opened := 0
	for _, e := range srv.ConnEvents() {
		if e.Kind == discordtest.ConnOpened {
			opened++
		}
	}
	return pipelineResult{
		reconnects:    opened - 1,
		eventsPerSec:  n / el.Seconds(),
		cpuPerEvent:   time.Duration(float64(cpu) / n),
		allocPerEvent: float64(m1.TotalAlloc-m0.TotalAlloc) / n,
	}, nil
}

// startScurry runs scurry the way its README shows: bot.New, typed
// handlers, default cache and dispatcher.
func startScurry(comp gateway.Compression) startFunc {
	return func(ctx context.Context, srv *discordtest.Server, c *counter) (func(), error) {
		cl, err := bot.New(srv.Token(), &bot.Options{Intents: scurryIntents, APIURL: srv.URL(), Compression: comp})
		if err != nil {
			return nil, err
		}
		bot.On(cl, func(context.Context, *discord.MessageCreate) error { c.inc(); return nil })
		bot.On(cl, func(context.Context, *discord.GuildCreate) error { c.inc(); return nil })
		bot.On(cl, func(context.Context, *discord.PresenceUpdateEvent) error { c.inc(); return nil })
		bot.On(cl, func(context.Context, *discord.TypingStart) error { c.inc(); return nil })
		bot.On(cl, func(context.Context, *discord.InteractionCreate) error { c.inc(); return nil })
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { _ = cl.Run(ctx) })
		return func() { cancel(); wg.Wait() }, nil
	}
}

// rewriteTransport sends every request to the fake, whatever host the URL
// names (discordgo's endpoints are fixed to discord.com at init time).
type rewriteTransport struct{ target *url.URL }

func (t rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.target.Scheme, t.target.Host, t.target.Host
	return http.DefaultTransport.RoundTrip(r2)
}

// newDiscordgo returns a discordgo Session with its defaults (state on,
// a goroutine per handler call) pointed at the fake.
func newDiscordgo(srv *discordtest.Server) (*discordgo.Session, error) {
	u, err := url.Parse(srv.URL())
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		return nil, err
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rewriteTransport{target: u}}
	s.Identify.Intents = discordgoIntents
	// discordgo sends its token string, "Bot " prefix included, in IDENTIFY;
	// Discord tolerates that, the fake closes with 4004. Send the bare token.
	s.Identify.Token = srv.Token()
	s.LogLevel = -1 // discordgo logs at LogError by default; silence it as the other clients are
	return s, nil
}

func startDiscordgo(ctx context.Context, srv *discordtest.Server, c *counter) (func(), error) {
	s, err := newDiscordgo(srv)
	if err != nil {
		return nil, err
	}
	s.AddHandler(func(*discordgo.Session, *discordgo.MessageCreate) { c.inc() })
	s.AddHandler(func(*discordgo.Session, *discordgo.GuildCreate) { c.inc() })
	s.AddHandler(func(*discordgo.Session, *discordgo.PresenceUpdate) { c.inc() })
	s.AddHandler(func(*discordgo.Session, *discordgo.TypingStart) { c.inc() })
	s.AddHandler(func(*discordgo.Session, *discordgo.InteractionCreate) { c.inc() })
	if err := s.Open(); err != nil {
		return nil, err
	}
	return func() { _ = s.Close() }, nil
}

// newDisgo returns a disgo client with its defaults pointed at the fake;
// extra options follow.
func newDisgo(srv *discordtest.Server, opts ...disgobot.ConfigOpt) (disgobot.Client, error) {
	base := []disgobot.ConfigOpt{
		disgobot.WithLogger(discardLogger), // disgo logs to slog.Default
		disgobot.WithRestClientConfigOpts(disgorest.WithURL(srv.URL())),
	}
	return disgo.New(srv.Token(), append(base, opts...)...)
}

func startDisgo(ctx context.Context, srv *discordtest.Server, c *counter) (func(), error) {
	cl, err := newDisgo(srv,
		disgobot.WithGatewayConfigOpts(disgogateway.WithIntents(disgoIntents)),
		disgobot.WithEventListenerFunc(func(*disgoevents.MessageCreate) { c.inc() }),
		disgobot.WithEventListenerFunc(func(*disgoevents.GuildJoin) { c.inc() }),
		disgobot.WithEventListenerFunc(func(*disgoevents.GuildAvailable) { c.inc() }),
		disgobot.WithEventListenerFunc(func(*disgoevents.GuildReady) { c.inc() }),
		disgobot.WithEventListenerFunc(func(*disgoevents.PresenceUpdate) { c.inc() }),
		disgobot.WithEventListenerFunc(func(*disgoevents.UserTypingStart) { c.inc() }),
		disgobot.WithEventListenerFunc(func(*disgoevents.InteractionCreate) { c.inc() }),
	)
	if err != nil {
		return nil, err
	}
	if err := cl.OpenGateway(ctx); err != nil {
		return nil, err
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cl.Close(ctx)
	}, nil
}

// startRaw is the baseline: a websocket client that identifies and counts
// dispatch frames without decoding them. It measures the fake's own cost.
func startRaw(ctx context.Context, srv *discordtest.Server, c *counter) (func(), error) {
	ws, _, err := websocket.Dial(ctx, srv.GatewayURL()+"?v=10&encoding=json", nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(64 << 20)
	id := fmt.Sprintf(`{"op":2,"d":{"token":%q,"intents":%d,"properties":{"os":"linux","browser":"raw","device":"raw"}}}`, srv.Token(), uint64(scurryIntents))
	if err := ws.Write(ctx, websocket.MessageText, []byte(id)); err != nil {
		ws.CloseNow()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		ready := false
		buf := make([]byte, 0, 64<<10)
		for {
			_, r, err := ws.Reader(ctx)
			if err != nil {
				return
			}
			buf, err = readAll(r, buf[:0])
			if err != nil {
				return
			}
			p, err := discord.ScanPayload(buf)
			if err != nil || p.Op != discord.OpDispatch {
				continue
			}
			if !ready {
				ready = p.T == "READY"
				continue
			}
			c.inc()
		}
	})
	return func() { cancel(); ws.CloseNow(); wg.Wait() }, nil
}

func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if errors.Is(err, io.EOF) {
				return buf, nil
			}
			return buf, err
		}
	}
}
