package discord

import "github.com/go-json-experiment/json/jsontext"

// GuildCreate is GUILD_CREATE: a guild became available (after READY, after an
// outage, or on join). During an outage only ID and Unavailable are set. The
// fields below come only with this event.
type GuildCreate struct {
	Guild
	JoinedAt             Timestamp             `json:"joined_at,omitzero"`
	Large                Optional[bool]        `json:"large,omitzero"`
	MemberCount          Optional[int]         `json:"member_count,omitzero"`
	VoiceStates          []VoiceState          `json:"voice_states,omitzero"`
	Members              []Member              `json:"members,omitzero"`
	Channels             []Channel             `json:"channels,omitzero"`
	Threads              []Channel             `json:"threads,omitzero"`
	Presences            []Presence            `json:"presences,omitzero"`
	StageInstances       []StageInstance       `json:"stage_instances,omitzero"`
	GuildScheduledEvents []GuildScheduledEvent `json:"guild_scheduled_events,omitzero"`
	SoundboardSounds     []SoundboardSound     `json:"soundboard_sounds,omitzero"`
}

// GuildUpdate is GUILD_UPDATE.
type GuildUpdate struct{ Guild }

// GuildDelete is GUILD_DELETE: Removed reports whether the bot left or was
// removed; otherwise the guild is in an outage.
type GuildDelete struct{ UnavailableGuild }

// GuildAuditLogEntryCreate is GUILD_AUDIT_LOG_ENTRY_CREATE.
type GuildAuditLogEntryCreate struct {
	AuditLogEntry
	GuildID Snowflake `json:"guild_id"`
}

