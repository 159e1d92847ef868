package rest_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// TestObserveCounters: a Client whose limiter is wrapped by Observe counts
// each request by route and status, the waits, and ends with nothing in flight.
func TestObserveCounters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		var cnt rest.Counters
		c, err := rest.New(s.Token(), &rest.Options{BaseURL: s.URL(), HTTPClient: s.Client(),
			Limiter: rest.Observe(&ratelimit.RESTLimiter{}, &cnt)})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for range 7 { // 5 per window: the last two wait
			if _, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.GetMessage(ctx, ch, 1); err == nil {
			t.Fatal("unknown message found")
		}
		got := cnt.Snapshot()
		if n := got.Requests["POST /channels/{channel_id}/messages 200"]; n != 7 {
			t.Errorf("creates counted %d, want 7: %v", n, got.Requests)
		}
		if n := got.Requests["GET /channels/{channel_id}/messages/{message_id} 404"]; n != 1 {
			t.Errorf("404 counted %d: %v", n, got.Requests)
		}
		if got.InFlight != 0 || got.Waits != 8 || got.WaitTotal <= 0 || len(got.RateLimited) != 0 {
			t.Errorf("snapshot %+v", got)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := c.CreateMessage(cctx, ch, &rest.CreateMessageParams{Content: "x"}); err == nil {
			t.Fatal("cancelled call succeeded")
		}
		if got := cnt.Snapshot(); got.InFlight != 0 {
			t.Errorf("in flight after a cancelled call: %+v", got)
		}
	})
}
