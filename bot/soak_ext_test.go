package bot_test

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

// The bot under pressure: 200 guilds on 2 shards, handlers that are slow,
// stuck (ignoring their ctx) or panicking at random, resumable drops and
// closes, interactions at random, and each round ending with a fatal close
// or a stop. Every interaction is answered within Discord's deadline, every
// dispatch that reached the bot reaches a handler or is counted as dropped,
// Run returns within ShutdownTimeout of the stop every time, and nothing is
// left running once the stuck handlers return (synctest fails otherwise).
func TestSoakUnderPressure(t *testing.T) {
	rounds, perRound := 4, 800
	if testing.Short() || raceEnabled {
		rounds, perRound = 2, 300
	}
	synctest.Test(t, func(t *testing.T) {
		srv := discordtest.NewServer(t, &discordtest.Options{HeartbeatInterval: interval, ShardCount: 2})
		var guilds []discordtest.SeededGuild
		for range 200 {
			g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 1})
			assert.Success(t, err)
			guilds = append(guilds, g)
		}
		rng := rand.New(rand.NewPCG(12, 34))
		for r := range rounds {
			soakRound(t, srv, guilds, rng, r, perRound)
		}
	})
}

func soakRound(t *testing.T, srv *discordtest.Server, guilds []discordtest.SeededGuild, rng *rand.Rand, round, perRound int) {
	const shutdown = 5 * time.Second
	release := make(chan struct{})
	var releaseOnce sync.Once
	releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
	defer releaseAll() // also when a check fails, so that the bubble can end
	var mu sync.Mutex
	reached := map[[2]int64]bool{} // shard, seq of events a handler saw
	seenIns := map[discord.Snowflake]time.Time{}
	var panics, panicked atomic.Int32
	var sleeps sync.Mutex // handlers' own generator, not safe for concurrent use
	hrng := rand.New(rand.NewPCG(uint64(round), 99))
	sleepFor := func(max time.Duration) time.Duration {
		sleeps.Lock()
		defer sleeps.Unlock()
		return time.Duration(hrng.Int64N(int64(max)))
	}

	rt := interactions.NewRouter(nil)
	rt.Command("cmd", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		time.Sleep(sleepFor(6 * time.Second))
		return interactions.Text("ok"), nil
	})
	c, err := bot.New(srv.Token(), &bot.Options{
		APIURL: srv.URL(), HTTPClient: srv.Client(), Intents: discord.IntentsAll,
		ShardCount: 2, Router: rt, QueuePerGuild: 16,
		HandlerTimeout: 2 * time.Second, ShutdownTimeout: shutdown,
		Logger: slog.New(slog.DiscardHandler),
		OnError: func(ctx context.Context, e *bot.Event, err error) {
			var pe *bot.PanicError
			if errors.As(err, &pe) {
				panicked.Add(1)
			}
		},
	})
	assert.Success(t, err)
	assert.Success(t, c.Use(func(next bot.Handler) bot.Handler {
		return func(ctx context.Context, e *bot.Event) error {
			if e.Name != bot.EventGuildsReady {
				mu.Lock()
				reached[[2]int64{int64(e.Shard), e.Seq}] = true
				if ic, ok := e.Data.(*discord.InteractionCreate); ok {
					seenIns[ic.ID] = e.ReceivedAt
				}
				mu.Unlock()
			}
			return next(ctx, e)
		}
	}))
	assert.Success(t, c.OnEvent(func(ctx context.Context, e *bot.Event) error { return nil }))
	assert.Success(t, bot.On(c, func(ctx context.Context, e *discord.MessageCreate) error {
		switch {
		case strings.HasSuffix(e.Content, ":slow"):
			time.Sleep(sleepFor(3 * time.Second))
		case strings.HasSuffix(e.Content, ":stuck"):
			<-release // ignores ctx
		case strings.HasSuffix(e.Content, ":panic"):
			panic("soak panic")
		}
		return nil
	}))
	ready := make(chan struct{}, 4)
	assert.Success(t, bot.On(c, func(ctx context.Context, e *bot.GuildsReady) error {
		select {
		case ready <- struct{}{}:
		default: // a later READY (after a failed resume)
		}
		return nil
	}))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	<-ready
	<-ready

	send := func(n int) {
		for i := range n {
			g := guilds[rng.IntN(len(guilds))]
			kind := "ok"
			switch p := rng.IntN(100); {
			case p < 15:
				kind = "slow"
			case p < 17:
				kind = "stuck"
			case p < 20:
				kind = "panic"
				panics.Add(1)
			}
			_, err := srv.UserMessage(g.Channels[0], g.Members[0], fmt.Sprintf("%d:%d:%s", round, i, kind))
			assert.Success(t, err)
		}
	}
	// Phase 1: traffic, interactions, resumable faults.
	type sent struct {
		in discordtest.SentInteraction
		at time.Time
	}
	var ins []sent
	for step := range 8 {
		send(perRound / 8)
		for range 3 {
			g := guilds[rng.IntN(len(guilds))]
			in, err := srv.TriggerInteraction(discordtest.InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "cmd", "type": 1}})
			assert.Success(t, err)
			ins = append(ins, sent{in, time.Now()})
		}
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		if step%3 == 2 {
			conns, err := srv.WaitLiveConns(t.Context(), 2)
			assert.Success(t, err)
			resumes := srv.Resumes()
			if rng.IntN(2) == 0 {
				conns[rng.IntN(len(conns))].Close(4000, "soak")
			} else {
				conns[rng.IntN(len(conns))].Reset()
			}
			// Interactions sent while a shard reconnects would reach it
			// late whatever the bot does: wait for the resume.
			assert.Success(t, srv.WaitResumed(t.Context(), resumes+1))
		}
	}
	for _, s := range ins {
		wctx, wcancel := context.WithTimeout(t.Context(), time.Minute)
		r, err := srv.WaitInteractionResponse(wctx, s.in.ID)
		wcancel()
		if err != nil {
			st := c.Stats()
			var states []string
			for _, cn := range srv.Conns() {
				states = append(states, fmt.Sprint(cn.ID(), cn.State()))
			}
			mu.Lock()
			rcv, seen := seenIns[s.in.ID]
			mu.Unlock()
			t.Fatalf("round %d: interaction %d (sent at %v; reached handlers %v, received at %v) never answered: events %d abandoned running %d stalled %d; shards %+v; conns %v",
				round, s.in.ID, s.at, seen, rcv, st.Events.Load(), st.AbandonedRunning.Load(), st.StalledGuilds.Load(), c.Manager().Shards(), states)
		}
		if d := r.Time.Sub(s.at); d > discordtest.InteractionResponseDeadline {
			t.Fatalf("round %d: interaction answered %v after creation", round, d)
		}
	}
	// Phase 2: a burst, then a fatal close or a stop while it is handled.
	send(perRound / 4)
	fatal := round%2 == 1
	stopAt := time.Now()
	if fatal {
		conns, err := srv.WaitLiveConns(t.Context(), 2)
		assert.Success(t, err)
		conns[0].Close(4004, "Authentication failed.")
	} else {
		cancel()
	}
	select {
	case err := <-done:
		if fatal {
			assert.Equal(t, "fatal close code", gateway.CloseCode(err), 4004)
		} else {
			assert.Success(t, err)
		}
	case <-time.After(time.Minute):
		t.Fatalf("round %d: Run did not return", round)
	}
	if d := time.Since(stopAt); d > shutdown {
		t.Fatalf("round %d: Run returned %v after the stop, over ShutdownTimeout %v", round, d, shutdown)
	}
	releaseAll()
	time.Sleep(10 * time.Second) // longer than any slow handler sleeps
	synctest.Wait()
	st := c.Stats()
	assert.Equal(t, "abandoned calls all returned", st.AbandonedRunning.Load(), int64(0))
	mu.Lock()
	got := uint64(len(reached))
	mu.Unlock()
	if got+st.Dropped.Load() != st.Events.Load() {
		t.Fatalf("round %d: %d events reached the bot, %d reached handlers, %d dropped", round,
			st.Events.Load(), got, st.Dropped.Load())
	}
	if panicked.Load() == 0 && panics.Load() > 0 {
		t.Fatalf("round %d: no panic reported", round)
	}
	t.Logf("round %d: events %d, abandoned %d, dropped %d, panics reported %d", round, st.Events.Load(),
		st.HandlersAbandoned.Load(), st.Dropped.Load(), panicked.Load())
}
