package sandbox_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/sandbox"
)

// world is a fake Discord with one guild, the sandbox page over it and,
// when a test asks, a bot connected to it.
type world struct {
	fake  *discordtest.Server
	guild discordtest.SeededGuild
	ui    *sandbox.UI
	page  *httptest.Server
}

func newWorld(t *testing.T, opts ...sandbox.Options) *world {
	t.Helper()
	fake := discordtest.NewServer(t, &discordtest.Options{HeartbeatInterval: 2 * time.Second})
	g, err := fake.SeedGuild(discordtest.GuildSeed{Name: "Sandbox Guild", Members: 4, TextChannels: 2, Nicknames: true})
	if err != nil {
		t.Fatal(err)
	}
	var o *sandbox.Options
	if len(opts) > 0 {
		o = &opts[0]
	}
	ui, err := sandbox.New(fake, o)
	if err != nil {
		t.Fatal(err)
	}
	page := httptest.NewServer(ui)
	t.Cleanup(func() { ui.Close(); page.Close() }) // runs before the fake's Close (registered earlier)
	return &world{fake: fake, guild: g, ui: ui, page: page}
}

// rollCommand is the test bot's slash command: a required integer option.
var rollCommand = discord.ApplicationCommand{
	Name: "roll", Description: "Roll a die",
	Options: []discord.ApplicationCommandOption{{
		Type: discord.OptionTypeInteger, Name: "sides", Description: "sides", Required: true,
		MinValue: discord.Some(2.0), MaxValue: discord.Some(100.0),
	}},
}

// colorCommand has a required string option with autocomplete.
var colorCommand = discord.ApplicationCommand{
	Name: "color", Description: "Pick a colour",
	Options: []discord.ApplicationCommandOption{{
		Type: discord.OptionTypeString, Name: "name", Description: "colour", Required: true, Autocomplete: true,
	}},
}

// startBot runs a small bot against the fake until the test ends: "!ping"
// is answered with "pong" and a button; the button edits the message to say
// who clicked; "!menu" gets an embed and a select whose choice is echoed;
// /roll sides:<n> answers "rolled a d<n>"; /feedback opens a modal whose
// submission is echoed; /color autocompletes its option. It returns once the bot is READY and its
// commands are registered.
func (w *world) startBot(t *testing.T) {
	t.Helper()
	router := interactions.NewRouter(nil)
	c, err := bot.New(w.fake.Token(), &bot.Options{
		APIURL:  w.fake.URL(),
		Intents: discord.IntentGuilds | discord.IntentGuildMessages | discord.IntentMessageContent | discord.IntentGuildMessageReactions,
		Router:  router,
	})
	if err != nil {
		t.Fatal(err)
	}
	var clicks atomic.Int64
	router.Command("roll", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		n, err := r.Int("sides")
		if err != nil {
			return nil, err
		}
		return interactions.Text(fmt.Sprintf("rolled a d%d", n)), nil
	})
	router.Command("feedback", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		in := interactions.TextInput("opinion", discord.TextInputStyleShort)
		in.MinLength = discord.Some(3)
		return interactions.Modal("fb", "Your feedback", interactions.Label("Opinion", in)), nil
	})
	router.Modal("fb", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		v, _ := r.Text("opinion")
		return interactions.Text("thanks for: " + v), nil
	})
	router.Autocomplete("color", "name", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		typed, _ := r.String("name")
		var out []discord.ApplicationCommandOptionChoice
		for _, c := range []string{"red", "green", "blue"} {
			if strings.HasPrefix(c, typed) {
				out = append(out, discord.ApplicationCommandOptionChoice{Name: c, Value: jsontext.Value(`"` + c + `"`)})
			}
		}
		return interactions.Choices(out...), nil
	})
	router.Command("color", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		name, err := r.String("name")
		if err != nil {
			return nil, err
		}
		return interactions.Text("you chose " + name), nil
	})
	router.Component("pick", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Update(discord.InteractionCallbackData{Content: "picked " + strings.Join(r.Values(), ",")}), nil
	})
	router.Component("again", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		n := clicks.Add(1)
		return interactions.Update(discord.InteractionCallbackData{
			Content: fmt.Sprintf("pong, clicked %d× (last by %s)", n, r.Interaction.Member.User.Username),
		}), nil
	})
	bot.On(c, func(ctx context.Context, m *discord.MessageCreate) error {
		if m.Author.IsBot() {
			return nil
		}
		if strings.TrimSpace(m.Content) == "!menu" {
			e, err := interactions.NewEmbed("Menu").Description("pick a fruit").Field("today", "apples", true).Color(0x57F287).Build()
			if err != nil {
				return err
			}
			_, err = c.REST().CreateMessage(ctx, m.ChannelID, &rest.CreateMessageParams{
				Embeds: []discord.Embed{e},
				Components: discord.Components{interactions.Row(interactions.StringSelect("pick",
					interactions.Option("Apple", "apple"), interactions.Option("Pear", "pear")))},
			})
			return err
		}
		if strings.TrimSpace(m.Content) != "!ping" {
			return nil
		}
		_, err := c.REST().CreateMessage(ctx, m.ChannelID, &rest.CreateMessageParams{
			Content: "pong",
			Components: discord.Components{interactions.Row(
				interactions.Button(discord.ButtonStylePrimary, "again", "Click me"))},
		})
		return err
	})
	synced := make(chan error, 1)
	bot.On(c, func(ctx context.Context, r *discord.Ready) error {
		s := interactions.Syncer{REST: interactions.AdaptREST(c.REST()), ApplicationID: r.Application.ID,
			Commands: []discord.ApplicationCommand{rollCommand, {Name: "feedback", Description: "Tell us"}, colorCommand}}
		_, err := s.Sync(ctx)
		synced <- err
		return err
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("bot: %v", err)
		}
	})
	select {
	case err := <-synced:
		if err != nil {
			t.Fatal(err)
		}
	case err := <-done:
		t.Fatalf("bot stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("bot not ready after 30s")
	}
}
