package bot_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// chanSource delivers a fixed list of deliveries from one goroutine, then
// waits for ctx.
type chanSource struct {
	items []bot.Delivery
	sent  chan struct{}
}

func (s *chanSource) Run(ctx context.Context, deliver func(context.Context, bot.Delivery)) error {
	for _, d := range s.items {
		deliver(ctx, d)
	}
	close(s.sent)
	<-ctx.Done()
	return nil
}

func rawEvent(name, raw string) bot.Event {
	return bot.Event{Name: name, Raw: []byte(raw)}
}

// A client with a Source runs no shards: replayed events reach the cache
// only, live ones reach handlers in order with the redelivered mark, and Done
// is called once per event after its handlers.
func TestSourceDeliversReplaysAndMarks(t *testing.T) {
	const guild = 41771983423143937
	var done atomic.Int64
	var items []bot.Delivery
	add := func(d bot.Delivery) {
		d.Done = func() { done.Add(1) }
		items = append(items, d)
	}
	add(bot.Delivery{Replay: true, Event: rawEvent(discord.EventGuildCreate,
		fmt.Sprintf(`{"id":"%d","name":"replayed","channels":[],"roles":[],"members":[]}`, guild))})
	const n = 50
	for i := range n {
		add(bot.Delivery{Redelivered: i < 3, Event: rawEvent(discord.EventMessageCreate, fmt.Sprintf(
			`{"id":"%d","channel_id":"2","guild_id":"%d","content":"%d","author":{"id":"3","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[]}`,
			100+i, guild, i))})
	}
	// An event nobody wants is done at once.
	add(bot.Delivery{Event: rawEvent("TYPING_STOP_UNKNOWN", `{}`)})
	src := &chanSource{items: items, sent: make(chan struct{})}

	c, err := bot.New("token", &bot.Options{Source: src})
	assert.Success(t, err)
	var mu sync.Mutex
	var got []string
	var marked int
	var guildSeen atomic.Bool
	handled := make(chan struct{})
	bot.On(c, func(ctx context.Context, m *discord.MessageCreate) error {
		if g, ok := c.Cache().Guild(guild); ok && g.Name == "replayed" {
			guildSeen.Store(true)
		}
		mu.Lock()
		defer mu.Unlock()
		got = append(got, m.Content)
		if bot.Redelivered(ctx) {
			marked++
		}
		if len(got) == n {
			close(handled)
		}
		return nil
	})
	var guildHandlers atomic.Int64
	bot.On(c, func(ctx context.Context, g *discord.GuildCreate) error {
		guildHandlers.Add(1)
		return nil
	})
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- c.Run(ctx) }()
	<-src.sent
	<-handled
	cancel()
	assert.Success(t, <-errc)
	for i, s := range got {
		if s != fmt.Sprint(i) {
			t.Fatalf("event %d handled as %q: order broken", i, s)
		}
	}
	if marked != 3 {
		t.Errorf("handlers saw %d redelivered events, want 3", marked)
	}
	if !guildSeen.Load() {
		t.Error("the replayed GUILD_CREATE did not reach the cache before the handlers")
	}
	if guildHandlers.Load() != 0 {
		t.Error("a handler ran for a replayed event")
	}
	if got := done.Load(); got != int64(len(items)) {
		t.Errorf("Done called %d times, want %d", got, len(items))
	}
	if c.Manager() != nil {
		t.Error("a client with a Source started a shard manager")
	}
}
