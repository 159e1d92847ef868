package discord

import "github.com/go-json-experiment/json/jsontext"

// AutoModTriggerType says what an auto-moderation rule looks for.
type AutoModTriggerType int

// Auto-moderation trigger types.
const (
	AutoModTriggerKeyword       AutoModTriggerType = 1
	AutoModTriggerSpam          AutoModTriggerType = 3
	AutoModTriggerKeywordPreset AutoModTriggerType = 4
	AutoModTriggerMentionSpam   AutoModTriggerType = 5
	AutoModTriggerMemberProfile AutoModTriggerType = 6
)

// String returns the reference name or "AutoModTriggerType(n)".
func (t AutoModTriggerType) String() string {
	return enumString("AutoModTriggerType",
		[]string{1: "KEYWORD", 3: "SPAM", 4: "KEYWORD_PRESET", 5: "MENTION_SPAM", 6: "MEMBER_PROFILE"}, int(t))
}

// AutoModEventType says when a rule is checked.
type AutoModEventType int

// Auto-moderation event types.
const (
	AutoModEventMessageSend  AutoModEventType = 1
	AutoModEventMemberUpdate AutoModEventType = 2
)

// String returns the reference name or "AutoModEventType(n)".
func (t AutoModEventType) String() string {
	return enumString("AutoModEventType", []string{1: "MESSAGE_SEND", 2: "MEMBER_UPDATE"}, int(t))
}

// AutoModActionType is what a rule does when it triggers.
type AutoModActionType int

// Auto-moderation action types.
const (
	AutoModActionBlockMessage           AutoModActionType = 1
	AutoModActionSendAlertMessage       AutoModActionType = 2
	AutoModActionTimeout                AutoModActionType = 3
	AutoModActionBlockMemberInteraction AutoModActionType = 4
)

// String returns the reference name or "AutoModActionType(n)".
func (t AutoModActionType) String() string {
	return enumString("AutoModActionType", []string{1: "BLOCK_MESSAGE", 2: "SEND_ALERT_MESSAGE",
		3: "TIMEOUT", 4: "BLOCK_MEMBER_INTERACTION"}, int(t))
}

// AutoModRule is an auto-moderation rule. Unknown keys are kept in Extra.
type AutoModRule struct {
	ID              Snowflake              `json:"id"`
	GuildID         Snowflake              `json:"guild_id"`
	Name            string                 `json:"name"`
	CreatorID       Snowflake              `json:"creator_id"`
	EventType       AutoModEventType       `json:"event_type"`
	TriggerType     AutoModTriggerType     `json:"trigger_type"`
	TriggerMetadata AutoModTriggerMetadata `json:"trigger_metadata"`
	Actions         []AutoModAction        `json:"actions,omitzero"`
	Enabled         bool                   `json:"enabled"`
	ExemptRoles     []Snowflake            `json:"exempt_roles,omitzero"`
	ExemptChannels  []Snowflake            `json:"exempt_channels,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// AutoModTriggerMetadata configures a rule; which fields apply depends on
// the trigger type.
type AutoModTriggerMetadata struct {
	KeywordFilter                []string       `json:"keyword_filter,omitzero"`
	RegexPatterns                []string       `json:"regex_patterns,omitzero"`
	Presets                      []int          `json:"presets,omitzero"`
	AllowList                    []string       `json:"allow_list,omitzero"`
	MentionTotalLimit            Optional[int]  `json:"mention_total_limit,omitzero"`
	MentionRaidProtectionEnabled Optional[bool] `json:"mention_raid_protection_enabled,omitzero"`
	Extra                        jsontext.Value `json:",embed"`
}

// AutoModAction is one action of a rule.
type AutoModAction struct {
	Type     AutoModActionType      `json:"type"`
	Metadata *AutoModActionMetadata `json:"metadata,omitzero"`
	Extra    jsontext.Value         `json:",embed"`
}

// AutoModActionMetadata holds per-action settings.
type AutoModActionMetadata struct {
	ChannelID       Snowflake        `json:"channel_id,omitzero"`
	DurationSeconds Optional[int]    `json:"duration_seconds,omitzero"`
	CustomMessage   Optional[string] `json:"custom_message,omitzero"`
	Extra           jsontext.Value   `json:",embed"`
}
