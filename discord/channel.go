package discord

import "github.com/go-json-experiment/json/jsontext"

// ChannelType is the kind of a channel (reference 7).
type ChannelType int

// Channel types.
const (
	ChannelGuildText          ChannelType = 0
	ChannelDM                 ChannelType = 1
	ChannelGuildVoice         ChannelType = 2
	ChannelGroupDM            ChannelType = 3
	ChannelGuildCategory      ChannelType = 4
	ChannelGuildAnnouncement  ChannelType = 5
	ChannelAnnouncementThread ChannelType = 10
	ChannelPublicThread       ChannelType = 11
	ChannelPrivateThread      ChannelType = 12
	ChannelGuildStageVoice    ChannelType = 13
	ChannelGuildDirectory     ChannelType = 14
	ChannelGuildForum         ChannelType = 15
	ChannelGuildMedia         ChannelType = 16
)

var channelTypeNames = []string{
	0: "GUILD_TEXT", 1: "DM", 2: "GUILD_VOICE", 3: "GROUP_DM", 4: "GUILD_CATEGORY",
	5: "GUILD_ANNOUNCEMENT", 10: "ANNOUNCEMENT_THREAD", 11: "PUBLIC_THREAD",
	12: "PRIVATE_THREAD", 13: "GUILD_STAGE_VOICE", 14: "GUILD_DIRECTORY",
	15: "GUILD_FORUM", 16: "GUILD_MEDIA",
}

// String returns the reference name, or "ChannelType(n)" for unknown values.
func (t ChannelType) String() string { return enumString("ChannelType", channelTypeNames, int(t)) }

// IsThread reports whether channels of this type are threads.
func (t ChannelType) IsThread() bool {
	return t == ChannelAnnouncementThread || t == ChannelPublicThread || t == ChannelPrivateThread
}

