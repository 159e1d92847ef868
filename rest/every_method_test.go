package rest

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// methodCase calls one typed method once; op is the operation it calls.
type methodCase struct {
	op, method, path string
	call             func(ctx context.Context, c *Client) error
}

// sampleBody decodes a sample body written by the generator.
func sampleBody[T any](js string) *T {
	var v T
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		panic("sample body for " + js + ": " + err.Error())
	}
	return &v
}

// handwrittenMethodCases covers the operations whose method is written by
// hand (their signatures predate the generator).
func handwrittenMethodCases() []methodCase {
	const ch, msg, g, u, role, app, cmd = 100000000000000001, 100000000000000002, 100000000000000003, 100000000000000004, 100000000000000005, 100000000000000006, 100000000000000007
	// Within the synctest bubble the clock reads 2000, so any snowflake is
	// "recent" for bulk delete's two-week rule.
	const recent discord.Snowflake = 100000000000000010
	c := func(op, method, path string, f func(ctx context.Context, c *Client) error) methodCase {
		return methodCase{op: op, method: method, path: path, call: f}
	}
	ignore := func(_ any, err error) error { return err }
	return []methodCase{
		c("get_bot_gateway", "GET", "/gateway/bot", func(ctx context.Context, c *Client) error { return ignore(c.GatewayBot(ctx)) }),
		c("get_my_user", "GET", "/users/@me", func(ctx context.Context, c *Client) error { return ignore(c.CurrentUser(ctx)) }),
		c("get_user", "GET", "/users/{user_id}", func(ctx context.Context, c *Client) error { return ignore(c.GetUser(ctx, u)) }),
		c("get_channel", "GET", "/channels/{channel_id}", func(ctx context.Context, c *Client) error { return ignore(c.GetChannel(ctx, ch)) }),
		c("update_channel", "PATCH", "/channels/{channel_id}", func(ctx context.Context, c *Client) error {
			return ignore(c.ModifyChannel(ctx, ch, &ModifyChannelParams{Name: discord.Some("general")}, "why"))
		}),
		c("delete_channel", "DELETE", "/channels/{channel_id}", func(ctx context.Context, c *Client) error { return ignore(c.DeleteChannel(ctx, ch, "why")) }),
		c("list_guild_channels", "GET", "/guilds/{guild_id}/channels", func(ctx context.Context, c *Client) error { return ignore(c.ListGuildChannels(ctx, g)) }),
		c("list_messages", "GET", "/channels/{channel_id}/messages", func(ctx context.Context, c *Client) error {
			return ignore(c.ListMessages(ctx, ch, ListMessagesParams{Before: msg, Limit: 10}))
		}),
		c("get_message", "GET", "/channels/{channel_id}/messages/{message_id}", func(ctx context.Context, c *Client) error { return ignore(c.GetMessage(ctx, ch, msg)) }),
		c("create_message", "POST", "/channels/{channel_id}/messages", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateMessage(ctx, ch, &CreateMessageParams{Content: "hi"}))
		}),
		c("update_message", "PATCH", "/channels/{channel_id}/messages/{message_id}", func(ctx context.Context, c *Client) error {
			return ignore(c.EditMessage(ctx, ch, msg, &EditMessageParams{Content: discord.NonNull("hi")}))
		}),
		c("delete_message", "DELETE", "/channels/{channel_id}/messages/{message_id}", func(ctx context.Context, c *Client) error { return c.DeleteMessage(ctx, ch, msg, "why") }),
		c("bulk_delete_messages", "POST", "/channels/{channel_id}/messages/bulk-delete", func(ctx context.Context, c *Client) error {
			return c.BulkDeleteMessages(ctx, ch, []discord.Snowflake{recent, recent + 1}, "why")
		}),
		c("trigger_typing_indicator", "POST", "/channels/{channel_id}/typing", func(ctx context.Context, c *Client) error { return c.TriggerTyping(ctx, ch) }),
		c("add_my_message_reaction", "PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", func(ctx context.Context, c *Client) error { return c.AddReaction(ctx, ch, msg, "👍") }),
		c("delete_my_message_reaction", "DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", func(ctx context.Context, c *Client) error { return c.RemoveOwnReaction(ctx, ch, msg, "👍") }),
		c("delete_user_message_reaction", "DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}", func(ctx context.Context, c *Client) error {
			return c.RemoveUserReaction(ctx, ch, msg, "👍", u)
		}),
		c("delete_all_message_reactions_by_emoji", "DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}", func(ctx context.Context, c *Client) error {
			return c.RemoveEmojiReactions(ctx, ch, msg, "👍")
		}),
		c("delete_all_message_reactions", "DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", func(ctx context.Context, c *Client) error { return c.RemoveAllReactions(ctx, ch, msg) }),
		c("list_message_reactions_by_emoji", "GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}", func(ctx context.Context, c *Client) error {
			return ignore(c.ListReactions(ctx, ch, msg, "👍", ListReactionsParams{Limit: 5}))
		}),
		c("list_pins", "GET", "/channels/{channel_id}/messages/pins", func(ctx context.Context, c *Client) error {
			return ignore(c.ListPins(ctx, ch, discord.Timestamp{}, 10))
		}),
		c("create_pin", "PUT", "/channels/{channel_id}/messages/pins/{message_id}", func(ctx context.Context, c *Client) error { return c.PinMessage(ctx, ch, msg, "why") }),
		c("delete_pin", "DELETE", "/channels/{channel_id}/messages/pins/{message_id}", func(ctx context.Context, c *Client) error { return c.UnpinMessage(ctx, ch, msg, "why") }),
		c("get_guild", "GET", "/guilds/{guild_id}", func(ctx context.Context, c *Client) error { return ignore(c.GetGuild(ctx, g, true)) }),
		c("get_guild_member", "GET", "/guilds/{guild_id}/members/{user_id}", func(ctx context.Context, c *Client) error { return ignore(c.GetMember(ctx, g, u)) }),
		c("list_guild_members", "GET", "/guilds/{guild_id}/members", func(ctx context.Context, c *Client) error { return ignore(c.ListMembers(ctx, g, u, 10)) }),
		c("update_guild_member", "PATCH", "/guilds/{guild_id}/members/{user_id}", func(ctx context.Context, c *Client) error {
			return ignore(c.ModifyMember(ctx, g, u, &ModifyMemberParams{Nick: discord.NonNull("n")}, "why"))
		}),
		c("delete_guild_member", "DELETE", "/guilds/{guild_id}/members/{user_id}", func(ctx context.Context, c *Client) error { return c.KickMember(ctx, g, u, "why") }),
		c("add_guild_member_role", "PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", func(ctx context.Context, c *Client) error { return c.AddMemberRole(ctx, g, u, role, "why") }),
		c("delete_guild_member_role", "DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", func(ctx context.Context, c *Client) error { return c.RemoveMemberRole(ctx, g, u, role, "why") }),
		c("ban_user_from_guild", "PUT", "/guilds/{guild_id}/bans/{user_id}", func(ctx context.Context, c *Client) error { return c.BanMember(ctx, g, u, time.Hour, "why") }),
		c("unban_user_from_guild", "DELETE", "/guilds/{guild_id}/bans/{user_id}", func(ctx context.Context, c *Client) error { return c.UnbanMember(ctx, g, u, "why") }),
		c("list_guild_roles", "GET", "/guilds/{guild_id}/roles", func(ctx context.Context, c *Client) error { return ignore(c.ListRoles(ctx, g)) }),
		c("create_guild_role", "POST", "/guilds/{guild_id}/roles", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateRole(ctx, g, &RoleParams{Name: discord.Some("r")}, "why"))
		}),
		c("update_guild_role", "PATCH", "/guilds/{guild_id}/roles/{role_id}", func(ctx context.Context, c *Client) error {
			return ignore(c.ModifyRole(ctx, g, role, &RoleParams{Name: discord.Some("r")}, "why"))
		}),
		c("delete_guild_role", "DELETE", "/guilds/{guild_id}/roles/{role_id}", func(ctx context.Context, c *Client) error { return c.DeleteRole(ctx, g, role, "why") }),
		c("execute_webhook", "POST", "/webhooks/{webhook_id}/{webhook_token}", func(ctx context.Context, c *Client) error {
			return ignore(c.ExecuteWebhook(ctx, 100000000000000008, "tok-en", &WebhookMessageParams{Content: "hi"}, ExecuteWebhookOptions{Wait: true}))
		}),
		c("create_interaction_response", "POST", "/interactions/{interaction_id}/{interaction_token}/callback", func(ctx context.Context, c *Client) error {
			return c.CreateInteractionResponse(ctx, 100000000000000009, "tok-en", &discord.InteractionResponse{Type: discord.CallbackPong})
		}),
		c("list_application_commands", "GET", "/applications/{application_id}/commands", func(ctx context.Context, c *Client) error { return ignore(c.ListGlobalCommands(ctx, app)) }),
		c("create_application_command", "POST", "/applications/{application_id}/commands", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateGlobalCommand(ctx, app, &discord.ApplicationCommand{Name: "ping", Description: "Ping"}))
		}),
		c("bulk_set_application_commands", "PUT", "/applications/{application_id}/commands", func(ctx context.Context, c *Client) error {
			return ignore(c.BulkOverwriteGlobalCommands(ctx, app, []discord.ApplicationCommand{{Name: "ping", Description: "Ping"}}))
		}),
		c("delete_application_command", "DELETE", "/applications/{application_id}/commands/{command_id}", func(ctx context.Context, c *Client) error { return c.DeleteGlobalCommand(ctx, app, cmd) }),
		c("list_guild_application_commands", "GET", "/applications/{application_id}/guilds/{guild_id}/commands", func(ctx context.Context, c *Client) error { return ignore(c.ListGuildCommands(ctx, app, g)) }),
		c("create_guild_application_command", "POST", "/applications/{application_id}/guilds/{guild_id}/commands", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateGuildCommand(ctx, app, g, &discord.ApplicationCommand{Name: "ping", Description: "Ping"}))
		}),
		c("bulk_set_guild_application_commands", "PUT", "/applications/{application_id}/guilds/{guild_id}/commands", func(ctx context.Context, c *Client) error {
			return ignore(c.BulkOverwriteGuildCommands(ctx, app, g, []discord.ApplicationCommand{{Name: "ping", Description: "Ping"}}))
		}),
		c("delete_guild_application_command", "DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", func(ctx context.Context, c *Client) error {
			return c.DeleteGuildCommand(ctx, app, g, cmd)
		}),
	}
}

