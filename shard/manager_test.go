package shard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

const ms = time.Millisecond

func fakeGateway(shards, mc int) *discord.GatewayBot {
	return &discord.GatewayBot{URL: "ws://fake.invalid/gateway", Shards: shards,
		SessionStartLimit: discord.SessionStartLimit{Total: 1000, Remaining: 1000, ResetAfter: 86400000, MaxConcurrency: mc}}
}

func newFakeManager(t *testing.T, hub *fakeHub, o Options) *Manager {
	t.Helper()
	if o.Gateway == nil {
		o.Gateway = fakeGateway(2, 1)
	}
	if o.IdentifyWindow == 0 {
		o.IdentifyWindow = 10 * ms
	}
	m, err := NewManager("token", &o)
	assert.Success(t, err)
	m.factory = hub.factory
	return m
}

// recorder is a Handler that checks the stream the user sees.
type recorder struct {
	mu      sync.Mutex
	msgs    map[discord.Snowflake][]int // guild -> message counters, in delivery order
	creates map[discord.Snowflake]int
	readies int
	shards  map[int]int // events per shard id
}

func newRecorder() *recorder {
	return &recorder{msgs: map[discord.Snowflake][]int{}, creates: map[discord.Snowflake]int{}, shards: map[int]int{}}
}

func (rec *recorder) handle(_ context.Context, e gateway.Event) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.shards[e.Shard]++
	switch e.Name {
	case discord.EventReady:
		rec.readies++
	case discord.EventGuildCreate:
		rec.creates[objectID(e.Raw)]++
	case discord.EventMessageCreate:
		var m struct {
			GuildID discord.Snowflake `json:"guild_id"`
			N       int               `json:"n"`
		}
		if err := json.Unmarshal(e.Raw, &m); err != nil {
			panic(err)
		}
		rec.msgs[m.GuildID] = append(rec.msgs[m.GuildID], m.N)
	}
}

// check fails unless every guild got messages 0..sent[g]-1 once, in order,
// and one GUILD_CREATE.
func (rec *recorder) check(t *testing.T, hub *fakeHub, sent map[discord.Snowflake]int) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, g := range hub.guilds {
		assert.Equal(t, fmt.Sprintf("GUILD_CREATEs of %d", g), rec.creates[g], 1)
		got := rec.msgs[g]
		if len(got) != sent[g] {
			t.Fatalf("guild %d: %d messages delivered, %d sent: %v", g, len(got), sent[g], got)
		}
		for i, n := range got {
			if n != i {
				t.Fatalf("guild %d: message %d delivered at position %d: %v", g, n, i, got)
			}
		}
	}
}

// stream sends n messages round-robin over the hub's guilds, one per ms,
// calling at(i) before message i.
func stream(hub *fakeHub, n int, at func(i int)) map[discord.Snowflake]int {
	sent := map[discord.Snowflake]int{}
	for i := range n {
		if at != nil {
			at(i)
		}
		g := hub.guilds[i%len(hub.guilds)]
		hub.dispatch(g, discord.EventMessageCreate,
			fmt.Sprintf(`{"id":"%d","guild_id":"%d","n":%d,"content":"hi"}`, 1000+i, g, sent[g]))
		sent[g]++
		time.Sleep(ms)
	}
	return sent
}

// startManager runs m until the test ends and returns a channel that gets
// Run's error, and one closed when the first set is ready.
func startManager(t *testing.T, m *Manager, h Handler) (cancel func(), done chan error, ready chan struct{}) {
	ready = make(chan struct{})
	var once sync.Once
	prev := m.opts.OnProgress
	m.opts.OnProgress = func(p Progress) {
		if prev != nil {
			prev(p)
		}
		if p.Ready == p.Total && !p.Resharding {
			once.Do(func() { close(ready) })
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	done = make(chan error, 1)
	go func() { done <- m.Run(ctx, h) }()
	return cancel, done, ready
}

func TestManagerStartStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(16)
		var progress []Progress
		m := newFakeManager(t, hub, Options{Gateway: fakeGateway(8, 2),
			OnProgress: func(p Progress) { progress = append(progress, p) }})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, rec.handle)
		<-ready
		synctest.Wait()
		// 8 shards in 2 buckets: 4 rounds of 10 ms plus the margin (window/20
		// for a window this short).
		assert.Equal(t, "first estimate", progress[0].Remaining, 3*(10*ms+ms/2))
		last := progress[len(progress)-1]
		assert.Equal(t, "last progress", last, Progress{Count: 8, Ready: 8, Total: 8})
		for _, in := range m.Shards() {
			assert.Equal(t, "status", in.Status, gateway.StatusReady)
		}
		assert.Equal(t, "readies", rec.readies, 8)
		assert.Equal(t, "count", m.ShardCount(), 8)
		g := hub.guilds[5]
		assert.Equal(t, "ShardFor", m.ShardFor(g), int((uint64(g)>>22)%8))
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		assert.Equal(t, "live sessions", hub.live(), 0)
		for _, in := range m.Shards() {
			assert.Equal(t, "stopped", in.Status, gateway.StatusStopped)
			assert.Equal(t, "no error", in.Err, nil)
		}
		assert.ErrorIs(t, m.Run(t.Context(), rec.handle), ErrRunOnce)
		assert.ErrorIs(t, m.Reshard(4), ErrNotRunning)
	})
}

func TestManagerFatalCloseStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(8)
		hub.fail = func(id, count int) error {
			if id == 1 {
				return fmt.Errorf("wrapped: %w", &gateway.CloseError{Code: discord.CloseDisallowedIntents,
					Info: discord.LookupCloseCode(discord.CloseDisallowedIntents)})
			}
			return nil
		}
		m := newFakeManager(t, hub, Options{Gateway: fakeGateway(4, 1)})
		err := m.Run(t.Context(), newRecorder().handle)
		assert.Equal(t, "close code", gateway.CloseCode(err), discord.CloseDisallowedIntents)
		assert.Contains(t, err.Error(), "shard 1 of 4")
		assert.Equal(t, "live sessions", hub.live(), 0)
		in, ok := m.Shard(1)
		assert.Equal(t, "found", ok, true)
		assert.Equal(t, "status", in.Status, gateway.StatusStopped)
		assert.Equal(t, "code in status", gateway.CloseCode(in.Err), discord.CloseDisallowedIntents)
	})
}

func TestReshardExactlyOnce(t *testing.T) {
	lagIf := func(f func(id, count int) bool) func(id, count int) time.Duration {
		return func(id, count int) time.Duration {
			if f(id, count) {
				return 7 * ms
			}
			return 0
		}
	}
	for _, tc := range []struct {
		name string
		lag  func(id, count int) time.Duration
	}{
		{"no lag", nil},
		{"old set lags", lagIf(func(_, c int) bool { return c == 2 })},
		{"new set lags", lagIf(func(_, c int) bool { return c == 4 })},
		{"mixed", lagIf(func(id, c int) bool { return (id+c)%2 == 0 })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				hub := newFakeHub(40)
				hub.lag = tc.lag
				switched := make(chan Reshard, 1)
				var before int
				m := newFakeManager(t, hub, Options{
					BeforeSwitch: func(_ context.Context, r Reshard) error { before++; return nil },
					AfterSwitch:  func(r Reshard) { switched <- r },
				})
				rec := newRecorder()
				cancel, done, ready := startManager(t, m, rec.handle)
				<-ready
				sent := stream(hub, 800, func(i int) {
					if i == 100 {
						assert.Success(t, m.Reshard(4))
					}
				})
				r := <-switched
				assert.Equal(t, "reshard", r, Reshard{OldCount: 2, NewCount: 4, OldIDs: []int{0, 1}, NewIDs: []int{0, 1, 2, 3}, Reason: "manual"})
				assert.Equal(t, "BeforeSwitch calls", before, 1)
				time.Sleep(time.Second) // virtual: let every lagging session drain
				cancel()
				assert.ErrorIs(t, <-done, context.Canceled)
				rec.check(t, hub, sent)
				assert.Equal(t, "count", m.ShardCount(), 4)
				assert.Equal(t, "readies seen", rec.readies, 2)
				rec.mu.Lock()
				defer rec.mu.Unlock()
				if rec.shards[2] == 0 || rec.shards[3] == 0 {
					t.Fatalf("the new shards delivered nothing: %v", rec.shards)
				}
			})
		})
	}
}

func TestReshardPeriodicCheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(20)
		var mu sync.Mutex
		recommended := 2
		fetches := 0
		switched := make(chan Reshard, 1)
		m := newFakeManager(t, hub, Options{
			ReshardInterval: time.Second,
			FetchGateway: func(ctx context.Context) (discord.GatewayBot, error) {
				mu.Lock()
				defer mu.Unlock()
				fetches++
				return *fakeGateway(recommended, 1), nil
			},
			AfterSwitch: func(r Reshard) { switched <- r },
		})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, rec.handle)
		<-ready
		sent := stream(hub, 3000, func(i int) {
			if i == 1500 {
				mu.Lock()
				recommended = 3 // 3000 guilds < 80% of 5000: no reshard
				mu.Unlock()
			}
			if i == 2500 {
				mu.Lock()
				recommended = 4
				mu.Unlock()
			}
		})
		r := <-switched // the bubble would deadlock if it never came
		assert.Equal(t, "reason", r.Reason, "check")
		assert.Equal(t, "to", r.NewCount, 4)
		time.Sleep(time.Second)
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.check(t, hub, sent)
		assert.Equal(t, "fetches", fetches >= 3, true)
	})
}

func TestReshardOn4011(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(24)
		hub.fail = func(id, count int) error {
			if count == 2 && id == 1 {
				return &gateway.CloseError{Code: discord.CloseShardingRequired}
			}
			return nil
		}
		switched := make(chan Reshard, 1)
		m := newFakeManager(t, hub, Options{AfterSwitch: func(r Reshard) { switched <- r }})
		rec := newRecorder()
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx, rec.handle) }()
		r := <-switched
		assert.Equal(t, "reshard", r.Reason, "4011")
		assert.Equal(t, "to", r.NewCount, 4) // no FetchGateway: twice the count
		sent := stream(hub, 200, nil)
		time.Sleep(time.Second)
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		// Guilds of the shard that got 4011 arrive through the new set.
		rec.check(t, hub, sent)
	})
}

func TestReshardCancelledByHook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(10)
		m := newFakeManager(t, hub, Options{
			BeforeSwitch: func(context.Context, Reshard) error { return errors.New("not now") },
		})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, rec.handle)
		<-ready
		sent := stream(hub, 300, func(i int) {
			if i == 10 {
				assert.Success(t, m.Reshard(4))
			}
		})
		assert.Equal(t, "count", m.ShardCount(), 2)
		assert.Equal(t, "sessions", hub.live(), 2) // the new set was stopped
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.check(t, hub, sent)
	})
}

func TestManagerSubsets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(64)
		rec := newRecorder()
		var cancels []func()
		var dones []chan error
		for _, ids := range [][]int{{0, 2, 4, 6}, {1, 3, 5, 7}} {
			m := newFakeManager(t, hub, Options{Gateway: fakeGateway(8, 4), ShardIDs: ids})
			cancel, done, ready := startManager(t, m, rec.handle)
			<-ready
			cancels, dones = append(cancels, cancel), append(dones, done)
		}
		sent := stream(hub, 256, nil)
		synctest.Wait()
		for i := range cancels {
			cancels[i]()
			assert.ErrorIs(t, <-dones[i], context.Canceled)
		}
		rec.check(t, hub, sent)
	})
}

