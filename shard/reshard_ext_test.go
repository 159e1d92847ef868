package shard_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
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

// stream records what the user sees: message counters per guild, in order,
// and GUILD_CREATEs per guild.
type streamRecorder struct {
	mu      sync.Mutex
	msgs    map[discord.Snowflake][]int
	creates map[discord.Snowflake]int
	shards  map[[2]int]int
}

func newStreamRecorder() *streamRecorder {
	return &streamRecorder{msgs: map[discord.Snowflake][]int{}, creates: map[discord.Snowflake]int{}, shards: map[[2]int]int{}}
}

func (r *streamRecorder) handle(_ context.Context, e gateway.Event) {
	var d struct {
		ID      discord.Snowflake `json:"id"`
		GuildID discord.Snowflake `json:"guild_id"`
		N       int               `json:"n"`
	}
	switch e.Name {
	case discord.EventGuildCreate, discord.EventMessageCreate:
		if err := json.Unmarshal(e.Raw, &d); err != nil {
			panic(err)
		}
	default:
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.Name == discord.EventGuildCreate {
		r.creates[d.ID]++
		return
	}
	r.msgs[d.GuildID] = append(r.msgs[d.GuildID], d.N)
}

func (r *streamRecorder) check(t *testing.T, guilds []discord.Snowflake, sent map[discord.Snowflake]int) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	total := 0
	for _, g := range guilds {
		assert.Equal(t, fmt.Sprintf("GUILD_CREATEs of %v", g), r.creates[g], 1)
		got := r.msgs[g]
		if len(got) != sent[g] {
			t.Fatalf("guild %v: %d messages delivered, %d sent: %v", g, len(got), sent[g], got)
		}
		for i, n := range got {
			if n != i {
				t.Fatalf("guild %v: message %d delivered at position %d: %v", g, n, i, got)
			}
		}
		total += len(got)
	}
	t.Logf("%d messages over %d guilds delivered exactly once, in order", total, len(guilds))
}

// drain waits (in virtual time, up to limit) until every sent message has
// been delivered or more time cannot help.
func (r *streamRecorder) drain(sent map[discord.Snowflake]int, limit time.Duration) {
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		r.mu.Lock()
		n, want := 0, 0
		for g, k := range sent {
			n += len(r.msgs[g])
			want += k
		}
		r.mu.Unlock()
		if n >= want {
			time.Sleep(time.Second) // and a duplicate would have time to show
			return
		}
	}
}

func seedGuilds(t *testing.T, s *discordtest.Server, n int) []discord.Snowflake {
	t.Helper()
	var ids []discord.Snowflake
	for range n {
		g, err := s.SeedGuild(discordtest.GuildSeed{})
		assert.Success(t, err)
		ids = append(ids, g.ID)
	}
	return ids
}

// sendStream dispatches n messages round-robin over guilds, one per
// millisecond of (virtual) time, calling at(i) first.
func sendStream(t *testing.T, s *discordtest.Server, guilds []discord.Snowflake, n int, at func(i int)) map[discord.Snowflake]int {
	sent := map[discord.Snowflake]int{}
	for i := range n {
		if at != nil {
			at(i)
		}
		g := guilds[i%len(guilds)]
		d := fmt.Sprintf(`{"id":"%d","guild_id":"%d","channel_id":"1","n":%d,"content":"","type":0}`, 1<<40+i, g, sent[g])
		assert.Success(t, s.Dispatch(g, discord.EventMessageCreate, []byte(d)))
		sent[g]++
		time.Sleep(time.Millisecond)
	}
	return sent
}

func TestReshardUnderStreamExactlyOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 2, MaxConcurrency: 1, IdentifyWindow: 20 * time.Millisecond})
		guilds := seedGuilds(t, s, 40)
		switched := make(chan shard.Reshard, 1)
		var before shard.Reshard
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{
			IdentifyWindow:  20 * time.Millisecond,
			ReshardInterval: 200 * time.Millisecond,
			FetchGateway:    func(context.Context) (discord.GatewayBot, error) { return s.GatewayBot(), nil },
			OnProgress:      func(p shard.Progress) { progress(p) },
			BeforeSwitch:    func(_ context.Context, r shard.Reshard) error { before = r; return nil },
			AfterSwitch:     func(r shard.Reshard) { switched <- r },
		})
		rec := newStreamRecorder()
		_, stop := runUntilReady(t, m, rec.handle, &progress)
		sent := sendStream(t, s, guilds, 2000, func(i int) {
			if i == 300 {
				s.SetShardCount(4)
			}
		})
		r := <-switched
		assert.Equal(t, "hooks agree", before, r)
		assert.Equal(t, "reshard", r, shard.Reshard{OldCount: 2, NewCount: 4, OldIDs: []int{0, 1}, NewIDs: []int{0, 1, 2, 3}, Reason: "check"})
		time.Sleep(time.Second)
		assert.ErrorIs(t, stop(), context.Canceled)
		rec.check(t, guilds, sent)
		assert.Equal(t, "count", m.ShardCount(), 4)
		for _, in := range m.Shards() {
			assert.Equal(t, "new set", in.Count, 4)
		}
	})
}

