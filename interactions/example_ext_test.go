package interactions_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
)

// A slash command answered over HTTP: the fake Discord signs the
// interaction and posts it to the bot's endpoint, which replies inline.
func Example() {
	fake, err := discordtest.Start(nil)
	if err != nil {
		panic(err)
	}
	defer fake.Close()

	rt := interactions.NewRouter(nil)
	rt.Command("roll", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		sides, err := r.Int("sides")
		if err != nil {
			return nil, err
		}
		return interactions.Text(fmt.Sprintf("rolling a d%d", sides)), nil
	})
	endpoint, err := interactions.NewHandler(fake.PublicKeyHex(), &interactions.Options{Handler: rt.Handle})
	if err != nil {
		panic(err)
	}
	bot := httptest.NewServer(endpoint) // any http.Server or mux works
	defer bot.Close()

	resp, _, err := fake.PostInteraction(context.Background(), bot.Client(), bot.URL, discordtest.InteractionSeed{
		Data: []byte(`{"id":"1","name":"roll","type":1,"options":[{"name":"sides","type":4,"value":20}]}`),
	})
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	// Output: 200 {"type":4,"data":{"content":"rolling a d20"}}
}