func TestNewManagerBadInput(t *testing.T) {
	gw := fakeGateway(4, 1)
	for _, tc := range []struct {
		name  string
		token string
		opts  *Options
		is    error
		want  string
	}{
		{"no token", "", &Options{Gateway: gw}, ErrNoToken, "token"},
		{"nil options", "t", nil, ErrNoGateway, "Options.Gateway"},
		{"no url", "t", &Options{Gateway: &discord.GatewayBot{Shards: 1}}, ErrNoGateway, "URL"},
		{"zero recommended", "t", &Options{Gateway: &discord.GatewayBot{URL: "ws://x"}}, ErrInvalidShards, "Gateway.Shards is 0"},
		{"negative count", "t", &Options{Gateway: gw, ShardCount: -1}, ErrInvalidShards, "ShardCount -1"},
		{"id out of range", "t", &Options{Gateway: gw, ShardIDs: []int{4}}, ErrInvalidShards, "id 4 is outside [0, 4)"},
		{"negative id", "t", &Options{Gateway: gw, ShardIDs: []int{0, -1}}, ErrInvalidShards, "id -1"},
		{"duplicate id", "t", &Options{Gateway: gw, ShardIDs: []int{2, 2}}, ErrInvalidShards, "twice"},
		{"empty ids", "t", &Options{Gateway: gw, ShardIDs: []int{}}, ErrInvalidShards, "no shard ids"},
		{"no max concurrency", "t", &Options{Gateway: &discord.GatewayBot{URL: "ws://x", Shards: 1}}, ErrNoGateway, "MaxConcurrency is 0"},
		{"bad budget", "t", &Options{Gateway: &discord.GatewayBot{URL: "ws://x", Shards: 1,
			SessionStartLimit: discord.SessionStartLimit{Total: 5, Remaining: 9, MaxConcurrency: 1}}}, nil, "exceeds Total"},
		{"fullness", "t", &Options{Gateway: gw, ReshardFullness: 1.5}, nil, "ReshardFullness"},
		{"bad intents", "t", &Options{Gateway: gw, Intents: 1 << 40}, nil, "undocumented bits"},
		{"bad compression", "t", &Options{Gateway: gw, Compression: "gzip"}, nil, "unknown compression"},
		{"bad url", "t", &Options{Gateway: &discord.GatewayBot{URL: "ftp://x", Shards: 1,
			SessionStartLimit: discord.SessionStartLimit{MaxConcurrency: 1}}}, nil, "wss://"},
		{"bad session hook", "t", &Options{Gateway: gw, Session: func(o *gateway.Options) { o.LargeThreshold = 999 }}, nil, "LargeThreshold"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewManager(tc.token, tc.opts)
			assert.Error(t, err)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// The token never shows up in errors.
	_, err := NewManager("secret-token-value", &Options{Gateway: gw, ShardIDs: []int{9}})
	if err == nil || strings.Contains(err.Error(), "secret-token-value") {
		t.Fatalf("bad error: %v", err)
	}
	m, err := NewManager("t", &Options{Gateway: gw, ShardCount: 6, ShardIDs: []int{5, 1}})
	assert.Success(t, err)
	assert.Equal(t, "ids sorted", m.ShardIDs(), []int{1, 5})
	assert.Equal(t, "count", m.ShardCount(), 6)
	assert.Error(t, m.Run(context.Background(), nil))
}

func TestReshardEscalatesOn4011(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(24)
		hub.fail = func(id, count int) error {
			if count < 8 {
				return &gateway.CloseError{Code: discord.CloseShardingRequired}
			}
			return nil
		}
		switched := make(chan Reshard, 1)
		m := newFakeManager(t, hub, Options{AfterSwitch: func(r Reshard) { switched <- r }})
		rec := newRecorder()
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx, rec.handle) }()
		r := <-switched
		assert.Equal(t, "to", r.NewCount, 8) // 2 -> 4 (4011 again) -> 8
		sent := stream(hub, 100, nil)
		time.Sleep(time.Second)
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.check(t, hub, sent)
	})
}

func TestReshardGivesUpOnEndless4011(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(4)
		hub.fail = func(id, count int) error { return &gateway.CloseError{Code: discord.CloseShardingRequired} }
		m := newFakeManager(t, hub, Options{})
		err := m.Run(t.Context(), newRecorder().handle)
		assert.Equal(t, "code", gateway.CloseCode(err), discord.CloseShardingRequired)
		assert.Contains(t, err.Error(), "after 4 tries")
		assert.Equal(t, "sessions", hub.live(), 0)
	})
}

