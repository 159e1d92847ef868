package interactions_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

// The automatic deferral counts from receipt: an interaction that waited
// 2 s in a queue is deferred 0.5 s after its handler starts, and one that
// waited past the deadline's margin is deferred on time although its handler
// has not started.
func TestDeferralCountsFromReceipt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		i, err := interactions.DecodeInteraction(commandBody("slow", ""))
		assert.Success(t, err)
		release := make(chan struct{})
		rt := interactions.NewRouter(nil)
		rt.Command("slow", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			<-release
			return interactions.Text("done"), nil
		})

		// Received 2 s ago, handler starts now.
		rest := &fakeREST{}
		received := time.Now()
		time.Sleep(2 * time.Second)
		g, err := rt.StartGateway(t.Context(), i, rest, received)
		assert.Success(t, err)
		done := make(chan error, 1)
		go func() { done <- g.Run(t.Context()) }()
		time.Sleep(time.Second)
		synctest.Wait()
		calls := rest.Calls()
		assert.Equal(t, "deferred", len(calls), 1)
		assert.Equal(t, "deferred at receipt + 2.5 s", calls[0].At.Sub(received), interactions.DefaultDeferAfter)
		close(release)
		assert.Success(t, <-done)

		// Received, then queued for 10 s: deferred at 2.5 s without its
		// handler; the answer follows as an edit of the original.
		rest = &fakeREST{}
		received = time.Now()
		g, err = rt.StartGateway(t.Context(), i, rest, received)
		assert.Success(t, err)
		time.Sleep(10 * time.Second)
		calls = rest.Calls()
		assert.Equal(t, "deferred while queued", len(calls), 1)
		assert.Equal(t, "at 2.5 s", calls[0].At.Sub(received), interactions.DefaultDeferAfter)
		assert.Success(t, g.Run(t.Context()))
		calls = rest.Calls()
		assert.Equal(t, "answer after the deferral", calls[len(calls)-1].Method, "edit_original")

		// Cancel before the deadline sends nothing.
		rest = &fakeREST{}
		g, err = rt.StartGateway(t.Context(), i, rest, time.Now())
		assert.Success(t, err)
		assert.Success(t, g.Cancel())
		time.Sleep(5 * time.Second)
		assert.Equal(t, "nothing sent after Cancel", len(rest.Calls()), 0)
	})
}
