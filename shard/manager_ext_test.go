package shard_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/shard"
)

// The default queue and the interfaces fit together.
var (
	_ shard.IdentifyQueue          = (*ratelimit.IdentifyQueue)(nil)
	_ gateway.IdentifyQueue        = (*ratelimit.IdentifyQueue)(nil)
	_ gateway.IdentifySender       = (*ratelimit.IdentifyQueue)(nil)
	_ gateway.IdentifyRefusalNoter = (*ratelimit.IdentifyQueue)(nil)
)

// managerFor builds a manager against the fake, with the fake's
// /gateway/bot answer and its in-memory client. Events are not decoded
// (tests read Raw).
func managerFor(t testing.TB, s *discordtest.Server, o shard.Options) *shard.Manager {
	t.Helper()
	gb := s.GatewayBot()
	o.Gateway = &gb
	o.HTTPClient = s.Client()
	if o.Compression == "" {
		o.Compression = gateway.CompressNone
	}
	prev := o.Session
	o.Session = func(so *gateway.Options) {
		so.Decode = func(string) bool { return false }
		if prev != nil {
			prev(so)
		}
	}
	m, err := shard.NewManager(s.Token(), &o)
	assert.Success(t, err)
	return m
}

// runUntilReady runs m in the background and waits until its first set is
// ready; it returns the time that took, a stop func that cancels Run and
// returns its error.
func runUntilReady(t testing.TB, m *shard.Manager, h shard.Handler, onProgress *func(shard.Progress)) (time.Duration, func() error) {
	t.Helper()
	ready := make(chan struct{})
	var once sync.Once
	*onProgress = func(p shard.Progress) {
		if p.Ready == p.Total && !p.Resharding {
			once.Do(func() { close(ready) })
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- m.Run(ctx, h) }()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("Run returned before ready: %v", err)
	}
	took := time.Since(start)
	var stopOnce sync.Once
	var runErr error
	stop := func() error {
		stopOnce.Do(func() { cancel(); runErr = <-done })
		return runErr
	}
	t.Cleanup(func() { stop() }) // also when the test fails before stop
	return took, stop
}

// TestStartIdentifyWindows starts 256 and 1,000 shards at max_concurrency 16
// with a 50 ms identify window and a 0.5 ms margin, in virtual time, with each
// transport compression: the fake refuses no IDENTIFY and its record shows no
// bucket got two inside a window, and the start takes at least the bound
// (rounds-1) windows (the last round's IDENTIFYs cannot go earlier) and at
// most 1.02x that bound: the session's setup between grant and send adds
// nothing, because the queue counts each window from the reported send.
func TestStartIdentifyWindows(t *testing.T) {
	sizes := []int{256, 1000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		for _, c := range []gateway.Compression{gateway.CompressNone, gateway.CompressZlib, gateway.CompressZstd} {
			t.Run(fmt.Sprint(n, "/", c), func(t *testing.T) { testStartIdentifyWindows(t, n, c) })
		}
	}
}

func testStartIdentifyWindows(t *testing.T, n int, c gateway.Compression) {
	synctest.Test(t, func(t *testing.T) {
		const mc, window, margin = 16, 50 * time.Millisecond, 500 * time.Microsecond
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: n, MaxConcurrency: mc, IdentifyWindow: window})
		q, err := ratelimit.NewIdentifyQueue(&ratelimit.IdentifyQueueOptions{MaxConcurrency: mc, Window: window, Margin: margin})
		assert.Success(t, err)
		var progress func(shard.Progress)
		var mu sync.Mutex
		var seen []shard.Progress
		m := managerFor(t, s, shard.Options{IdentifyWindow: window, IdentifyQueue: q, Compression: c,
			OnProgress: func(p shard.Progress) {
				mu.Lock()
				seen = append(seen, p)
				mu.Unlock()
				progress(p)
			}})
		took, stop := runUntilReady(t, m, func(context.Context, gateway.Event) {}, &progress)

		ids := s.Identifies()
		assert.Equal(t, "identifies", len(ids), n)
		last := map[int]time.Time{}
		for _, r := range ids {
			if !r.Accepted {
				t.Fatalf("identify refused: %+v", r)
			}
			if p, ok := last[r.Bucket]; ok && r.Time.Sub(p) < window {
				t.Fatalf("bucket %d: identifies %v apart", r.Bucket, r.Time.Sub(p))
			}
			last[r.Bucket] = r.Time
		}
		assert.Equal(t, "violations", len(s.IdentifyBucketViolations()), 0)
		rounds := int(math.Ceil(float64(n) / mc))
		bound := time.Duration(rounds-1) * window
		t.Logf("%d shards (%s) ready in %v (virtual); bound (ceil(%d/16)-1) windows = %v: ratio %.4f",
			n, c, took, n, bound, float64(took)/float64(bound))
		if took > bound*102/100 || took < bound {
			t.Fatalf("start took %v, want between %v and %v", took, bound, bound*102/100)
		}
		mu.Lock()
		assert.Equal(t, "first estimate", seen[0].Remaining, time.Duration(rounds-1)*(window+margin))
		assert.Equal(t, "final progress", seen[len(seen)-1], shard.Progress{Count: n, Ready: n, Total: n})
		mu.Unlock()
		// The session marks itself ready just after it hands READY over.
		synctest.Wait()
		for _, in := range m.Shards() {
			assert.Equal(t, "status", in.Status, gateway.StatusReady)
		}
		assert.ErrorIs(t, stop(), context.Canceled)
	})
}

func TestStartWaitsForSessionBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const reset = time.Minute
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 4, MaxConcurrency: 1, IdentifyWindow: 10 * time.Millisecond})
		s.SetSessionStartLimit(1000, 2, reset, 1)
		begin := time.Now()
		var progress func(shard.Progress)
		var first *shard.Progress
		m := managerFor(t, s, shard.Options{IdentifyWindow: 10 * time.Millisecond,
			OnProgress: func(p shard.Progress) {
				if first == nil {
					first = &p
				}
				progress(p)
			}})
		took, stop := runUntilReady(t, m, func(context.Context, gateway.Event) {}, &progress)
		if first.Remaining < reset-time.Second {
			t.Fatalf("first estimate %v ignores the budget reset in %v", first.Remaining, reset)
		}
		ids := s.Identifies()
		assert.Equal(t, "identifies", len(ids), 4)
		for i, r := range ids {
			if !r.Accepted {
				t.Fatalf("identify %d refused (%s): the budget was overrun", i, r.Reason)
			}
			early := r.Time.Sub(begin) < reset
			assert.Equal(t, "before the reset", early, i < 2)
		}
		if took < reset {
			t.Fatalf("all ready after %v, before the reset", took)
		}
		assert.ErrorIs(t, stop(), context.Canceled)
	})
}

func TestFatalCloseStopsManager(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 3, DisabledIntents: discord.IntentGuildMembers})
		m := managerFor(t, s, shard.Options{Intents: discord.IntentGuilds | discord.IntentGuildMembers})
		err := m.Run(context.Background(), func(context.Context, gateway.Event) {})
		assert.Equal(t, "close code", gateway.CloseCode(err), discord.CloseDisallowedIntents)
		assert.Contains(t, err.Error(), "Developer Portal")
		if len(s.Identifies()) > 3 {
			t.Fatalf("%d identifies: the manager retried a fatal close", len(s.Identifies()))
		}
	})
}

func TestRestartResumesFromStates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 4, MaxConcurrency: 4, IdentifyWindow: 10 * time.Millisecond})
		keep := func(o *gateway.Options) { o.KeepSession = true }
		var progress func(shard.Progress)
		m1 := managerFor(t, s, shard.Options{Session: keep, OnProgress: func(p shard.Progress) { progress(p) }})
		_, stop := runUntilReady(t, m1, func(context.Context, gateway.Event) {}, &progress)
		states := m1.States()
		assert.Equal(t, "states", len(states), 4)
		assert.ErrorIs(t, stop(), context.Canceled)
		states = m1.States() // the sequence numbers as of the stop
		// A new process picks the sessions up: RESUME, no IDENTIFY.
		m2 := managerFor(t, s, shard.Options{
			Session:    func(o *gateway.Options) { o.State = states[o.ShardID] },
			OnProgress: func(p shard.Progress) { progress(p) },
		})
		_, stop = runUntilReady(t, m2, func(context.Context, gateway.Event) {}, &progress)
		assert.Equal(t, "resumes", s.Resumes(), 4)
		assert.ErrorIs(t, stop(), context.Canceled)
		assert.Equal(t, "identifies", len(s.Identifies()), 4)
	})
}

func TestCommandsGoToTheGuildsShard(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 4, MaxConcurrency: 4, IdentifyWindow: 10 * time.Millisecond})
		g, err := s.SeedGuild(discordtest.GuildSeed{Members: 5, VoiceChannels: 1, Shard: [2]int{2, 4}})
		assert.Success(t, err)
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{Intents: discord.IntentsAll,
			OnProgress: func(p shard.Progress) { progress(p) }})
		_, stop := runUntilReady(t, m, func(context.Context, gateway.Event) {}, &progress)
		assert.Equal(t, "shard of guild", m.ShardFor(g.ID), 2)

		query := ""
		chunks, err := m.FetchGuildMembers(t.Context(), discord.RequestGuildMembers{GuildID: g.ID, Query: &query})
		assert.Success(t, err)
		for _, c := range chunks {
			assert.Equal(t, "chunk's shard", c.Shard, 2)
		}
		if len(chunks) == 0 {
			t.Fatal("no member chunks")
		}
		voice := g.Channels[len(g.Channels)-1]
		assert.Success(t, m.UpdateVoiceState(t.Context(), discord.VoiceStateUpdateCommand{GuildID: g.ID, ChannelID: &voice}))
		assert.Success(t, m.RequestGuildMembers(t.Context(), discord.RequestGuildMembers{GuildID: g.ID, UserIDs: g.Members[:1]}))
		sess, err := m.SessionByID(2)
		assert.Success(t, err)
		if got, _ := m.SessionFor(g.ID); got != sess {
			t.Fatal("SessionFor and SessionByID disagree")
		}
		_, err = m.SessionByID(9)
		assert.ErrorIs(t, err, shard.ErrNotHere)

		// The fake saw op 8 and op 4 on shard 2's connection only.
		synctest.Wait() // it records a frame when it has read it
		ops := map[[2]int]int{}
		for _, f := range s.Frames() {
			if f.Op == discord.OpRequestGuildMembers || f.Op == discord.OpVoiceStateUpdate {
				ops[f.Shard]++
			}
		}
		assert.Equal(t, "commands by shard", ops, map[[2]int]int{{2, 4}: 3})
		for _, in := range m.Shards() {
			if in.Latency < 0 {
				t.Fatalf("shard %d latency %v", in.ID, in.Latency)
			}
		}
		assert.ErrorIs(t, stop(), context.Canceled)
		_, err = m.SessionFor(g.ID)
		assert.ErrorIs(t, err, shard.ErrNotRunning)
	})
}
