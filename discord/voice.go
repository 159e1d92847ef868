package discord

import "github.com/go-json-experiment/json/jsontext"

// VoiceState is a user's connection to a voice channel. A null ChannelID means
// the user left. In GUILD_CREATE.voice_states the guild_id is omitted.
// Unknown keys are kept in Extra.
type VoiceState struct {
	GuildID                 Snowflake           `json:"guild_id,omitzero"`
	ChannelID               Nullable[Snowflake] `json:"channel_id,omitzero"`
	UserID                  Snowflake           `json:"user_id"`
	Member                  *Member             `json:"member,omitzero"`
	SessionID               string              `json:"session_id"`
	Deaf                    bool                `json:"deaf"`
	Mute                    bool                `json:"mute"`
	SelfDeaf                bool                `json:"self_deaf"`
	SelfMute                bool                `json:"self_mute"`
	SelfStream              Optional[bool]      `json:"self_stream,omitzero"`
	SelfVideo               bool                `json:"self_video"`
	Suppress                bool                `json:"suppress"`
	RequestToSpeakTimestamp Nullable[Timestamp] `json:"request_to_speak_timestamp,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// StageInstance is a live stage in a stage channel.
type StageInstance struct {
	ID                    Snowflake           `json:"id"`
	GuildID               Snowflake           `json:"guild_id"`
	ChannelID             Snowflake           `json:"channel_id"`
	Topic                 string              `json:"topic"`
	PrivacyLevel          int                 `json:"privacy_level"` // 2 GUILD_ONLY
	DiscoverableDisabled  Optional[bool]      `json:"discoverable_disabled,omitzero"`
	GuildScheduledEventID Nullable[Snowflake] `json:"guild_scheduled_event_id,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// SoundboardSound is a sound that can be played in voice channels. GuildID is
// absent on default sounds.
type SoundboardSound struct {
	Name      string              `json:"name"`
	SoundID   Snowflake           `json:"sound_id"`
	Volume    float64             `json:"volume"`
	EmojiID   Nullable[Snowflake] `json:"emoji_id,omitzero"`
	EmojiName Nullable[string]    `json:"emoji_name,omitzero"`
	GuildID   Snowflake           `json:"guild_id,omitzero"`
	Available bool                `json:"available"`
	User      *User               `json:"user,omitzero"`

	Extra jsontext.Value `json:",embed"`
}
