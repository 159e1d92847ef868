package natsbroker_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// A gateway killed after READY arrived but before JetStream acknowledged it
// (here: the stream is gone, so nothing is ever acknowledged) already left
// the session id and resume URL in the store: its replacement RESUMEs both
// shards instead of identifying them again.
func TestKilledBeforeReadyAckResumes(t *testing.T) {
	const shards = 2
	e := newEnv(t, 2, shards)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	name := e.st.Options().Name
	assert.Success(t, e.js.DeleteStream(ctx, name))

	store, err := natsbroker.NewStateStore(ctx, e.st)
	assert.Success(t, err)
	kv, err := e.js.KeyValue(ctx, name+"_sessions")
	assert.Success(t, err)
	watch, err := kv.Watch(ctx, "shard.*")
	assert.Success(t, err)
	defer watch.Stop()

	pctx, killPub := context.WithCancel(t.Context())
	defer killPub()
	pub, err := natsbroker.NewPublisher(pctx, natsbroker.PublisherOptions{Stream: e.st, States: store,
		AckTimeout: 200 * time.Millisecond, Logger: e.log})
	assert.Success(t, err)
	gb := e.srv.GatewayBot()
	m, err := shard.NewManager(e.srv.Token(), &shard.Options{Gateway: &gb, ShardCount: shards,
		HTTPClient: e.srv.Client(), Intents: discord.IntentsAll, IdentifyWindow: 200 * time.Millisecond,
		Session: func(g *gateway.Options) { g.KeepSession = true }, Logger: e.log})
	assert.Success(t, err)
	mctx, killShards := context.WithCancel(t.Context())
	mdone := make(chan error, 1)
	go func() { mdone <- m.Run(mctx, pub.Handle) }()

	stored := map[string]bool{}
	for len(stored) < shards {
		select {
		case en := <-watch.Updates():
			if en != nil {
				stored[en.Key()] = true
			}
		case <-ctx.Done():
			t.Fatalf("session states stored for %d of %d shards before READY was acknowledged", len(stored), shards)
		}
	}
	for id := range shards {
		st, err := store.LoadState(ctx, id)
		assert.Success(t, err)
		if st.ID == "" || st.ResumeURL == "" || st.Sequence != 0 {
			t.Errorf("shard %d: stored state %+v, want the session id, its resume URL and sequence 0", id, st)
		}
	}
	// Kill: the shards drop their connections (resumable), the publisher
	// stops without writing anything more.
	killShards()
	<-mdone
	dead, deadCancel := context.WithCancel(context.Background())
	deadCancel()
	_ = pub.Close(dead)

	_, err = natsbroker.EnsureStream(ctx, e.js, natsbroker.StreamOptions{Partitions: 2})
	assert.Success(t, err)
	stop := e.gateway("replacement", []int{0, 1}, shards)
	assert.Success(t, e.srv.WaitResumed(ctx, shards))
	assert.Success(t, stop())
	e.checkIdentifies(shards)
}

// When a shard's session is replaced by a fresh one (the old one could not be
// resumed), the publisher logs where the unreplayable gap starts, and the
// late acknowledgements of the old session's events do not move the state
// back to it.
func TestSessionReplacedLogsGap(t *testing.T) {
	e := newEnv(t, 2, 1)
	rec := &logRecorder{}
	pub, err := natsbroker.NewPublisher(t.Context(), natsbroker.PublisherOptions{Stream: e.st,
		Logger: slog.New(rec)})
	assert.Success(t, err)
	defer pub.Close(context.Background())
	ready := func(id string) gateway.Event {
		return gateway.Event{Shard: 0, Seq: 1, Name: discord.EventReady,
			Raw: []byte(`{"session_id":"` + id + `","resume_gateway_url":"wss://resume.example/` + id + `"}`)}
	}
	pub.Handle(t.Context(), ready("old"))
	for i := int64(2); i <= 5; i++ {
		pub.Handle(t.Context(), gateway.Event{Shard: 0, Seq: i, Name: discord.EventTypingStart, Raw: []byte(`{"guild_id":"81985529216486895"}`)})
	}
	pub.Handle(t.Context(), ready("new"))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	assert.Success(t, pub.Flush(ctx))
	if st := pub.State(0); st.ID != "new" || st.Sequence != 1 || st.ResumeURL != "wss://resume.example/new" {
		t.Errorf("state %+v, want the new session at sequence 1", st)
	}
	found := false
	for _, r := range rec.records() {
		if r.Level != slog.LevelWarn {
			continue
		}
		attrs := map[string]string{}
		r.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.String(); return true })
		if attrs["old_session"] == "old" && attrs["last_seq"] == "5" {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning naming the old session and last_seq 5; logs: %v", rec.records())
	}
}

type logRecorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }
func (l *logRecorder) records() []slog.Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]slog.Record(nil), l.recs...)
}
