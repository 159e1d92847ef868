package bot_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/rest"
)

// A scripted sequence of creates, updates and deletes made through REST
// leaves the cache equal to the fake's world, read back through REST.
func TestCacheEqualsWorldAfterScript(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 5, TextChannels: 3, Roles: 2})
		assert.Success(t, err)
		c := newBot(t, srv, nil)
		events := make(chan string, 1024)
		c.OnEvent(func(ctx context.Context, e *bot.Event) error {
			events <- e.Name
			return nil
		})
		stop := run(t, c)
		await := func(name string) {
			t.Helper()
			for n := range events {
				if n == name {
					return
				}
			}
		}
		await(discord.EventGuildCreate)

		ctx := t.Context()
		rc := c.REST()
		ch, other := g.Channels[0], g.Channels[1]

		_, err = rc.ModifyChannel(ctx, ch, &rest.ModifyChannelParams{Name: discord.Some("renamed"), Topic: discord.NonNull("new topic")}, "")
		assert.Success(t, err)
		await(discord.EventChannelUpdate)
		_, err = rc.DeleteChannel(ctx, other, "")
		assert.Success(t, err)
		await(discord.EventChannelDelete)

		role, err := rc.CreateRole(ctx, g.ID, &rest.RoleParams{Name: discord.Some("mods"), Permissions: discord.Some(discord.PermissionKickMembers)}, "")
		assert.Success(t, err)
		await(discord.EventGuildRoleCreate)
		_, err = rc.ModifyRole(ctx, g.ID, role.ID, &rest.RoleParams{Name: discord.Some("moderators"), Hoist: discord.Some(true)}, "")
		assert.Success(t, err)
		await(discord.EventGuildRoleUpdate)
		assert.Success(t, rc.DeleteRole(ctx, g.ID, g.Roles[0], ""))
		await(discord.EventGuildRoleDelete)

		assert.Success(t, rc.AddMemberRole(ctx, g.ID, g.Members[0], role.ID, ""))
		await(discord.EventGuildMemberUpdate)
		_, err = rc.ModifyMember(ctx, g.ID, g.Members[1], &rest.ModifyMemberParams{Nick: discord.NonNull("nicky")}, "")
		assert.Success(t, err)
		await(discord.EventGuildMemberUpdate)
		assert.Success(t, rc.KickMember(ctx, g.ID, g.Members[2], ""))
		await(discord.EventGuildMemberRemove)
		_, err = srv.AddMember(g.ID, "newcomer")
		assert.Success(t, err)
		await(discord.EventGuildMemberAdd)

		var msgs []discord.Snowflake
		for _, text := range []string{"one", "two", "three"} {
			id, err := srv.UserMessage(ch, g.Members[3], text)
			assert.Success(t, err)
			await(discord.EventMessageCreate)
			msgs = append(msgs, id)
		}
		_, err = rc.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: "from the bot"})
		assert.Success(t, err)
		await(discord.EventMessageCreate)
		assert.Success(t, rc.DeleteMessage(ctx, ch, msgs[1], ""))
		await(discord.EventMessageDelete)
		assert.Success(t, rc.AddReaction(ctx, ch, msgs[0], "👍"))
		await(discord.EventMessageReactionAdd)

		// Channels.
		want, err := rc.ListGuildChannels(ctx, g.ID)
		assert.Success(t, err)
		got := c.Cache().GuildChannels(g.ID)
		assert.Equal(t, "channel count", len(got), len(want))
		for _, w := range want {
			cc, ok := c.Cache().Channel(w.ID)
			if !ok {
				t.Fatalf("channel %d missing from the cache", w.ID)
			}
			name, _ := w.Name.Get()
			topic, _ := w.Topic.Get()
			assert.Equal(t, "channel name", cc.Name, name)
			assert.Equal(t, "channel topic", cc.Topic, topic)
		}
		if _, ok := c.Cache().Channel(other); ok {
			t.Fatal("deleted channel still cached")
		}

		// Roles.
		wantRoles, err := rc.ListRoles(ctx, g.ID)
		assert.Success(t, err)
		gotRoles := c.Cache().Roles(g.ID)
		assert.Equal(t, "role count", len(gotRoles), len(wantRoles))
		for _, w := range wantRoles {
			r, ok := c.Cache().Role(g.ID, w.ID)
			if !ok {
				t.Fatalf("role %d missing from the cache", w.ID)
			}
			assert.Equal(t, "role name", r.Name, w.Name)
			assert.Equal(t, "role permissions", r.Permissions, w.Permissions)
			assert.Equal(t, "role hoist", r.Hoist, w.Hoist)
		}

		// Members.
		wantMembers, err := rc.ListMembers(ctx, g.ID, 0, 1000)
		assert.Success(t, err)
		count := 0
		for range c.Cache().GuildMembers(g.ID) {
			count++
		}
		assert.Equal(t, "member count", count, len(wantMembers))
		for _, w := range wantMembers {
			m, ok := c.Cache().Member(g.ID, w.User.ID)
			if !ok {
				t.Fatalf("member %d missing from the cache", w.User.ID)
			}
			nick, _ := w.Nick.Get()
			assert.Equal(t, "nick", m.Nick, nick)
			wr, gr := slices.Clone(w.Roles), slices.Clone(m.Roles)
			slices.Sort(wr)
			slices.Sort(gr)
			if !slices.Equal(gr, wr) {
				t.Fatalf("member %d roles: cache %v, world %v", w.User.ID, gr, wr)
			}
		}

		// Messages, with reaction counts.
		wantMsgs, err := rc.ListMessages(ctx, ch, rest.ListMessagesParams{Limit: 100})
		assert.Success(t, err)
		gotMsgs := c.Cache().Messages(ch)
		assert.Equal(t, "message count", len(gotMsgs), len(wantMsgs))
		for _, w := range wantMsgs {
			m, ok := c.Cache().Message(ch, w.ID)
			if !ok {
				t.Fatalf("message %d missing from the cache", w.ID)
			}
			assert.Equal(t, "content", m.Content, w.Content)
			n, wn := 0, 0
			for _, r := range m.Reactions {
				n += r.Count
			}
			for _, r := range w.Reactions {
				wn += r.Count
			}
			assert.Equal(t, "reactions", n, wn)
		}
		assert.Success(t, stop())
	})
}
