package discordtest

import (
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// Over the gateway: INTERACTION_CREATE, a deferred response, the follow-up
// that fills it in, @original, and the 3 s and "already acknowledged" rules.
func TestGatewayInteractionFlow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		c, _ := ready(t, s, "", discord.IntentGuilds, nil)
		in, err := s.TriggerInteraction(InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "hello", "type": 1}})
		assert.Success(t, err)
		p := c.readDispatch("INTERACTION_CREATE")
		var got struct {
			ID     discord.Snowflake `json:"id"`
			Token  string            `json:"token"`
			Type   int               `json:"type"`
			Member struct {
				User struct {
					ID discord.Snowflake `json:"id"`
				} `json:"user"`
			} `json:"member"`
		}
		assert.Success(t, json.Unmarshal(p.D, &got))
		assert.Equal(t, "id", got.ID, in.ID)
		assert.Equal(t, "invoker", got.Member.User.ID, g.Members[0])

		cb := "/interactions/" + in.ID.String() + "/" + in.Token + "/callback"
		r := call(t, s, "POST", cb+"?with_response=true", map[string]any{"type": 5}, "Authorization", "")
		assert.Equal(t, "deferred", r.Status, 200)
		var wr struct {
			Interaction struct {
				ResponseMessageLoading bool `json:"response_message_loading"`
			} `json:"interaction"`
		}
		r.decode(t, &wr)
		assert.Equal(t, "loading", wr.Interaction.ResponseMessageLoading, true)
		var e errBody
		call(t, s, "POST", cb, map[string]any{"type": 4, "data": map[string]any{"content": "x"}}).decode(t, &e)
		assert.Equal(t, "already acked", e.Code, 40060)

		hook := "/webhooks/" + s.BotUser().String() + "/" + in.Token
		var m struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
		}
		call(t, s, "POST", hook, map[string]any{"content": "done"}).decode(t, &m)
		assert.Equal(t, "followup fills the loading message", m.Content, "done")
		call(t, s, "GET", hook+"/messages/@original", nil).decode(t, &m)
		assert.Equal(t, "original", m.Content, "done")
		assert.Equal(t, "not loading", m.Flags&128, 0)
		assert.Equal(t, "second followup", call(t, s, "POST", hook, map[string]any{"content": "more"}).Status, 200)
		assert.Equal(t, "edit original", call(t, s, "PATCH", hook+"/messages/@original", map[string]any{"content": "edited"}).Status, 200)
		assert.Equal(t, "delete original", call(t, s, "DELETE", hook+"/messages/@original", nil).Status, 204)
		resp, err := s.WaitInteractionResponse(bg(t), in.ID)
		assert.Success(t, err)
		assert.Equal(t, "recorded type", resp.Type, 5)

		late, _ := s.TriggerInteraction(InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "late"}})
		time.Sleep(InteractionResponseDeadline + time.Millisecond)
		r = call(t, s, "POST", "/interactions/"+late.ID.String()+"/"+late.Token+"/callback", map[string]any{"type": 4, "data": map[string]any{"content": "x"}})
		assert.Equal(t, "too late", r.Status, 404)
		r.decode(t, &e)
		assert.Equal(t, "unknown interaction", e.Code, 10062)

		auto, _ := s.TriggerInteraction(InteractionSeed{Type: 4, GuildID: g.ID, Data: map[string]any{"name": "x"}})
		r = call(t, s, "POST", "/interactions/"+auto.ID.String()+"/"+auto.Token+"/callback", map[string]any{"type": 4, "data": map[string]any{"content": "x"}})
		assert.Equal(t, "wrong response type", r.Status, 400)
	})
}

// Over HTTP: the fake signs with the application's key, the endpoint
// verifies, an inline answer is taken as the initial response.
func TestHTTPInteraction(t *testing.T) {
	s := NewServer(t, nil)
	g, _ := s.SeedGuild(GuildSeed{Members: 1})
	var verified bool
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
		ts := r.Header.Get("X-Signature-Timestamp")
		verified = ed25519.Verify(s.PublicKey(), append([]byte(ts), body...), sig)
		var in struct {
			Type int `json:"type"`
		}
		json.Unmarshal(body, &in)
		w.Header().Set("Content-Type", "application/json")
		if in.Type == 1 {
			w.Write([]byte(`{"type":1}`))
			return
		}
		w.Write([]byte(`{"type":4,"data":{"content":"pong"}}`))
	}))
	defer endpoint.Close()

	resp, _, err := s.PostInteraction(bg(t), endpoint.Client(), endpoint.URL, InteractionSeed{Type: 1})
	assert.Success(t, err)
	assert.Equal(t, "pong status", resp.StatusCode, 200)
	assert.Equal(t, "signature verifies", verified, true)

	resp, in, err := s.PostInteraction(bg(t), endpoint.Client(), endpoint.URL, InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "ping"}})
	assert.Success(t, err)
	assert.Equal(t, "status", resp.StatusCode, 200)
	r, err := s.WaitInteractionResponse(bg(t), in.ID)
	assert.Success(t, err)
	assert.Equal(t, "inline", r.Inline, true)
	assert.Equal(t, "type", r.Type, 4)
	var m struct {
		Content string `json:"content"`
	}
	call(t, s, "GET", "/webhooks/"+s.BotUser().String()+"/"+in.Token+"/messages/@original", nil).decode(t, &m)
	assert.Equal(t, "message created", m.Content, "pong")
}

