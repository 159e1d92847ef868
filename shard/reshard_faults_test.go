package shard_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// faultStream dispatches numbered messages through the fake and keeps, per
// guild, the numbers of those the fake dispatched while a live session (one
// not invalidated: connected, or resumable and replayed on RESUME) covered
// the guild: exactly those must reach the handler, once and in order.
type faultStream struct {
	t      *testing.T
	s      *discordtest.Server
	next   map[discord.Snowflake]int
	want   map[discord.Snowflake][]int
	total  int
	uncov  int // dispatched while no live session covered the guild
	stamps int
}

func newFaultStream(t *testing.T, s *discordtest.Server) *faultStream {
	return &faultStream{t: t, s: s, next: map[discord.Snowflake]int{}, want: map[discord.Snowflake][]int{}}
}

// covered reports whether a live session of the fake owns g.
func (f *faultStream) covered(g discord.Snowflake) bool {
	for _, se := range f.s.Sessions() {
		if !se.Dead && discordtest.ShardFor(g, se.Shard[1]) == se.Shard[0] {
			return true
		}
	}
	return false
}

// send dispatches the next message of g.
func (f *faultStream) send(g discord.Snowflake) {
	n := f.next[g]
	f.next[g]++
	if f.covered(g) {
		f.want[g] = append(f.want[g], n)
		f.total++
	} else {
		f.uncov++
	}
	d := fmt.Sprintf(`{"id":"%d","guild_id":"%d","channel_id":"1","n":%d,"content":"","type":0}`, 1<<40+f.stamps, g, n)
	f.stamps++
	assert.Success(f.t, f.s.Dispatch(g, discord.EventMessageCreate, []byte(d)))
}

// delivered counts the wanted messages the recorder got so far.
func (f *faultStream) delivered(rec *streamRecorder) int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	n := 0
	for g := range f.want {
		n += len(rec.msgs[g])
	}
	return n
}

// check fails unless each guild's handler stream is exactly its wanted
// messages, in order, and each guild got at least one GUILD_CREATE (exactly
// one when creates1: no session of the old set re-identified).
func (f *faultStream) check(rec *streamRecorder, guilds []discord.Snowflake, creates1 bool) {
	t := f.t
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, g := range guilds {
		if c := rec.creates[g]; c < 1 || (creates1 && c != 1) {
			t.Errorf("guild %v: %d GUILD_CREATEs delivered", g, c)
		}
		got, want := rec.msgs[g], f.want[g]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("guild %v: delivered %d messages %v\nwanted %d (dispatched to a live session) %v", g, len(got), got, len(want), want)
		}
	}
	t.Logf("%d messages delivered exactly once, in order (%d more dispatched while no session covered their guild)", f.total, f.uncov)
}

// await waits (in virtual time, up to limit) until the handler has every
// wanted message, then lets another minute pass so that a duplicate or a
// late message would show; ticks gets a value after each event.
func (f *faultStream) await(rec *streamRecorder, ticks <-chan struct{}, limit time.Duration) {
	f.t.Helper()
	deadline := time.After(limit)
	for f.delivered(rec) < f.total {
		select {
		case <-ticks:
		case <-deadline:
			f.t.Logf("only %d of %d wanted messages delivered after %v", f.delivered(rec), f.total, limit)
			return
		}
	}
	time.Sleep(time.Minute)
}

// ticking wraps h to signal ticks after each event.
func ticking(h shard.Handler) (shard.Handler, <-chan struct{}) {
	ticks := make(chan struct{}, 1)
	return func(ctx context.Context, e gateway.Event) {
		h(ctx, e)
		select {
		case ticks <- struct{}{}:
		default:
		}
	}, ticks
}

// waitOldSetGone waits until the fake has no live session of the old shard
// count: the grace after the switch is over and the old set has stopped.
func waitOldSetGone(t *testing.T, s *discordtest.Server, oldCount int) {
	t.Helper()
	assert.Success(t, s.Wait(t.Context(), func() bool {
		for _, se := range s.Sessions() {
			if se.Shard[1] == oldCount && se.Live {
				return false
			}
		}
		return true
	}))
}

// identified counts the accepted IDENTIFYs of shard [id, count].
func identified(s *discordtest.Server, id, count int) int {
	n := 0
	for _, r := range s.Identifies() {
		if r.Accepted && r.Shard == [2]int{id, count} {
			n++
		}
	}
	return n
}

// liveConn returns the ready connection of shard [id, count].
func liveConn(t *testing.T, s *discordtest.Server, id, count int) *discordtest.Conn {
	t.Helper()
	for _, c := range s.ShardConns(id) {
		if c.Shard() == [2]int{id, count} && c.State() != discordtest.ConnClosed {
			return c
		}
	}
	t.Fatalf("no live connection of shard %d of %d", id, count)
	return nil
}