func TestTwoManagersSplitShards(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 8, MaxConcurrency: 2, IdentifyWindow: 10 * time.Millisecond})
		guilds := seedGuilds(t, s, 48)
		rec := newStreamRecorder()
		var stops []func() error
		for _, ids := range [][]int{{0, 1, 2, 3}, {4, 5, 6, 7}} {
			var progress func(shard.Progress)
			m := managerFor(t, s, shard.Options{ShardIDs: ids, IdentifyWindow: 10 * time.Millisecond,
				OnProgress: func(p shard.Progress) { progress(p) }})
			_, stop := runUntilReady(t, m, rec.handle, &progress)
			stops = append(stops, stop)
			// A guild of the other half is not this process's.
			for _, g := range guilds {
				if id := m.ShardFor(g); id >= ids[0]+4 || id < ids[0] {
					_, err := m.SessionFor(g)
					assert.ErrorIs(t, err, shard.ErrNotHere)
					break
				}
			}
		}
		sent := sendStream(t, s, guilds, 480, nil)
		synctest.Wait()
		for _, stop := range stops {
			assert.ErrorIs(t, stop(), context.Canceled)
		}
		rec.check(t, guilds, sent)
	})
}

func TestManagerLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 4, MaxConcurrency: 2, IdentifyWindow: 10 * time.Millisecond})
		seedGuilds(t, s, 8)
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{IdentifyWindow: 10 * time.Millisecond,
			OnProgress: func(p shard.Progress) { progress(p) }})
		_, stop := runUntilReady(t, m, func(context.Context, gateway.Event) {}, &progress)
		assert.Success(t, m.UpdatePresence(t.Context(), discord.PresenceUpdate{Status: discord.StatusIdle}))
		assert.Success(t, m.Reshard(8))
		assert.ErrorIs(t, stop(), context.Canceled)
		assert.Success(t, s.Close())
		// synctest.Test itself fails if a goroutine of the bubble is left.
	})
	// And nothing outside the bubble either. Bounded retry: a finalizer
	// running on the runtime's finalizer goroutine counts for a moment.
	for i := 0; runtime.NumGoroutine() > before; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		if i == 200 {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
	}
}

func TestReshardOnShardingRequired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// 32 guilds, at most 10 per shard: 2 shards get 4011, 4 shards fit.
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 2, GuildsPerShard: 10, IdentifyWindow: 10 * time.Millisecond})
		var guilds []discord.Snowflake
		for i := range 32 {
			g, err := s.SeedGuild(discordtest.GuildSeed{Shard: [2]int{i % 4, 4}})
			assert.Success(t, err)
			guilds = append(guilds, g.ID)
		}
		switched := make(chan shard.Reshard, 1)
		var readies atomic.Int32
		rec := newStreamRecorder()
		m := managerFor(t, s, shard.Options{
			IdentifyWindow: 10 * time.Millisecond,
			FetchGateway:   func(context.Context) (discord.GatewayBot, error) { return s.GatewayBot(), nil },
			AfterSwitch:    func(r shard.Reshard) { switched <- r },
		})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() {
			done <- m.Run(ctx, func(ctx context.Context, e gateway.Event) {
				if e.Name == discord.EventReady {
					readies.Add(1) // only the new set's: the old shards died first
				}
				rec.handle(ctx, e)
			})
		}()
		r := <-switched
		assert.Equal(t, "reason", r.Reason, "4011")
		assert.Equal(t, "to", r.NewCount, 4) // the fake still recommends 2: twice the count
		sent := sendStream(t, s, guilds, 320, nil)
		synctest.Wait()
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.check(t, guilds, sent)
		if readies.Load() == 0 {
			t.Fatal("no READY reached the handler")
		}
	})
}

// TestReshardUnderFaults reshards 2 -> 4 while the fake drops connections,
// asks for reconnects and delays some connections: sessions resume (Discord
// replays what they missed), and still every event reaches the handler once,
// in order per guild.
func TestReshardUnderFaults(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(seed, 11))
				s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 2, IdentifyWindow: 20 * time.Millisecond})
				guilds := seedGuilds(t, s, 24)
				switched := make(chan shard.Reshard, 1)
				var progress func(shard.Progress)
				m := managerFor(t, s, shard.Options{
					IdentifyWindow: 20 * time.Millisecond,
					OnProgress:     func(p shard.Progress) { progress(p) },
					AfterSwitch:    func(r shard.Reshard) { switched <- r },
					Session: func(o *gateway.Options) {
						o.Backoff = gateway.Backoff{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}
					},
				})
				rec := newStreamRecorder()
				_, stop := runUntilReady(t, m, rec.handle, &progress)
				sent := sendStream(t, s, guilds, 1500, func(i int) {
					if i == 200 {
						assert.Success(t, m.Reshard(4))
					}
					if i%60 != 30 {
						return
					}
					conns := s.Conns()
					if len(conns) == 0 {
						return
					}
					c := conns[rnd.IntN(len(conns))]
					switch rnd.IntN(3) {
					case 0:
						c.Reset()
					case 1:
						c.SendReconnect()
						c.Close(4000, "reconnect")
					case 2:
						c.SetDelay(time.Duration(rnd.IntN(20)) * time.Millisecond)
					}
				})
				r := <-switched
				assert.Equal(t, "to", r.NewCount, 4)
				rec.drain(sent, time.Minute) // delayed connections have a backlog
				assert.ErrorIs(t, stop(), context.Canceled)
				rec.check(t, guilds, sent)
				if s.Resumes() == 0 {
					t.Fatal("no session resumed: the faults did not bite")
				}
			})
		})
	}
}
