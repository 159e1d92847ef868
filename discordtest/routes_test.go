package discordtest

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestEveryRoute calls every route of the table with valid input, checks the
// status and the dispatch it emits, and fails if a route has no row here, so
// that a new endpoint comes with its test.
func TestEveryRoute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{RouteWindow: time.Millisecond, GlobalLimit: 1 << 20})
		g, _ := s.SeedGuild(GuildSeed{Members: 4, Roles: 1})
		c, _ := ready(t, s, "", discord.IntentsAll, nil)
		c.readDispatch("GUILD_CREATE")
		app := s.BotUser().String()
		gid, ch, u1, u2, u3 := g.ID.String(), g.Channels[0].String(), g.Members[0].String(), g.Members[1].String(), g.Members[2].String()
		role := g.Roles[0].String()
		um, _ := s.UserMessage(g.Channels[0], g.Members[0], "from a user")
		c.readDispatch("MESSAGE_CREATE")
		var msg, wh, cmd, gcmd, msg2, newRole, hookMsg, thread struct {
			ID    string `json:"id"`
			Token string `json:"token"`
		}
		in, _ := s.TriggerInteraction(InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "x"}})
		c.readDispatch("INTERACTION_CREATE")
		em := "/reactions/%E2%9C%85"

		type row struct {
			method, path string
			body         any
			status       int
			event        string
			out          any
		}
		rows := []func() row{
			func() row { return row{"GET", "/gateway", nil, 200, "", nil} },
			func() row { return row{"GET", "/gateway/bot", nil, 200, "", nil} },
			func() row { return row{"GET", "/users/@me", nil, 200, "", nil} },
			func() row {
				return row{"POST", "/users/@me/channels", map[string]any{"recipient_id": u1}, 200, "", nil}
			},
			func() row { return row{"GET", "/users/" + u1, nil, 200, "", nil} },
			func() row { return row{"GET", "/applications/@me", nil, 200, "", nil} },
			func() row { return row{"GET", "/channels/" + ch, nil, 200, "", nil} },
			func() row {
				return row{"PATCH", "/channels/" + ch, map[string]any{"topic": "t"}, 200, "CHANNEL_UPDATE", nil}
			},
			func() row {
				return row{"PUT", "/channels/" + ch + "/permissions/" + role, map[string]any{"type": 0, "allow": "1024"}, 204, "CHANNEL_UPDATE", nil}
			},
			func() row {
				return row{"DELETE", "/channels/" + ch + "/permissions/" + role, nil, 204, "CHANNEL_UPDATE", nil}
			},
			func() row { return row{"POST", "/channels/" + ch + "/typing", nil, 204, "TYPING_START", nil} },
			func() row {
				return row{"POST", "/channels/" + ch + "/messages", map[string]any{"content": "one"}, 200, "MESSAGE_CREATE", &msg}
			},
			func() row {
				return row{"POST", "/channels/" + ch + "/messages", map[string]any{"content": "two"}, 200, "MESSAGE_CREATE", &msg2}
			},
			func() row {
				return row{"GET", "/channels/" + ch + "/messages?limit=2&before=" + msg2.ID, nil, 200, "", nil}
			},
			func() row { return row{"GET", "/channels/" + ch + "/messages/" + msg.ID, nil, 200, "", nil} },
			func() row {
				return row{"PATCH", "/channels/" + ch + "/messages/" + msg.ID, map[string]any{"content": "1"}, 200, "MESSAGE_UPDATE", nil}
			},
			func() row {
				return row{"PUT", "/channels/" + ch + "/messages/" + msg.ID + em + "/@me", nil, 204, "MESSAGE_REACTION_ADD", nil}
			},
			func() row { return row{"GET", "/channels/" + ch + "/messages/" + msg.ID + em, nil, 200, "", nil} },
			func() row {
				return row{"DELETE", "/channels/" + ch + "/messages/" + msg.ID + em + "/@me", nil, 204, "MESSAGE_REACTION_REMOVE", nil}
			},
			func() row {
				return row{"DELETE", "/channels/" + ch + "/messages/" + msg.ID + em + "/" + u1, nil, 204, "", nil}
			},
			func() row {
				return row{"DELETE", "/channels/" + ch + "/messages/" + msg.ID + em, nil, 204, "MESSAGE_REACTION_REMOVE_EMOJI", nil}
			},
			func() row {
				return row{"DELETE", "/channels/" + ch + "/messages/" + msg.ID + "/reactions", nil, 204, "MESSAGE_REACTION_REMOVE_ALL", nil}
			},
			func() row {
				return row{"POST", "/channels/" + ch + "/threads", map[string]any{"name": "topic"}, 201, "THREAD_CREATE", &thread}
			},
			func() row {
				return row{"POST", "/channels/" + thread.ID + "/messages", map[string]any{"content": "in thread"}, 200, "MESSAGE_CREATE", nil}
			},
			func() row {
				return row{"POST", "/channels/" + ch + "/messages/" + msg.ID + "/threads", map[string]any{"name": "from message"}, 201, "THREAD_CREATE", nil}
			},
			func() row {
				return row{"PUT", "/channels/" + ch + "/pins/" + msg.ID, nil, 204, "CHANNEL_PINS_UPDATE", nil}
			},
			func() row { return row{"GET", "/channels/" + ch + "/pins", nil, 200, "", nil} },
			func() row {
				return row{"DELETE", "/channels/" + ch + "/pins/" + msg.ID, nil, 204, "CHANNEL_PINS_UPDATE", nil}
			},
			func() row {
				return row{"PUT", "/channels/" + ch + "/messages/pins/" + msg.ID, nil, 204, "CHANNEL_PINS_UPDATE", nil}
			},
			func() row { return row{"GET", "/channels/" + ch + "/messages/pins?limit=1", nil, 200, "", nil} },
			func() row {
				return row{"DELETE", "/channels/" + ch + "/messages/pins/" + msg.ID, nil, 204, "CHANNEL_PINS_UPDATE", nil}
			},
			func() row {
				return row{"POST", "/channels/" + ch + "/messages/bulk-delete", map[string]any{"messages": []string{msg.ID, um.String()}}, 204, "MESSAGE_DELETE_BULK", nil}
			},
			func() row {
				return row{"DELETE", "/channels/" + ch + "/messages/" + msg2.ID, nil, 204, "MESSAGE_DELETE", nil}
			},
			func() row {
				return row{"POST", "/channels/" + ch + "/webhooks", map[string]any{"name": "h"}, 200, "WEBHOOKS_UPDATE", &wh}
			},
			func() row { return row{"GET", "/channels/" + ch + "/webhooks", nil, 200, "", nil} },
			func() row { return row{"GET", "/guilds/" + gid, nil, 200, "", nil} },
			func() row {
				return row{"PATCH", "/guilds/" + gid, map[string]any{"name": "renamed"}, 200, "GUILD_UPDATE", nil}
			},
			func() row { return row{"GET", "/guilds/" + gid + "/channels", nil, 200, "", nil} },
			func() row {
				return row{"POST", "/guilds/" + gid + "/channels", map[string]any{"name": "new", "type": 0}, 201, "CHANNEL_CREATE", nil}
			},
			func() row { return row{"GET", "/guilds/" + gid + "/members?limit=10", nil, 200, "", nil} },
			func() row { return row{"GET", "/guilds/" + gid + "/members/" + u1, nil, 200, "", nil} },
			func() row {
				return row{"PATCH", "/guilds/" + gid + "/members/" + u1, map[string]any{"nick": "n"}, 200, "GUILD_MEMBER_UPDATE", nil}
			},
			func() row {
				return row{"PUT", "/guilds/" + gid + "/members/" + u1 + "/roles/" + role, nil, 204, "GUILD_MEMBER_UPDATE", nil}
			},
			func() row {
				return row{"DELETE", "/guilds/" + gid + "/members/" + u1 + "/roles/" + role, nil, 204, "GUILD_MEMBER_UPDATE", nil}
			},
			func() row {
				return row{"DELETE", "/guilds/" + gid + "/members/" + u2, nil, 204, "GUILD_MEMBER_REMOVE", nil}
			},
			func() row { return row{"GET", "/guilds/" + gid + "/roles", nil, 200, "", nil} },
			func() row {
				return row{"POST", "/guilds/" + gid + "/roles", map[string]any{"name": "r", "color": 5}, 200, "GUILD_ROLE_CREATE", &newRole}
			},
			func() row {
				return row{"PATCH", "/guilds/" + gid + "/roles/" + newRole.ID, map[string]any{"hoist": true}, 200, "GUILD_ROLE_UPDATE", nil}
			},
			func() row {
				return row{"DELETE", "/guilds/" + gid + "/roles/" + newRole.ID, nil, 204, "GUILD_ROLE_DELETE", nil}
			},
			func() row {
				return row{"PUT", "/guilds/" + gid + "/bans/" + u3, map[string]any{}, 204, "GUILD_MEMBER_REMOVE,GUILD_BAN_ADD", nil}
			},
			func() row { return row{"GET", "/guilds/" + gid + "/bans", nil, 200, "", nil} },
			func() row { return row{"GET", "/guilds/" + gid + "/bans/" + u3, nil, 200, "", nil} },
			func() row { return row{"DELETE", "/guilds/" + gid + "/bans/" + u3, nil, 204, "GUILD_BAN_REMOVE", nil} },
			func() row { return row{"GET", "/webhooks/" + wh.ID, nil, 200, "", nil} },
			func() row { return row{"PATCH", "/webhooks/" + wh.ID, map[string]any{"name": "h2"}, 200, "", nil} },
			func() row {
				return row{"POST", "/webhooks/" + wh.ID + "/" + wh.Token + "?wait=true", map[string]any{"content": "w"}, 200, "MESSAGE_CREATE", &hookMsg}
			},
			func() row {
				return row{"GET", "/webhooks/" + wh.ID + "/" + wh.Token + "/messages/" + hookMsg.ID, nil, 200, "", nil}
			},
			func() row {
				return row{"PATCH", "/webhooks/" + wh.ID + "/" + wh.Token + "/messages/" + hookMsg.ID, map[string]any{"content": "w2"}, 200, "MESSAGE_UPDATE", nil}
			},
			func() row {
				return row{"DELETE", "/webhooks/" + wh.ID + "/" + wh.Token + "/messages/" + hookMsg.ID, nil, 204, "MESSAGE_DELETE", nil}
			},
			func() row {
				return row{"POST", "/interactions/" + in.ID.String() + "/" + in.Token + "/callback", map[string]any{"type": 4, "data": map[string]any{"content": "r"}}, 204, "MESSAGE_CREATE", nil}
			},
			func() row {
				return row{"GET", "/webhooks/" + app + "/" + in.Token + "/messages/@original", nil, 200, "", nil}
			},
			func() row {
				return row{"PATCH", "/webhooks/" + app + "/" + in.Token + "/messages/@original", map[string]any{"content": "r2"}, 200, "MESSAGE_UPDATE", nil}
			},
			func() row {
				return row{"POST", "/webhooks/" + app + "/" + in.Token, map[string]any{"content": "f"}, 200, "MESSAGE_CREATE", &hookMsg}
			},
			func() row {
				return row{"DELETE", "/webhooks/" + app + "/" + in.Token + "/messages/@original", nil, 204, "MESSAGE_DELETE", nil}
			},
			func() row { return row{"DELETE", "/webhooks/" + wh.ID, nil, 204, "", nil} },
			func() row {
				return row{"POST", "/applications/" + app + "/commands", map[string]any{"name": "a", "description": "A"}, 201, "", &cmd}
			},
			func() row { return row{"GET", "/applications/" + app + "/commands", nil, 200, "", nil} },
			func() row { return row{"GET", "/applications/" + app + "/commands/" + cmd.ID, nil, 200, "", nil} },
			func() row {
				return row{"PATCH", "/applications/" + app + "/commands/" + cmd.ID, map[string]any{"nsfw": true}, 200, "", nil}
			},
			func() row { return row{"DELETE", "/applications/" + app + "/commands/" + cmd.ID, nil, 204, "", nil} },
			func() row {
				return row{"PUT", "/applications/" + app + "/commands", []any{map[string]any{"name": "b", "description": "B"}}, 200, "", nil}
			},
			func() row {
				return row{"POST", "/applications/" + app + "/guilds/" + gid + "/commands", map[string]any{"name": "g", "description": "G"}, 201, "", &gcmd}
			},
			func() row {
				return row{"GET", "/applications/" + app + "/guilds/" + gid + "/commands", nil, 200, "", nil}
			},
			func() row {
				return row{"GET", "/applications/" + app + "/guilds/" + gid + "/commands/" + gcmd.ID, nil, 200, "", nil}
			},
			func() row {
				return row{"PATCH", "/applications/" + app + "/guilds/" + gid + "/commands/" + gcmd.ID, map[string]any{"description": "G2"}, 200, "", nil}
			},
			func() row {
				return row{"DELETE", "/applications/" + app + "/guilds/" + gid + "/commands/" + gcmd.ID, nil, 204, "", nil}
			},
			func() row {
				return row{"PUT", "/applications/" + app + "/guilds/" + gid + "/commands", []any{}, 200, "", nil}
			},
			func() row { return row{"DELETE", "/channels/" + ch, nil, 200, "CHANNEL_DELETE", nil} },
		}
		for _, mk := range rows {
			time.Sleep(time.Millisecond) // every bucket refills (RouteWindow)
			r := mk()
			got := call(t, s, r.method, r.path, r.body)
			if got.Status != r.status {
				t.Fatalf("%s %s: status %d, want %d: %s", r.method, r.path, got.Status, r.status, got.Body)
			}
			if r.out != nil {
				got.decode(t, r.out)
			}
			if r.event != "" {
				for _, ev := range strings.Split(r.event, ",") {
					assert.Equal(t, r.method+" "+r.path, c.read().T, ev)
				}
			}
		}
		seen := map[string]bool{}
		for _, req := range s.Requests() {
			seen[req.Method+" "+req.Route] = true
		}
		for _, rt := range s.Routes() {
			if strings.HasPrefix(rt.Bucket, "spec.") {
				continue // answered from the spec table: TestSpecRoutes, and rest's TestEveryMethod
			}
			if !seen[rt.Method+" "+rt.Path] {
				t.Errorf("route %s %s has no row in TestEveryRoute", rt.Method, rt.Path)
			}
		}
	})
}
