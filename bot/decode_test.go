package bot

import (
	"context"
	"fmt"
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

// Middleware wraps typed and raw handlers, whether registered before or after
// Use, the first added outermost.
func TestMiddlewareWrapsAllHandlers(t *testing.T) {
	c, err := New("token", &Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	var trace []string
	On(c, func(context.Context, *discord.MessageCreate) error { trace = append(trace, "typed"); return nil })
	mw := func(name string) Middleware {
		return func(next Handler) Handler {
			return func(ctx context.Context, e *Event) error {
				trace = append(trace, name)
				return next(ctx, e)
			}
		}
	}
	c.Use(mw("outer"), mw("inner"))
	c.OnEvent(func(context.Context, *Event) error { trace = append(trace, "raw"); return nil })
	e := &Event{Name: discord.EventMessageCreate, Data: &discord.MessageCreate{}}
	for _, h := range c.handlersFor(e.Name) {
		if err := h.h(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"outer", "inner", "typed", "outer", "inner", "raw"}
	if fmt.Sprint(trace) != fmt.Sprint(want) {
		t.Fatalf("trace %v, want %v", trace, want)
	}
	if len(c.handlersFor(discord.EventTypingStart)) != 1 {
		t.Fatal("an event with no typed handler gets the raw handlers")
	}
}
