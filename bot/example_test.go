package bot_test

import (
	"context"
	"fmt"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/rest"
)

// A bot that answers "!ping" with "pong", run against the fake Discord. The
// same code runs against Discord itself without APIURL.
func Example() {
	fake, err := discordtest.Start(nil)
	if err != nil {
		panic(err)
	}
	defer fake.Close()
	guild, _ := fake.SeedGuild(discordtest.GuildSeed{Members: 1})

	c, err := bot.New(fake.Token(), &bot.Options{
		APIURL:  fake.URL(), // leave empty for the real Discord
		Intents: discord.IntentGuilds | discord.IntentGuildMessages | discord.IntentMessageContent,
	})
	if err != nil {
		panic(err)
	}
	ready := make(chan struct{}, 1)
	bot.On(c, func(ctx context.Context, g *discord.GuildCreate) error {
		ready <- struct{}{}
		return nil
	})
	replies := make(chan string, 1)
	bot.On(c, func(ctx context.Context, m *discord.MessageCreate) error {
		if m.Author.IsBot() {
			replies <- m.Content // the bot sees its own answer come back
			return nil
		}
		if m.Content == "!ping" {
			_, err := c.REST().CreateMessage(ctx, m.ChannelID, &rest.CreateMessageParams{Content: "pong"})
			return err
		}
		return nil
	})

	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	<-ready
	fake.UserMessage(guild.Channels[0], guild.Members[0], "!ping")
	fmt.Println(<-replies)
	stop()
	fmt.Println("stopped:", <-done)
	// Output:
	// pong
	// stopped: <nil>
}