// TestEveryMethod calls every typed method once against the fake answering
// from Discord's spec: each request must pass the fake's spec validation
// (method, path, path parameter types, known query parameters of the right
// kind, required ones present, body keys known with the right JSON kinds,
// required keys present), reach the operation's route, and the sample reply
// of the declared type must decode into the method's result.
// It runs in a synctest bubble: the client's global pacer (50/s) makes the
// 242 calls take about 5 s of fake time.
func TestEveryMethod(t *testing.T) {
	synctest.Test(t, testEveryMethod)
}

func testEveryMethod(t *testing.T) {
	s := discordtest.NewServer(t, &discordtest.Options{SpecOnly: true})
	c, err := New(s.Token(), &Options{BaseURL: s.URL(), HTTPClient: s.Client()})
	if err != nil {
		t.Fatal(err)
	}
	cases := append(handwrittenMethodCases(), generatedMethodCases...)
	byOp := map[string]methodCase{}
	for _, tc := range cases {
		if _, dup := byOp[tc.op]; dup {
			t.Errorf("%s: two cases", tc.op)
		}
		byOp[tc.op] = tc
	}
	for _, op := range Operations {
		tc, ok := byOp[op.ID]
		if !ok {
			t.Errorf("%s (%s): no case calls it", op.ID, op.Method)
			continue
		}
		if tc.method != op.Route.Method || tc.path != op.Route.Path {
			t.Errorf("%s: case says %s %s, the route table %s", op.ID, tc.method, tc.path, op.Route)
		}
		s.ResetRecords()
		if err := tc.call(t.Context(), c); err != nil {
			t.Errorf("%s (%s): %v", op.ID, op.Method, err)
			continue
		}
		reqs := s.Requests()
		if len(reqs) != 1 {
			t.Errorf("%s: the fake saw %d requests, want 1", op.ID, len(reqs))
			continue
		}
		r := reqs[0]
		if r.Method != op.Route.Method || !samePath(r.Route, op.Route.Path) {
			t.Errorf("%s: the fake saw %s %s, want %s", op.ID, r.Method, r.Route, op.Route)
		}
		if op.AuditLogReason && r.AuditLogReason == "" && op.Route.Method != "GET" {
			if _, err := url.ParseQuery(r.Query); err == nil {
				t.Errorf("%s: takes an audit-log reason, none was sent", op.ID)
			}
		}
	}
	t.Logf("operations in spec: %d, typed methods called: %d", len(Operations), len(byOp))
}

