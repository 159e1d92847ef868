package gateway_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

var _ gateway.IdentifyQueue = (*ratelimit.IdentifyQueue)(nil)

// Four shards sharing ratelimit's queue (max_concurrency 1) identify one per
// 5 s window and never get op 9 from the fake, which enforces the windows.
func TestShardsShareIdentifyQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{ShardCount: 4})
		var q ratelimit.IdentifyQueue
		var hs []*harness
		for id := range 4 {
			hs = append(hs, start(t, srv, func(o *gateway.Options) {
				o.ShardID, o.ShardCount = id, 4
				o.IdentifyQueue = &q
			}))
		}
		for _, h := range hs {
			h.nextNamed(discord.EventReady)
		}
		ids := srv.Identifies()
		assert.Equal(t, "identifies", len(ids), 4)
		for i, r := range ids {
			if !r.Accepted {
				t.Fatalf("identify %d refused: %s", i, r.Reason)
			}
			if i > 0 && r.Time.Sub(ids[i-1].Time) < 5*time.Second {
				t.Fatalf("identifies %d and %d only %v apart", i-1, i, r.Time.Sub(ids[i-1].Time))
			}
		}
		assert.Equal(t, "no bucket violations", len(srv.IdentifyBucketViolations()), 0)
	})
}
