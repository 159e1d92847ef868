package rest

import (
	"context"
	"net/url"

	"github.com/scurrygo/scurry/discord"
)

// These routes do not count against the global rate limit, and their
// interaction token authorises them: it stays out of errors and logs.

// CreateInteractionResponse sends the initial response to an interaction
// (within 3 seconds of receiving it), with files if any.
func (c *Client) CreateInteractionResponse(ctx context.Context, interactionID discord.Snowflake, token string, r *discord.InteractionResponse, files ...File) error {
	req, err := interactionResponseRequest(interactionID, token, r, files)
	if err != nil {
		return err
	}
	return c.Do(ctx, req)
}

// CreateInteractionResponseWithResult is CreateInteractionResponse with
// ?with_response=true: Discord returns the interaction and the resource
// created (such as the message).
func (c *Client) CreateInteractionResponseWithResult(ctx context.Context, interactionID discord.Snowflake, token string, r *discord.InteractionResponse, files ...File) (*discord.InteractionCallbackResponse, error) {
	req, err := interactionResponseRequest(interactionID, token, r, files)
	if err != nil {
		return nil, err
	}
	var out discord.InteractionCallbackResponse
	req.Query = url.Values{"with_response": {"true"}}
	req.Result = &out
	return result(&out, c.Do(ctx, req))
}

func interactionResponseRequest(interactionID discord.Snowflake, token string, r *discord.InteractionResponse, files []File) (*Request, error) {
	const op = "create interaction response"
	if r == nil {
		return nil, inputErr(op, "response", "is nil")
	}
	if err := needToken(op, "token", token); err != nil {
		return nil, err
	}
	if r.Type == 0 {
		return nil, inputErr(op, "type", "is zero; set a discord.InteractionCallbackType")
	}
	body := *r
	if d := r.Data; d != nil {
		if err := checkLen(op, "data.content", d.Content, maxContent); err != nil {
			return nil, err
		}
		if err := checkEmbeds(op, d.Embeds); err != nil {
			return nil, err
		}
		if len(d.Choices) > 25 {
			return nil, inputErr(op, "data.choices", "%d choices, the limit is 25", len(d.Choices))
		}
		if len(files) > 0 && len(d.Attachments) == 0 {
			data := *d
			for i, f := range files {
				data.Attachments = append(data.Attachments, discord.Attachment{ID: discord.Snowflake(i),
					Filename: f.Name, Description: f.Description})
			}
			body.Data = &data
		}
	}
	return &Request{Route: RouteCreateInteractionResponse, Params: []string{idString(interactionID), token},
		Body: &body, Files: files}, nil
}

// GetOriginalResponse returns the message of the initial response.
func (c *Client) GetOriginalResponse(ctx context.Context, applicationID discord.Snowflake, token string) (*discord.Message, error) {
	var out discord.Message
	err := c.Do(ctx, &Request{Route: RouteGetOriginalResponse, Params: []string{idString(applicationID), token}, Result: &out})
	return result(&out, err)
}

// EditOriginalResponse edits the initial response (also how a deferred
// response gets its content).
func (c *Client) EditOriginalResponse(ctx context.Context, applicationID discord.Snowflake, token string, p *EditMessageParams) (*discord.Message, error) {
	return c.editWebhookMessage(ctx, "edit original response", RouteEditOriginalResponse, []string{idString(applicationID), token}, p)
}

// DeleteOriginalResponse deletes the initial response.
func (c *Client) DeleteOriginalResponse(ctx context.Context, applicationID discord.Snowflake, token string) error {
	return c.Do(ctx, &Request{Route: RouteDeleteOriginalResponse, Params: []string{idString(applicationID), token}})
}

// CreateFollowup sends a follow-up message (Flags may include EPHEMERAL).
func (c *Client) CreateFollowup(ctx context.Context, applicationID discord.Snowflake, token string, p *WebhookMessageParams) (*discord.Message, error) {
	const op = "create followup"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := checkInput("execute_webhook", op, p); err != nil {
		return nil, err
	}
	body := *p
	if !p.OmitAttachments {
		body.Attachments = attachmentRefs(p.Attachments, p.Files)
	}
	var out discord.Message
	err := c.Do(ctx, &Request{Route: RouteCreateFollowup, Params: []string{idString(applicationID), token},
		Body: &body, Files: p.Files, Result: &out})
	return result(&out, err)
}

// GetFollowup returns a follow-up message.
func (c *Client) GetFollowup(ctx context.Context, applicationID discord.Snowflake, token string, messageID discord.Snowflake) (*discord.Message, error) {
	var out discord.Message
	err := c.Do(ctx, &Request{Route: RouteGetFollowup, Params: []string{idString(applicationID), token, idString(messageID)}, Result: &out})
	return result(&out, err)
}

// EditFollowup edits a follow-up message.
func (c *Client) EditFollowup(ctx context.Context, applicationID discord.Snowflake, token string, messageID discord.Snowflake, p *EditMessageParams) (*discord.Message, error) {
	return c.editWebhookMessage(ctx, "edit followup", RouteEditFollowup, []string{idString(applicationID), token, idString(messageID)}, p)
}

// DeleteFollowup deletes a follow-up message.
func (c *Client) DeleteFollowup(ctx context.Context, applicationID discord.Snowflake, token string, messageID discord.Snowflake) error {
	return c.Do(ctx, &Request{Route: RouteDeleteFollowup, Params: []string{idString(applicationID), token, idString(messageID)}})
}

func (c *Client) editWebhookMessage(ctx context.Context, op string, r Route, params []string, p *EditMessageParams) (*discord.Message, error) {
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := checkInput("update_webhook_message", op, p); err != nil {
		return nil, err
	}
	body := p.withRefs()
	var out discord.Message
	err := c.Do(ctx, &Request{Route: r, Params: params, Body: &body, Files: p.Files, Result: &out})
	return result(&out, err)
}
