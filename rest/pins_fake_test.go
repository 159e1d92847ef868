package rest_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/rest"
)

// Pins through the current routes (/channels/{id}/messages/pins), against
// the fake: newest pin first, paging with before and limit, unpin.
func TestPinsAgainstFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		g := seed(t, s, discordtest.GuildSeed{Members: 1})
		c, _ := fakeClient(t, s, s.Token(), nil)
		ctx := t.Context()
		ch := g.Channels[0]
		var ids []discord.Snowflake
		for _, text := range []string{"first", "second", "third"} {
			m, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: text})
			assert.Success(t, err)
			assert.Success(t, c.PinMessage(ctx, ch, m.ID, "keep"))
			ids = append(ids, m.ID)
			time.Sleep(time.Second) // virtual: distinct pin times
		}
		page, err := c.ListPins(ctx, ch, discord.Timestamp{}, 2)
		assert.Success(t, err)
		assert.Equal(t, "page size", len(page.Items), 2)
		assert.Equal(t, "has more", page.HasMore, true)
		assert.Equal(t, "newest first", page.Items[0].Message.ID, ids[2])
		rest2, err := c.ListPins(ctx, ch, page.Items[1].PinnedAt, 0)
		assert.Success(t, err)
		assert.Equal(t, "rest", len(rest2.Items), 1)
		assert.Equal(t, "oldest", rest2.Items[0].Message.ID, ids[0])
		assert.Success(t, c.UnpinMessage(ctx, ch, ids[1], ""))
		all, err := c.ListPins(ctx, ch, discord.Timestamp{}, 0)
		assert.Success(t, err)
		assert.Equal(t, "after unpin", len(all.Items), 2)
	})
}