func TestApplicationCommands(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{RouteWindow: time.Millisecond})
		g, _ := s.SeedGuild(GuildSeed{})
		app := "/applications/" + s.BotUser().String()
		cmd := map[string]any{"name": "ping", "description": "Ping", "options": []any{
			map[string]any{"type": 3, "name": "text", "description": "Text", "min_length": 2}}}
		r := call(t, s, "POST", app+"/commands", cmd)
		assert.Equal(t, "created", r.Status, 201)
		var c struct {
			ID      discord.Snowflake `json:"id"`
			Options []map[string]any  `json:"options"`
		}
		r.decode(t, &c)
		assert.Equal(t, "unknown option field kept", c.Options[0]["min_length"], any(2.0))
		time.Sleep(time.Millisecond)
		assert.Equal(t, "upsert", call(t, s, "POST", app+"/commands", cmd).Status, 200)
		time.Sleep(time.Millisecond)
		var list []any
		call(t, s, "GET", app+"/commands", nil).decode(t, &list)
		assert.Equal(t, "one command", len(list), 1)

		var e errBody
		call(t, s, "POST", app+"/commands", map[string]any{"name": "Bad Name", "description": "x"}).decode(t, &e)
		assert.Equal(t, "invalid name", e.Code, 50035)

		r = call(t, s, "PUT", app+"/guilds/"+g.ID.String()+"/commands", []any{
			map[string]any{"name": "a", "description": "A"}, map[string]any{"name": "b", "description": "B"}})
		assert.Equal(t, "bulk", r.Status, 200)
		assert.Equal(t, "guild scope", len(s.Commands(g.ID)), 2)
		assert.Equal(t, "global untouched", len(s.Commands(0)), 1)
		time.Sleep(time.Millisecond)
		assert.Equal(t, "edit", call(t, s, "PATCH", app+"/commands/"+c.ID.String(), map[string]any{"description": "Pong"}).Status, 200)
		time.Sleep(time.Millisecond)
		assert.Equal(t, "delete", call(t, s, "DELETE", app+"/commands/"+c.ID.String(), nil).Status, 204)
		call(t, s, "GET", app+"/commands/"+c.ID.String(), nil).decode(t, &e)
		assert.Equal(t, "gone", e.Code, 10063)
	})
}

func TestWebhooks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{})
		c, _ := ready(t, s, "", discord.IntentGuildMessages|discord.IntentGuildWebhooks|discord.IntentMessageContent, nil)
		var wh struct {
			ID    string `json:"id"`
			Token string `json:"token"`
		}
		call(t, s, "POST", "/channels/"+g.Channels[0].String()+"/webhooks", map[string]any{"name": "hook"}).decode(t, &wh)
		c.readDispatch("WEBHOOKS_UPDATE")
		path := "/webhooks/" + wh.ID + "/" + wh.Token
		assert.Equal(t, "no wait", call(t, s, "POST", path, map[string]any{"content": "a"}, "Authorization", "").Status, 204)
		var m struct {
			WebhookID string `json:"webhook_id"`
			Content   string `json:"content"`
		}
		call(t, s, "POST", path+"?wait=true", map[string]any{"content": "b", "username": "alias"}).decode(t, &m)
		assert.Equal(t, "webhook id", m.WebhookID, wh.ID)
		c.readDispatch("MESSAGE_CREATE")
		var e errBody
		r := call(t, s, "POST", "/webhooks/"+wh.ID+"/wrong", map[string]any{"content": "c"})
		assert.Equal(t, "bad token", r.Status, 401)
		r.decode(t, &e)
		assert.Equal(t, "code", e.Code, 50027)
	})
}

// An endpoint that answers after 3 s has failed, as far as Discord is concerned.
func TestInlineResponseDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		req, in, err := s.NewInteractionRequest(bg(t), "http://bot.invalid/interactions", InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "slow"}})
		assert.Success(t, err)
		assert.Equal(t, "signed", req.Header.Get("X-Signature-Ed25519") != "", true)
		time.Sleep(InteractionResponseDeadline + time.Second)
		assert.Error(t, s.AcceptInlineResponse(in.ID, []byte(`{"type":4,"data":{"content":"late"}}`)))
		assert.Equal(t, "not recorded", len(s.InteractionResponses()), 0)
	})
}