// samePath compares route templates up to parameter names.
func samePath(a, b string) bool {
	norm := func(p string) string {
		parts := strings.Split(p, "/")
		for i, s := range parts {
			if strings.HasPrefix(s, "{") {
				parts[i] = "{}"
			}
		}
		return strings.Join(parts, "/")
	}
	return norm(a) == norm(b)
}

// TestGeneratedMultipart: a generated method of a multipart operation sends
// its files with the body as payload_json, and the fake (validating against
// the spec) accepts it; a form-only operation sends plain fields and the file
// under the spec's form name.
func TestGeneratedMultipart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{SpecOnly: true})
		c, err := New(s.Token(), &Options{BaseURL: s.URL(), HTTPClient: s.Client()})
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		_, err = c.CreateLobbyMessage(ctx, 1, &discord.CreateLobbyMessageParams{Content: discord.NonNull("files")},
			NewFile("a.txt", []byte("a")), NewFile("b.txt", []byte("b")))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CreateGuildSticker(ctx, 1, map[string]string{"name": "sticker", "tags": "smile"}, NewFile("s.png", []byte("png")), "new sticker")
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CreateGuildSticker(ctx, 1, map[string]string{"name": "sticker"}, NewFile("s.png", []byte("png")), "")
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != "tags" {
			t.Fatalf("sticker without tags: %v, want an *InputError on tags", err)
		}
		reqs := s.Requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		for _, r := range reqs {
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") || r.Status >= 300 {
				t.Errorf("%s %s: content type %q, status %d", r.Method, r.Route, r.Header.Get("Content-Type"), r.Status)
			}
		}
	})
}
