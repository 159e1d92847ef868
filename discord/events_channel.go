package discord

import "github.com/go-json-experiment/json/jsontext"

// ChannelCreate is CHANNEL_CREATE.
type ChannelCreate struct{ Channel }

// ChannelUpdate is CHANNEL_UPDATE (not sent for last_message_id changes).
type ChannelUpdate struct{ Channel }

// ChannelDelete is CHANNEL_DELETE.
type ChannelDelete struct{ Channel }

// ChannelInfo is CHANNEL_INFO, the answer to RequestChannelInfo: ephemeral
// voice-channel data that channel objects do not carry.
type ChannelInfo struct {
	GuildID  Snowflake          `json:"guild_id"`
	Channels []ChannelInfoEntry `json:"channels,omitzero"`
	Extra    jsontext.Value     `json:",embed"`
}

// ChannelInfoEntry is one channel of CHANNEL_INFO; only the requested fields
// are present.
type ChannelInfoEntry struct {
	ID             Snowflake        `json:"id"`
	Status         Nullable[string] `json:"status,omitzero"`
	VoiceStartTime Nullable[int64]  `json:"voice_start_time,omitzero"` // Unix seconds
	Extra          jsontext.Value   `json:",embed"`
}

// ChannelPinsUpdate is CHANNEL_PINS_UPDATE.
type ChannelPinsUpdate struct {
	GuildID          Snowflake           `json:"guild_id,omitzero"`
	ChannelID        Snowflake           `json:"channel_id"`
	LastPinTimestamp Nullable[Timestamp] `json:"last_pin_timestamp,omitzero"`
	Extra            jsontext.Value      `json:",embed"`
}

// ThreadCreate is THREAD_CREATE; NewlyCreated is set when the thread is new
// (rather than the bot gaining access to an existing one).
type ThreadCreate struct{ Channel }

// ThreadUpdate is THREAD_UPDATE.
type ThreadUpdate struct{ Channel }

// ThreadDelete is THREAD_DELETE; only ID, GuildID, ParentID and Type are set.
type ThreadDelete struct{ Channel }

// ThreadListSync is THREAD_LIST_SYNC: the active threads of the listed
// parent channels (all of the guild's when ChannelIDs is absent).
type ThreadListSync struct {
	GuildID    Snowflake      `json:"guild_id"`
	ChannelIDs []Snowflake    `json:"channel_ids,omitzero"`
	Threads    []Channel      `json:"threads,omitzero"`
	Members    []ThreadMember `json:"members,omitzero"`
	Extra      jsontext.Value `json:",embed"`
}

// ThreadMemberUpdate is THREAD_MEMBER_UPDATE: the bot's own thread membership.
type ThreadMemberUpdate struct {
	ThreadMember
	GuildID Snowflake `json:"guild_id"`
}

// ThreadMembersUpdate is THREAD_MEMBERS_UPDATE.
type ThreadMembersUpdate struct {
	ID               Snowflake      `json:"id"`
	GuildID          Snowflake      `json:"guild_id"`
	MemberCount      int            `json:"member_count"`
	AddedMembers     []ThreadMember `json:"added_members,omitzero"`
	RemovedMemberIDs []Snowflake    `json:"removed_member_ids,omitzero"`
	Extra            jsontext.Value `json:",embed"`
}

// StageInstanceCreate is STAGE_INSTANCE_CREATE.
type StageInstanceCreate struct{ StageInstance }

// StageInstanceUpdate is STAGE_INSTANCE_UPDATE.
type StageInstanceUpdate struct{ StageInstance }

// StageInstanceDelete is STAGE_INSTANCE_DELETE.
type StageInstanceDelete struct{ StageInstance }

// VoiceStateUpdate is VOICE_STATE_UPDATE.
type VoiceStateUpdate struct{ VoiceState }

// VoiceServerUpdate is VOICE_SERVER_UPDATE: where to connect for voice. A
// null Endpoint means the server went away; wait for another update.
type VoiceServerUpdate struct {
	Token    string           `json:"token"`
	GuildID  Snowflake        `json:"guild_id"`
	Endpoint Nullable[string] `json:"endpoint,omitzero"`
	Extra    jsontext.Value   `json:",embed"`
}

// VoiceChannelEffectSend is VOICE_CHANNEL_EFFECT_SEND (an emoji or soundboard
// effect in a voice channel). SoundID is a snowflake or a small integer for
// default sounds, so it is kept raw.
type VoiceChannelEffectSend struct {
	ChannelID     Snowflake         `json:"channel_id"`
	GuildID       Snowflake         `json:"guild_id"`
	UserID        Snowflake         `json:"user_id"`
	Emoji         Nullable[Emoji]   `json:"emoji,omitzero"`
	AnimationType Nullable[int]     `json:"animation_type,omitzero"`
	AnimationID   Optional[int]     `json:"animation_id,omitzero"`
	SoundID       jsontext.Value    `json:"sound_id,omitzero"`
	SoundVolume   Optional[float64] `json:"sound_volume,omitzero"`
	Extra         jsontext.Value    `json:",embed"`
}

// VoiceChannelStartTimeUpdate is VOICE_CHANNEL_START_TIME_UPDATE.
type VoiceChannelStartTimeUpdate struct {
	ID             Snowflake       `json:"id"`
	GuildID        Snowflake       `json:"guild_id"`
	VoiceStartTime Nullable[int64] `json:"voice_start_time,omitzero"` // Unix seconds
	Extra          jsontext.Value  `json:",embed"`
}

// VoiceChannelStatusUpdate is VOICE_CHANNEL_STATUS_UPDATE.
type VoiceChannelStatusUpdate struct {
	ID      Snowflake        `json:"id"`
	GuildID Snowflake        `json:"guild_id"`
	Status  Nullable[string] `json:"status,omitzero"`
	Extra   jsontext.Value   `json:",embed"`
}
