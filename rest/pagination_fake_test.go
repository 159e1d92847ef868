package rest_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestListMembersAllPagesOnce: 1,050 members paged 100 at a time come out
// exactly once each, in id order, in 11 requests; stopping early sends no
// further request; a cancelled ctx ends the iteration with its error.
func TestListMembersAllPagesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		g := seed(t, s, discordtest.GuildSeed{Members: 1049}) // plus the bot
		c, _ := fakeClient(t, s, s.Token(), nil)
		ctx := t.Context()
		s.ResetRecords()

		var prev discord.Snowflake
		seen := map[discord.Snowflake]bool{}
		for m, err := range c.ListMembersAll(ctx, g.ID, 0, 100) {
			assert.Success(t, err)
			id := m.User.ID
			if seen[id] {
				t.Fatalf("member %s yielded twice", id)
			}
			if id <= prev {
				t.Fatalf("member %s after %s: not in id order", id, prev)
			}
			seen[id], prev = true, id
		}
		assert.Equal(t, "members", len(seen), 1050)
		for _, id := range g.Members {
			if !seen[id] {
				t.Errorf("member %s never yielded", id)
			}
		}
		assert.Equal(t, "requests", len(s.Requests()), 11)
		noRateLimits(t, s)

		s.ResetRecords()
		n := 0
		for _, err := range c.ListMembersAll(ctx, g.ID, 0, 100) {
			assert.Success(t, err)
			if n++; n == 150 {
				break
			}
		}
		assert.Equal(t, "requests after stopping at 150", len(s.Requests()), 2)

		cctx, cancel := context.WithCancel(ctx)
		cancel()
		var last error
		for _, err := range c.ListMembersAll(cctx, g.ID, 0, 100) {
			last = err
		}
		if !errors.Is(last, context.Canceled) {
			t.Fatalf("cancelled: got %v, want context.Canceled", last)
		}
	})
}
