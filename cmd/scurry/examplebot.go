package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/rest"
)

// exampleBot is the bot `scurry demo` runs, against the fake Discord or, with
// DISCORD_TOKEN, the real one. It shows the four things most bots do:
//   - a message command: "!ping" is answered with "pong";
//   - a slash command with an option: /roll sides:<n> rolls a die;
//   - a button: the answer to /roll has a "roll again" button (custom_id
//     "reroll:{sides}") that updates the message;
//   - the cache: "!top" names the message with the most reactions in the
//     channel, counted from MESSAGE_REACTION_ADD events the cache applied.
type exampleBot struct {
	c *bot.Client

	pings    atomic.Uint64 // "!ping" answered
	commands atomic.Uint64 // slash commands and buttons answered
	tops     atomic.Uint64 // "!top" answered

	syncOnce sync.Once
	syncErr  atomic.Value // error from the command sync, if any
}

// rollCommand is the slash command the example bot registers.
var rollCommand = discord.ApplicationCommand{
	Name:        "roll",
	Description: "Roll a die",
	Options: []discord.ApplicationCommandOption{{
		Type:        discord.OptionTypeInteger,
		Name:        "sides",
		Description: "How many sides (2-1000)",
		MinValue:    discord.Some(2.0),
		MaxValue:    discord.Some(1000.0),
	}},
}

func newExampleBot(c *bot.Client, router *interactions.Router) *exampleBot {
	b := &exampleBot{c: c}
	router.Command("roll", b.roll)
	router.Component("reroll:{sides}", b.reroll)
	bot.On(c, b.onMessage)
	bot.On(c, b.onReady)
	return b
}

func (b *exampleBot) onMessage(ctx context.Context, m *discord.MessageCreate) error {
	if m.Author.IsBot() {
		return nil
	}
	switch strings.TrimSpace(m.Content) {
	case "!ping":
		_, err := b.c.REST().CreateMessage(ctx, m.ChannelID, &rest.CreateMessageParams{
			Content:          "pong",
			MessageReference: &discord.MessageReference{MessageID: m.ID},
		})
		if err == nil {
			b.pings.Add(1)
		}
		return err
	case "!top":
		best, n := b.topMessage(m.ChannelID)
		text := "no reactions yet"
		if n > 0 {
			text = fmt.Sprintf("message %s leads with %d reactions", best, n)
		}
		_, err := b.c.REST().CreateMessage(ctx, m.ChannelID, &rest.CreateMessageParams{Content: text})
		if err == nil {
			b.tops.Add(1)
		}
		return err
	}
	return nil
}

// topMessage reads the cached messages of a channel and returns the one with
// the most reactions.
func (b *exampleBot) topMessage(channelID discord.Snowflake) (discord.Snowflake, int) {
	var best discord.Snowflake
	most := 0
	for _, m := range b.c.Cache().Messages(channelID) {
		n := 0
		for _, r := range m.Reactions {
			n += r.Count
		}
		if n > most {
			best, most = m.ID, n
		}
	}
	return best, most
}

// onReady registers /roll once, changing only what differs from what is
// registered (nothing on a second run).
func (b *exampleBot) onReady(ctx context.Context, r *discord.Ready) error {
	var err error
	b.syncOnce.Do(func() {
		s := interactions.Syncer{REST: interactions.AdaptREST(b.c.REST()), ApplicationID: r.Application.ID,
			Commands: []discord.ApplicationCommand{rollCommand}}
		_, err = s.Sync(ctx)
		if err != nil {
			b.syncErr.Store(err)
		}
	})
	return err
}

func (b *exampleBot) roll(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
	sides := int64(6)
	if r.Has("sides") {
		v, err := r.Int("sides")
		if err != nil {
			return nil, err
		}
		sides = v
	}
	b.commands.Add(1)
	return interactions.Message(rollMessage(sides)), nil
}

func (b *exampleBot) reroll(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
	sides, err := strconv.ParseInt(r.Param("sides"), 10, 64)
	if err != nil || sides < 2 || sides > 1000 {
		return interactions.EphemeralText("that button is broken"), nil
	}
	b.commands.Add(1)
	return interactions.Update(rollMessage(sides)), nil
}

func rollMessage(sides int64) discord.InteractionCallbackData {
	n := rand.Int64N(sides) + 1
	return discord.InteractionCallbackData{
		Content: fmt.Sprintf("🎲 %d (d%d)", n, sides),
		Components: discord.Components{interactions.Row(
			interactions.Button(discord.ButtonStylePrimary, "reroll:"+strconv.FormatInt(sides, 10), "Roll again"),
		)},
	}
}
