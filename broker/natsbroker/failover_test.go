package natsbroker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// A gateway process that stops hands its shards to a standby started for the
// same range: the standby takes the leases, RESUMEs from the stored state
// (no second IDENTIFY), and nothing is lost or handled twice unmarked.
func TestStandbyTakesOverAndResumes(t *testing.T) {
	const shards, n = 4, 2000
	e := newEnv(t, 4, shards)
	guilds := e.seed(12, shards)
	rec := newRecorder(n)
	e.worker("w1", rec)
	stopA := e.gateway("gw-a", shard.AllShards(shards), shards)
	assert.Success(t, e.srv.WaitIdentified(t.Context(), shards))
	e.gateway("gw-b", shard.AllShards(shards), shards) // standby: waits for the leases
	e.send(guilds, 0, n/2)
	// Every shard's READY is durable once its later events were handled;
	// a shard stopped before that has no session to resume (doc.go).
	rec.waitDistinct(t, n/2)
	assert.Success(t, stopA())
	stopped := time.Now()
	// Events sent while no process reads are kept by the fake for RESUME.
	e.send(guilds, n/2, n)
	rec.wait(t)
	rec.check(t)
	if e.srv.Resumes() == 0 {
		t.Error("the standby resumed no shard")
	}
	for _, r := range e.srv.Identifies() {
		if r.Time.After(stopped) {
			t.Errorf("IDENTIFY of shard %v after the takeover (accepted %v): the standby should RESUME", r.Shard, r.Accepted)
		}
	}
	if v := e.srv.IdentifyBucketViolations(); len(v) != 0 {
		t.Errorf("identify window violations: %v", v)
	}
}

// Partitions move between workers as they join and leave, while events flow:
// nothing lost, duplicates only marked, per-guild order kept.
func TestPartitionRebalance(t *testing.T) {
	const shards, n = 2, 3000
	e := newEnv(t, 8, shards)
	guilds := e.seed(16, shards)
	rec := newRecorder(n)
	w1, stop1 := e.worker("w1", rec)
	e.gateway("g", shard.AllShards(shards), shards)
	assert.Success(t, e.srv.WaitIdentified(t.Context(), shards))
	e.send(guilds, 0, n/3)
	w2, _ := e.worker("w2", rec)
	waitOwned(t, func() bool { return len(w2.Owned()) > 0 && len(w1.Owned())+len(w2.Owned()) == 8 })
	e.send(guilds, n/3, 2*n/3)
	stop1()
	waitOwned(t, func() bool { return len(w2.Owned()) == 8 })
	e.send(guilds, 2*n/3, n)
	rec.wait(t)
	rec.check(t)
}

