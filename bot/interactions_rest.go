package bot

import (
	"context"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/rest"
)

// interactionsREST adapts *rest.Client to interactions.REST: the router
// speaks InteractionCallbackData, the REST client its own params types.
type interactionsREST struct{ c *rest.Client }

var _ interactions.REST = interactionsREST{}

func (a interactionsREST) CreateInteractionResponse(ctx context.Context, id discord.Snowflake, token string, r *discord.InteractionResponse) error {
	return a.c.CreateInteractionResponse(ctx, id, token, r)
}

func (a interactionsREST) EditOriginalInteractionResponse(ctx context.Context, app discord.Snowflake, token string, m *discord.InteractionCallbackData) (*discord.Message, error) {
	return a.c.EditOriginalResponse(ctx, app, token, editParams(m))
}

func (a interactionsREST) DeleteOriginalInteractionResponse(ctx context.Context, app discord.Snowflake, token string) error {
	return a.c.DeleteOriginalResponse(ctx, app, token)
}

func (a interactionsREST) CreateFollowupMessage(ctx context.Context, app discord.Snowflake, token string, m *discord.InteractionCallbackData) (*discord.Message, error) {
	p := &rest.WebhookMessageParams{
		Content:         m.Content,
		TTS:             m.TTS,
		Embeds:          m.Embeds,
		AllowedMentions: allowedMentions(m.AllowedMentions),
		Components:      m.Components,
		Attachments:     attachmentRefs(m.Attachments),
		Flags:           m.Flags,
		Poll:            m.Poll,
	}
	return a.c.CreateFollowup(ctx, app, token, p)
}

func (a interactionsREST) EditFollowupMessage(ctx context.Context, app discord.Snowflake, token string, id discord.Snowflake, m *discord.InteractionCallbackData) (*discord.Message, error) {
	return a.c.EditFollowup(ctx, app, token, id, editParams(m))
}

func (a interactionsREST) DeleteFollowupMessage(ctx context.Context, app discord.Snowflake, token string, id discord.Snowflake) error {
	return a.c.DeleteFollowup(ctx, app, token, id)
}

// editParams turns a message into an edit that sets the fields it has and
// leaves the others alone.
func editParams(m *discord.InteractionCallbackData) *rest.EditMessageParams {
	p := &rest.EditMessageParams{AllowedMentions: allowedMentions(m.AllowedMentions), Poll: m.Poll}
	if m.Content != "" {
		p.Content = discord.NonNull(m.Content)
	}
	if m.Embeds != nil {
		p.Embeds = discord.NonNull(m.Embeds)
	}
	if m.Flags != 0 {
		p.Flags = discord.NonNull(m.Flags)
	}
	if m.Components != nil {
		p.Components = discord.NonNull(m.Components)
	}
	if m.Attachments != nil {
		p.Attachments = discord.NonNull(attachmentRefs(m.Attachments))
	}
	return p
}

func allowedMentions(a *discord.AllowedMentions) *rest.AllowedMentions {
	if a == nil {
		return nil
	}
	return &rest.AllowedMentions{Parse: a.Parse, Roles: a.Roles, Users: a.Users, RepliedUser: a.RepliedUser}
}

func attachmentRefs(as []discord.Attachment) []rest.AttachmentRef {
	if as == nil {
		return nil
	}
	out := make([]rest.AttachmentRef, len(as))
	for i, a := range as {
		out[i] = rest.AttachmentRef{ID: a.ID, Filename: a.Filename, Description: a.Description}
	}
	return out
}
