package bot_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

type ctxKey struct{}

// logTo returns a logger writing Warn and above to buf (safe for
// concurrent use).
func logTo(buf *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Item 1: a handler that ignores its ctx cannot hold Run past
// ShutdownTimeout; the shutdown hooks run; Run names what it abandoned; the
// handler's ctx carries Run's values.
func TestRunReturnsWithinShutdownTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		var logs syncBuffer
		c := newBot(t, srv, func(o *bot.Options) {
			o.ShutdownTimeout = 5 * time.Second
			o.HandlerTimeout = -1 // never abandoned before the stop
			o.Logger = logTo(&logs)
		})
		ready := make(chan struct{}, 4)
		assert.Success(t, bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		}))
		release := make(chan struct{})
		defer close(release)
		started := make(chan string, 1)
		assert.Success(t, bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			v, _ := ctx.Value(ctxKey{}).(string)
			started <- v
			<-release // ignores ctx
			return nil
		}))
		var hookRan atomic.Bool
		assert.Success(t, c.OnShutdown(func(ctx context.Context) error {
			hookRan.Store(true)
			return nil
		}))
		ctx, cancel := context.WithCancel(context.WithValue(t.Context(), ctxKey{}, "run value"))
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()
		<-ready
		_, err = srv.UserMessage(g.Channels[0], g.Members[0], "hang")
		assert.Success(t, err)
		assert.Equal(t, "handler ctx carries Run's values", <-started, "run value")
		stop := time.Now()
		cancel()
		select {
		case err := <-done:
			assert.Success(t, err)
		case <-time.After(time.Minute):
			t.Fatal("Run did not return within a minute of the stop")
		}
		if d := time.Since(stop); d > 5*time.Second {
			t.Fatalf("Run returned %v after the stop, want at most ShutdownTimeout (5s)", d)
		}
		assert.Equal(t, "shutdown hook ran", hookRan.Load(), true)
		assert.Contains(t, logs.String(), "MESSAGE_CREATE guild "+g.ID.String())
		assert.Contains(t, logs.String(), "TestRunReturnsWithinShutdownTimeout")
	})
}

// Item 2: a stuck handler in guild A holds neither guild B nor, past
// HandlerTimeout, A's own later events; A is reported stalled meanwhile, and
// the stuck call is reported to OnError.
func TestStuckGuildDoesNotStallOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		a, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		b, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		var stuck atomic.Pointer[bot.StuckHandlerError]
		c := newBot(t, srv, func(o *bot.Options) {
			o.QueuePerGuild = 4
			o.HandlerTimeout = 30 * time.Second
			o.Logger = slog.New(slog.DiscardHandler)
			o.OnError = func(ctx context.Context, e *bot.Event, err error) {
				var se *bot.StuckHandlerError
				if errors.As(err, &se) {
					stuck.Store(se)
				}
			}
		})
		ready := make(chan struct{}, 4)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		release := make(chan struct{})
		defer close(release)
		got := make(chan string, 100)
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			if e.Content == "stuck" {
				<-release
			}
			got <- e.Content
			return nil
		})
		stop := run(t, c)
		<-ready
		<-ready
		_, err = srv.UserMessage(a.Channels[0], a.Members[0], "stuck")
		assert.Success(t, err)
		for range 10 { // well past QueuePerGuild
			_, err = srv.UserMessage(a.Channels[0], a.Members[0], "a")
			assert.Success(t, err)
		}
		_, err = srv.UserMessage(b.Channels[0], b.Members[0], "b")
		assert.Success(t, err)
		select {
		case s := <-got:
			assert.Equal(t, "guild B handled while A is stuck", s, "b")
		case <-time.After(10 * time.Second):
			t.Fatal("guild B was held up by guild A")
		}
		sg := c.StalledGuilds()
		if len(sg) != 1 || sg[0].Guild != a.ID || sg[0].Queued < 10 {
			t.Fatalf("stalled guilds %+v, want guild A with its queue", sg)
		}
		assert.Equal(t, "stats: stalled", c.Stats().StalledGuilds.Load(), int64(1))
		// The shard reports it in its status too.
		assert.Equal(t, "shard status: stalled", stalledOnShards(c), map[int][]discord.Snowflake{c.Manager().ShardFor(a.ID): {a.ID}})
		// Past HandlerTimeout, A's queue moves on without the stuck call.
		for range 10 {
			assert.Equal(t, "A's later events", <-got, "a")
		}
		// The report goes out beside the queue moving on, not before it:
		// let everything but the stuck call settle.
		synctest.Wait()
		se := stuck.Load()
		if se == nil || se.Event != discord.EventMessageCreate || se.Guild != a.ID || !se.Abandoned ||
			!strings.Contains(se.Handler, "TestStuckGuildDoesNotStallOthers") {
			t.Fatalf("stuck report %+v", se)
		}
		assert.Equal(t, "stats: abandoned", c.Stats().HandlersAbandoned.Load(), uint64(1))
		assert.Equal(t, "stats: none stalled now", c.Stats().StalledGuilds.Load(), int64(0))
		assert.Equal(t, "shard status: none stalled now", stalledOnShards(c), map[int][]discord.Snowflake{})
		assert.Success(t, stop())
	})
}

