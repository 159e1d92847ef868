package discord

// GatewayBot is the answer of GET /gateway/bot.
type GatewayBot struct {
	URL               string            `json:"url"`
	Shards            int               `json:"shards"`
	SessionStartLimit SessionStartLimit `json:"session_start_limit"`
}

// Gateway is the answer of GET /gateway.
type Gateway struct {
	URL string `json:"url"`
}

// SessionStartLimit is the IDENTIFY budget of a bot token (reference 2.1).
type SessionStartLimit struct {
	Total          int `json:"total"`
	Remaining      int `json:"remaining"`
	ResetAfter     int `json:"reset_after"` // milliseconds
	MaxConcurrency int `json:"max_concurrency"`
}

// Hello is the d of op 10.
type Hello struct {
	HeartbeatInterval int `json:"heartbeat_interval"` // milliseconds
}

// Identify is the d of op 2.
type Identify struct {
	Token          string             `json:"token"`
	Properties     IdentifyProperties `json:"properties"`
	Compress       bool               `json:"compress,omitzero"`
	LargeThreshold int                `json:"large_threshold,omitzero"`
	Shard          *[2]int            `json:"shard,omitzero"`
	Presence       *PresenceUpdate    `json:"presence,omitzero"`
	Intents        Intents            `json:"intents"`
}

// IdentifyProperties describes the connecting client.
type IdentifyProperties struct {
	OS      string `json:"os"`
	Browser string `json:"browser"`
	Device  string `json:"device"`
}

// Resume is the d of op 6.
type Resume struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

// PresenceUpdate is the d of op 3 (and Identify.presence).
type PresenceUpdate struct {
	Since      *int64     `json:"since"` // Unix ms when idle, or null
	Activities []Activity `json:"activities"`
	Status     Status     `json:"status"`
	AFK        bool       `json:"afk"`
}

// Status is a presence status.
type Status string

// Presence statuses.
const (
	StatusOnline    Status = "online"
	StatusDND       Status = "dnd"
	StatusIdle      Status = "idle"
	StatusInvisible Status = "invisible"
	StatusOffline   Status = "offline"
)

// VoiceStateUpdateCommand is the d of op 4. A zero ChannelID disconnects.
type VoiceStateUpdateCommand struct {
	GuildID   Snowflake  `json:"guild_id"`
	ChannelID *Snowflake `json:"channel_id"`
	SelfMute  bool       `json:"self_mute"`
	SelfDeaf  bool       `json:"self_deaf"`
}

// RequestGuildMembers is the d of op 8. Set Query (with Limit) or UserIDs.
type RequestGuildMembers struct {
	GuildID   Snowflake   `json:"guild_id"`
	Query     *string     `json:"query,omitzero"`
	Limit     int         `json:"limit"`
	Presences bool        `json:"presences,omitzero"`
	UserIDs   []Snowflake `json:"user_ids,omitzero"`
	Nonce     string      `json:"nonce,omitzero"`
}

// RequestSoundboardSounds is the d of op 31.
type RequestSoundboardSounds struct {
	GuildIDs []Snowflake `json:"guild_ids"`
}

// RequestChannelInfo is the d of op 43.
type RequestChannelInfo struct {
	GuildID Snowflake `json:"guild_id"`
	Fields  []string  `json:"fields"`
}