// guildsOf returns the guilds of guilds that shard (a of oldCount, b of
// newCount) owns.
func guildsOf(guilds []discord.Snowflake, a, oldCount, b, newCount int) []discord.Snowflake {
	var out []discord.Snowflake
	for _, g := range guilds {
		if discordtest.ShardFor(g, oldCount) == a && discordtest.ShardFor(g, newCount) == b {
			out = append(out, g)
		}
	}
	return out
}

// holdStream sends messages round-robin over guilds, one every step, and
// holds back the guilds of hold (their old and new shard then have no
// traffic to show they caught up, so the switch waits) while holding()
// says so. at(i) runs before message i; the loop ends after n messages.
func holdStream(f *faultStream, guilds, hold []discord.Snowflake, n int, step time.Duration, holding func() bool, at func(i int)) {
	held := map[discord.Snowflake]bool{}
	for _, g := range hold {
		held[g] = true
	}
	for i, k := 0, 0; i < n; k++ {
		g := guilds[k%len(guilds)]
		if held[g] && holding() {
			continue
		}
		if at != nil {
			at(i)
		}
		f.send(g)
		i++
		time.Sleep(step)
	}
}

// TestReshardNewShardInvalidatedBeforeSwitch is case 1 of issue 18: 2 -> 4
// shards, old shard 0 lagging (60 ms per frame), and new shard 0, which
// shares its guilds, invalidated (op 9) after it caught up and re-identified
// before the switch. The events Discord sent while new shard 0 had no
// session exist only on the lagging old shard: the switch must wait until
// that shard has delivered them (the pair is re-linked on the new READY),
// and the new session's READY and GUILD_CREATEs reach no handler.
func TestReshardNewShardInvalidatedBeforeSwitch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = 50 * time.Millisecond
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 2, IdentifyWindow: window})
		guilds := seedGuilds(t, s, 40)
		switched := make(chan shard.Reshard, 1)
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{
			IdentifyWindow: window,
			GuildTimeout:   5 * time.Minute, // the switch waits for the lagging shard, not a timer
			OverlapGrace:   5 * time.Minute,
			OnProgress:     func(p shard.Progress) { progress(p) },
			AfterSwitch:    func(r shard.Reshard) { switched <- r },
		})
		rec := newStreamRecorder()
		h, ticks := ticking(rec.handle)
		_, stop := runUntilReady(t, m, h, &progress)
		f := newFaultStream(t, s)
		// Guilds of old shard 1 / new shard 3 are held back until new shard
		// 0 has re-identified: without their traffic that pair cannot show
		// it caught up, which keeps the old set delivering until then.
		hold := guildsOf(guilds, 1, 2, 3, 4)
		phase, reIdentifiedAt := 0, 0
		holdStream(f, guilds, hold, 3000, 2*time.Millisecond, func() bool { return phase < 2 }, func(i int) {
			switch {
			case i == 50:
				assert.Success(t, m.Reshard(4))
			case phase == 0 && i > 50 && identified(s, 3, 4) == 1 && i%100 == 0:
				// Every new shard has a session and old shard 0 is caught
				// up with new shard 0; now it lags and new shard 0 is
				// invalidated.
				liveConn(t, s, 0, 2).SetDelay(60 * time.Millisecond)
				liveConn(t, s, 0, 4).SendInvalidSession(false)
				phase = 1
			case phase == 1 && identified(s, 0, 4) == 2:
				phase, reIdentifiedAt = 2, i
			}
		})
		if phase != 2 {
			t.Fatalf("new shard 0 did not re-identify during the stream (phase %d)", phase)
		}
		t.Logf("new shard 0 re-identified at message %d", reIdentifiedAt)
		r := <-switched
		assert.Equal(t, "to", r.NewCount, 4)
		waitOldSetGone(t, s, 2)
		f.await(rec, ticks, 10*time.Minute)
		assert.ErrorIs(t, stop(), context.Canceled)
		f.check(rec, guilds, true)
		if f.uncov != 0 {
			t.Fatalf("%d messages had no live session: old shard 0 covered them all", f.uncov)
		}
	})
}

