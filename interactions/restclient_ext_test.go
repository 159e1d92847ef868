package interactions_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
)

// httpREST is a minimal REST client for tests against the fake Discord: it
// implements interactions.REST and interactions.CommandsREST with plain
// net/http (no rate limiting; the tests stay inside the buckets). It counts
// the write calls it makes.
type httpREST struct {
	base   string
	token  string
	client *http.Client

	mu     sync.Mutex
	writes []string // "PATCH /applications/…"
}

var (
	_ interactions.REST         = (*httpREST)(nil)
	_ interactions.CommandsREST = (*httpREST)(nil)
)

func (h *httpREST) Writes() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.writes...)
}

func (h *httpREST) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	var raw []byte
	if in != nil {
		var err error
		if raw, err = json.Marshal(in); err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bot "+h.token)
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/scurrygo/scurry, test)")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		h.mu.Lock()
		h.writes = append(h.writes, method+" "+path)
		h.mu.Unlock()
	}
	var b []byte
	var resp *http.Response
	for {
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(raw))
		}
		resp, err = h.client.Do(req)
		if err != nil {
			return err
		}
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusTooManyRequests {
			break
		}
		// Honour the 429 (tests run in synctest, so this is virtual time).
		var rl struct {
			RetryAfter float64 `json:"retry_after"`
		}
		if err := json.Unmarshal(b, &rl); err != nil {
			return err
		}
		time.Sleep(time.Duration(rl.RetryAfter * float64(time.Second)))
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil && len(b) > 0 {
		return json.Unmarshal(b, out)
	}
	return nil
}

func scopePath(app, guild discord.Snowflake) string {
	if guild == 0 {
		return fmt.Sprintf("/applications/%v/commands", app)
	}
	return fmt.Sprintf("/applications/%v/guilds/%v/commands", app, guild)
}

func (h *httpREST) CreateInteractionResponse(ctx context.Context, id discord.Snowflake, token string, resp *discord.InteractionResponse) error {
	return h.do(ctx, "POST", fmt.Sprintf("/interactions/%v/%s/callback", id, token), resp, nil)
}

func (h *httpREST) EditOriginalInteractionResponse(ctx context.Context, app discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	var m discord.Message
	return &m, h.do(ctx, "PATCH", fmt.Sprintf("/webhooks/%v/%s/messages/@original", app, token), msg, &m)
}

func (h *httpREST) DeleteOriginalInteractionResponse(ctx context.Context, app discord.Snowflake, token string) error {
	return h.do(ctx, "DELETE", fmt.Sprintf("/webhooks/%v/%s/messages/@original", app, token), nil, nil)
}

func (h *httpREST) CreateFollowupMessage(ctx context.Context, app discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	var m discord.Message
	return &m, h.do(ctx, "POST", fmt.Sprintf("/webhooks/%v/%s?wait=true", app, token), msg, &m)
}

func (h *httpREST) EditFollowupMessage(ctx context.Context, app discord.Snowflake, token string, id discord.Snowflake, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	var m discord.Message
	return &m, h.do(ctx, "PATCH", fmt.Sprintf("/webhooks/%v/%s/messages/%v", app, token, id), msg, &m)
}

func (h *httpREST) DeleteFollowupMessage(ctx context.Context, app discord.Snowflake, token string, id discord.Snowflake) error {
	return h.do(ctx, "DELETE", fmt.Sprintf("/webhooks/%v/%s/messages/%v", app, token, id), nil, nil)
}

func (h *httpREST) ApplicationCommands(ctx context.Context, app, guild discord.Snowflake) ([]discord.ApplicationCommand, error) {
	var out []discord.ApplicationCommand
	return out, h.do(ctx, "GET", scopePath(app, guild)+"?with_localizations=true", nil, &out)
}

func (h *httpREST) CreateApplicationCommand(ctx context.Context, app, guild discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	var out discord.ApplicationCommand
	return &out, h.do(ctx, "POST", scopePath(app, guild), cmd, &out)
}

func (h *httpREST) EditApplicationCommand(ctx context.Context, app, guild, id discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	var out discord.ApplicationCommand
	return &out, h.do(ctx, "PATCH", fmt.Sprintf("%s/%v", scopePath(app, guild), id), cmd, &out)
}

func (h *httpREST) DeleteApplicationCommand(ctx context.Context, app, guild, id discord.Snowflake) error {
	return h.do(ctx, "DELETE", fmt.Sprintf("%s/%v", scopePath(app, guild), id), nil, nil)
}

func (h *httpREST) BulkOverwriteApplicationCommands(ctx context.Context, app, guild discord.Snowflake, cmds []discord.ApplicationCommand) ([]discord.ApplicationCommand, error) {
	var out []discord.ApplicationCommand
	return out, h.do(ctx, "PUT", scopePath(app, guild), cmds, &out)
}
