package natsbroker_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("SCURRY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// env is one deployment: an embedded NATS, the stream, the fake Discord.
type env struct {
	t   *testing.T
	nc  *nats.Conn
	js  jetstream.JetStream
	st  *natsbroker.Stream
	srv *discordtest.Server
	log *slog.Logger
}

func newEnv(t *testing.T, partitions, shards int) *env {
	t.Helper()
	return newEnvServer(t, partitions, shards, embedded.Options{})
}

// newEnvServer is newEnv with the NATS server's options (Dir is set).
func newEnvServer(t *testing.T, partitions, shards int, so embedded.Options) *env {
	t.Helper()
	so.Dir = t.TempDir()
	ns, err := embedded.Start(so)
	assert.Success(t, err)
	t.Cleanup(ns.Close)
	nc, err := embedded.Connect(ns.ClientURL(), "test")
	assert.Success(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	assert.Success(t, err)
	st, err := natsbroker.EnsureStream(t.Context(), js, natsbroker.StreamOptions{Partitions: partitions})
	assert.Success(t, err)
	srv := discordtest.NewServer(t, &discordtest.Options{
		ShardCount: shards, MaxConcurrency: 2, IdentifyWindow: 200 * time.Millisecond,
		HeartbeatInterval: time.Second,
	})
	return &env{t: t, nc: nc, js: js, st: st, srv: srv, log: testLogger(t)}
}

// gateway runs RunGateway for ids until the returned stop func is called.
func (e *env) gateway(owner string, ids []int, total int) (stop func() error) {
	gb := e.srv.GatewayBot()
	ctx, cancel := context.WithCancel(e.t.Context())
	done := make(chan error, 1)
	go func() {
		err := natsbroker.RunGateway(ctx, natsbroker.GatewayOptions{
			Conn: e.nc, Stream: e.st, Token: e.srv.Token(), Owner: owner, LeaseTTL: 3 * time.Second,
			SaveInterval: 20 * time.Millisecond,
			Shard: shard.Options{Gateway: &gb, ShardCount: total, ShardIDs: ids, HTTPClient: e.srv.Client(),
				Intents: discord.IntentsAll, IdentifyWindow: 200 * time.Millisecond},
			Logger: e.log,
		})
		if err != nil && ctx.Err() == nil {
			e.t.Errorf("gateway %s stopped early: %v", owner, err)
		}
		done <- err
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	e.t.Cleanup(func() { _ = stop() })
	return stop
}

// recorder is the handlers' view: per guild, the message numbers in the
// order handled, and how many were marked redelivered.
type recorder struct {
	mu          sync.Mutex
	byGuild     map[discord.Snowflake][]entry
	seen        map[int]int
	redelivered int
	total       int
	want        int
	reached     chan struct{}
	partial     map[int]chan struct{} // closed when that many distinct arrived
}

func newRecorder(want int) *recorder {
	return &recorder{byGuild: map[discord.Snowflake][]entry{}, seen: map[int]int{}, want: want, reached: make(chan struct{})}
}

func (r *recorder) handler(ctx context.Context, m *discord.MessageCreate) error {
	n, err := strconv.Atoi(m.Content)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	marked := bot.Redelivered(ctx)
	r.byGuild[m.GuildID] = append(r.byGuild[m.GuildID], entry{n, marked})
	r.seen[n]++
	if marked {
		r.redelivered++
	}
	r.total++
	if ch, ok := r.partial[len(r.seen)]; ok && r.seen[n] == 1 {
		close(ch)
		delete(r.partial, len(r.seen))
	}
	if len(r.seen) == r.want && r.reached != nil {
		close(r.reached)
		r.reached = nil
	}
	return nil
}

// waitDistinct waits until k distinct messages were handled.
func (r *recorder) waitDistinct(t *testing.T, k int) {
	t.Helper()
	r.mu.Lock()
	if len(r.seen) >= k {
		r.mu.Unlock()
		return
	}
	if r.partial == nil {
		r.partial = map[int]chan struct{}{}
	}
	ch := make(chan struct{})
	r.partial[k] = ch
	r.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatalf("fewer than %d messages handled", k)
	}
}

func (r *recorder) wait(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	ch := r.reached
	r.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-time.After(time.Minute):
		r.mu.Lock()
		defer r.mu.Unlock()
		t.Fatalf("handled %d distinct of %d", len(r.seen), r.want)
	}
}

type entry struct {
	n      int
	marked bool // redelivered
}

// check asserts nothing lost, duplicates only when marked, order per guild
// among the events not marked redelivered (a redelivered event may come
// after later events of its guild: the documented limit).
func (r *recorder) check(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.want {
		if r.seen[i] == 0 {
			t.Errorf("message %d never reached a handler", i)
		}
	}
	if dups := r.total - len(r.seen); dups > r.redelivered {
		t.Errorf("%d duplicates but only %d marked redelivered", dups, r.redelivered)
	}
	for g, list := range r.byGuild {
		last := -1
		for _, en := range list {
			if en.marked {
				continue
			}
			if en.n < last {
				t.Errorf("guild %v: message %d handled after %d", g, en.n, last)
			}
			last = max(last, en.n)
		}
	}
}

// worker runs a bot consuming the stream until stop.
func (e *env) worker(id string, rec *recorder) (w *natsbroker.Worker, stop func()) {
	return e.workerWith(id, rec, nil)
}

// workerWith is worker with a setup of the bot before it runs.
func (e *env) workerWith(id string, rec *recorder, setup func(*bot.Client)) (w *natsbroker.Worker, stop func()) {
	w, err := natsbroker.NewWorker(e.t.Context(), natsbroker.WorkerOptions{
		Stream: e.st, ID: id, MemberTTL: 600 * time.Millisecond, AckWait: time.Second, Logger: e.log})
	assert.Success(e.t, err)
	c, err := bot.New(e.srv.Token(), &bot.Options{Source: w, APIURL: e.srv.URL(), HTTPClient: e.srv.Client(), Logger: e.log})
	assert.Success(e.t, err)
	bot.On(c, rec.handler)
	if setup != nil {
		setup(c)
	}
	ctx, cancel := context.WithCancel(e.t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := c.Run(ctx); err != nil {
			e.t.Errorf("worker %s: %v", id, err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	e.t.Cleanup(stop)
	return w, stop
}

// seed creates n guilds spread over the shards.
func (e *env) seed(n, shards int) []discord.Snowflake {
	var out []discord.Snowflake
	for i := range n {
		g, err := e.srv.SeedGuild(discordtest.GuildSeed{Shard: [2]int{i % shards, shards}})
		assert.Success(e.t, err)
		out = append(out, g.ID)
	}
	return out
}

// send dispatches messages from..to-1, round-robin over guilds.
func (e *env) send(guilds []discord.Snowflake, from, to int) {
	for i := from; i < to; i++ {
		g := guilds[i%len(guilds)]
		d := fmt.Appendf(nil, `{"id":"%d","channel_id":"%d","guild_id":"%d","content":"%d","author":{"id":"5","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[]}`,
			1000+i, g+1, g, i)
		assert.Success(e.t, e.srv.Dispatch(g, discord.EventMessageCreate, d))
	}
}

var _ = json.Marshal

// checkIdentifies asserts the fake accepted exactly want IDENTIFYs and
// refused none (no identify window was overrun).
func (e *env) checkIdentifies(want int) {
	e.t.Helper()
	if v := e.srv.IdentifyBucketViolations(); len(v) != 0 {
		e.t.Errorf("identify window violations: %v", v)
	}
	accepted := 0
	for _, r := range e.srv.Identifies() {
		if r.Accepted {
			accepted++
		} else {
			e.t.Errorf("IDENTIFY of shard %v refused: %s", r.Shard, r.Reason)
		}
	}
	if accepted != want {
		e.t.Errorf("fake accepted %d IDENTIFYs, want %d", accepted, want)
	}
}