// TestReshardOldShardInvalidatedDuringOverlap is case 2 of issue 18: 2 -> 8
// shards, old shard 0 invalidated 100 ms after Reshard and re-identified
// before the switch. The events Discord sent while it had no session exist
// only in the new set (every new shard has identified by then): they must
// reach the handler before what old shard 0 receives after its new READY,
// not at the switch. Its new session's GUILD_CREATEs are not delivered
// either: its guilds are the new set's from then on.
func TestReshardOldShardInvalidatedDuringOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = 10 * time.Millisecond
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 2, IdentifyWindow: window})
		guilds := seedGuilds(t, s, 48)
		switched := make(chan shard.Reshard, 1)
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{
			IdentifyWindow: window,
			OnProgress:     func(p shard.Progress) { progress(p) },
			AfterSwitch:    func(r shard.Reshard) { switched <- r },
			Session: func(o *gateway.Options) {
				o.Backoff = gateway.Backoff{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}
			},
		})
		rec := newStreamRecorder()
		h, ticks := ticking(rec.handle)
		_, stop := runUntilReady(t, m, h, &progress)
		f := newFaultStream(t, s)
		hold := guildsOf(guilds, 1, 2, 7, 8)
		phase, reshardAt := 0, time.Time{}
		holdStream(f, guilds, hold, 4000, 2*time.Millisecond, func() bool { return phase < 2 }, func(i int) {
			switch {
			case i == 50:
				assert.Success(t, m.Reshard(8))
				reshardAt = time.Now()
			case phase == 0 && !reshardAt.IsZero() && time.Since(reshardAt) >= 100*time.Millisecond:
				if identified(s, 7, 8) != 1 {
					t.Fatal("the new set has not identified 100 ms after Reshard")
				}
				liveConn(t, s, 0, 2).SendInvalidSession(false)
				phase = 1
			case phase == 1 && identified(s, 0, 2) == 2:
				phase = 2
			}
		})
		if phase != 2 {
			t.Fatalf("old shard 0 did not re-identify during the stream (phase %d)", phase)
		}
		r := <-switched
		assert.Equal(t, "to", r.NewCount, 8)
		waitOldSetGone(t, s, 2)
		f.await(rec, ticks, 10*time.Minute)
		assert.ErrorIs(t, stop(), context.Canceled)
		f.check(rec, guilds, true)
		if f.uncov != 0 {
			t.Fatalf("%d messages had no live session: the new set covered old shard 0's gap", f.uncov)
		}
	})
}

// soakSeeds runs the soak with more seeds: go test ./shard -run Soak -soak-seeds 100.
var soakSeeds = flag.Int("soak-seeds", 0, "seeds of TestReshardSoakUnderFaults (default 6, 2 with -short)")

// TestReshardSoakUnderFaults reshards 2 -> 3, 4 or 8 shards while the fake
// injects faults on random connections of both sets at random moments of the
// overlap: op 9 (a new session, a gap in that shard's stream), RECONNECT,
// resets (both resume: Discord replays) and lag (a per-frame delay). Every
// message the fake dispatched while a live session covered its guild reaches
// the handler once, in per-guild order. A pair of shards is held without
// traffic for a random while, so that the overlap lasts long enough for the
// faults (and for some sessions to come back with a new READY before the
// switch, others after it).
func TestReshardSoakUnderFaults(t *testing.T) {
	seeds := 6
	if testing.Short() {
		seeds = 2
	}
	if *soakSeeds > 0 {
		seeds = *soakSeeds
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(seed, 18))
				to := []int{4, 8, 3}[seed%3]
				s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 2, MaxConcurrency: 1 + int(seed%2), IdentifyWindow: 20 * time.Millisecond})
				guilds := seedGuilds(t, s, 36)
				var switched atomic.Bool
				switchedC := make(chan shard.Reshard, 1)
				var progress func(shard.Progress)
				m := managerFor(t, s, shard.Options{
					IdentifyWindow: 20 * time.Millisecond,
					OverlapGrace:   3 * time.Minute,
					OnProgress:     func(p shard.Progress) { progress(p) },
					AfterSwitch:    func(r shard.Reshard) { switched.Store(true); switchedC <- r },
					Session: func(o *gateway.Options) {
						o.Backoff = gateway.Backoff{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}
					},
				})
				rec := newStreamRecorder()
				h, ticks := ticking(rec.handle)
				_, stop := runUntilReady(t, m, h, &progress)
				f := newFaultStream(t, s)
				hold := guildsOf(guilds, 1, 2, to-1, to)
				holdFor := 200 + rnd.IntN(1500)
				touched := map[uint64]bool{}
				var kinds [4]int
				holdStream(f, guilds, hold, 3000, 2*time.Millisecond, func() bool { return holdFor > 0 }, func(i int) {
					holdFor--
					if i == 100 {
						assert.Success(t, m.Reshard(to))
					}
					if i <= 100 || switched.Load() || rnd.IntN(50) != 0 {
						return
					}
					var conns []*discordtest.Conn
					for _, c := range s.Conns() {
						st := c.State()
						if !touched[c.ID()] && (st == discordtest.ConnReady || st == discordtest.ConnResumed) {
							conns = append(conns, c)
						}
					}
					if len(conns) == 0 {
						return
					}
					c := conns[rnd.IntN(len(conns))]
					k := rnd.IntN(4)
					kinds[k]++
					switch k {
					case 0:
						c.SendInvalidSession(false)
						touched[c.ID()] = true
					case 1:
						c.SendReconnect()
						c.Close(4000, "reconnect")
						touched[c.ID()] = true
					case 2:
						c.Reset()
						touched[c.ID()] = true
					case 3:
						c.SetDelay(time.Duration(5+rnd.IntN(55)) * time.Millisecond)
					}
				})
				r := <-switchedC
				assert.Equal(t, "to", r.NewCount, to)
				waitOldSetGone(t, s, 2)
				f.await(rec, ticks, 10*time.Minute)
				assert.ErrorIs(t, stop(), context.Canceled)
				t.Logf("2 -> %d shards; faults: %d op 9, %d reconnect, %d reset, %d lag; %d resumes", to, kinds[0], kinds[1], kinds[2], kinds[3], s.Resumes())
				f.check(rec, guilds, false)
			})
		})
	}
}

