package interactions

import (
	"context"
	"net/url"
	"strconv"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/rest"
)

// RESTAdapter makes a *rest.Client serve as REST (responses, edits,
// follow-ups) and CommandsREST (command sync). It adds what rest's typed
// methods leave out: command lists with localizations (so that Syncer can
// compare them) and command edits (PATCH), both sent through rest.Client.Do
// so that rate limiting applies. Safe for concurrent use.
type RESTAdapter struct {
	c *rest.Client
}

// AdaptREST wraps c.
func AdaptREST(c *rest.Client) *RESTAdapter { return &RESTAdapter{c: c} }

var (
	routeEditGlobalCommand = rest.Route{Method: "PATCH", Path: "/applications/{application_id}/commands/{command_id}"}
	routeEditGuildCommand  = rest.Route{Method: "PATCH", Path: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", Major: "guild_id"}
)

// CreateInteractionResponse implements Responder.
func (a *RESTAdapter) CreateInteractionResponse(ctx context.Context, interactionID discord.Snowflake, token string, resp *discord.InteractionResponse) error {
	return a.c.CreateInteractionResponse(ctx, interactionID, token, resp)
}

// EditOriginalInteractionResponse implements Webhooks. Zero fields of msg
// are left unchanged.
func (a *RESTAdapter) EditOriginalInteractionResponse(ctx context.Context, app discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	return a.c.EditOriginalResponse(ctx, app, token, editParams(msg))
}

// DeleteOriginalInteractionResponse implements Webhooks.
func (a *RESTAdapter) DeleteOriginalInteractionResponse(ctx context.Context, app discord.Snowflake, token string) error {
	return a.c.DeleteOriginalResponse(ctx, app, token)
}

// CreateFollowupMessage implements Webhooks.
func (a *RESTAdapter) CreateFollowupMessage(ctx context.Context, app discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	return a.c.CreateFollowup(ctx, app, token, &rest.WebhookMessageParams{
		Content: msg.Content, TTS: msg.TTS, Embeds: msg.Embeds, AllowedMentions: mentions(msg.AllowedMentions),
		Components: msg.Components, Attachments: refs(msg.Attachments), Flags: msg.Flags, Poll: msg.Poll,
	})
}

// EditFollowupMessage implements Webhooks. Zero fields of msg are left
// unchanged.
func (a *RESTAdapter) EditFollowupMessage(ctx context.Context, app discord.Snowflake, token string, messageID discord.Snowflake, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	return a.c.EditFollowup(ctx, app, token, messageID, editParams(msg))
}

// DeleteFollowupMessage implements Webhooks.
func (a *RESTAdapter) DeleteFollowupMessage(ctx context.Context, app discord.Snowflake, token string, messageID discord.Snowflake) error {
	return a.c.DeleteFollowup(ctx, app, token, messageID)
}

// ApplicationCommands implements CommandsREST, with localizations.
func (a *RESTAdapter) ApplicationCommands(ctx context.Context, app, guild discord.Snowflake) ([]discord.ApplicationCommand, error) {
	route, params := rest.RouteListGlobalCommands, []string{idStr(app)}
	if guild != 0 {
		route, params = rest.RouteListGuildCommands, []string{idStr(app), idStr(guild)}
	}
	var out []discord.ApplicationCommand
	err := a.c.Do(ctx, &rest.Request{Route: route, Params: params,
		Query: url.Values{"with_localizations": {"true"}}, Result: &out})
	return out, err
}

// CreateApplicationCommand implements CommandsREST.
func (a *RESTAdapter) CreateApplicationCommand(ctx context.Context, app, guild discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	if guild == 0 {
		return a.c.CreateGlobalCommand(ctx, app, cmd)
	}
	return a.c.CreateGuildCommand(ctx, app, guild, cmd)
}

// EditApplicationCommand implements CommandsREST (PATCH).
func (a *RESTAdapter) EditApplicationCommand(ctx context.Context, app, guild, id discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	route, params := routeEditGlobalCommand, []string{idStr(app), idStr(id)}
	if guild != 0 {
		route, params = routeEditGuildCommand, []string{idStr(app), idStr(guild), idStr(id)}
	}
	var out discord.ApplicationCommand
	if err := a.c.Do(ctx, &rest.Request{Route: route, Params: params, Body: cmd, Result: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteApplicationCommand implements CommandsREST.
func (a *RESTAdapter) DeleteApplicationCommand(ctx context.Context, app, guild, id discord.Snowflake) error {
	if guild == 0 {
		return a.c.DeleteGlobalCommand(ctx, app, id)
	}
	return a.c.DeleteGuildCommand(ctx, app, guild, id)
}

// BulkOverwriteApplicationCommands implements CommandsREST.
func (a *RESTAdapter) BulkOverwriteApplicationCommands(ctx context.Context, app, guild discord.Snowflake, cmds []discord.ApplicationCommand) ([]discord.ApplicationCommand, error) {
	if guild == 0 {
		return a.c.BulkOverwriteGlobalCommands(ctx, app, cmds)
	}
	return a.c.BulkOverwriteGuildCommands(ctx, app, guild, cmds)
}

func idStr(id discord.Snowflake) string { return strconv.FormatUint(uint64(id), 10) }

func editParams(m *discord.InteractionCallbackData) *rest.EditMessageParams {
	p := &rest.EditMessageParams{AllowedMentions: mentions(m.AllowedMentions), Poll: m.Poll}
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
		p.Attachments = discord.NonNull(refs(m.Attachments))
	}
	return p
}

func mentions(m *discord.AllowedMentions) *rest.AllowedMentions {
	if m == nil {
		return nil
	}
	return &rest.AllowedMentions{Parse: m.Parse, Roles: m.Roles, Users: m.Users, RepliedUser: m.RepliedUser}
}

func refs(as []discord.Attachment) []rest.AttachmentRef {
	if as == nil {
		return nil
	}
	out := make([]rest.AttachmentRef, len(as))
	for i, a := range as {
		out[i] = rest.AttachmentRef{ID: a.ID, Filename: a.Filename, Description: a.Description}
	}
	return out
}
