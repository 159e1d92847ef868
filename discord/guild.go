package discord

import "github.com/go-json-experiment/json/jsontext"

// Guild is a guild (server) as REST returns it and as GUILD_CREATE/UPDATE
// carry it. The fields after Stickers appear only in GUILD_CREATE (see
// GuildCreate); the approximate counts only with ?with_counts=true. Unknown
// keys are kept in Extra.
type Guild struct {
	ID                          Snowflake                          `json:"id"`
	Name                        string                             `json:"name,omitzero"`
	Icon                        Nullable[string]                   `json:"icon,omitzero"`
	IconHash                    Nullable[string]                   `json:"icon_hash,omitzero"`
	Splash                      Nullable[string]                   `json:"splash,omitzero"`
	DiscoverySplash             Nullable[string]                   `json:"discovery_splash,omitzero"`
	Owner                       Optional[bool]                     `json:"owner,omitzero"`
	OwnerID                     Snowflake                          `json:"owner_id,omitzero"`
	Permissions                 Optional[Permissions]              `json:"permissions,omitzero"`
	Region                      Nullable[string]                   `json:"region,omitzero"` // deprecated
	AFKChannelID                Nullable[Snowflake]                `json:"afk_channel_id,omitzero"`
	AFKTimeout                  Optional[int]                      `json:"afk_timeout,omitzero"` // seconds
	WidgetEnabled               Optional[bool]                     `json:"widget_enabled,omitzero"`
	WidgetChannelID             Nullable[Snowflake]                `json:"widget_channel_id,omitzero"`
	VerificationLevel           Optional[VerificationLevel]        `json:"verification_level,omitzero"`
	DefaultMessageNotifications Optional[MessageNotificationLevel] `json:"default_message_notifications,omitzero"`
	ExplicitContentFilter       Optional[ExplicitContentFilter]    `json:"explicit_content_filter,omitzero"`
	Roles                       []Role                             `json:"roles,omitzero"`
	Emojis                      []Emoji                            `json:"emojis,omitzero"`
	Features                    []string                           `json:"features,omitzero"`
	MFALevel                    Optional[MFALevel]                 `json:"mfa_level,omitzero"`
	ApplicationID               Nullable[Snowflake]                `json:"application_id,omitzero"`
	SystemChannelID             Nullable[Snowflake]                `json:"system_channel_id,omitzero"`
	SystemChannelFlags          Optional[int]                      `json:"system_channel_flags,omitzero"`
	RulesChannelID              Nullable[Snowflake]                `json:"rules_channel_id,omitzero"`
	MaxPresences                Nullable[int]                      `json:"max_presences,omitzero"`
	MaxMembers                  Optional[int]                      `json:"max_members,omitzero"`
	VanityURLCode               Nullable[string]                   `json:"vanity_url_code,omitzero"`
	Description                 Nullable[string]                   `json:"description,omitzero"`
	Banner                      Nullable[string]                   `json:"banner,omitzero"`
	PremiumTier                 Optional[PremiumTier]              `json:"premium_tier,omitzero"`
	PremiumSubscriptionCount    Optional[int]                      `json:"premium_subscription_count,omitzero"`
	PreferredLocale             string                             `json:"preferred_locale,omitzero"`
	PublicUpdatesChannelID      Nullable[Snowflake]                `json:"public_updates_channel_id,omitzero"`
	MaxVideoChannelUsers        Optional[int]                      `json:"max_video_channel_users,omitzero"`
	MaxStageVideoChannelUsers   Optional[int]                      `json:"max_stage_video_channel_users,omitzero"`
	ApproximateMemberCount      Nullable[int]                      `json:"approximate_member_count,omitzero"`
	ApproximatePresenceCount    Nullable[int]                      `json:"approximate_presence_count,omitzero"`
	NSFW                        Optional[bool]                     `json:"nsfw,omitzero"`
	NSFWLevel                   Optional[NSFWLevel]                `json:"nsfw_level,omitzero"`
	Stickers                    []Sticker                          `json:"stickers,omitzero"`
	PremiumProgressBarEnabled   Optional[bool]                     `json:"premium_progress_bar_enabled,omitzero"`
	SafetyAlertsChannelID       Nullable[Snowflake]                `json:"safety_alerts_channel_id,omitzero"`
	IncidentsData               Nullable[IncidentsData]            `json:"incidents_data,omitzero"`

	// Unavailable is true in GUILD_CREATE/GUILD_DELETE during an outage.
	Unavailable Optional[bool] `json:"unavailable,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// IncidentsData holds a guild's raid-protection state.
type IncidentsData struct {
	InvitesDisabledUntil Nullable[Timestamp] `json:"invites_disabled_until,omitzero"`
	DMsDisabledUntil     Nullable[Timestamp] `json:"dms_disabled_until,omitzero"`
	DMSpamDetectedAt     Nullable[Timestamp] `json:"dm_spam_detected_at,omitzero"`
	RaidDetectedAt       Nullable[Timestamp] `json:"raid_detected_at,omitzero"`
	Extra                jsontext.Value      `json:",embed"`
}

// UnavailableGuild is a guild the bot belongs to but has not received yet
// (READY.guilds) or that went away (GUILD_DELETE). In GUILD_DELETE an absent
// Unavailable means the bot was removed; true means an outage.
type UnavailableGuild struct {
	ID          Snowflake      `json:"id"`
	Unavailable Optional[bool] `json:"unavailable,omitzero"`
	Extra       jsontext.Value `json:",embed"`
}

// Removed reports whether a GUILD_DELETE means the bot left or was removed
// (rather than an outage).
func (g *UnavailableGuild) Removed() bool { return !g.Unavailable.Or(false) }
