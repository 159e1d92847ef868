package discordtest

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

type errBody struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Errors  map[string]any `json:"errors"`
}

func TestAuthAndUserAgent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		var e errBody
		r := call(t, s, "GET", "/users/@me", nil, "Authorization", "")
		assert.Equal(t, "no auth", r.Status, 401)
		r.decode(t, &e)
		assert.Equal(t, "code", e.Code, 0)
		assert.Equal(t, "message", e.Message, "401: Unauthorized")

		r = call(t, s, "GET", "/users/@me", nil, "User-Agent", "curl/8")
		assert.Equal(t, "bad ua", r.Status, 403)
		r.decode(t, &e)
		assert.Equal(t, "code", e.Code, 40333)

		assert.Equal(t, "gateway needs no auth", call(t, s, "GET", "/gateway", nil, "Authorization", "").Status, 200)
		assert.Equal(t, "unknown route", call(t, s, "GET", "/nope", nil).Status, 404)
		v9, _ := newRequest(bg(t), s, "GET", "/users/@me")
		v9.URL.Path = strings.Replace(v9.URL.Path, "/v10/", "/v9/", 1)
		res, err := s.Client().Do(v9)
		assert.Success(t, err)
		res.Body.Close()
		assert.Equal(t, "v9", res.StatusCode, 200)
		v6, _ := newRequest(bg(t), s, "GET", "/users/@me")
		v6.URL.Path = strings.Replace(v6.URL.Path, "/v10/", "/v6/", 1)
		res, err = s.Client().Do(v6)
		assert.Success(t, err)
		res.Body.Close()
		assert.Equal(t, "v6", res.StatusCode, 400)
		assert.Equal(t, "wrong method", call(t, s, "PUT", "/users/@me", nil).Status, 405)

		req, _ := s.WaitRequest(bg(t), func(r Request) bool { return r.Status == 401 })
		if strings.Contains(req.Header.Get("Authorization"), s.Token()) {
			t.Fatal("token recorded")
		}
	})
}

func TestErrorBodies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{})
		ch := "/channels/" + g.Channels[0].String()
		var e errBody

		call(t, s, "GET", "/channels/123", nil).decode(t, &e)
		assert.Equal(t, "unknown channel", e.Code, 10003)
		call(t, s, "GET", "/guilds/123", nil).decode(t, &e)
		assert.Equal(t, "unknown guild", e.Code, 10004)
		call(t, s, "GET", ch+"/messages/123", nil).decode(t, &e)
		assert.Equal(t, "unknown message", e.Code, 10008)
		r := call(t, s, "GET", "/channels/abc", nil)
		assert.Equal(t, "bad snowflake", r.Status, 400)

		r = call(t, s, "POST", ch+"/messages", map[string]any{})
		r.decode(t, &e)
		assert.Equal(t, "empty message", e.Code, 50006)

		r = call(t, s, "POST", ch+"/messages", []byte(`{"content":`))
		r.decode(t, &e)
		assert.Equal(t, "invalid json", e.Code, 50109)

		r = call(t, s, "POST", ch+"/messages", map[string]any{"content": "x",
			"embeds": []any{map[string]any{"title": strings.Repeat("t", 300)}}})
		assert.Equal(t, "status", r.Status, 400)
		r.decode(t, &e)
		assert.Equal(t, "form body", e.Code, 50035)
		leaf := e.Errors["embeds"].(map[string]any)["0"].(map[string]any)["title"].(map[string]any)["_errors"].([]any)[0].(map[string]any)
		assert.Equal(t, "leaf code", leaf["code"], any("BASE_TYPE_MAX_LENGTH"))

		r = call(t, s, "POST", ch+"/messages", map[string]any{"content": "x"}, "Content-Type", "text/plain")
		r.decode(t, &e)
		assert.Equal(t, "content type", e.Code, 50035)
	})
}

func TestMessagesEmitDispatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		c, _ := ready(t, s, "", discord.IntentGuildMessages|discord.IntentGuildMessageReactions|discord.IntentMessageContent, nil)
		ch := "/channels/" + g.Channels[0].String()

		var m struct {
			ID      discord.Snowflake `json:"id"`
			Content string            `json:"content"`
			Author  struct {
				ID discord.Snowflake `json:"id"`
			} `json:"author"`
			Mentions []struct {
				ID discord.Snowflake `json:"id"`
			} `json:"mentions"`
		}
		call(t, s, "POST", ch+"/messages", map[string]any{"content": "hi <@" + g.Members[0].String() + ">"}).decode(t, &m)
		assert.Equal(t, "author", m.Author.ID, s.BotUser())
		assert.Equal(t, "mentions", len(m.Mentions), 1)
		p := c.readDispatch("MESSAGE_CREATE")
		var ev struct {
			ID      discord.Snowflake `json:"id"`
			GuildID discord.Snowflake `json:"guild_id"`
		}
		assert.Success(t, json.Unmarshal(p.D, &ev))
		assert.Equal(t, "event id", ev.ID, m.ID)
		assert.Equal(t, "guild id", ev.GuildID, g.ID)

		msg := ch + "/messages/" + m.ID.String()
		assert.Equal(t, "edit", call(t, s, "PATCH", msg, map[string]any{"content": "edited"}).Status, 200)
		c.readDispatch("MESSAGE_UPDATE")
		assert.Equal(t, "react", call(t, s, "PUT", msg+"/reactions/%F0%9F%91%8D/@me", nil).Status, 204)
		c.readDispatch("MESSAGE_REACTION_ADD")
		var got struct {
			Reactions []struct {
				Count int  `json:"count"`
				Me    bool `json:"me"`
			} `json:"reactions"`
		}
		call(t, s, "GET", msg, nil).decode(t, &got)
		assert.Equal(t, "reaction stored", got.Reactions[0].Count, 1)
		time.Sleep(250 * time.Millisecond) // the reaction bucket: 1 per 250 ms
		assert.Equal(t, "unreact", call(t, s, "DELETE", msg+"/reactions/%F0%9F%91%8D/@me", nil).Status, 204)
		c.readDispatch("MESSAGE_REACTION_REMOVE")
		time.Sleep(250 * time.Millisecond)
		assert.Equal(t, "bad emoji", call(t, s, "PUT", msg+"/reactions/notanemoji/@me", nil).Status, 400)
		assert.Equal(t, "delete", call(t, s, "DELETE", msg, nil, "X-Audit-Log-Reason", "spam%20cleanup").Status, 204)
		c.readDispatch("MESSAGE_DELETE")
		req, err := s.WaitRequest(bg(t), func(r Request) bool { return r.Method == "DELETE" && r.AuditLogReason != "" })
		assert.Success(t, err)
		assert.Equal(t, "audit reason", req.AuditLogReason, "spam cleanup")
		assert.Equal(t, "route", req.Route, "/channels/{channel_id}/messages/{message_id}")
	})
}

