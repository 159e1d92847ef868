package discord

import "github.com/go-json-experiment/json/jsontext"

// AutoModerationRuleCreate is AUTO_MODERATION_RULE_CREATE.
type AutoModerationRuleCreate struct{ AutoModRule }

// AutoModerationRuleUpdate is AUTO_MODERATION_RULE_UPDATE.
type AutoModerationRuleUpdate struct{ AutoModRule }

// AutoModerationRuleDelete is AUTO_MODERATION_RULE_DELETE.
type AutoModerationRuleDelete struct{ AutoModRule }

// AutoModerationActionExecution is AUTO_MODERATION_ACTION_EXECUTION. Content,
// MatchedKeyword and MatchedContent are empty without the MESSAGE_CONTENT
// intent.
type AutoModerationActionExecution struct {
	GuildID              Snowflake          `json:"guild_id"`
	Action               AutoModAction      `json:"action"`
	RuleID               Snowflake          `json:"rule_id"`
	RuleTriggerType      AutoModTriggerType `json:"rule_trigger_type"`
	UserID               Snowflake          `json:"user_id"`
	ChannelID            Snowflake          `json:"channel_id,omitzero"`
	MessageID            Snowflake          `json:"message_id,omitzero"`
	AlertSystemMessageID Snowflake          `json:"alert_system_message_id,omitzero"`
	Content              string             `json:"content"`
	MatchedKeyword       Nullable[string]   `json:"matched_keyword,omitzero"`
	MatchedContent       Nullable[string]   `json:"matched_content,omitzero"`
	Extra                jsontext.Value     `json:",embed"`
}

// EntitlementCreate is ENTITLEMENT_CREATE.
type EntitlementCreate struct{ Entitlement }

// EntitlementUpdate is ENTITLEMENT_UPDATE.
type EntitlementUpdate struct{ Entitlement }

// EntitlementDelete is ENTITLEMENT_DELETE.
type EntitlementDelete struct{ Entitlement }

// SubscriptionCreate is SUBSCRIPTION_CREATE.
type SubscriptionCreate struct{ Subscription }

// SubscriptionUpdate is SUBSCRIPTION_UPDATE.
type SubscriptionUpdate struct{ Subscription }

// SubscriptionDelete is SUBSCRIPTION_DELETE.
type SubscriptionDelete struct{ Subscription }
