package sandbox_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/sandbox"
)

func (w *world) call(t *testing.T, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, w.page.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := w.page.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %s", method, path, raw)
		}
	}
	return resp.StatusCode, out
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := sandbox.New(nil, nil); err == nil || !strings.Contains(err.Error(), "server is nil") {
		t.Fatalf("nil server: %v", err)
	}
	fake := discordtest.NewServer(t, nil)
	if _, err := sandbox.New(fake, &sandbox.Options{StormSize: -1}); err == nil || !strings.Contains(err.Error(), "StormSize") {
		t.Fatalf("negative StormSize: %v", err)
	}
}

// TestAPIBadInput: every malformed request is a 400 naming the field, and
// nothing reaches the fake's world.
func TestAPIBadInput(t *testing.T) {
	w := newWorld(t)
	ch, member := w.guild.Channels[0].String(), w.guild.Members[0].String()
	bot := w.fake.BotUser().String()
	msgID, err := w.fake.UserMessage(w.guild.Channels[0], w.guild.Members[0], "hi")
	if err != nil {
		t.Fatal(err)
	}
	msgs := "/api/channels/" + ch + "/messages"
	tests := []struct {
		name, method, path, body, field string
	}{
		{"empty body", "POST", msgs, "", "body"},
		{"not JSON", "POST", msgs, "{", "body"},
		{"unknown field", "POST", msgs, `{"author_id":"` + member + `","content":"x","tts":true}`, "tts"},
		{"wrong type", "POST", msgs, `{"author_id":5,"content":"x"}`, "author_id"},
		{"no author", "POST", msgs, `{"content":"x"}`, "author_id"},
		{"bad snowflake", "POST", msgs, `{"author_id":"abc","content":"x"}`, "author_id"},
		{"not a member", "POST", msgs, `{"author_id":"42","content":"x"}`, "author_id"},
		{"as the bot", "POST", msgs, `{"author_id":"` + bot + `","content":"x"}`, "author_id"},
		{"empty content", "POST", msgs, `{"author_id":"` + member + `","content":"  "}`, "content"},
		{"long content", "POST", msgs, `{"author_id":"` + member + `","content":"` + strings.Repeat("é", 2001) + `"}`, "content"},
		{"unknown channel", "POST", "/api/channels/42/messages", `{"author_id":"` + member + `","content":"x"}`, "channel"},
		{"reaction not emoji", "POST", msgs + "/" + msgID.String() + "/reactions", `{"user_id":"` + member + `","emoji":"ok"}`, "emoji"},
		{"reaction no message", "POST", msgs + "/42/reactions", `{"user_id":"` + member + `","emoji":"👍"}`, "message"},
		{"interaction type", "POST", "/api/interactions", `{"type":1,"channel_id":"` + ch + `","user_id":"` + member + `","data":{}}`, "type"},
		{"command unknown", "POST", "/api/interactions", `{"type":2,"channel_id":"` + ch + `","user_id":"` + member + `","data":{"name":"nope"}}`, "data.name"},
		{"command no name", "POST", "/api/interactions", `{"type":2,"channel_id":"` + ch + `","user_id":"` + member + `","data":{}}`, "data.name"},
		{"button not on message", "POST", "/api/interactions", `{"type":3,"channel_id":"` + ch + `","user_id":"` + member + `","message_id":"` + msgID.String() + `","data":{"custom_id":"x","component_type":2}}`, "data.custom_id"},
		{"modal never sent", "POST", "/api/interactions", `{"type":5,"channel_id":"` + ch + `","user_id":"` + member + `","modal_of":"42","data":{"custom_id":"x"}}`, "modal_of"},
		{"fault kind", "POST", "/api/faults", `{"kind":"explode"}`, "kind"},
		{"fault code", "POST", "/api/faults", `{"kind":"close","code":1006}`, "code"},
		{"commands guild", "GET", "/api/commands?guild_id=x", "", "guild_id"},
	}
	for _, tc := range tests {
		status, out := w.call(t, tc.method, tc.path, tc.body)
		if status != http.StatusBadRequest || out["field"] != tc.field || out["error"] == "" {
			t.Errorf("%s: got %d %v, want 400 naming %q", tc.name, status, out, tc.field)
		}
	}
	if status, out := w.call(t, "GET", "/api/nope", ""); status != http.StatusNotFound || out["field"] != "path" {
		t.Errorf("unknown route: %d %v", status, out)
	}
	if status, _ := w.call(t, "POST", "/api/faults", `{"kind":"reset"}`); status != http.StatusConflict {
		t.Errorf("a fault with no bot connected: %d, want 409", status)
	}
	if n := len(w.fake.Messages(w.guild.Channels[0])); n != 1 {
		t.Fatalf("%d messages after refused posts, want the 1 seeded", n)
	}
}

