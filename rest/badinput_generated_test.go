package rest

import (
	"errors"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// TestGeneratedBadInput: a zero snowflake, a body over a documented limit, a
// missing required field, a query out of range or a body of the wrong type is
// an *InputError naming the field, and nothing reaches the server.
func TestGeneratedBadInput(t *testing.T) {
	s := discordtest.NewServer(t, &discordtest.Options{SpecOnly: true})
	c, err := New(s.Token(), &Options{BaseURL: s.URL(), HTTPClient: s.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"zero snowflake", "channel_id", func() error { _, err := c.ListChannelWebhooks(ctx, 0); return err }},
		{"nil body", "body", func() error { _, err := c.CreateDM(ctx, nil); return err }},
		{"missing required", "username", func() error { _, err := c.ModifyCurrentUser(ctx, &discord.UpdateMyUserParams{}); return err }},
		{"too long", "username", func() error {
			_, err := c.ModifyCurrentUser(ctx, &discord.UpdateMyUserParams{Username: strings.Repeat("x", 33)})
			return err
		}},
		{"query range", "limit", func() error { _, err := c.ListGuildBans(ctx, 1, ListGuildBansQuery{Limit: 1001}); return err }},
		{"embed title (checks table)", "embeds[0].title", func() error {
			_, err := c.EditWebhookMessage(ctx, 1, "tok", 2, EditWebhookMessageQuery{}, &discord.IncomingWebhookUpdateParams{
				Embeds: discord.NonNull([]discord.RichEmbed{{Title: discord.NonNull(strings.Repeat("t", 257))}}),
			})
			return err
		}},
		{"content override (§11.1)", "content", func() error {
			_, err := c.CreateLobbyMessage(ctx, 1, &discord.CreateLobbyMessageParams{Content: discord.NonNull(strings.Repeat("x", 2001))})
			return err
		}},
		{"union body type", "body", func() error { _, err := c.CreateThread(ctx, 1, &discord.UpdateMyUserParams{}, "r"); return err }},
	}
	for _, tc := range cases {
		err := tc.call()
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: got %v, want an *InputError on %q", tc.name, err, tc.field)
		}
		if !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("%s: %v does not match ErrInvalidRequest", tc.name, err)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the server saw %d requests", n)
	}
}
