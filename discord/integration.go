package discord

import "github.com/go-json-experiment/json/jsontext"

// Integration is a guild integration (Twitch, YouTube, Discord bots and
// role subscriptions). Unknown keys are kept in Extra.
type Integration struct {
	ID                Snowflake               `json:"id"`
	Name              string                  `json:"name"`
	Type              string                  `json:"type"` // "twitch", "youtube", "discord", "guild_subscription"
	Enabled           bool                    `json:"enabled"`
	Syncing           Optional[bool]          `json:"syncing,omitzero"`
	RoleID            Snowflake               `json:"role_id,omitzero"`
	EnableEmoticons   Optional[bool]          `json:"enable_emoticons,omitzero"`
	ExpireBehavior    Optional[int]           `json:"expire_behavior,omitzero"`
	ExpireGracePeriod Optional[int]           `json:"expire_grace_period,omitzero"`
	User              *User                   `json:"user,omitzero"`
	Account           IntegrationAccount      `json:"account"`
	SyncedAt          Timestamp               `json:"synced_at,omitzero"`
	SubscriberCount   Optional[int]           `json:"subscriber_count,omitzero"`
	Revoked           Optional[bool]          `json:"revoked,omitzero"`
	Application       *IntegrationApplication `json:"application,omitzero"`
	Scopes            []string                `json:"scopes,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// IntegrationAccount is the external account behind an integration; its ID is
// not a snowflake for Twitch and YouTube.
type IntegrationAccount struct {
	ID    string         `json:"id"`
	Name  string         `json:"name"`
	Extra jsontext.Value `json:",embed"`
}

// IntegrationApplication is the bot application of a Discord integration.
type IntegrationApplication struct {
	ID          Snowflake        `json:"id"`
	Name        string           `json:"name"`
	Icon        Nullable[string] `json:"icon,omitzero"`
	Description string           `json:"description"`
	Bot         *User            `json:"bot,omitzero"`
	Extra       jsontext.Value   `json:",embed"`
}