// TestReshard4011ClosedShardIdentifiesFirst is case 3 of issue 18: Discord
// closes old shard 1 of 4 with 4011 while messages flow. The new shards that
// cover its guilds (1 and 5 of 8) identify before the six others, and take
// those guilds over on READY instead of at the switch: each of those guilds
// goes without events for at most about one identify window (new shard 5
// identifies one window after new shard 1), not the eight windows the whole
// new set needs. Every message dispatched while a live session covered its
// guild still arrives once, in order.
func TestReshard4011ClosedShardIdentifiesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = time.Second
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 4, IdentifyWindow: window})
		guilds := seedGuilds(t, s, 48)
		switched := make(chan shard.Reshard, 1)
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{
			IdentifyWindow: window,
			FetchGateway:   func(context.Context) (discord.GatewayBot, error) { return s.GatewayBot(), nil },
			OnProgress:     func(p shard.Progress) { progress(p) },
			AfterSwitch:    func(r shard.Reshard) { switched <- r },
		})
		rec := newStreamRecorder()
		f := newFaultStream(t, s)
		// After the close: the first message number of each of the closed
		// shard's guilds, and when one at or past it reached the handler.
		var mu sync.Mutex
		var closedAt time.Time
		from := map[discord.Snowflake]int{}
		back := map[discord.Snowflake]time.Time{}
		h, ticks := ticking(func(ctx context.Context, e gateway.Event) {
			rec.handle(ctx, e)
			if e.Name != discord.EventMessageCreate {
				return
			}
			var d struct {
				GuildID discord.Snowflake `json:"guild_id"`
				N       int               `json:"n"`
			}
			assert.Success(t, json.Unmarshal(e.Raw, &d))
			mu.Lock()
			defer mu.Unlock()
			if n, ok := from[d.GuildID]; ok && d.N >= n && back[d.GuildID].IsZero() {
				back[d.GuildID] = time.Now()
			}
		})
		_, stop := runUntilReady(t, m, h, &progress)
		holdStream(f, guilds, nil, 2400, 5*time.Millisecond, func() bool { return false }, func(i int) {
			if i == 200 {
				s.SetShardCount(8)
				liveConn(t, s, 1, 4).Close(int(discord.CloseShardingRequired), "sharding required")
				mu.Lock()
				closedAt = time.Now()
				for _, g := range guilds {
					if discordtest.ShardFor(g, 4) == 1 {
						from[g] = f.next[g]
					}
				}
				mu.Unlock()
			}
		})
		r := <-switched
		assert.Equal(t, "reshard", r, shard.Reshard{OldCount: 4, NewCount: 8, OldIDs: []int{0, 1, 2, 3},
			NewIDs: []int{0, 1, 2, 3, 4, 5, 6, 7}, Reason: "4011"})
		waitOldSetGone(t, s, 4)
		f.await(rec, ticks, 10*time.Minute)
		assert.ErrorIs(t, stop(), context.Canceled)
		f.check(rec, guilds, true)

		var order []int
		for _, id := range s.Identifies() {
			if id.Accepted && id.Shard[1] == 8 {
				order = append(order, id.Shard[0])
			}
		}
		mu.Lock()
		defer mu.Unlock()
		var gap time.Duration
		for g := range from {
			if back[g].IsZero() {
				t.Fatalf("guild %v of the closed shard got no message after the close", g)
			}
			gap = max(gap, back[g].Sub(closedAt))
		}
		t.Logf("new set identified in the order %v; the closed shard's guilds went at most %v without a message (identify window %v, one message per guild every %v)",
			order, gap, window, time.Duration(len(guilds))*5*time.Millisecond)
		assert.Equal(t, "first identifies of the new set", order[:2], []int{1, 5})
		if limit := window + time.Second; gap > limit {
			t.Fatalf("the closed shard's guilds went %v without events: more than one identify window and a second (%v)", gap, limit)
		}
	})
}
