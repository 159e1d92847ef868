package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
)

const interval = 10 * time.Second

func newFake(t *testing.T) *discordtest.Server {
	t.Helper()
	return discordtest.NewServer(t, &discordtest.Options{HeartbeatInterval: interval})
}

func newBot(t *testing.T, srv *discordtest.Server, edit func(*bot.Options)) *bot.Client {
	t.Helper()
	o := &bot.Options{
		APIURL:     srv.URL(),
		HTTPClient: srv.Client(),
		Intents:    discord.IntentsAll,
	}
	if edit != nil {
		edit(o)
	}
	c, err := bot.New(srv.Token(), o)
	assert.Success(t, err)
	return c
}

// run starts c.Run and returns a stop func that cancels it and returns its error.
func run(t *testing.T, c *bot.Client) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func TestSetupOnceAcrossResumesAndShutdownOnStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 3})
		assert.Success(t, err)
		c := newBot(t, srv, nil)
		var setups, shutdowns atomic.Int32
		c.OnSetup(func(ctx context.Context, c *bot.Client) error {
			setups.Add(1)
			return nil
		})
		c.OnShutdown(func(ctx context.Context) error {
			shutdowns.Add(1)
			return nil
		})
		ready := make(chan struct{}, 16)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		msgs := make(chan string, 16)
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			msgs <- e.Content
			return nil
		})
		stop := run(t, c)
		<-ready

		// Drop the connection twice; the session resumes each time.
		for i := range 2 {
			conns, err := srv.WaitLiveConns(t.Context(), 1)
			assert.Success(t, err)
			conns[0].Close(4000, "test drop")
			assert.Success(t, srv.WaitResumed(t.Context(), i+1))
		}
		_, err = srv.UserMessage(g.Channels[0], g.Members[0], "after resumes")
		assert.Success(t, err)
		assert.Equal(t, "message", <-msgs, "after resumes")
		assert.Success(t, stop())
		assert.Equal(t, "setups", setups.Load(), int32(1))
		assert.Equal(t, "shutdowns", shutdowns.Load(), int32(1))
		assert.Equal(t, "identifies", len(srv.Identifies()), 1)
	})
}

func TestSetupErrorAbortsStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		c := newBot(t, srv, nil)
		boom := errors.New("no database")
		c.OnSetup(func(context.Context, *bot.Client) error { return boom })
		err := c.Run(t.Context())
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, "identifies", len(srv.Identifies()), 0)
		assert.ErrorIs(t, c.Run(t.Context()), bot.ErrAlreadyRun)
	})
}

// Events of each guild reach handlers in order even though handlers of
// different guilds run concurrently with random delays.
func TestOrderPerGuildEndToEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		const guilds, perGuild = 10, 100
		var gs []discordtest.SeededGuild
		for range guilds {
			g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
			assert.Success(t, err)
			gs = append(gs, g)
		}
		c := newBot(t, srv, func(o *bot.Options) { o.MaxConcurrency = 4 })
		var mu sync.Mutex
		got := map[discord.Snowflake][]string{}
		ready := make(chan struct{}, guilds)
		done := make(chan struct{}, guilds*perGuild)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		var rmu sync.Mutex
		rng := rand.New(rand.NewPCG(3, 4))
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			rmu.Lock()
			d := time.Duration(rng.IntN(50)) * time.Millisecond
			rmu.Unlock()
			time.Sleep(d) // virtual time: simulated handler work
			mu.Lock()
			got[e.GuildID] = append(got[e.GuildID], e.Content)
			mu.Unlock()
			done <- struct{}{}
			return nil
		})
		stop := run(t, c)
		for range guilds {
			<-ready
		}
		for i := range perGuild {
			for _, g := range gs {
				_, err := srv.UserMessage(g.Channels[0], g.Members[0], strings.Repeat("x", 1)+itoa(i))
				assert.Success(t, err)
			}
		}
		for range guilds * perGuild {
			<-done
		}
		assert.Success(t, stop())
		for _, g := range gs {
			seq := got[g.ID]
			assert.Equal(t, "count", len(seq), perGuild)
			for i, s := range seq {
				if s != "x"+itoa(i) {
					t.Fatalf("guild %d: position %d got %q", g.ID, i, s)
				}
			}
		}
	})
}

