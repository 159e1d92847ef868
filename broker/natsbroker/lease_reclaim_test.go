package natsbroker

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// A renewal whose reply comes too late (the server applied it, the client
// gave up waiting) and a lease that lapsed with nobody taking it are still
// the owner's: Hold takes them back instead of stopping the process. A lease
// another owner took is lost.
func TestLeaseRenewalReclaims(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	st := testStream(t, StreamOptions{Partitions: 1, Memory: true})
	l, err := NewLeases(ctx, st, "me", 600*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := l.Acquire(ctx, []string{"shard.0"})
	if err != nil {
		t.Fatal(err)
	}
	hctx, stop := context.WithCancel(ctx)
	lost, wait := h.Hold(hctx, true)
	defer func() { stop(); wait() }()
	kv := l.kv
	w, err := kv.Watch(ctx, "shard.0", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	// renewedAfter waits until the holder itself writes the key after rev.
	renewedAfter := func(what string, rev uint64) {
		t.Helper()
		for {
			select {
			case e := <-w.Updates():
				if e != nil && e.Revision() > rev && e.Operation() == jetstream.KeyValuePut && string(e.Value()) == "me" {
					return
				}
			case <-lost:
				t.Fatalf("%s: the lease was given up", what)
			case <-ctx.Done():
				t.Fatalf("%s: no renewal", what)
			}
		}
	}

	// A renewal applied behind the holder's back (its reply was lost).
	rev, err := kv.Put(ctx, "shard.0", []byte("me"))
	if err != nil {
		t.Fatal(err)
	}
	renewedAfter("late renewal", rev)

	// The key lapsed and nobody took it.
	if err := kv.Delete(ctx, "shard.0"); err != nil {
		t.Fatal(err)
	}
	e, err := kv.Get(ctx, "shard.0")
	for err != nil { // the holder creates it again; wait for that write
		renewedAfter("lapsed lease", 0)
		e, err = kv.Get(ctx, "shard.0")
	}
	if string(e.Value()) != "me" {
		t.Fatalf("lapsed lease now held by %q", e.Value())
	}

	// Another owner took it: lost.
	if _, err := kv.Put(ctx, "shard.0", []byte("other")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-lost:
	case <-ctx.Done():
		t.Fatal("a lease another owner took was not reported lost")
	}
}
