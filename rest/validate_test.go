package rest_test

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/rest"
)

// TestLimitsCheckedBeforeSending: every limit the typed methods enforce gives
// an *InputError naming the field, and nothing reaches the server.
func TestLimitsCheckedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) { sent.Add(1) }, nil)
	ctx := t.Context()
	long := func(n int) string { return strings.Repeat("é", n) } // runes, not bytes
	embeds := func(n int) []discord.Embed { return make([]discord.Embed, n) }
	fields := make([]discord.EmbedField, 26)
	old := discord.SnowflakeFromTime(time.Now().Add(-15 * 24 * time.Hour))
	recent := discord.SnowflakeFromTime(time.Now().Add(-time.Hour))
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"nil params", func() error { _, err := c.CreateMessage(ctx, 1, nil); return err }, "params"},
		{"empty message", func() error { _, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{}); return err }, "empty"},
		{"zero channel", func() error {
			_, err := c.CreateMessage(ctx, 0, &rest.CreateMessageParams{Content: "x"})
			return err
		}, "channelID"},
		{"content 2001", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Content: long(2001)})
			return err
		}, "content: is 2001 characters, the limit is 2000"},
		{"11 embeds", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Embeds: embeds(11)})
			return err
		}, "embeds: 11 embeds"},
		{"embed title", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Embeds: []discord.Embed{{}, {Title: long(257)}}})
			return err
		}, "embeds[1].title"},
		{"embed fields", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Embeds: []discord.Embed{{Fields: fields}}})
			return err
		}, "embeds[0].fields: 26"},
		{"field value", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Embeds: []discord.Embed{{
				Fields: []discord.EmbedField{{Name: "a", Value: long(1025)}}}}})
			return err
		}, "embeds[0].fields[0].value"},
		{"embed total", func() error {
			e := discord.Embed{Description: long(4000)}
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Embeds: []discord.Embed{e, e}})
			return err
		}, "8000 characters in total, the limit is 6000"},
		{"embed color", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Embeds: []discord.Embed{{Title: "x", Color: discord.Some(1 << 24)}}})
			return err
		}, "embeds[0].color"},
		{"nonce", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Content: "x", Nonce: long(26)})
			return err
		}, "nonce"},
		{"enforce without nonce", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Content: "x", EnforceNonce: true})
			return err
		}, "enforce_nonce"},
		{"stickers", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{StickerIDs: make([]discord.Snowflake, 4)})
			return err
		}, "sticker_ids"},
		{"mentions", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Content: "x",
				AllowedMentions: &rest.AllowedMentions{Users: make([]discord.Snowflake, 101)}})
			return err
		}, "allowed_mentions.users"},
		{"mentions parse", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Content: "x",
				AllowedMentions: &rest.AllowedMentions{Parse: []string{"users"}, Users: []discord.Snowflake{1}}})
			return err
		}, "mutually exclusive"},
		{"11 files", func() error {
			files := make([]rest.File, 11)
			for i := range files {
				files[i] = rest.NewFile(strings.Repeat("f", i+1), []byte("x"))
			}
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Files: files})
			return err
		}, "files: 11 files"},
		{"26 MiB", func() error {
			_, err := c.CreateMessage(ctx, 1, &rest.CreateMessageParams{Files: []rest.File{
				rest.NewFileReaderAt("a", strings.NewReader(""), 20<<20), rest.NewFileReaderAt("b", strings.NewReader(""), 6<<20)}})
			return err
		}, "upload limit"},
		{"edit content", func() error {
			_, err := c.EditMessage(ctx, 1, 2, &rest.EditMessageParams{Content: discord.NonNull(long(2001))})
			return err
		}, "content"},
		{"edit nil", func() error { _, err := c.EditMessage(ctx, 1, 2, nil); return err }, "params"},
		{"bulk 1", func() error { return c.BulkDeleteMessages(ctx, 1, []discord.Snowflake{recent}, "") }, "1 ids"},
		{"bulk 101", func() error { return c.BulkDeleteMessages(ctx, 1, make([]discord.Snowflake, 101), "") }, "101 ids"},
		{"bulk dup", func() error { return c.BulkDeleteMessages(ctx, 1, []discord.Snowflake{recent, recent}, "") }, "messages[1]"},
		{"bulk old", func() error { return c.BulkDeleteMessages(ctx, 1, []discord.Snowflake{recent, old}, "") }, "older than two weeks"},
		{"reason", func() error { return c.DeleteMessage(ctx, 1, 2, long(513)) }, "reason"},
		{"reaction emoji", func() error { return c.AddReaction(ctx, 1, 2, "") }, "emoji"},
		{"reaction slash", func() error { return c.AddReaction(ctx, 1, 2, "a/b") }, "emoji"},
		{"list limit", func() error {
			_, err := c.ListMessages(ctx, 1, rest.ListMessagesParams{Limit: 101})
			return err
		}, "limit"},
		{"list two cursors", func() error {
			_, err := c.ListMessages(ctx, 1, rest.ListMessagesParams{Before: 1, After: 2})
			return err
		}, "at most one"},
		{"members limit", func() error { _, err := c.ListMembers(ctx, 1, 0, 1001); return err }, "limit"},
		{"channel name", func() error {
			_, err := c.ModifyChannel(ctx, 1, &rest.ModifyChannelParams{Name: discord.Some("")}, "")
			return err
		}, "name"},
		{"slowmode", func() error {
			_, err := c.ModifyChannel(ctx, 1, &rest.ModifyChannelParams{RateLimitPerUser: discord.NonNull(21601)}, "")
			return err
		}, "rate_limit_per_user"},
		{"nick", func() error {
			_, err := c.ModifyMember(ctx, 1, 2, &rest.ModifyMemberParams{Nick: discord.NonNull(long(33))}, "")
			return err
		}, "nick"},
		{"timeout", func() error {
			_, err := c.ModifyMember(ctx, 1, 2, &rest.ModifyMemberParams{
				CommunicationDisabledUntil: discord.NonNull(discord.NewTimestamp(time.Now().Add(30 * 24 * time.Hour)))}, "")
			return err
		}, "communication_disabled_until"},
		{"ban seconds", func() error { return c.BanMember(ctx, 1, 2, 8*24*time.Hour, "") }, "delete_message_seconds"},
		{"role color", func() error {
			_, err := c.CreateRole(ctx, 1, &rest.RoleParams{Color: discord.Some(-1)}, "")
			return err
		}, "color"},
		{"webhook token", func() error {
			_, err := c.ExecuteWebhook(ctx, 1, "", &rest.WebhookMessageParams{Content: "x"}, rest.ExecuteWebhookOptions{})
			return err
		}, "token"},
		{"webhook username", func() error {
			_, err := c.ExecuteWebhook(ctx, 1, "t", &rest.WebhookMessageParams{Content: "x", Username: long(81)}, rest.ExecuteWebhookOptions{})
			return err
		}, "username"},
		{"interaction nil", func() error { return c.CreateInteractionResponse(ctx, 1, "t", nil) }, "response"},
		{"interaction type", func() error {
			return c.CreateInteractionResponse(ctx, 1, "t", &discord.InteractionResponse{})
		}, "type"},
		{"interaction content", func() error {
			return c.CreateInteractionResponse(ctx, 1, "t", &discord.InteractionResponse{Type: 4,
				Data: &discord.InteractionCallbackData{Content: long(2001)}})
		}, "data.content"},
		{"command name", func() error {
			_, err := c.CreateGlobalCommand(ctx, 1, &discord.ApplicationCommand{Name: "", Description: "d"})
			return err
		}, "name"},
		{"command description", func() error {
			_, err := c.BulkOverwriteGlobalCommands(ctx, 1, []discord.ApplicationCommand{{Name: "a", Description: "d"},
				{Name: "b", Description: long(101)}})
			return err
		}, "commands[1].description"},
	}
	for _, tc := range cases {
		err := tc.call()
		var ie *rest.InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: want *rest.InputError, got %v", tc.name, err)
			continue
		}
		assert.ErrorIs(t, err, rest.ErrInvalidRequest)
		if !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %q does not mention %q", tc.name, err, tc.field)
		}
	}
	assert.Equal(t, "requests sent", sent.Load(), int32(0))
}

