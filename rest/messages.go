package rest

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// ListMessagesParams pages through a channel's history. Set at most one of
// Around, Before and After. Limit is 1-100; 0 means Discord's default (50).
type ListMessagesParams struct {
	Around, Before, After discord.Snowflake
	Limit                 int
}

// ListMessages returns messages of a channel, newest first.
func (c *Client) ListMessages(ctx context.Context, channelID discord.Snowflake, p ListMessagesParams) ([]discord.Message, error) {
	const op = "list messages"
	if err := need(op, "channelID", channelID); err != nil {
		return nil, err
	}
	q := url.Values{}
	n := 0
	for _, a := range []struct {
		k string
		v discord.Snowflake
	}{{"around", p.Around}, {"before", p.Before}, {"after", p.After}} {
		if a.v != 0 {
			q.Set(a.k, a.v.String())
			n++
		}
	}
	if n > 1 {
		return nil, inputErr(op, "around/before/after", "set at most one of them")
	}
	if p.Limit < 0 || p.Limit > maxListMessages {
		return nil, inputErr(op, "limit", "%d is outside 1..%d", p.Limit, maxListMessages)
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	var out []discord.Message
	err := c.Do(ctx, &Request{Route: RouteListMessages, Params: []string{channelID.String()}, Query: q, Result: &out})
	return out, err
}

// GetMessage returns one message.
func (c *Client) GetMessage(ctx context.Context, channelID, messageID discord.Snowflake) (*discord.Message, error) {
	var out discord.Message
	err := c.Do(ctx, &Request{Route: RouteGetMessage, Params: ids(channelID, messageID), Result: &out})
	return result(&out, err)
}

// CreateMessage posts a message, with files if p.Files is set. Limits are
// checked before sending. With Nonce and EnforceNonce set, a 5xx or a lost
// connection is retried safely; otherwise a create is never sent twice.
func (c *Client) CreateMessage(ctx context.Context, channelID discord.Snowflake, p *CreateMessageParams) (*discord.Message, error) {
	const op = "create message"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := need(op, "channelID", channelID); err != nil {
		return nil, err
	}
	if err := checkInput("create_message", op, p); err != nil {
		return nil, err
	}
	body := *p
	if !p.OmitAttachments {
		body.Attachments = attachmentRefs(p.Attachments, p.Files)
	}
	var out discord.Message
	err := c.Do(ctx, &Request{Route: RouteCreateMessage, Params: []string{channelID.String()}, Body: &body,
		Files: p.Files, Result: &out, Idempotent: p.Nonce != "" && p.EnforceNonce})
	return result(&out, err)
}

// EditMessage changes a message the bot sent (or only its flags, for others').
func (c *Client) EditMessage(ctx context.Context, channelID, messageID discord.Snowflake, p *EditMessageParams) (*discord.Message, error) {
	const op = "edit message"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := checkInput("update_message", op, p); err != nil {
		return nil, err
	}
	body := p.withRefs()
	var out discord.Message
	err := c.Do(ctx, &Request{Route: RouteEditMessage, Params: ids(channelID, messageID), Body: &body,
		Files: p.Files, Result: &out})
	return result(&out, err)
}

// DeleteMessage deletes a message; reason (optional) goes to the audit log.
func (c *Client) DeleteMessage(ctx context.Context, channelID, messageID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteDeleteMessage, Params: ids(channelID, messageID), Reason: reason})
}

// bulkDeleteMaxAge is how old a message may be for bulk delete.
const bulkDeleteMaxAge = 14 * 24 * time.Hour

// BulkDeleteMessages deletes 2 to 100 distinct messages, none older than two
// weeks, in one request.
func (c *Client) BulkDeleteMessages(ctx context.Context, channelID discord.Snowflake, messageIDs []discord.Snowflake, reason string) error {
	const op = "bulk delete messages"
	if n := len(messageIDs); n < minBulkDelete || n > maxBulkDelete {
		return inputErr(op, "messages", "%d ids, Discord takes %d to %d", n, minBulkDelete, maxBulkDelete)
	}
	oldest := time.Now().Add(-bulkDeleteMaxAge)
	seen := make(map[discord.Snowflake]bool, len(messageIDs))
	for i, id := range messageIDs {
		field := "messages[" + strconv.Itoa(i) + "]"
		switch {
		case id == 0:
			return inputErr(op, field, "is zero")
		case seen[id]:
			return inputErr(op, field, "%s is listed twice", id)
		case id.Time().Before(oldest):
			return inputErr(op, field, "%s is older than two weeks; delete it with DeleteMessage", id)
		}
		seen[id] = true
	}
	body := struct {
		Messages []discord.Snowflake `json:"messages"`
	}{slices.Clone(messageIDs)}
	return c.Do(ctx, &Request{Route: RouteBulkDeleteMessages, Params: []string{channelID.String()}, Body: &body, Reason: reason})
}

// TriggerTyping shows the typing indicator for about 10 seconds.
func (c *Client) TriggerTyping(ctx context.Context, channelID discord.Snowflake) error {
	return c.Do(ctx, &Request{Route: RouteTriggerTyping, Params: []string{channelID.String()}})
}

// ids renders snowflakes as route parameters. Zero ids are rejected by Do.
func ids(s ...discord.Snowflake) []string {
	out := make([]string, len(s))
	for i, v := range s {
		if v != 0 {
			out[i] = v.String()
		}
	}
	return out
}

// result returns out, or nil with the error.
func result[T any](out *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}