func TestHandlerPanicIsContained(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(4)
		var logs strings.Builder
		var mu sync.Mutex
		m := newFakeManager(t, hub, Options{Logger: slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, func(ctx context.Context, e gateway.Event) {
			if e.Name == discord.EventMessageCreate && strings.Contains(string(e.Raw), `"n":0`) {
				panic("boom")
			}
			rec.handle(ctx, e)
		})
		<-ready
		sent := stream(hub, 8, nil)
		synctest.Wait()
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.mu.Lock()
		for _, g := range hub.guilds {
			// Message 0 of each guild panicked; 1 went through.
			assert.Equal(t, "after the panic", rec.msgs[g], []int{1})
		}
		rec.mu.Unlock()
		assert.Equal(t, "sent", len(sent), 4)
		mu.Lock()
		assert.Contains(t, logs.String(), "event handler panicked")
		mu.Unlock()
	})
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestSubsetsReshardKeepTheirGuilds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(32)
		hub.lag = func(id, count int) time.Duration { return time.Duration(id+count) * ms }
		rec := newRecorder()
		var ms2 []*Manager
		var cancels []func()
		var dones []chan error
		switched := make(chan Reshard, 2)
		for _, ids := range [][]int{{0}, {1}} {
			m := newFakeManager(t, hub, Options{ShardIDs: ids, AfterSwitch: func(r Reshard) { switched <- r }})
			cancel, done, ready := startManager(t, m, rec.handle)
			<-ready
			ms2, cancels, dones = append(ms2, m), append(cancels, cancel), append(dones, done)
		}
		sent := stream(hub, 600, func(i int) {
			if i == 50 {
				assert.Success(t, ms2[0].Reshard(3)) // rounded up to 4 to keep guilds
				assert.Success(t, ms2[1].Reshard(4))
			}
		})
		r0, r1 := <-switched, <-switched
		if r0.OldIDs[0] == 1 {
			r0, r1 = r1, r0
		}
		assert.Equal(t, "process 0", r0.NewIDs, []int{0, 2})
		assert.Equal(t, "process 1", r1.NewIDs, []int{1, 3})
		time.Sleep(time.Second)
		for i := range cancels {
			cancels[i]()
			assert.ErrorIs(t, <-dones[i], context.Canceled)
		}
		rec.check(t, hub, sent)
	})
}

func TestReshardPostponedUntilBudgetReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(16)
		gb := fakeGateway(2, 1)
		gb.SessionStartLimit.Remaining, gb.SessionStartLimit.ResetAfter = 2, 10000 // ms
		switched := make(chan time.Time, 1)
		start := time.Now()
		m := newFakeManager(t, hub, Options{Gateway: gb, AfterSwitch: func(Reshard) { switched <- time.Now() }})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, rec.handle)
		<-ready
		sent := stream(hub, 50, func(i int) {
			if i == 0 {
				assert.Success(t, m.Reshard(4)) // the budget is spent: wait for the reset
			}
		})
		synctest.Wait()
		assert.Equal(t, "pending while postponed", m.ov.Load() == nil, true)
		at := <-switched
		if at.Sub(start) < 10*time.Second {
			t.Fatalf("switched after %v, before the budget reset", at.Sub(start))
		}
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.check(t, hub, sent)
	})
}

func TestReshardAbandonedWhenNewSetTooSlow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(16)
		hub.lag = func(_, count int) time.Duration {
			if count == 4 {
				return 24 * time.Hour // the new set never gets its READY through
			}
			return 0
		}
		var logs strings.Builder
		var mu sync.Mutex
		m := newFakeManager(t, hub, Options{Logger: slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, rec.handle)
		<-ready
		assert.Success(t, m.Reshard(4))
		time.Sleep(5 * time.Minute) // well past 2 * schedule + GuildTimeout + 1 min
		sent := stream(hub, 40, nil)
		synctest.Wait()
		assert.Equal(t, "count", m.ShardCount(), 2)
		assert.Equal(t, "sessions", hub.live(), 2)
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		rec.check(t, hub, sent)
		mu.Lock()
		assert.Contains(t, logs.String(), "did not get ready in time")
		mu.Unlock()
	})
}

func TestOverlapRecordsOnlyForIdentifiedNewShards(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hub := newFakeHub(32)
		m := newFakeManager(t, hub, Options{IdentifyWindow: time.Second})
		rec := newRecorder()
		cancel, done, ready := startManager(t, m, rec.handle)
		<-ready
		time.Sleep(2 * time.Second) // let the bucket's window pass
		assert.Success(t, m.Reshard(4))
		synctest.Wait() // new shard 0 identified; 1, 2, 3 wait for their slots
		stream(hub, 32, nil)
		synctest.Wait()
		ov := m.ov.Load()
		for _, c := range ov.all() {
			c.mu.Lock()
			pending, caught, linked := len(c.pending[sideNew]), c.caught, c.linked
			c.mu.Unlock()
			if c.newID != 0 {
				// Not identified yet: Discord sends them nothing.
				assert.Equal(t, fmt.Sprintf("pending for new shard %d", c.newID), pending, 0)
			} else if linked && !caught {
				t.Fatalf("cell %d/%d: old shard delivered what new shard 0 received, not caught up", c.oldID, c.newID)
			}
		}
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
	})
}
