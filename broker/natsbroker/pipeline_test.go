package natsbroker_test

import (
	"testing"

	"github.com/scurrygo/scurry/broker/natsbroker"
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