func TestMultipartUpload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxBodyBytes: 1 << 20})
		g, _ := s.SeedGuild(GuildSeed{})
		path := "/channels/" + g.Channels[0].String() + "/messages"
		body := func(files int, size int, dup bool) ([]byte, string) {
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="payload_json"`)
			h.Set("Content-Type", "application/json")
			pw, _ := w.CreatePart(h)
			pw.Write([]byte(`{"content":"file","attachments":[{"id":0,"description":"first"}]}`))
			for i := range files {
				name := "files[" + strconv.Itoa(i) + "]"
				if dup {
					name = "files[0]"
				}
				fw, _ := w.CreateFormFile(name, "f"+strconv.Itoa(i)+".txt")
				fw.Write(bytes.Repeat([]byte("x"), size))
			}
			w.Close()
			return b.Bytes(), w.FormDataContentType()
		}
		b, ct := body(2, 10, false)
		r := call(t, s, "POST", path, b, "Content-Type", ct)
		assert.Equal(t, "status", r.Status, 200)
		var m struct {
			Attachments []struct {
				Filename    string `json:"filename"`
				Size        int    `json:"size"`
				Description string `json:"description"`
			} `json:"attachments"`
		}
		r.decode(t, &m)
		assert.Equal(t, "attachments", len(m.Attachments), 2)
		assert.Equal(t, "description", m.Attachments[0].Description, "first")
		assert.Equal(t, "size", m.Attachments[1].Size, 10)

		b, ct = body(2, 1, true)
		assert.Equal(t, "duplicate names", call(t, s, "POST", path, b, "Content-Type", ct).Status, 400)
		b, ct = body(11, 1, false)
		var e errBody
		call(t, s, "POST", path, b, "Content-Type", ct).decode(t, &e)
		assert.Equal(t, "too many files", e.Code, 30015)
		b, ct = body(1, 2<<20, false)
		r = call(t, s, "POST", path, b, "Content-Type", ct)
		assert.Equal(t, "too large", r.Status, 413)
		r.decode(t, &e)
		assert.Equal(t, "code", e.Code, 40005)
	})
}

func TestGuildMembersRolesBans(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 3, Roles: 1})
		c, _ := ready(t, s, "", discord.IntentGuildMembers|discord.IntentGuildModeration, nil)
		gp := "/guilds/" + g.ID.String()
		var members []any
		call(t, s, "GET", gp+"/members?limit=1000", nil).decode(t, &members)
		assert.Equal(t, "members", len(members), 4)
		u := g.Members[0].String()
		assert.Equal(t, "add role", call(t, s, "PUT", gp+"/members/"+u+"/roles/"+g.Roles[0].String(), nil).Status, 204)
		c.readDispatch("GUILD_MEMBER_UPDATE")
		assert.Equal(t, "ban", call(t, s, "PUT", gp+"/bans/"+u, map[string]any{}, "X-Audit-Log-Reason", "rude").Status, 204)
		c.readDispatch("GUILD_MEMBER_REMOVE")
		c.readDispatch("GUILD_BAN_ADD")
		var b struct {
			Reason string `json:"reason"`
		}
		call(t, s, "GET", gp+"/bans/"+u, nil).decode(t, &b)
		assert.Equal(t, "ban reason", b.Reason, "rude")
		var e errBody
		call(t, s, "GET", gp+"/members/"+u, nil).decode(t, &e)
		assert.Equal(t, "gone", e.Code, 10007)
	})
}

func TestPermissions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		ch := "/channels/" + g.Channels[0].String()
		mid, err := s.UserMessage(g.Channels[0], g.Members[0], "user message")
		assert.Success(t, err)
		assert.Success(t, s.SetBotPermissions(g.ID, discord.PermissionViewChannel|discord.PermissionSendMessages))
		assert.Equal(t, "may send", call(t, s, "POST", ch+"/messages", map[string]any{"content": "x"}).Status, 200)
		var e errBody
		r := call(t, s, "DELETE", ch+"/messages/"+mid.String(), nil)
		assert.Equal(t, "status", r.Status, 403)
		r.decode(t, &e)
		assert.Equal(t, "missing permissions", e.Code, 50013)
		call(t, s, "PUT", "/guilds/"+g.ID.String()+"/bans/"+g.Members[0].String(), map[string]any{}).decode(t, &e)
		assert.Equal(t, "ban", e.Code, 50013)

		assert.Success(t, s.SetBotPermissions(g.ID, 0))
		s.mu.Lock()
		s.world.guilds[g.ID].Roles[0].Permissions = "0" // @everyone sees nothing
		s.mu.Unlock()
		call(t, s, "GET", ch, nil).decode(t, &e)
		assert.Equal(t, "missing access", e.Code, 50001)

		assert.Success(t, s.SetBotPermissions(g.ID, discord.PermissionAdministrator))
		assert.Equal(t, "admin", call(t, s, "DELETE", ch+"/messages/"+mid.String(), nil).Status, 204)
	})
}

// enforce_nonce makes a retried create return the first message instead of
// a second one.
func TestEnforceNonce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{})
		path := "/channels/" + g.Channels[0].String() + "/messages"
		body := map[string]any{"content": "once", "nonce": "n-1", "enforce_nonce": true}
		var a, b struct {
			ID string `json:"id"`
		}
		call(t, s, "POST", path, body).decode(t, &a)
		call(t, s, "POST", path, body).decode(t, &b)
		assert.Equal(t, "same message", b.ID, a.ID)
		assert.Equal(t, "stored once", len(s.Messages(g.Channels[0])), 1)
		body["enforce_nonce"] = false
		call(t, s, "POST", path, body).decode(t, &b)
		if b.ID == a.ID {
			t.Fatal("without enforce_nonce a second message is created")
		}
		var e errBody
		call(t, s, "POST", path, map[string]any{"content": "x", "nonce": strings.Repeat("n", 26)}).decode(t, &e)
		assert.Equal(t, "nonce too long", e.Code, 50035)
	})
}

// Channel overwrites apply on top of guild permissions (reference 5.1).
func TestChannelOverwrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{RouteWindow: time.Millisecond})
		g, _ := s.SeedGuild(GuildSeed{TextChannels: 2})
		ch := "/channels/" + g.Channels[0].String()
		deny := strconv.FormatUint(uint64(discord.PermissionSendMessages), 10)
		// The owner bot denies SEND_MESSAGES to @everyone, then stops being owner.
		assert.Equal(t, "overwrite", call(t, s, "PUT", ch+"/permissions/"+g.ID.String(), map[string]any{"type": 0, "deny": deny}).Status, 204)
		assert.Success(t, s.SetBotPermissions(g.ID, 0))
		var e errBody
		call(t, s, "POST", ch+"/messages", map[string]any{"content": "x"}).decode(t, &e)
		assert.Equal(t, "denied in channel", e.Code, 50013)
		other := "/channels/" + g.Channels[1].String()
		assert.Equal(t, "other channel", call(t, s, "POST", other+"/messages", map[string]any{"content": "x"}).Status, 200)
		// A member overwrite for the bot wins over the @everyone deny.
		s.mu.Lock()
		c := s.world.channels[g.Channels[0]]
		c.PermissionOverwrites = append(c.PermissionOverwrites, overwrite{ID: s.BotUser(), Type: 1, Allow: deny, Deny: "0"})
		s.mu.Unlock()
		time.Sleep(time.Millisecond)
		assert.Equal(t, "member allow", call(t, s, "POST", ch+"/messages", map[string]any{"content": "x"}).Status, 200)
	})
}

// The role hierarchy: a non-owner bot acts only below its highest role.
func TestRoleHierarchy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{RouteWindow: time.Millisecond})
		g, _ := s.SeedGuild(GuildSeed{Members: 2, Roles: 1})
		gp := "/guilds/" + g.ID.String()
		high := call(t, s, "POST", gp+"/roles", map[string]any{"name": "mods"})
		var hr struct {
			ID string `json:"id"`
		}
		high.decode(t, &hr)
		time.Sleep(time.Millisecond)
		assert.Equal(t, "give high role", call(t, s, "PUT", gp+"/members/"+g.Members[0].String()+"/roles/"+hr.ID, nil).Status, 204)
		assert.Success(t, s.SetBotPermissions(g.ID, discord.PermissionKickMembers|discord.PermissionManageRoles))
		s.mu.Lock() // put the mods role above the bot's own role
		for _, r := range s.world.guilds[g.ID].Roles {
			if r.ID.String() == hr.ID {
				r.Position = 100
			}
		}
		s.mu.Unlock()
		time.Sleep(time.Millisecond)
		var e errBody
		call(t, s, "DELETE", gp+"/members/"+g.Members[0].String(), nil).decode(t, &e)
		assert.Equal(t, "above the bot", e.Code, 50013)
		assert.Equal(t, "below the bot", call(t, s, "DELETE", gp+"/members/"+g.Members[1].String(), nil).Status, 204)
		call(t, s, "DELETE", gp+"/roles/"+hr.ID, nil).decode(t, &e)
		assert.Equal(t, "role above", e.Code, 50013)
	})
}