// TestAPICommandOptions checks slash commands against what the bot
// registered: required options, types and ranges, as Discord's client does.
func TestAPICommandOptions(t *testing.T) {
	w := newWorld(t)
	w.startBot(t)
	ch, member := w.guild.Channels[0].String(), w.guild.Members[0].String()
	send := func(options string) (int, map[string]any) {
		return w.call(t, "POST", "/api/interactions", `{"type":2,"channel_id":"`+ch+`","user_id":"`+member+`","data":{"name":"roll","options":`+options+`}}`)
	}
	for _, tc := range []struct{ options, field, msg string }{
		{`[]`, "data.options", `required option "sides"`},
		{`[{"name":"sides","value":"six"}]`, "data.options[0].value", "an integer"},
		{`[{"name":"sides","value":2.5}]`, "data.options[0].value", "an integer"},
		{`[{"name":"sides","value":1}]`, "data.options[0].value", "between 2 and 100"},
		{`[{"name":"faces","value":6}]`, "data.options[0].name", `no option "faces"`},
		{`[{"name":"sides","value":6},{"name":"sides","value":6}]`, "data.options[1].name", "twice"},
	} {
		status, out := send(tc.options)
		if status != http.StatusBadRequest || out["field"] != tc.field || !strings.Contains(out["error"].(string), tc.msg) {
			t.Errorf("options %s: got %d %v, want 400 %s containing %q", tc.options, status, out, tc.field, tc.msg)
		}
	}
	status, out := send(`[{"name":"sides","value":6}]`)
	if status != http.StatusCreated {
		t.Fatalf("a good /roll: %d %v", status, out)
	}
	id, _ := out["id"].(string)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := w.fake.Wait(ctx, func() bool {
		for _, r := range w.fake.InteractionResponses() {
			if r.InteractionID.String() == id {
				return strings.Contains(string(r.Data), "rolled a d6")
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("the bot's answer to /roll: %v", err)
	}
}

// TestEventStream reads the live stream as the page does: after "ready",
// a member's message arrives as a dispatch, the world lists the guild, and
// Close ends the stream.
func TestEventStream(t *testing.T) {
	w := newWorld(t)
	status, world := w.call(t, "GET", "/api/world", "")
	guilds, _ := world["guilds"].([]any)
	if status != http.StatusOK || len(guilds) != 1 {
		t.Fatalf("world: %d %v", status, world)
	}
	resp, err := w.page.Client().Get(w.page.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		for lines.Scan() {
			if name, ok := strings.CutPrefix(lines.Text(), "event: "); ok {
				lines.Scan()
				return name + " " + strings.TrimPrefix(lines.Text(), "data: ")
			}
		}
		return ""
	}
	if e := next(); !strings.HasPrefix(e, "ready") {
		t.Fatalf("first event %q", e)
	}
	status, _ = w.call(t, "POST", "/api/channels/"+w.guild.Channels[1].String()+"/messages",
		`{"author_id":"`+w.guild.Members[2].String()+`","content":"hello from the page"}`)
	if status != http.StatusCreated {
		t.Fatalf("post: %d", status)
	}
	if e := next(); !strings.HasPrefix(e, "dispatch") || !strings.Contains(e, `"t":"MESSAGE_CREATE"`) || !strings.Contains(e, "hello from the page") {
		t.Fatalf("event after a post: %q", e)
	}
	w.ui.Close()
	for e := next(); e != ""; e = next() {
	}
	if err := lines.Err(); err != nil && !strings.Contains(err.Error(), "EOF") {
		t.Logf("stream ended with %v", err)
	}
}

// TestFaultsReachTheBot injects faults through the API with a bot connected:
// RECONNECT makes it resume, a 429 storm is answered with 429s the bot
// retries after, and the page's API never shows the token.
func TestFaultsReachTheBot(t *testing.T) {
	w := newWorld(t, sandbox.Options{StormSize: 2}) // a storm the client rides out by retrying
	w.startBot(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	status, out := w.call(t, "POST", "/api/faults", `{"kind":"reconnect"}`)
	if status != http.StatusOK || out["affected"] != 1.0 {
		t.Fatalf("reconnect: %d %v", status, out)
	}
	if err := w.fake.WaitResumed(ctx, 1); err != nil {
		t.Fatalf("the bot did not resume after RECONNECT: %v", err)
	}

	status, out = w.call(t, "POST", "/api/faults", `{"kind":"rest_429_storm"}`)
	if status != http.StatusOK || out["affected"] != 2.0 {
		t.Fatalf("429 storm: %d %v", status, out)
	}
	if _, err := w.fake.UserMessage(w.guild.Channels[0], w.guild.Members[0], "!ping"); err != nil {
		t.Fatal(err)
	}
	err := w.fake.Wait(ctx, func() bool {
		for _, m := range w.fake.Messages(w.guild.Channels[0]) {
			if strings.Contains(string(m), `"content":"pong"`) {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no pong through the 429 storm: %v", err)
	}
	if n := w.fake.RateLimited().User; n != 2 {
		t.Fatalf("the storm answered %d 429s, want 2", n)
	}

	for _, path := range []string{"/api/world", "/api/commands?guild_id=" + w.guild.ID.String(), "/api/channels/" + w.guild.Channels[0].String() + "/messages"} {
		resp, err := w.page.Client().Get(w.page.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), w.fake.Token()) {
			t.Fatalf("%s shows the bot's token", path)
		}
	}
}
