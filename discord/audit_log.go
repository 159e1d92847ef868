package discord

import "github.com/go-json-experiment/json/jsontext"

// AuditLogEvent is the action an audit log entry records. The reference
// defines many; this package names the common ones and keeps the rest as
// numbers (String prints "AuditLogEvent(n)").
type AuditLogEvent int

// Common audit log events.
const (
	AuditLogGuildUpdate       AuditLogEvent = 1
	AuditLogChannelCreate     AuditLogEvent = 10
	AuditLogChannelUpdate     AuditLogEvent = 11
	AuditLogChannelDelete     AuditLogEvent = 12
	AuditLogMemberKick        AuditLogEvent = 20
	AuditLogMemberPrune       AuditLogEvent = 21
	AuditLogMemberBanAdd      AuditLogEvent = 22
	AuditLogMemberBanRemove   AuditLogEvent = 23
	AuditLogMemberUpdate      AuditLogEvent = 24
	AuditLogMemberRoleUpdate  AuditLogEvent = 25
	AuditLogRoleCreate        AuditLogEvent = 30
	AuditLogRoleUpdate        AuditLogEvent = 31
	AuditLogRoleDelete        AuditLogEvent = 32
	AuditLogMessageDelete     AuditLogEvent = 72
	AuditLogMessageBulkDelete AuditLogEvent = 73
)

var auditLogEventNames = map[AuditLogEvent]string{
	1: "GUILD_UPDATE", 10: "CHANNEL_CREATE", 11: "CHANNEL_UPDATE", 12: "CHANNEL_DELETE",
	13: "CHANNEL_OVERWRITE_CREATE", 14: "CHANNEL_OVERWRITE_UPDATE", 15: "CHANNEL_OVERWRITE_DELETE",
	20: "MEMBER_KICK", 21: "MEMBER_PRUNE", 22: "MEMBER_BAN_ADD", 23: "MEMBER_BAN_REMOVE",
	24: "MEMBER_UPDATE", 25: "MEMBER_ROLE_UPDATE", 26: "MEMBER_MOVE", 27: "MEMBER_DISCONNECT",
	28: "BOT_ADD", 30: "ROLE_CREATE", 31: "ROLE_UPDATE", 32: "ROLE_DELETE", 40: "INVITE_CREATE",
	41: "INVITE_UPDATE", 42: "INVITE_DELETE", 50: "WEBHOOK_CREATE", 51: "WEBHOOK_UPDATE",
	52: "WEBHOOK_DELETE", 60: "EMOJI_CREATE", 61: "EMOJI_UPDATE", 62: "EMOJI_DELETE",
	72: "MESSAGE_DELETE", 73: "MESSAGE_BULK_DELETE", 74: "MESSAGE_PIN", 75: "MESSAGE_UNPIN",
	80: "INTEGRATION_CREATE", 81: "INTEGRATION_UPDATE", 82: "INTEGRATION_DELETE",
	83: "STAGE_INSTANCE_CREATE", 84: "STAGE_INSTANCE_UPDATE", 85: "STAGE_INSTANCE_DELETE",
	90: "STICKER_CREATE", 91: "STICKER_UPDATE", 92: "STICKER_DELETE",
	100: "GUILD_SCHEDULED_EVENT_CREATE", 101: "GUILD_SCHEDULED_EVENT_UPDATE",
	102: "GUILD_SCHEDULED_EVENT_DELETE", 110: "THREAD_CREATE", 111: "THREAD_UPDATE",
	112: "THREAD_DELETE", 121: "APPLICATION_COMMAND_PERMISSION_UPDATE",
	130: "SOUNDBOARD_SOUND_CREATE", 131: "SOUNDBOARD_SOUND_UPDATE", 132: "SOUNDBOARD_SOUND_DELETE",
	140: "AUTO_MODERATION_RULE_CREATE", 141: "AUTO_MODERATION_RULE_UPDATE",
	142: "AUTO_MODERATION_RULE_DELETE", 143: "AUTO_MODERATION_BLOCK_MESSAGE",
	144: "AUTO_MODERATION_FLAG_TO_CHANNEL", 145: "AUTO_MODERATION_USER_COMMUNICATION_DISABLED",
	146: "AUTO_MODERATION_QUARANTINE_USER", 150: "CREATOR_MONETIZATION_REQUEST_CREATED",
	151: "CREATOR_MONETIZATION_TERMS_ACCEPTED", 163: "ONBOARDING_PROMPT_CREATE",
	164: "ONBOARDING_PROMPT_UPDATE", 165: "ONBOARDING_PROMPT_DELETE", 166: "ONBOARDING_CREATE",
	167: "ONBOARDING_UPDATE", 190: "HOME_SETTINGS_CREATE", 191: "HOME_SETTINGS_UPDATE",
	192: "VOICE_CHANNEL_STATUS_CREATE", 193: "VOICE_CHANNEL_STATUS_DELETE",
}

// String returns the reference name or "AuditLogEvent(n)".
func (e AuditLogEvent) String() string {
	if s, ok := auditLogEventNames[e]; ok {
		return s
	}
	return enumString("AuditLogEvent", nil, int(e))
}

// AuditLogEntry is one administrative action. Unknown keys are kept in Extra.
type AuditLogEntry struct {
	ID         Snowflake           `json:"id"`
	TargetID   Nullable[Snowflake] `json:"target_id,omitzero"`
	Changes    []AuditLogChange    `json:"changes,omitzero"`
	UserID     Nullable[Snowflake] `json:"user_id,omitzero"`
	ActionType AuditLogEvent       `json:"action_type"`
	// Options holds per-action details (channel_id, count, ...), kept raw
	// because its keys depend on ActionType.
	Options jsontext.Value   `json:"options,omitzero"`
	Reason  Optional[string] `json:"reason,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// AuditLogChange is one changed key; the values keep the type of the changed
// field, so they stay raw.
type AuditLogChange struct {
	Key      string         `json:"key"`
	NewValue jsontext.Value `json:"new_value,omitzero"`
	OldValue jsontext.Value `json:"old_value,omitzero"`
	Extra    jsontext.Value `json:",embed"`
}