// A handler blocked until shutdown does not stop heartbeats: the session
// stays on its first connection across many heartbeat intervals, and another
// guild's events keep flowing.
func TestBlockedHandlerKeepsHeartbeats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		a, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		b, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		c := newBot(t, srv, func(o *bot.Options) { o.ShutdownTimeout = time.Second })
		ready := make(chan struct{}, 2)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		blocked := make(chan struct{})
		fromB := make(chan struct{}, 100)
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			if e.GuildID == a.ID {
				close(blocked)
				<-ctx.Done() // blocked until shutdown cancels it
				return ctx.Err()
			}
			fromB <- struct{}{}
			return nil
		})
		stop := run(t, c)
		<-ready
		<-ready
		_, err = srv.UserMessage(a.Channels[0], a.Members[0], "block")
		assert.Success(t, err)
		<-blocked
		for i := range 10 {
			time.Sleep(interval) // virtual: let ten heartbeat intervals pass
			_, err = srv.UserMessage(b.Channels[0], b.Members[0], "tick "+itoa(i))
			assert.Success(t, err)
			<-fromB
		}
		acks := 0
		for _, f := range srv.Frames() {
			if f.Op == discord.OpHeartbeat {
				acks++
			}
		}
		if acks < 9 {
			t.Fatalf("server saw %d heartbeats over 10 intervals", acks)
		}
		assert.Equal(t, "connections", len(srv.Conns()), 1)
		assert.Success(t, stop())
	})
}

func TestPanicRecoveredAndReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
		assert.Success(t, err)
		errs := make(chan error, 4)
		c := newBot(t, srv, func(o *bot.Options) {
			o.OnError = func(ctx context.Context, e *bot.Event, err error) { errs <- err }
		})
		ready := make(chan struct{}, 1)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			ready <- struct{}{}
			return nil
		})
		after := make(chan string, 1)
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
			if e.Content == "panic" {
				panic("handler bug")
			}
			after <- e.Content
			return nil
		})
		stop := run(t, c)
		<-ready
		_, err = srv.UserMessage(g.Channels[0], g.Members[0], "panic")
		assert.Success(t, err)
		var pe *bot.PanicError
		if err := <-errs; !errors.As(err, &pe) || pe.Value != "handler bug" {
			t.Fatalf("OnError got %v", err)
		}
		_, err = srv.UserMessage(g.Channels[0], g.Members[0], "still alive")
		assert.Success(t, err)
		assert.Equal(t, "next event", <-after, "still alive")
		assert.Success(t, stop())
	})
}

func TestCacheFollowsWorld(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 20, TextChannels: 3, Roles: 4})
		assert.Success(t, err)
		c := newBot(t, srv, nil)
		ready := make(chan struct{}, 1)
		bot.On(c, func(ctx context.Context, e *discord.GuildCreate) error {
			// The cache already holds the guild when its handler runs.
			if _, ok := c.Cache().Guild(e.ID); !ok {
				t.Error("guild not cached before its GUILD_CREATE handler")
			}
			ready <- struct{}{}
			return nil
		})
		added := make(chan discord.Snowflake, 1)
		bot.On(c, func(ctx context.Context, e *discord.GuildMemberAdd) error {
			added <- e.User.ID
			return nil
		})
		stop := run(t, c)
		<-ready
		assert.Equal(t, "channels", len(c.Cache().GuildChannels(g.ID)), 3)
		members := 0
		for range c.Cache().GuildMembers(g.ID) {
			members++
		}
		assert.Equal(t, "members (seeded + bot)", members, 21)
		id, err := srv.AddMember(g.ID, "newcomer")
		assert.Success(t, err)
		assert.Equal(t, "added", <-added, id)
		if _, ok := c.Cache().Member(g.ID, id); !ok {
			t.Fatal("new member not cached")
		}
		assert.Success(t, stop())
	})
}

func TestBadTokenFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		c, err := bot.New("not-the-token", &bot.Options{APIURL: srv.URL(), HTTPClient: srv.Client()})
		assert.Success(t, err)
		err = c.Run(t.Context())
		assert.Error(t, err)
		assert.Contains(t, err.Error(), "401")
		if strings.Contains(err.Error(), "not-the-token") {
			t.Fatal("token leaked into the error")
		}
	})
}

func TestMissingIntentWarning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		var logs bytes.Buffer
		var lmu sync.Mutex
		c := newBot(t, srv, func(o *bot.Options) {
			o.Intents = discord.IntentGuilds | discord.IntentGuildMessages
			o.Logger = slog.New(slog.NewTextHandler(lockedWriter{&lmu, &logs}, nil))
		})
		bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error { return nil })
		bot.On(c, func(ctx context.Context, e *discord.PresenceUpdateEvent) error { return nil })
		ready := make(chan struct{}, 1)
		bot.On(c, func(ctx context.Context, e *discord.Ready) error {
			ready <- struct{}{}
			return nil
		})
		stop := run(t, c)
		<-ready
		assert.Success(t, stop())
		lmu.Lock()
		out := logs.String()
		lmu.Unlock()
		assert.Contains(t, out, "MESSAGE_CONTENT")
		assert.Contains(t, out, "PRESENCE_UPDATE will never run")
		assert.Contains(t, out, "GUILD_PRESENCES")
	})
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
