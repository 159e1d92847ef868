package natsbroker_test

import (
	"testing"

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
