package rest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/rest"
)

// Example posts a message to the fake Discord and handles a missing channel.
func Example() {
	s, err := discordtest.Start(&discordtest.Options{InMemory: true})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	g, _ := s.SeedGuild(discordtest.GuildSeed{})

	c, err := rest.New(s.Token(), &rest.Options{BaseURL: s.URL(), HTTPClient: s.Client()})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	m, err := c.CreateMessage(ctx, g.Channels[0], &rest.CreateMessageParams{Content: "hello"})
	fmt.Println(m.Content, err)

	_, err = c.GetChannel(ctx, 42)
	fmt.Println(errors.Is(err, rest.ErrUnknownChannel))

	_, err = c.CreateMessage(ctx, g.Channels[0], &rest.CreateMessageParams{})
	fmt.Println(err)
	// Output:
	// hello <nil>
	// true
	// rest: create message: the message is empty: set content, embeds, components, sticker_ids, files or poll
}
