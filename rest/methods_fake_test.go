package rest_test

import (
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/rest"
)

// TestTypedMethodsAgainstFake calls each typed method once against the fake
// and checks the world changed as asked.
func TestTypedMethodsAgainstFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		g := seed(t, s, discordtest.GuildSeed{Members: 3, Roles: 1, TextChannels: 2})
		c, _ := fakeClient(t, s, s.Token(), nil)
		ctx := t.Context()
		ch := g.Channels[0]

		gb, err := c.GatewayBot(ctx)
		assert.Success(t, err)
		assert.Equal(t, "gateway url", gb.URL, s.GatewayBot().URL)
		me, err := c.CurrentUser(ctx)
		assert.Success(t, err)
		assert.Equal(t, "me", me.ID, s.BotUser())
		u, err := c.GetUser(ctx, g.Members[0])
		assert.Success(t, err)
		assert.Equal(t, "user", u.ID, g.Members[0])

		// Channels.
		got, err := c.GetChannel(ctx, ch)
		assert.Success(t, err)
		assert.Equal(t, "channel", got.ID, ch)
		mod, err := c.ModifyChannel(ctx, ch, &rest.ModifyChannelParams{Name: discord.Some("renamed"),
			Topic: discord.NonNull("a topic")}, "tidy up")
		assert.Success(t, err)
		assert.Equal(t, "name", mod.Name, discord.NonNull("renamed"))
		chans, err := c.ListGuildChannels(ctx, g.ID)
		assert.Success(t, err)
		assert.Equal(t, "channels", len(chans) >= 2, true)

		// Messages, with a file.
		m, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: "hello",
			Embeds: []discord.Embed{{Title: "t", Description: "d"}},
			Files:  []rest.File{rest.NewFile("hello.txt", []byte("file body"))}})
		assert.Success(t, err)
		assert.Equal(t, "content", m.Content, "hello")
		assert.Equal(t, "attachments", len(m.Attachments), 1)
		assert.Equal(t, "filename", m.Attachments[0].Filename, "hello.txt")
		ed, err := c.EditMessage(ctx, ch, m.ID, &rest.EditMessageParams{Content: discord.NonNull("edited")})
		assert.Success(t, err)
		assert.Equal(t, "edited", ed.Content, "edited")
		one, err := c.GetMessage(ctx, ch, m.ID)
		assert.Success(t, err)
		assert.Equal(t, "fetched", one.Content, "edited")
		var bulk []discord.Snowflake
		for range 3 {
			x, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: "bulk"})
			assert.Success(t, err)
			bulk = append(bulk, x.ID)
		}
		assert.Success(t, c.BulkDeleteMessages(ctx, ch, bulk[:2], "cleanup"))
		assert.Success(t, c.DeleteMessage(ctx, ch, bulk[2], ""))
		_, err = c.GetMessage(ctx, ch, bulk[2])
		assert.ErrorIs(t, err, rest.ErrUnknownMessage)
		assert.Success(t, c.TriggerTyping(ctx, ch))

		// Reactions.
		assert.Success(t, c.AddReaction(ctx, ch, m.ID, "🔥"))
		users, err := c.ListReactions(ctx, ch, m.ID, "🔥", rest.ListReactionsParams{})
		assert.Success(t, err)
		assert.Equal(t, "reactors", len(users), 1)
		assert.Success(t, c.RemoveOwnReaction(ctx, ch, m.ID, "🔥"))
		assert.Success(t, c.RemoveAllReactions(ctx, ch, m.ID))

		// Guild, members, roles, bans.
		gd, err := c.GetGuild(ctx, g.ID, true)
		assert.Success(t, err)
		assert.Equal(t, "guild", gd.ID, g.ID)
		mem, err := c.GetMember(ctx, g.ID, g.Members[0])
		assert.Success(t, err)
		assert.Equal(t, "member", mem.User.ID, g.Members[0])
		list, err := c.ListMembers(ctx, g.ID, 0, 1000)
		assert.Success(t, err)
		assert.Equal(t, "members", len(list), 4)
		_, err = c.ModifyMember(ctx, g.ID, g.Members[0], &rest.ModifyMemberParams{Nick: discord.NonNull("nick")}, "")
		assert.Success(t, err)
		role, err := c.CreateRole(ctx, g.ID, &rest.RoleParams{Name: discord.Some("mods"), Color: discord.Some(0xff0000)}, "")
		assert.Success(t, err)
		assert.Equal(t, "role", role.Name, "mods")
		_, err = c.ModifyRole(ctx, g.ID, role.ID, &rest.RoleParams{Hoist: discord.Some(true)}, "")
		assert.Success(t, err)
		assert.Success(t, c.AddMemberRole(ctx, g.ID, g.Members[0], role.ID, "promote"))
		assert.Success(t, c.RemoveMemberRole(ctx, g.ID, g.Members[0], role.ID, ""))
		roles, err := c.ListRoles(ctx, g.ID)
		assert.Success(t, err)
		assert.Equal(t, "roles", len(roles), 3)
		assert.Success(t, c.DeleteRole(ctx, g.ID, role.ID, ""))
		assert.Success(t, c.KickMember(ctx, g.ID, g.Members[1], "bye"))
		assert.Success(t, c.BanMember(ctx, g.ID, g.Members[2], time.Hour, "spam"))
		assert.Success(t, c.UnbanMember(ctx, g.ID, g.Members[2], ""))
		_, err = c.GetMember(ctx, g.ID, g.Members[1])
		assert.ErrorIs(t, err, rest.ErrUnknownMember)

		// Audit-log reasons arrive URL-decoded at the fake.
		found := false
		for _, r := range s.Requests() {
			if r.AuditLogReason == "tidy up" {
				found = true
			}
		}
		assert.Equal(t, "reason recorded", found, true)

		// Webhooks: create one with Do (no typed method yet), then execute.
		var hook struct {
			ID    discord.Snowflake `json:"id"`
			Token string            `json:"token"`
		}
		assert.Success(t, c.Do(ctx, &rest.Request{Route: rest.Route{Method: "POST", Path: "/channels/{channel_id}/webhooks",
			Major: "channel_id"}, Params: []string{ch.String()}, Body: map[string]string{"name": "hook"}, Result: &hook}))
		wm, err := c.ExecuteWebhook(ctx, hook.ID, hook.Token, &rest.WebhookMessageParams{Content: "via hook",
			Username: "someone"}, rest.ExecuteWebhookOptions{Wait: true})
		assert.Success(t, err)
		assert.Equal(t, "webhook message", wm.Content, "via hook")
		none, err := c.ExecuteWebhook(ctx, hook.ID, hook.Token, &rest.WebhookMessageParams{Content: "no wait"},
			rest.ExecuteWebhookOptions{})
		assert.Success(t, err)
		assert.Equal(t, "no message without wait", none == nil, true)

		// Commands.
		app := s.BotUser()
		cmds, err := c.BulkOverwriteGlobalCommands(ctx, app, []discord.ApplicationCommand{
			{Name: "ping", Description: "pong"}, {Name: "echo", Description: "echo"}})
		assert.Success(t, err)
		assert.Equal(t, "overwritten", len(cmds), 2)
		one2, err := c.CreateGlobalCommand(ctx, app, &discord.ApplicationCommand{Name: "third", Description: "3"})
		assert.Success(t, err)
		listed, err := c.ListGlobalCommands(ctx, app)
		assert.Success(t, err)
		assert.Equal(t, "global commands", len(listed), 3)
		assert.Success(t, c.DeleteGlobalCommand(ctx, app, one2.ID))
		_, err = c.BulkOverwriteGuildCommands(ctx, app, g.ID, []discord.ApplicationCommand{{Name: "g", Description: "guild"}})
		assert.Success(t, err)
		gc, err := c.ListGuildCommands(ctx, app, g.ID)
		assert.Success(t, err)
		assert.Equal(t, "guild commands", len(gc), 1)

		// Interactions: respond, edit the original, follow up.
		it, err := s.TriggerInteraction(discordtest.InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "ping", "type": 1}})
		assert.Success(t, err)
		assert.Success(t, c.CreateInteractionResponse(ctx, it.ID, it.Token, &discord.InteractionResponse{
			Type: discord.InteractionCallbackType(4), Data: &discord.InteractionCallbackData{Content: "pong"}}))
		orig, err := c.EditOriginalResponse(ctx, app, it.Token, &rest.EditMessageParams{Content: discord.NonNull("pong!")})
		assert.Success(t, err)
		assert.Equal(t, "original", orig.Content, "pong!")
		fu, err := c.CreateFollowup(ctx, app, it.Token, &rest.WebhookMessageParams{Content: "more",
			Files: []rest.File{rest.NewFileFunc("a.bin", 3, func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader("abc")), nil
			})}})
		assert.Success(t, err)
		assert.Equal(t, "followup", fu.Content, "more")
		_, err = c.EditFollowup(ctx, app, it.Token, fu.ID, &rest.EditMessageParams{Content: discord.NonNull("less")})
		assert.Success(t, err)
		assert.Success(t, c.DeleteFollowup(ctx, app, it.Token, fu.ID))
		assert.Success(t, c.DeleteOriginalResponse(ctx, app, it.Token))
		noRateLimits(t, s)
		_ = jsontext.Value(nil)
	})
}
