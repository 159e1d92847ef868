package discordtest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/coder/websocket"
	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// A fake Discord for a bot's tests: seed a guild, call the REST API through
// the in-memory client, look at what the server recorded.
func Example() {
	s, err := discordtest.Start(&discordtest.Options{ShardCount: 2, InMemory: true})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	g, _ := s.SeedGuild(discordtest.GuildSeed{Members: 10})

	req, _ := http.NewRequest("GET", s.URL()+"/gateway/bot", nil)
	req.Header.Set("Authorization", "Bot "+s.Token())
	req.Header.Set("User-Agent", "DiscordBot (https://example.com, 1.0)")
	res, err := s.Client().Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var gb discord.GatewayBot
	json.Unmarshal(body, &gb)

	fmt.Println(res.Status, gb.Shards, gb.SessionStartLimit.Remaining)
	fmt.Println(res.Header.Get("X-RateLimit-Limit"), s.Requests()[0].Route)
	fmt.Println(len(g.Members), "members on shard", discordtest.ShardFor(g.ID, 2) >= 0)
	// Output:
	// 200 OK 2 1000
	// 50 /gateway/bot
	// 10 members on shard true
}

// Push an event to a connected session and see it arrive with its sequence
// number (a raw websocket client stands in for a bot).
func ExampleServer_Dispatch() {
	s, _ := discordtest.Start(&discordtest.Options{InMemory: true})
	defer s.Close()
	g, _ := s.SeedGuild(discordtest.GuildSeed{})

	ctx := context.Background()
	ws, _, err := websocket.Dial(ctx, s.GatewayURL()+"?v=10&encoding=json", &websocket.DialOptions{HTTPClient: s.Client()})
	if err != nil {
		panic(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	read := func() discord.Payload {
		_, data, err := ws.Read(ctx)
		if err != nil {
			panic(err)
		}
		p, _ := discord.ScanPayload(data)
		return p
	}
	fmt.Println(read().Op) // HELLO
	identify := `{"op":2,"d":{"token":"` + s.Token() + `","intents":1,"properties":{"os":"linux","browser":"ex","device":"ex"}}}`
	ws.Write(ctx, websocket.MessageText, []byte(identify))
	fmt.Println(read().T, read().T) // READY, then the guild

	s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID, "name": "renamed"})
	p := read()
	fmt.Println(p.T, p.S)
	// Output:
	// HELLO
	// READY GUILD_CREATE
	// GUILD_UPDATE 3
}