// waitOwned polls the workers' partition sets (they change on the workers'
// membership ticks; there is no event to wait on from outside).
func waitOwned(t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-t.Context().Done():
			t.Fatal("partitions did not settle")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// A message on the stream that is not an event is logged with its sequence
// and skipped; the events after it are handled.
func TestMalformedMessageSkipped(t *testing.T) {
	e := newEnv(t, 2, 1)
	rec := newRecorder(1)
	w, _ := e.worker("w1", rec)
	sub := e.st.Subject(0, "MESSAGE_CREATE")
	_, err := e.js.PublishMsg(t.Context(), &nats.Msg{Subject: sub, Data: []byte("{not json")})
	assert.Success(t, err)
	_, err = e.js.PublishMsg(t.Context(), &nats.Msg{Subject: sub, Data: []byte(`{}`)}) // no headers
	assert.Success(t, err)
	m := &nats.Msg{Subject: sub, Header: nats.Header{natsbroker.HeaderShard: {"0"}, natsbroker.HeaderSeq: {"7"}},
		Data: []byte(`{"id":"1","channel_id":"2","content":"0","author":{"id":"5","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[]}`)}
	_, err = e.js.PublishMsg(t.Context(), m)
	assert.Success(t, err)
	rec.wait(t)
	if got := w.Stats().Malformed; got != 2 {
		t.Errorf("malformed = %d, want 2", got)
	}
}

// A stream created with another partition count is refused, with a way out.
func TestPartitionCountMismatch(t *testing.T) {
	e := newEnv(t, 4, 1)
	_, err := natsbroker.EnsureStream(t.Context(), e.js, natsbroker.StreamOptions{Partitions: 8})
	if !errors.Is(err, natsbroker.ErrPartitionMismatch) {
		t.Fatalf("err = %v, want ErrPartitionMismatch", err)
	}
	for _, want := range []string{`"4"`, "8", "migrate", "SCURRY_EVENTS"} {
		assert.Contains(t, err.Error(), want)
	}
}

// Leases: one owner at a time; a second Acquire waits until the first owner
// stops renewing, then gets them.
func TestLeaseStandby(t *testing.T) {
	e := newEnv(t, 1, 1)
	a, err := natsbroker.NewLeases(t.Context(), e.st, "a", time.Second, nil)
	assert.Success(t, err)
	b, err := natsbroker.NewLeases(t.Context(), e.st, "b", time.Second, nil)
	assert.Success(t, err)
	ha, err := a.Acquire(t.Context(), []string{"x", "y"})
	assert.Success(t, err)
	ctxA, stopA := context.WithCancel(t.Context())
	_, waitA := ha.Hold(ctxA, false) // a dies without releasing
	got := make(chan error, 1)
	go func() {
		_, err := b.Acquire(t.Context(), []string{"y", "x"})
		got <- err
	}()
	short, cancel := context.WithTimeout(t.Context(), 1200*time.Millisecond)
	defer cancel()
	select {
	case err := <-got:
		t.Fatalf("standby acquired while the owner renewed: %v", err)
	case <-short.Done():
	}
	stopA()
	waitA()
	assert.Success(t, <-got)
}

// A worker that dies (its NATS connection gone) in the middle of handlers
// leaves its events unacknowledged: the next owner of its partitions gets
// them, marked redelivered, and nothing is lost.
func TestDeadWorkerEventsRedelivered(t *testing.T) {
	const shards, n = 2, 400
	e := newEnv(t, 4, shards)
	guilds := e.seed(8, shards)

	// The dying worker: its own connection, handlers that never finish.
	nc2, err := nats.Connect(e.nc.ConnectedUrl())
	assert.Success(t, err)
	js2, err := jetstream.New(nc2)
	assert.Success(t, err)
	st2, err := natsbroker.EnsureStream(t.Context(), js2, natsbroker.StreamOptions{Partitions: 4})
	assert.Success(t, err)
	w1, err := natsbroker.NewWorker(t.Context(), natsbroker.WorkerOptions{Stream: st2, ID: "dying",
		MemberTTL: 600 * time.Millisecond, AckWait: time.Second, Logger: e.log})
	assert.Success(t, err)
	stuck := make(chan struct{})
	entered := make(chan struct{}, 1)
	c1, err := bot.New(e.srv.Token(), &bot.Options{Source: w1, NoCache: true, Logger: e.log, ShutdownTimeout: 100 * time.Millisecond})
	assert.Success(t, err)
	bot.On(c1, func(ctx context.Context, m *discord.MessageCreate) error {
		select {
		case entered <- struct{}{}:
		default:
		}
		select {
		case <-stuck:
		case <-ctx.Done():
		}
		return nil
	})
	ctx1, cancel1 := context.WithCancel(t.Context())
	done1 := make(chan struct{})
	go func() { defer close(done1); _ = c1.Run(ctx1) }()
	t.Cleanup(func() { close(stuck); cancel1(); <-done1 })

	e.gateway("g", shard.AllShards(shards), shards)
	assert.Success(t, e.srv.WaitIdentified(t.Context(), shards))
	e.send(guilds, 0, n/2)
	<-entered
	nc2.Close() // the worker is gone: no acks, no membership renewals

	rec := newRecorder(n)
	e.worker("heir", rec)
	e.send(guilds, n/2, n)
	rec.wait(t)
	rec.check(t)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.redelivered == 0 {
		t.Error("no event reached the heir marked redelivered")
	}
}
