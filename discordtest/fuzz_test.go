package discordtest

import (
	"context"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
)

// FuzzGatewayFrame sends any frame to an identified session: the server
// answers or closes with a gateway code; it never panics or hangs.
func FuzzGatewayFrame(f *testing.F) {
	for _, seed := range []string{
		`{"op":1,"d":null}`, `{"op":1,"d":"x"}`, `{"op":2,"d":{}}`, `{"op":3,"d":{"status":"online"}}`,
		`{"op":8,"d":{"guild_id":"1","query":"","limit":0}}`, `{"op":8,"d":{"guild_id":"x"}}`,
		`{"op":4,"d":{"guild_id":"1","channel_id":null}}`, `{"op":6,"d":{"token":1}}`, `{"op":31,"d":{"guild_ids":["1"]}}`,
		`{"op":43,"d":{"guild_id":"1","fields":["status"]}}`, `[]`, `null`, `{"op":99}`, "\x00\xff",
	} {
		f.Add([]byte(seed))
	}
	s := NewServer(f, &Options{InMemory: true, MaxConcurrency: 1 << 20, IdentifyWindow: time.Nanosecond, SessionStartTotal: 1 << 30})
	s.SeedGuild(GuildSeed{Members: 3})
	shard := 0
	f.Fuzz(func(t *testing.T, frame []byte) {
		shard++
		c, _ := ready(t, s, "", discord.IntentsAll, &[2]int{shard, shard + 1})
		c.sendRaw(frame)
		// A heartbeat after the frame: either its ACK (or another answer)
		// arrives, or the connection was closed with a gateway code.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.ws.Write(ctx, websocket.MessageText, []byte(`{"op":1,"d":null}`))
		for {
			p, _, err := c.next()
			if err != nil {
				if code := websocket.CloseStatus(err); code < 4000 || code > 4014 {
					t.Fatalf("frame %q: ended with %v", frame, err)
				}
				return
			}
			if p.Op == discord.OpHeartbeatACK {
				return
			}
		}
	})
}

// FuzzRESTBody posts any body to a few write routes: the answer is a success
// or one of Discord's 4xx errors, never a 5xx or a panic.
func FuzzRESTBody(f *testing.F) {
	for _, seed := range []string{`{"content":"x"}`, `{"embeds":[{"title":1}]}`, `{"nonce":[]}`, `[`, `{}`,
		`{"content":"x","flags":32768}`, `{"name":"Bad","description":""}`, `{"type":4,"data":{"content":"x"}}`,
		`{"messages":["1","1"]}`, `{"components":[{"type":1}],"flags":64}`} {
		f.Add([]byte(seed), uint8(0))
	}
	s := NewServer(f, &Options{InMemory: true, GlobalLimit: 1 << 30})
	for _, b := range []string{"messages.create", "messages.bulk", "commands.write", "guild.roles.write", "interaction.callback"} {
		s.SetRouteLimit(b, 1<<30, time.Hour)
	}
	g, _ := s.SeedGuild(GuildSeed{Members: 1})
	ch := g.Channels[0].String()
	f.Fuzz(func(t *testing.T, body []byte, route uint8) {
		in, _ := s.TriggerInteraction(InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "x"}})
		paths := []string{"/channels/" + ch + "/messages", "/channels/" + ch + "/messages/bulk-delete",
			"/applications/" + s.BotUser().String() + "/commands", "/guilds/" + g.ID.String() + "/roles",
			"/interactions/" + in.ID.String() + "/" + in.Token + "/callback"}
		r := call(t, s, "POST", paths[int(route)%len(paths)], body)
		if r.Status >= 500 || r.Status < 200 {
			t.Fatalf("status %d for %q: %s", r.Status, body, r.Body)
		}
	})
}
