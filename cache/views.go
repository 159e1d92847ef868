package cache

import (
	"time"

	"github.com/scurrygo/scurry/discord"
)

// The types in this file are what the getters return: plain values, rebuilt
// from the cache's compact records on every call. Their slices are fresh
// copies, so a caller may keep or modify them without affecting the cache or
// other callers. Times are the zero time.Time when unset.

// User is a cached user.
type User struct {
	ID            discord.Snowflake
	Username      string
	GlobalName    string // empty when unset
	Discriminator string // "0" for migrated users
	Avatar        string // hash; empty for the default avatar
	Bot           bool
	System        bool
	PublicFlags   discord.UserFlags
}

// DisplayName returns the global name if set, else the username.
func (u User) DisplayName() string {
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// Member is a cached guild member with its user joined in. If the user
// record is missing (the member came from a partial payload and no full user
// was ever seen), User holds only the ID.
type Member struct {
	GuildID       discord.Snowflake
	User          User
	Nick          string
	Avatar        string // guild avatar hash
	Banner        string // guild banner hash
	Roles         []discord.Snowflake
	JoinedAt      time.Time
	PremiumSince  time.Time
	TimedOutUntil time.Time // communication_disabled_until
	Flags         discord.MemberFlags
	Deaf          bool
	Mute          bool
	Pending       bool
}

// TimedOutAt reports whether the member is timed out at t.
func (m Member) TimedOutAt(t time.Time) bool { return m.TimedOutUntil.After(t) }

// DisplayName returns the nickname if set, else the user's display name.
func (m Member) DisplayName() string {
	if m.Nick != "" {
		return m.Nick
	}
	return m.User.DisplayName()
}

// Role is a cached role.
type Role struct {
	ID           discord.Snowflake
	GuildID      discord.Snowflake
	Name         string
	Color        int
	Hoist        bool
	Managed      bool
	Mentionable  bool
	Icon         string
	UnicodeEmoji string
	Position     int
	Permissions  discord.Permissions
	Flags        discord.RoleFlags
	BotID        discord.Snowflake // tags.bot_id: the role belongs to this bot
}

// Channel is a cached guild channel, thread or DM channel.
type Channel struct {
	ID               discord.Snowflake
	GuildID          discord.Snowflake // zero for DMs
	Type             discord.ChannelType
	Name             string
	Topic            string
	Position         int
	ParentID         discord.Snowflake // category, or a thread's parent channel
	NSFW             bool
	Overwrites       []discord.PermissionOverwrite
	Bitrate          int
	UserLimit        int
	RateLimitPerUser int
	LastMessageID    discord.Snowflake
	LastPinAt        time.Time
	Flags            discord.ChannelFlags
	RTCRegion        string
	Recipients       []discord.Snowflake // DMs: the other users

	// Thread is set for threads.
	Thread *Thread
}

// Thread holds what only threads have. Channel.Thread is a fresh copy too.
type Thread struct {
	OwnerID             discord.Snowflake
	Archived            bool
	Locked              bool
	Invitable           bool
	AutoArchiveDuration int // minutes
	ArchivedAt          time.Time
	MessageCount        int
	MemberCount         int
	AppliedTags         []discord.Snowflake
	// Joined reports whether the bot is a member of the thread (from the
	// thread's member field, THREAD_MEMBER_UPDATE, THREAD_MEMBERS_UPDATE and
	// THREAD_LIST_SYNC).
	Joined bool
}

// Emoji is a cached custom guild emoji.
type Emoji struct {
	ID        discord.Snowflake
	Name      string
	Roles     []discord.Snowflake
	Animated  bool
	Managed   bool
	Available bool
}

// Sticker is a cached guild sticker.
type Sticker struct {
	ID          discord.Snowflake
	Name        string
	Description string
	Tags        string
	FormatType  discord.StickerFormat
	Available   bool
}

// Message is a cached message. The cache keeps the fields bots commonly read;
// embeds and components are counted, not kept (fetch the message over REST
// for those).
type Message struct {
	ID              discord.Snowflake
	ChannelID       discord.Snowflake
	GuildID         discord.Snowflake
	Author          User
	Content         string
	Type            discord.MessageType
	Flags           discord.MessageFlags
	Timestamp       time.Time
	EditedAt        time.Time
	TTS             bool
	Pinned          bool
	MentionEveryone bool
	Mentions        []discord.Snowflake // mentioned user IDs
	MentionRoles    []discord.Snowflake
	Attachments     []Attachment
	EmbedCount      int
	ComponentCount  int
	Reactions       []Reaction
	ReferenceID     discord.Snowflake // message_reference.message_id (reply or forward)
	WebhookID       discord.Snowflake
	ApplicationID   discord.Snowflake
}

// Attachment is a file attached to a cached message.
type Attachment struct {
	ID          discord.Snowflake
	Filename    string
	ContentType string
	Size        int
	URL         string
}

// Reaction is the count of one emoji on a cached message, kept up to date by
// the MESSAGE_REACTION_* events.
type Reaction struct {
	EmojiID    discord.Snowflake // zero for Unicode emojis
	EmojiName  string
	Animated   bool
	Count      int // normal and burst reactions together, as Discord counts
	BurstCount int
	Me         bool // the bot reacted (normal)
	MeBurst    bool // the bot reacted (burst)
}

// Presence is a cached member presence.
type Presence struct {
	GuildID    discord.Snowflake
	UserID     discord.Snowflake
	Status     discord.Status
	Desktop    discord.Status // per-platform statuses; empty when offline there
	Mobile     discord.Status
	Web        discord.Status
	Activities []Activity
}

// Activity is the part of a presence activity the cache keeps.
type Activity struct {
	Name    string
	Type    discord.ActivityType
	State   string
	Details string
	URL     string
}

// VoiceState is a cached member voice state.
type VoiceState struct {
	GuildID          discord.Snowflake
	ChannelID        discord.Snowflake
	UserID           discord.Snowflake
	SessionID        string
	Deaf             bool
	Mute             bool
	SelfDeaf         bool
	SelfMute         bool
	SelfStream       bool
	SelfVideo        bool
	Suppress         bool
	RequestToSpeakAt time.Time
}

// StageInstance is a cached live stage.
type StageInstance struct {
	ID           discord.Snowflake
	GuildID      discord.Snowflake
	ChannelID    discord.Snowflake
	Topic        string
	PrivacyLevel int
}

// Guild is a cached guild.
type Guild struct {
	ID                          discord.Snowflake
	Name                        string
	Icon                        string
	Banner                      string
	Splash                      string
	Description                 string
	OwnerID                     discord.Snowflake
	ApplicationID               discord.Snowflake
	AFKChannelID                discord.Snowflake
	AFKTimeout                  int // seconds
	SystemChannelID             discord.Snowflake
	SystemChannelFlags          int
	RulesChannelID              discord.Snowflake
	PublicUpdatesChannelID      discord.Snowflake
	SafetyAlertsChannelID       discord.Snowflake
	VerificationLevel           discord.VerificationLevel
	DefaultMessageNotifications discord.MessageNotificationLevel
	ExplicitContentFilter       discord.ExplicitContentFilter
	MFALevel                    discord.MFALevel
	NSFWLevel                   discord.NSFWLevel
	PremiumTier                 discord.PremiumTier
	PremiumSubscriptionCount    int
	PreferredLocale             string
	VanityURLCode               string
	Features                    []string
	MaxMembers                  int

	// From GUILD_CREATE, kept up to date by member add/remove events.
	MemberCount int
	Large       bool
	JoinedAt    time.Time

	// Unavailable is true for guilds announced by READY that have not arrived
	// yet, and for guilds in an outage (GUILD_DELETE with unavailable).
	// Other fields keep their last known values during an outage.
	Unavailable bool
}