// Item 3: an interaction is answered in time while its guild's queue is
// held by a slow handler, and one queued behind a slow interaction handler
// is deferred 2.5 s after receipt, not after its handler starts.
func TestInteractionsAnsweredWhateverTheQueueHolds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 2})
		assert.Success(t, err)
		rt := interactions.NewRouter(nil)
		rt.Command("slow", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(10 * time.Second)
			return interactions.Text("slow done"), nil
		})
		rt.Command("fast", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			return interactions.Text("fast done"), nil
		})
		c := newBot(t, srv, func(o *bot.Options) {
			o.Router = rt
			o.Logger = slog.New(slog.DiscardHandler)
		})
		ready := make(chan struct{}, 4)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		release := make(chan struct{})
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			<-release // a slow handler holding the guild's queue
			return nil
		})
		stop := run(t, c)
		<-ready
		_, err = srv.UserMessage(g.Channels[0], g.Members[0], "busy")
		assert.Success(t, err)
		synctest.Wait()
		slow, err := srv.TriggerInteraction(discordtest.InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "slow", "type": 1}})
		assert.Success(t, err)
		created := time.Now()
		fast, err := srv.TriggerInteraction(discordtest.InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "fast", "type": 1}})
		assert.Success(t, err)
		for _, in := range []discordtest.SentInteraction{slow, fast} {
			r, err := srv.WaitInteractionResponse(t.Context(), in.ID)
			assert.Success(t, err)
			if d := r.Time.Sub(created); d > discordtest.InteractionResponseDeadline {
				t.Fatalf("interaction %d answered %v after creation", in.ID, d)
			}
		}
		close(release)
		assert.Success(t, stop())
	})
}

// Item 6: a field of an unexpected type costs only that field: the typed
// handler runs with it at zero and sees the error; OnError, a Warn log and a
// counter report it.
func TestPartialDecodeReachesTypedHandlers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		var logs syncBuffer
		var reported atomic.Pointer[discord.DecodeError]
		c := newBot(t, srv, func(o *bot.Options) {
			o.Logger = logTo(&logs)
			o.OnError = func(ctx context.Context, e *bot.Event, err error) {
				var de *discord.DecodeError
				if errors.As(err, &de) {
					reported.Store(de)
				}
			}
		})
		ready := make(chan struct{}, 4)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		type seen struct {
			m  *discord.GuildMemberAdd
			de *discord.DecodeError
		}
		got := make(chan seen, 1)
		bot.On(c, func(ctx context.Context, e *discord.GuildMemberAdd) error {
			got <- seen{e, bot.DecodeError(ctx)}
			return nil
		})
		stop := run(t, c)
		<-ready
		raw := `{"guild_id":"` + g.ID.String() + `","user":{"id":"777","username":"new"},"roles":[{"id":"1"}],"joined_at":"2024-01-01T00:00:00+00:00"}`
		assert.Success(t, srv.Dispatch(g.ID, discord.EventGuildMemberAdd, []byte(raw)))
		s := <-got
		if s.m.GuildID != g.ID || s.m.User == nil || s.m.User.ID != 777 || len(s.m.Roles) != 0 {
			t.Fatalf("member %+v", s.m)
		}
		if s.de == nil || !s.de.Partial() || s.de.Fields[0] != "/roles/0" {
			t.Fatalf("DecodeError(ctx) = %v", s.de)
		}
		synctest.Wait()
		if reported.Load() == nil {
			t.Fatal("OnError did not get the decode error")
		}
		assert.Equal(t, "counted", c.Stats().DecodeErrors.Load(), uint64(1))
		assert.Contains(t, logs.String(), "event failed to decode")
		assert.Success(t, stop())
	})
}

// Item 8: bad options and nil registrations are refused with an error naming
// them; panicking hooks are recovered and reported.
func TestValidationAtConstruction(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		o          bot.Options
	}{
		{"negative shard count", "ShardCount", bot.Options{ShardCount: -1}},
		{"duplicate shard ids", "ShardIDs", bot.Options{ShardCount: 4, ShardIDs: []int{1, 1}}},
		{"shard id out of range", "ShardIDs", bot.Options{ShardCount: 2, ShardIDs: []int{2}}},
		{"unknown intents", "Intents", bot.Options{Intents: 1 << 40}},
		{"unknown compression", "Compression", bot.Options{Compression: "gzip"}},
		{"negative concurrency", "MaxConcurrency", bot.Options{MaxConcurrency: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			_, err := bot.New("token", &o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New: %v, want an error naming %s", err, tc.want)
			}
		})
	}
	c, err := bot.New("token", nil)
	assert.Success(t, err)
	assert.ErrorIs(t, c.Use(nil), bot.ErrNilHandler)
	assert.ErrorIs(t, bot.On[*discord.MessageCreate](c, nil), bot.ErrNilHandler)
	assert.ErrorIs(t, c.OnEvent(nil), bot.ErrNilHandler)
	assert.ErrorIs(t, c.OnSetup(nil), bot.ErrNilHandler)
	assert.ErrorIs(t, c.OnShutdown(nil), bot.ErrNilHandler)
}

func TestHookPanicsAreRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		var errs []error
		var mu sync.Mutex
		c := newBot(t, srv, func(o *bot.Options) {
			o.OnError = func(ctx context.Context, e *bot.Event, err error) {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
		assert.Success(t, c.OnShutdown(func(context.Context) error { panic("shutdown boom") }))
		assert.Success(t, c.OnSetup(func(context.Context, *bot.Client) error { panic("setup boom") }))
		err := c.Run(t.Context())
		var pe *bot.PanicError
		if !errors.As(err, &pe) || pe.Value != "setup boom" {
			t.Fatalf("Run: %v, want the setup panic", err)
		}

		c2 := newBot(t, srv, func(o *bot.Options) {
			o.OnError = func(ctx context.Context, e *bot.Event, err error) {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
		assert.Success(t, c2.OnShutdown(func(context.Context) error { panic("shutdown boom") }))
		ctx, cancel := context.WithCancel(t.Context())
		assert.Success(t, c2.OnSetup(func(context.Context, *bot.Client) error { cancel(); return nil }))
		assert.Success(t, c2.Run(ctx))
		mu.Lock()
		defer mu.Unlock()
		if len(errs) != 2 || !errors.As(errs[1], &pe) || pe.Value != "shutdown boom" {
			t.Fatalf("reported %v", errs)
		}
	})
}

// Item 9: GuildsReady comes once every guild of READY arrived, and each
// GUILD_CREATE says whether it was loaded at start, joined now or is back
// from an outage.
func TestGuildsReadyAndGuildOrigin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		var initial []discordtest.SeededGuild
		for range 3 {
			g, err := srv.SeedGuild(discordtest.GuildSeed{})
			assert.Success(t, err)
			initial = append(initial, g)
		}
		c := newBot(t, srv, nil)
		var mu sync.Mutex
		origins := map[discord.Snowflake][]bot.GuildOrigin{}
		created := make(chan struct{}, 16)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			mu.Lock()
			origins[e.ID] = append(origins[e.ID], bot.GuildCreateOrigin(ctx))
			mu.Unlock()
			created <- struct{}{}
			return nil
		})
		readyC := make(chan *bot.GuildsReady, 4)
		bot.On(c, func(ctx context.Context, e *bot.GuildsReady) error {
			readyC <- e
			return nil
		})
		stop := run(t, c)
		gr := <-readyC
		assert.Equal(t, "guilds in READY", gr.Guilds, 3)
		assert.Equal(t, "none missing", len(gr.Unavailable), 0)
		for range 3 {
			<-created
		}
		joined, err := srv.SeedGuild(discordtest.GuildSeed{})
		assert.Success(t, err)
		<-created
		assert.Success(t, srv.GuildOutage(initial[0].ID, true))
		assert.Success(t, srv.GuildOutage(initial[0].ID, false))
		<-created
		assert.Success(t, stop())
		mu.Lock()
		defer mu.Unlock()
		for _, g := range initial[1:] {
			assert.Equal(t, "loaded at start", origins[g.ID], []bot.GuildOrigin{bot.GuildFromReady})
		}
		assert.Equal(t, "joined", origins[joined.ID], []bot.GuildOrigin{bot.GuildJoined})
		assert.Equal(t, "outage", origins[initial[0].ID], []bot.GuildOrigin{bot.GuildFromReady, bot.GuildAvailableAgain})
		select {
		case e := <-readyC:
			t.Fatalf("second GuildsReady %+v", e)
		default:
		}
	})
}

// Item 9: without Options.Logger, warnings (here: a handler whose intents
// are missing) reach stderr.
func TestWarningsOnStderrByDefault(t *testing.T) {
	r, w, err := os.Pipe()
	assert.Success(t, err)
	old := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = old }()
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		c, err := bot.New(srv.Token(), &bot.Options{APIURL: srv.URL(), HTTPClient: srv.Client(), Intents: discord.IntentGuilds})
		assert.Success(t, err)
		bot.On(c, func(context.Context, *discord.MessageReactionAdd) error { return nil })
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assert.Success(t, c.Run(ctx))
	})
	os.Stderr = old
	assert.Success(t, w.Close())
	out, err := io.ReadAll(r)
	assert.Success(t, err)
	assert.Contains(t, string(out), "level=WARN")
	assert.Contains(t, string(out), "MESSAGE_REACTION_ADD")
}

// stalledOnShards collects ShardInfo.StalledGuilds by shard id.
func stalledOnShards(c *bot.Client) map[int][]discord.Snowflake {
	out := map[int][]discord.Snowflake{}
	for _, in := range c.Manager().Shards() {
		if in.StalledGuilds != nil {
			out[in.ID] = in.StalledGuilds
		}
	}
	return out
}
