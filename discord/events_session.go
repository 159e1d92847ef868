package discord

import "github.com/go-json-experiment/json/jsontext"

// Ready is the READY dispatch (reference 2.8): the session is established.
// Guilds are all unavailable here; each arrives later as GUILD_CREATE. Keep
// SessionID and ResumeGatewayURL to resume.
type Ready struct {
	V                int                `json:"v"`
	User             User               `json:"user"`
	Guilds           []UnavailableGuild `json:"guilds,omitzero"`
	SessionID        string             `json:"session_id"`
	ResumeGatewayURL string             `json:"resume_gateway_url,omitzero"`
	Shard            *[2]int            `json:"shard,omitzero"`
	Application      ReadyApplication   `json:"application,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// ReadyApplication is the partial application in READY.
type ReadyApplication struct {
	ID    Snowflake      `json:"id"`
	Flags int            `json:"flags"`
	Extra jsontext.Value `json:",embed"`
}

// Resumed is the RESUMED dispatch: replay after a RESUME is complete. Its
// payload carries nothing of use; any keys are kept in Extra.
type Resumed struct {
	Extra jsontext.Value `json:",embed"`
}

// RateLimited is the RATE_LIMITED dispatch: a gateway request (today only
// REQUEST_GUILD_MEMBERS) was rate limited. Meta holds the request's details
// (guild_id and nonce for op 8).
type RateLimited struct {
	Opcode     Opcode          `json:"opcode"`
	RetryAfter float64         `json:"retry_after"` // seconds
	Meta       RateLimitedMeta `json:"meta"`
	Extra      jsontext.Value  `json:",embed"`
}

// RateLimitedMeta describes the rate-limited request.
type RateLimitedMeta struct {
	GuildID Snowflake        `json:"guild_id,omitzero"`
	Nonce   Optional[string] `json:"nonce,omitzero"`
	Extra   jsontext.Value   `json:",embed"`
}

// UserUpdate is USER_UPDATE: the bot's own user changed.
type UserUpdate struct{ User }

// PresenceUpdateEvent is the PRESENCE_UPDATE dispatch. (PresenceUpdate is the
// op 3 command a bot sends to set its own presence.)
type PresenceUpdateEvent struct{ Presence }

// InteractionCreate is INTERACTION_CREATE: a user invoked a command,
// component or modal of the bot.
type InteractionCreate struct{ Interaction }

// ApplicationCommandPermissionsUpdate is APPLICATION_COMMAND_PERMISSIONS_UPDATE.
type ApplicationCommandPermissionsUpdate struct {
	// ID is the command's ID, or the application ID for app-wide permissions.
	ID            Snowflake                   `json:"id"`
	ApplicationID Snowflake                   `json:"application_id"`
	GuildID       Snowflake                   `json:"guild_id"`
	Permissions   []CommandPermissionOverride `json:"permissions,omitzero"`
	Extra         jsontext.Value              `json:",embed"`
}

// CommandPermissionOverride allows or denies a command for a role (type 1),
// user (2) or channel (3).
type CommandPermissionOverride struct {
	ID         Snowflake      `json:"id"`
	Type       int            `json:"type"`
	Permission bool           `json:"permission"`
	Extra      jsontext.Value `json:",embed"`
}
