package natsbroker_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/shard"
)

// Events dispatched by the fake go through a gateway process's publisher,
// the stream and a worker's bot to the handlers: all of them, once, in order
// per guild.
func TestGatewayToWorker(t *testing.T) {
	const shards, n = 4, 3000
	e := newEnv(t, 8, shards)
	guilds := e.seed(20, shards)
	rec := newRecorder(n)
	e.worker("w1", rec)
	e.gateway("g1", shard.AllShards(shards), shards)
	if err := e.srv.WaitIdentified(t.Context(), shards); err != nil {
		t.Fatal(err)
	}
	e.send(guilds, 0, n)
	rec.wait(t)
	rec.check(t)
	e.checkIdentifies(shards)
}

// With a NATS server whose max_payload is 64 KiB, messages of 10 KiB,
// 200 KiB and 1 MiB between small ones go through the gateway process's
// publisher (in parts), the stream and a worker's bot to the handlers: all
// of them, once, byte-identical, in order per guild.
func TestGatewayToWorkerLargeEvents(t *testing.T) {
	const shards, n = 2, 60
	e := newEnvServer(t, 4, shards, embedded.Options{MaxPayload: 64 << 10})
	guilds := e.seed(4, shards)
	rec := newRecorder(n)
	var mu sync.Mutex
	sent, raws := map[string][]byte{}, map[string][]byte{}
	allRaw := make(chan struct{}) // raw handlers run after the typed ones: wait for them too
	e.workerWith("w1", rec, func(c *bot.Client) {
		_ = c.OnEvent(func(_ context.Context, ev *bot.Event) error {
			if m, ok := ev.Data.(*discord.MessageCreate); ok {
				mu.Lock()
				defer mu.Unlock()
				if _, dup := raws[m.Content]; !dup {
					raws[m.Content] = bytes.Clone(ev.Raw)
					if len(raws) == n {
						close(allRaw)
					}
				}
			}
			return nil
		})
	})
	e.gateway("g1", shard.AllShards(shards), shards)
	if err := e.srv.WaitIdentified(t.Context(), shards); err != nil {
		t.Fatal(err)
	}
	sizes := []int{0, 10 << 10, 0, 200 << 10, 0, 0, 1 << 20, 0}
	for i := range n {
		g := guilds[i%len(guilds)]
		d := fmt.Appendf(nil, `{"id":"%d","channel_id":"%d","guild_id":"%d","content":"%d","author":{"id":"5","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[],"pad":"%s"}`,
			1000+i, g+1, g, i, bytes.Repeat([]byte{'a' + byte(i%26)}, sizes[i%len(sizes)]))
		sent[fmt.Sprint(i)] = d
		if err := e.srv.Dispatch(g, discord.EventMessageCreate, d); err != nil {
			t.Fatal(err)
		}
	}
	rec.wait(t)
	rec.check(t)
	select {
	case <-allRaw:
	case <-time.After(time.Minute):
		t.Fatal("raw handlers did not see every message")
	}
	mu.Lock()
	defer mu.Unlock()
	for k, d := range sent {
		if !bytes.Equal(raws[k], d) {
			t.Errorf("message %s: handler saw %d bytes, %d sent", k, len(raws[k]), len(d))
		}
	}
}

// Rendezvous assignment gives every partition to exactly one member, spreads
// them, and moves only the leaver's partitions when a member leaves.
func TestAssignSpreads(t *testing.T) {
	members := []string{"w1", "w2", "w3"}
	owner := map[int]string{}
	for _, m := range members {
		for _, p := range natsbroker.Assign(m, members, 64) {
			if o, dup := owner[p]; dup {
				t.Fatalf("partition %d owned by %s and %s", p, o, m)
			}
			owner[p] = m
		}
	}
	if len(owner) != 64 {
		t.Fatalf("%d partitions owned, want 64", len(owner))
	}
	for _, m := range members {
		if n := len(natsbroker.Assign(m, members, 64)); n < 10 {
			t.Errorf("%s owns %d of 64 partitions", m, n)
		}
	}
	for _, p := range natsbroker.Assign("w1", members[:2], 64) {
		if owner[p] == "w2" {
			t.Errorf("partition %d moved from w2 to w1 when w3 left", p)
		}
	}
}