// Channel is any channel: guild text/voice/category/forum channels, DMs and
// threads share this one struct, and fields that do not apply to a type stay
// absent. Unknown keys are kept in Extra. Fields marked Nullable are sent as
// null by Discord when unset (parent_id of a top-level channel, for example).
type Channel struct {
	ID                            Snowflake                 `json:"id"`
	Type                          ChannelType               `json:"type"`
	GuildID                       Snowflake                 `json:"guild_id,omitzero"`
	Position                      Optional[int]             `json:"position,omitzero"`
	PermissionOverwrites          []PermissionOverwrite     `json:"permission_overwrites,omitzero"`
	Name                          Nullable[string]          `json:"name,omitzero"`
	Topic                         Nullable[string]          `json:"topic,omitzero"`
	NSFW                          Optional[bool]            `json:"nsfw,omitzero"`
	LastMessageID                 Nullable[Snowflake]       `json:"last_message_id,omitzero"`
	Bitrate                       Optional[int]             `json:"bitrate,omitzero"`
	UserLimit                     Optional[int]             `json:"user_limit,omitzero"`
	RateLimitPerUser              Optional[int]             `json:"rate_limit_per_user,omitzero"`
	Recipients                    []User                    `json:"recipients,omitzero"`
	Icon                          Nullable[string]          `json:"icon,omitzero"`
	OwnerID                       Nullable[Snowflake]       `json:"owner_id,omitzero"`
	ApplicationID                 Snowflake                 `json:"application_id,omitzero"`
	Managed                       Optional[bool]            `json:"managed,omitzero"`
	ParentID                      Nullable[Snowflake]       `json:"parent_id,omitzero"`
	LastPinTimestamp              Nullable[Timestamp]       `json:"last_pin_timestamp,omitzero"`
	RTCRegion                     Nullable[string]          `json:"rtc_region,omitzero"`
	VideoQualityMode              Optional[int]             `json:"video_quality_mode,omitzero"`
	MessageCount                  Optional[int]             `json:"message_count,omitzero"`
	MemberCount                   Optional[int]             `json:"member_count,omitzero"`
	ThreadMetadata                *ThreadMetadata           `json:"thread_metadata,omitzero"`
	Member                        *ThreadMember             `json:"member,omitzero"`
	DefaultAutoArchiveDuration    Optional[int]             `json:"default_auto_archive_duration,omitzero"` // minutes
	Permissions                   Optional[Permissions]     `json:"permissions,omitzero"`
	Flags                         Optional[ChannelFlags]    `json:"flags,omitzero"`
	TotalMessageSent              Optional[int]             `json:"total_message_sent,omitzero"`
	AvailableTags                 []ForumTag                `json:"available_tags,omitzero"`
	AppliedTags                   []Snowflake               `json:"applied_tags,omitzero"`
	DefaultReactionEmoji          Nullable[DefaultReaction] `json:"default_reaction_emoji,omitzero"`
	DefaultThreadRateLimitPerUser Optional[int]             `json:"default_thread_rate_limit_per_user,omitzero"`
	DefaultSortOrder              Nullable[int]             `json:"default_sort_order,omitzero"`
	DefaultForumLayout            Optional[int]             `json:"default_forum_layout,omitzero"`
	DefaultTagSetting             Nullable[string]          `json:"default_tag_setting,omitzero"`

	// NewlyCreated is set on THREAD_CREATE when the thread was just made.
	NewlyCreated Optional[bool] `json:"newly_created,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// Mention returns the "<#id>" mention text.
func (c *Channel) Mention() string { return "<#" + c.ID.String() + ">" }

// ChannelFlags are the bits of a channel's flags field.
type ChannelFlags uint64

// Channel flags.
const (
	ChannelFlagPinned                   ChannelFlags = 1 << 1
	ChannelFlagRequireTag               ChannelFlags = 1 << 4
	ChannelFlagHideMediaDownloadOptions ChannelFlags = 1 << 15
)

// Has reports whether all bits of x are set.
func (f ChannelFlags) Has(x ChannelFlags) bool { return f&x == x }

// String renders the set.
func (f ChannelFlags) String() string {
	return formatFlags(uint64(f), []flagName{
		{uint64(ChannelFlagPinned), "PINNED"},
		{uint64(ChannelFlagRequireTag), "REQUIRE_TAG"},
		{uint64(ChannelFlagHideMediaDownloadOptions), "HIDE_MEDIA_DOWNLOAD_OPTIONS"},
	})
}

// OverwriteType says whether an overwrite targets a role or a member.
type OverwriteType int

// Overwrite types.
const (
	OverwriteRole   OverwriteType = 0
	OverwriteMember OverwriteType = 1
)

// String returns "ROLE", "MEMBER" or "OverwriteType(n)".
func (t OverwriteType) String() string {
	return enumString("OverwriteType", []string{"ROLE", "MEMBER"}, int(t))
}

// PermissionOverwrite adjusts permissions for a role or member in a channel
// (reference 5.1).
type PermissionOverwrite struct {
	ID    Snowflake     `json:"id"`
	Type  OverwriteType `json:"type"`
	Allow Permissions   `json:"allow"`
	Deny  Permissions   `json:"deny"`
}

// ThreadMetadata holds thread-only fields.
type ThreadMetadata struct {
	Archived            bool                `json:"archived"`
	AutoArchiveDuration int                 `json:"auto_archive_duration"` // minutes
	ArchiveTimestamp    Nullable[Timestamp] `json:"archive_timestamp,omitzero"`
	Locked              bool                `json:"locked"`
	Invitable           Optional[bool]      `json:"invitable,omitzero"`
	CreateTimestamp     Nullable[Timestamp] `json:"create_timestamp,omitzero"`
	Extra               jsontext.Value      `json:",embed"`
}

// ThreadMember is a user's membership of a thread. ID and UserID are absent
// on the member embedded in a thread channel from THREAD_CREATE/GUILD_CREATE;
// Member and Presence come only with THREAD_MEMBERS_UPDATE.
type ThreadMember struct {
	ID            Snowflake `json:"id,omitzero"`
	UserID        Snowflake `json:"user_id,omitzero"`
	JoinTimestamp Timestamp `json:"join_timestamp"`
	Flags         int       `json:"flags"`
	Member        *Member   `json:"member,omitzero"`
	// Presence is set on THREAD_MEMBERS_UPDATE.added_members (may be null).
	Presence Nullable[*Presence] `json:"presence,omitzero"`
	Extra    jsontext.Value      `json:",embed"`
}

// ForumTag is a tag that can be applied to threads in a forum or media channel.
type ForumTag struct {
	ID        Snowflake           `json:"id,omitzero"`
	Name      string              `json:"name"`
	Moderated bool                `json:"moderated"`
	EmojiID   Nullable[Snowflake] `json:"emoji_id,omitzero"`
	EmojiName Nullable[string]    `json:"emoji_name,omitzero"`
	Extra     jsontext.Value      `json:",embed"`
}

// DefaultReaction is the emoji shown on new forum posts.
type DefaultReaction struct {
	EmojiID   Nullable[Snowflake] `json:"emoji_id,omitzero"`
	EmojiName Nullable[string]    `json:"emoji_name,omitzero"`
}