// TestReactionEmojiForms: "<:name:id>" and "<a:name:id>" are accepted and
// sent as name:id; Unicode emoji are path-escaped.
func TestReactionEmojiForms(t *testing.T) {
	var paths []string
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.EscapedPath())
		w.WriteHeader(204)
	}, nil)
	for _, e := range []string{"<:blob:123>", "<a:dance:456>", "🔥", "name:789"} {
		assert.Success(t, c.AddReaction(t.Context(), 1, 2, e))
	}
	assert.Equal(t, "paths", paths, []string{
		"/api/v10/channels/1/messages/2/reactions/blob:123/@me",
		"/api/v10/channels/1/messages/2/reactions/dance:456/@me",
		"/api/v10/channels/1/messages/2/reactions/%F0%9F%94%A5/@me",
		"/api/v10/channels/1/messages/2/reactions/name:789/@me",
	})
}

// TestCreateMessageFillsAttachments: files get attachment entries with their
// index as id, and a nonce+enforce_nonce create is marked safe to retry.
func TestCreateMessageFillsAttachments(t *testing.T) {
	var payload string
	var attempts atomic.Int32
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(502)
			return
		}
		assert.Success(t, r.ParseMultipartForm(1<<20))
		payload = r.FormValue("payload_json")
		w.Write([]byte(`{"id":"5"}`))
	}, nil)
	f := rest.NewFile("a.png", []byte("png"))
	f.Description = "alt"
	_, err := c.CreateMessage(t.Context(), 1, &rest.CreateMessageParams{Nonce: "abc", EnforceNonce: true, Files: []rest.File{f}})
	assert.Success(t, err)
	assert.Equal(t, "attempts", attempts.Load(), int32(2))
	assert.Equal(t, "payload", payload,
		`{"nonce":"abc","enforce_nonce":true,"attachments":[{"id":"0","filename":"a.png","description":"alt"}]}`)
}
