package interactions

import (
	"context"

	"github.com/scurrygo/scurry/discord"
)

// The REST calls this package needs, as small consumer-owned interfaces.
// *rest.Client is meant to satisfy them (see the compile-time checks in this
// package's tests); any other client, a proxy or a test fake can too.
// Implementations must be safe for concurrent use, must not log tokens, and
// must return errors that keep ctx's cancellation visible to errors.Is.

// Responder sends the initial response of an interaction through
// POST /interactions/{id}/{token}/callback. The gateway path needs it; the
// HTTP endpoint answers inline instead.
type Responder interface {
	CreateInteractionResponse(ctx context.Context, interactionID discord.Snowflake, token string, resp *discord.InteractionResponse) error
}

// Webhooks edits the original response and manages follow-up messages through
// /webhooks/{application.id}/{interaction.token}/…. The token is valid for 15
// minutes after the interaction. The message body is the message part of
// InteractionCallbackData (content, embeds, components, flags, attachments,
// allowed mentions).
type Webhooks interface {
	EditOriginalInteractionResponse(ctx context.Context, applicationID discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error)
	DeleteOriginalInteractionResponse(ctx context.Context, applicationID discord.Snowflake, token string) error
	CreateFollowupMessage(ctx context.Context, applicationID discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error)
	EditFollowupMessage(ctx context.Context, applicationID discord.Snowflake, token string, messageID discord.Snowflake, msg *discord.InteractionCallbackData) (*discord.Message, error)
	DeleteFollowupMessage(ctx context.Context, applicationID discord.Snowflake, token string, messageID discord.Snowflake) error
}

// REST is everything responses need: the callback route and the webhook
// routes.
type REST interface {
	Responder
	Webhooks
}

// CommandsREST is what Syncer needs. guildID 0 means the global scope
// (/applications/{app}/commands), otherwise the guild's scope
// (/applications/{app}/guilds/{guild}/commands). List must return the
// commands with localizations (?with_localizations=true), so that they can be
// compared.
type CommandsREST interface {
	ApplicationCommands(ctx context.Context, applicationID, guildID discord.Snowflake) ([]discord.ApplicationCommand, error)
	CreateApplicationCommand(ctx context.Context, applicationID, guildID discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error)
	EditApplicationCommand(ctx context.Context, applicationID, guildID, commandID discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error)
	DeleteApplicationCommand(ctx context.Context, applicationID, guildID, commandID discord.Snowflake) error
	BulkOverwriteApplicationCommands(ctx context.Context, applicationID, guildID discord.Snowflake, cmds []discord.ApplicationCommand) ([]discord.ApplicationCommand, error)
}
