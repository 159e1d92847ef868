package discordtest

import (
	"context"
	"net/http"
	"testing"

	"github.com/scurrygo/scurry/discord"
)

// BenchmarkDispatch measures one MESSAGE_CREATE from Dispatch to a client
// that reads it (zstd-stream, in memory).
func BenchmarkDispatch(b *testing.B) {
	for _, compress := range []string{"", "&compress=zlib-stream", "&compress=zstd-stream"} {
		b.Run("compress="+compress[min(len(compress), 10):], func(b *testing.B) {
			s := NewServer(b, &Options{InMemory: true})
			g, _ := s.SeedGuild(GuildSeed{})
			c, _ := ready(b, s, compress, discord.IntentGuildMessages|discord.IntentMessageContent, nil)
			msg := map[string]any{"id": "1", "channel_id": g.Channels[0], "guild_id": g.ID, "content": "hello there",
				"author": map[string]any{"id": "5", "username": "u"}, "mentions": []any{}, "embeds": []any{}}
			raw := mustJSON(b, msg)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for range b.N {
					if _, _, err := c.ws.Read(context.Background()); err != nil {
						return
					}
				}
			}()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := s.Dispatch(g.ID, "MESSAGE_CREATE", raw); err != nil {
					b.Fatal(err)
				}
			}
			<-done
		})
	}
}

func mustJSON(tb testing.TB, v any) []byte {
	b, err := marshalD(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkREST measures one GET /users/@me through the in-memory client,
// rate limits included.
func BenchmarkREST(b *testing.B) {
	s := NewServer(b, &Options{InMemory: true, GlobalLimit: 1 << 30})
	s.SetRouteLimit("users.me", 1<<30, 1<<40)
	req, _ := newRequest(context.Background(), s, "GET", "/users/@me")
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.Client().Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatal(err, res)
		}
		res.Body.Close()
	}
}
