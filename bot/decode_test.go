package bot

import (
	"context"
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
)

func TestWantsDecode(t *testing.T) {
	c, err := New("token", &Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.wantsDecode(discord.EventMessageCreate) {
		t.Fatal("no handler, no cache: MESSAGE_CREATE should not be decoded")
	}
	On(c, func(context.Context, *discord.MessageCreate) error { return nil })
	if !c.wantsDecode(discord.EventMessageCreate) || c.wantsDecode(discord.EventTypingStart) {
		t.Fatal("only handled events should be decoded")
	}

	withCache, err := New("token", &Options{Router: interactions.NewRouter(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if !withCache.wantsDecode(discord.EventGuildCreate) || !withCache.wantsDecode(discord.EventInteractionCreate) {
		t.Fatal("cache events and interactions (router set) must be decoded")
	}
	if withCache.wantsDecode(discord.EventTypingStart) {
		t.Fatal("TYPING_START is neither cached nor handled")
	}
	withCache.OnEvent(func(context.Context, *Event) error { return nil })
	if !withCache.wantsDecode(discord.EventTypingStart) {
		t.Fatal("a raw handler wants every event decoded")
	}
}
