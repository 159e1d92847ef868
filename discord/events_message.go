package discord

import "github.com/go-json-experiment/json/jsontext"

// MessageCreate is MESSAGE_CREATE: a Message plus the gateway-only fields.
// Member is the author's partial member (absent for webhooks and outside
// guilds).
type MessageCreate struct {
	Message
	GuildID     Snowflake             `json:"guild_id,omitzero"`
	Member      *Member               `json:"member,omitzero"`
	ChannelType Optional[ChannelType] `json:"channel_type,omitzero"`
}

// MessageDelete is MESSAGE_DELETE.
type MessageDelete struct {
	ID        Snowflake      `json:"id"`
	ChannelID Snowflake      `json:"channel_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// MessageDeleteBulk is MESSAGE_DELETE_BULK.
type MessageDeleteBulk struct {
	IDs       []Snowflake    `json:"ids,omitzero"`
	ChannelID Snowflake      `json:"channel_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// MessageReactionAdd is MESSAGE_REACTION_ADD. Emoji is partial (id, name,
// animated); Member is set in guilds.
type MessageReactionAdd struct {
	UserID          Snowflake              `json:"user_id"`
	ChannelID       Snowflake              `json:"channel_id"`
	MessageID       Snowflake              `json:"message_id"`
	GuildID         Snowflake              `json:"guild_id,omitzero"`
	Member          *Member                `json:"member,omitzero"`
	Emoji           Emoji                  `json:"emoji"`
	MessageAuthorID Snowflake              `json:"message_author_id,omitzero"`
	Burst           Optional[bool]         `json:"burst,omitzero"`
	BurstColors     []string               `json:"burst_colors,omitzero"`
	Type            Optional[ReactionType] `json:"type,omitzero"`
	Extra           jsontext.Value         `json:",embed"`
}

// MessageReactionRemove is MESSAGE_REACTION_REMOVE.
type MessageReactionRemove struct {
	UserID    Snowflake              `json:"user_id"`
	ChannelID Snowflake              `json:"channel_id"`
	MessageID Snowflake              `json:"message_id"`
	GuildID   Snowflake              `json:"guild_id,omitzero"`
	Emoji     Emoji                  `json:"emoji"`
	Burst     Optional[bool]         `json:"burst,omitzero"`
	Type      Optional[ReactionType] `json:"type,omitzero"`
	Extra     jsontext.Value         `json:",embed"`
}

// MessageReactionRemoveAll is MESSAGE_REACTION_REMOVE_ALL.
type MessageReactionRemoveAll struct {
	ChannelID Snowflake      `json:"channel_id"`
	MessageID Snowflake      `json:"message_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// MessageReactionRemoveEmoji is MESSAGE_REACTION_REMOVE_EMOJI.
type MessageReactionRemoveEmoji struct {
	ChannelID Snowflake      `json:"channel_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	MessageID Snowflake      `json:"message_id"`
	Emoji     Emoji          `json:"emoji"`
	Extra     jsontext.Value `json:",embed"`
}

// MessagePollVoteAdd is MESSAGE_POLL_VOTE_ADD (one event per answer).
type MessagePollVoteAdd struct {
	UserID    Snowflake      `json:"user_id"`
	ChannelID Snowflake      `json:"channel_id"`
	MessageID Snowflake      `json:"message_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	AnswerID  int            `json:"answer_id"`
	Extra     jsontext.Value `json:",embed"`
}

// MessagePollVoteRemove is MESSAGE_POLL_VOTE_REMOVE.
type MessagePollVoteRemove struct {
	UserID    Snowflake      `json:"user_id"`
	ChannelID Snowflake      `json:"channel_id"`
	MessageID Snowflake      `json:"message_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	AnswerID  int            `json:"answer_id"`
	Extra     jsontext.Value `json:",embed"`
}

// TypingStart is TYPING_START. Timestamp is in Unix seconds.
type TypingStart struct {
	ChannelID Snowflake      `json:"channel_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	UserID    Snowflake      `json:"user_id"`
	Timestamp int64          `json:"timestamp"`
	Member    *Member        `json:"member,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// InviteCreate is INVITE_CREATE. (It is not the REST invite object, which
// carries the guild and channel objects; that one is generated.)
type InviteCreate struct {
	ChannelID         Snowflake           `json:"channel_id"`
	Code              string              `json:"code"`
	CreatedAt         Timestamp           `json:"created_at"`
	GuildID           Snowflake           `json:"guild_id,omitzero"`
	Inviter           *User               `json:"inviter,omitzero"`
	MaxAge            int                 `json:"max_age"`
	MaxUses           int                 `json:"max_uses"`
	TargetType        Optional[int]       `json:"target_type,omitzero"`
	TargetUser        *User               `json:"target_user,omitzero"`
	TargetApplication jsontext.Value      `json:"target_application,omitzero"`
	Temporary         bool                `json:"temporary"`
	Uses              int                 `json:"uses"`
	ExpiresAt         Nullable[Timestamp] `json:"expires_at,omitzero"`
	Extra             jsontext.Value      `json:",embed"`
}

// InviteDelete is INVITE_DELETE.
type InviteDelete struct {
	ChannelID Snowflake      `json:"channel_id"`
	GuildID   Snowflake      `json:"guild_id,omitzero"`
	Code      string         `json:"code"`
	Extra     jsontext.Value `json:",embed"`
}
