package rest

import (
	"context"
	"net/url"

	"github.com/scurrygo/scurry/discord"
)

// ExecuteWebhookOptions are the query parameters of Execute Webhook.
type ExecuteWebhookOptions struct {
	// Wait makes Discord answer with the created message (otherwise the
	// result is nil and Discord confirms nothing).
	Wait bool
	// ThreadID posts into a thread of the webhook's channel.
	ThreadID discord.Snowflake
}

// ExecuteWebhook posts a message through a webhook. The token authorises the
// call and is kept out of errors and logs. With o.Wait the message is
// returned; otherwise the result is nil.
func (c *Client) ExecuteWebhook(ctx context.Context, webhookID discord.Snowflake, token string, p *WebhookMessageParams, o ExecuteWebhookOptions) (*discord.Message, error) {
	const op = "execute webhook"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := needToken(op, "token", token); err != nil {
		return nil, err
	}
	if err := checkInput("execute_webhook", op, p); err != nil {
		return nil, err
	}
	q := url.Values{}
	if o.Wait {
		q.Set("wait", "true")
	}
	if o.ThreadID != 0 {
		q.Set("thread_id", o.ThreadID.String())
	}
	body := *p
	if !p.OmitAttachments {
		body.Attachments = attachmentRefs(p.Attachments, p.Files)
	}
	req := &Request{Route: RouteExecuteWebhook, Params: []string{idString(webhookID), token}, Query: q,
		Body: &body, Files: p.Files}
	if !o.Wait {
		return nil, c.Do(ctx, req)
	}
	var out discord.Message
	req.Result = &out
	return result(&out, c.Do(ctx, req))
}

func idString(id discord.Snowflake) string {
	if id == 0 {
		return ""
	}
	return id.String()
}