// GuildBanAdd is GUILD_BAN_ADD.
type GuildBanAdd struct {
	GuildID Snowflake      `json:"guild_id"`
	User    User           `json:"user"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildBanRemove is GUILD_BAN_REMOVE.
type GuildBanRemove struct {
	GuildID Snowflake      `json:"guild_id"`
	User    User           `json:"user"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildEmojisUpdate is GUILD_EMOJIS_UPDATE: Emojis is the full new list.
type GuildEmojisUpdate struct {
	GuildID Snowflake      `json:"guild_id"`
	Emojis  []Emoji        `json:"emojis,omitzero"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildStickersUpdate is GUILD_STICKERS_UPDATE: Stickers is the full new list.
type GuildStickersUpdate struct {
	GuildID  Snowflake      `json:"guild_id"`
	Stickers []Sticker      `json:"stickers,omitzero"`
	Extra    jsontext.Value `json:",embed"`
}

// GuildIntegrationsUpdate is GUILD_INTEGRATIONS_UPDATE.
type GuildIntegrationsUpdate struct {
	GuildID Snowflake      `json:"guild_id"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildMemberAdd is GUILD_MEMBER_ADD.
type GuildMemberAdd struct {
	Member
	GuildID Snowflake `json:"guild_id"`
}

// GuildMemberRemove is GUILD_MEMBER_REMOVE.
type GuildMemberRemove struct {
	GuildID Snowflake      `json:"guild_id"`
	User    User           `json:"user"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildMemberUpdate is GUILD_MEMBER_UPDATE: the member's new state (partial
// in old payloads: fields Discord omits stay absent).
type GuildMemberUpdate struct {
	Member
	GuildID Snowflake `json:"guild_id"`
}

// GuildMembersChunk is GUILD_MEMBERS_CHUNK, one answer to RequestGuildMembers.
// The request is complete when ChunkCount chunks with its Nonce arrived.
type GuildMembersChunk struct {
	GuildID    Snowflake        `json:"guild_id"`
	Members    []Member         `json:"members,omitzero"`
	ChunkIndex int              `json:"chunk_index"`
	ChunkCount int              `json:"chunk_count"`
	NotFound   []Snowflake      `json:"not_found,omitzero"`
	Presences  []Presence       `json:"presences,omitzero"`
	Nonce      Optional[string] `json:"nonce,omitzero"`
	Extra      jsontext.Value   `json:",embed"`
}

// GuildRoleCreate is GUILD_ROLE_CREATE.
type GuildRoleCreate struct {
	GuildID Snowflake      `json:"guild_id"`
	Role    Role           `json:"role"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildRoleUpdate is GUILD_ROLE_UPDATE.
type GuildRoleUpdate struct {
	GuildID Snowflake      `json:"guild_id"`
	Role    Role           `json:"role"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildRoleDelete is GUILD_ROLE_DELETE.
type GuildRoleDelete struct {
	GuildID Snowflake      `json:"guild_id"`
	RoleID  Snowflake      `json:"role_id"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildScheduledEventCreate is GUILD_SCHEDULED_EVENT_CREATE.
type GuildScheduledEventCreate struct{ GuildScheduledEvent }

// GuildScheduledEventUpdate is GUILD_SCHEDULED_EVENT_UPDATE.
type GuildScheduledEventUpdate struct{ GuildScheduledEvent }

// GuildScheduledEventDelete is GUILD_SCHEDULED_EVENT_DELETE.
type GuildScheduledEventDelete struct{ GuildScheduledEvent }

// GuildScheduledEventUserAdd is GUILD_SCHEDULED_EVENT_USER_ADD.
type GuildScheduledEventUserAdd struct {
	GuildScheduledEventID Snowflake      `json:"guild_scheduled_event_id"`
	UserID                Snowflake      `json:"user_id"`
	GuildID               Snowflake      `json:"guild_id"`
	Extra                 jsontext.Value `json:",embed"`
}

// GuildScheduledEventUserRemove is GUILD_SCHEDULED_EVENT_USER_REMOVE.
type GuildScheduledEventUserRemove struct {
	GuildScheduledEventID Snowflake      `json:"guild_scheduled_event_id"`
	UserID                Snowflake      `json:"user_id"`
	GuildID               Snowflake      `json:"guild_id"`
	Extra                 jsontext.Value `json:",embed"`
}

// GuildSoundboardSoundCreate is GUILD_SOUNDBOARD_SOUND_CREATE.
type GuildSoundboardSoundCreate struct{ SoundboardSound }

// GuildSoundboardSoundUpdate is GUILD_SOUNDBOARD_SOUND_UPDATE.
type GuildSoundboardSoundUpdate struct{ SoundboardSound }

// GuildSoundboardSoundDelete is GUILD_SOUNDBOARD_SOUND_DELETE.
type GuildSoundboardSoundDelete struct {
	SoundID Snowflake      `json:"sound_id"`
	GuildID Snowflake      `json:"guild_id"`
	Extra   jsontext.Value `json:",embed"`
}

// GuildSoundboardSoundsUpdate is GUILD_SOUNDBOARD_SOUNDS_UPDATE.
type GuildSoundboardSoundsUpdate struct {
	SoundboardSounds []SoundboardSound `json:"soundboard_sounds,omitzero"`
	GuildID          Snowflake         `json:"guild_id"`
	Extra            jsontext.Value    `json:",embed"`
}

// SoundboardSounds is SOUNDBOARD_SOUNDS, the answer to RequestSoundboardSounds
// (one per guild).
type SoundboardSounds struct {
	SoundboardSounds []SoundboardSound `json:"soundboard_sounds,omitzero"`
	GuildID          Snowflake         `json:"guild_id"`
	Extra            jsontext.Value    `json:",embed"`
}

// IntegrationCreate is INTEGRATION_CREATE.
type IntegrationCreate struct {
	Integration
	GuildID Snowflake `json:"guild_id"`
}

// IntegrationUpdate is INTEGRATION_UPDATE.
type IntegrationUpdate struct {
	Integration
	GuildID Snowflake `json:"guild_id"`
}

// IntegrationDelete is INTEGRATION_DELETE.
type IntegrationDelete struct {
	ID            Snowflake      `json:"id"`
	GuildID       Snowflake      `json:"guild_id"`
	ApplicationID Snowflake      `json:"application_id,omitzero"`
	Extra         jsontext.Value `json:",embed"`
}

// WebhooksUpdate is WEBHOOKS_UPDATE: a channel's webhooks changed.
type WebhooksUpdate struct {
	GuildID   Snowflake      `json:"guild_id"`
	ChannelID Snowflake      `json:"channel_id"`
	Extra     jsontext.Value `json:",embed"`
}
