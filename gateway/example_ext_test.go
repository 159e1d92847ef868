package gateway_test

import (
	"context"
	"fmt"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
)

// A session pulling events with Next, against the fake Discord.
func Example() {
	srv, err := discordtest.Start(&discordtest.Options{InMemory: true})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	s, err := gateway.New(&gateway.Options{
		Token:      srv.Token(),
		URL:        srv.GatewayURL(), // from GET /gateway/bot
		HTTPClient: srv.Client(),     // omit for the real Discord
		Intents:    discord.IntentsNonPrivileged,
	})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	e, _ := s.Next(ctx)
	fmt.Println(e.Seq, e.Name)

	_ = srv.Dispatch(0, discord.EventTypingStart, map[string]any{"channel_id": "10", "user_id": "20", "timestamp": 1700000000})
	e, _ = s.Next(ctx)
	ts := e.Data.(*discord.TypingStart)
	fmt.Println(e.Seq, e.Name, ts.UserID)

	cancel()
	fmt.Println(<-done)
	// Output:
	// 1 READY
	// 2 TYPING_START 20
	// context canceled
}
