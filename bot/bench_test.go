package bot

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/scurrygo/scurry/discord"
)

// BenchmarkDispatch measures the dispatcher's cost per event: queueing by
// guild, the worker hand-off, middleware and a typed no-op handler, for
// already-decoded MESSAGE_CREATEs spread over 50 guilds.
func BenchmarkDispatch(b *testing.B) {
	for _, cacheOn := range []bool{false, true} {
		name := "nocache"
		if cacheOn {
			name = "cache"
		}
		b.Run(name, func(b *testing.B) {
			c, err := New("token", &Options{NoCache: !cacheOn})
			if err != nil {
				b.Fatal(err)
			}
			var n atomic.Int64
			On(c, func(ctx context.Context, e *discord.MessageCreate) error {
				n.Add(1)
				return nil
			})
			c.Use(func(next Handler) Handler { return next })
			const guilds = 50
			events := make([]Event, guilds)
			for i := range events {
				g := discord.Snowflake(1000 + i)
				raw := `{"id":"` + strconv.Itoa(5000+i) + `","channel_id":"` + strconv.Itoa(2000+i) + `","guild_id":"` + g.String() +
					`","author":{"id":"42","username":"u"},"content":"hi","timestamp":"2024-01-01T00:00:00+00:00","type":0}`
				data, err := discord.DecodeEvent(discord.EventMessageCreate, jsontext.Value(raw))
				if err != nil {
					b.Fatal(err)
				}
				events[i] = Event{Name: discord.EventMessageCreate, Raw: jsontext.Value(raw), Data: data}
			}
			d := newDispatcher(c.dispatcherConfig(context.Background()))
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				c.deliver(ctx, d, events[i%guilds], nil)
			}
			if _, err := d.stop(ctx); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if n.Load() != int64(b.N) {
				b.Fatalf("handled %d of %d", n.Load(), b.N)
			}
		})
	}
}
