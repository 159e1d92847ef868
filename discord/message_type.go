package discord

import (
	"errors"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// MessageType is the kind of a message (reference 7).
type MessageType int

// Message types.
const (
	MessageTypeDefault                                 MessageType = 0
	MessageTypeRecipientAdd                            MessageType = 1
	MessageTypeRecipientRemove                         MessageType = 2
	MessageTypeCall                                    MessageType = 3
	MessageTypeChannelNameChange                       MessageType = 4
	MessageTypeChannelIconChange                       MessageType = 5
	MessageTypeChannelPinnedMessage                    MessageType = 6
	MessageTypeUserJoin                                MessageType = 7
	MessageTypeGuildBoost                              MessageType = 8
	MessageTypeGuildBoostTier1                         MessageType = 9
	MessageTypeGuildBoostTier2                         MessageType = 10
	MessageTypeGuildBoostTier3                         MessageType = 11
	MessageTypeChannelFollowAdd                        MessageType = 12
	MessageTypeGuildDiscoveryDisqualified              MessageType = 14
	MessageTypeGuildDiscoveryRequalified               MessageType = 15
	MessageTypeGuildDiscoveryGracePeriodInitialWarning MessageType = 16
	MessageTypeGuildDiscoveryGracePeriodFinalWarning   MessageType = 17
	MessageTypeThreadCreated                           MessageType = 18
	MessageTypeReply                                   MessageType = 19
	MessageTypeChatInputCommand                        MessageType = 20
	MessageTypeThreadStarterMessage                    MessageType = 21
	MessageTypeGuildInviteReminder                     MessageType = 22
	MessageTypeContextMenuCommand                      MessageType = 23
	MessageTypeAutoModerationAction                    MessageType = 24
	MessageTypeRoleSubscriptionPurchase                MessageType = 25
	MessageTypeInteractionPremiumUpsell                MessageType = 26
	MessageTypeStageStart                              MessageType = 27
	MessageTypeStageEnd                                MessageType = 28
	MessageTypeStageSpeaker                            MessageType = 29
	MessageTypeStageTopic                              MessageType = 31
	MessageTypeGuildApplicationPremiumSubscription     MessageType = 32
	MessageTypeGuildIncidentAlertModeEnabled           MessageType = 36
	MessageTypeGuildIncidentAlertModeDisabled          MessageType = 37
	MessageTypeGuildIncidentReportRaid                 MessageType = 38
	MessageTypeGuildIncidentReportFalseAlarm           MessageType = 39
	MessageTypePurchaseNotification                    MessageType = 44
	MessageTypePollResult                              MessageType = 46
	MessageTypeHDStreamingUpgraded                     MessageType = 55
)

var messageTypeNames = []string{
	0: "DEFAULT", 1: "RECIPIENT_ADD", 2: "RECIPIENT_REMOVE", 3: "CALL",
	4: "CHANNEL_NAME_CHANGE", 5: "CHANNEL_ICON_CHANGE", 6: "CHANNEL_PINNED_MESSAGE",
	7: "USER_JOIN", 8: "GUILD_BOOST", 9: "GUILD_BOOST_TIER_1", 10: "GUILD_BOOST_TIER_2",
	11: "GUILD_BOOST_TIER_3", 12: "CHANNEL_FOLLOW_ADD", 14: "GUILD_DISCOVERY_DISQUALIFIED",
	15: "GUILD_DISCOVERY_REQUALIFIED", 16: "GUILD_DISCOVERY_GRACE_PERIOD_INITIAL_WARNING",
	17: "GUILD_DISCOVERY_GRACE_PERIOD_FINAL_WARNING", 18: "THREAD_CREATED", 19: "REPLY",
	20: "CHAT_INPUT_COMMAND", 21: "THREAD_STARTER_MESSAGE", 22: "GUILD_INVITE_REMINDER",
	23: "CONTEXT_MENU_COMMAND", 24: "AUTO_MODERATION_ACTION", 25: "ROLE_SUBSCRIPTION_PURCHASE",
	26: "INTERACTION_PREMIUM_UPSELL", 27: "STAGE_START", 28: "STAGE_END", 29: "STAGE_SPEAKER",
	31: "STAGE_TOPIC", 32: "GUILD_APPLICATION_PREMIUM_SUBSCRIPTION",
	36: "GUILD_INCIDENT_ALERT_MODE_ENABLED", 37: "GUILD_INCIDENT_ALERT_MODE_DISABLED",
	38: "GUILD_INCIDENT_REPORT_RAID", 39: "GUILD_INCIDENT_REPORT_FALSE_ALARM",
	44: "PURCHASE_NOTIFICATION", 46: "POLL_RESULT", 55: "HD_STREAMING_UPGRADED",
}

// String returns the reference name, or "MessageType(n)" for unknown values.
func (t MessageType) String() string { return enumString("MessageType", messageTypeNames, int(t)) }

// Deletable reports whether messages of this type can be deleted (reference 7;
// AUTO_MODERATION_ACTION needs MANAGE_MESSAGES). Unknown types report true and
// let Discord decide.
func (t MessageType) Deletable() bool {
	switch t {
	case MessageTypeRecipientAdd, MessageTypeRecipientRemove, MessageTypeCall, MessageTypeChannelNameChange,
		MessageTypeChannelIconChange, MessageTypeThreadStarterMessage:
		return false
	}
	return true
}

// Nonce is a message nonce. Discord echoes whatever the sender used, a string
// or an integer; Nonce remembers which, so it re-encodes the same way. The
// zero value is "no nonce" (an absent key); a decoded JSON null is kept as
// null (older payloads send "nonce": null).
type Nonce struct {
	// Value is the nonce's text (for an integer nonce, its decimal digits).
	Value string
	// Int is true when the nonce travels as a JSON number.
	Int bool

	null bool
}

// IsZero reports an absent nonce.
func (n Nonce) IsZero() bool { return n.Value == "" && !n.Int && !n.null }

// IsNull reports a nonce decoded from JSON null.
func (n Nonce) IsNull() bool { return n.null }

// String returns Value.
func (n Nonce) String() string { return n.Value }

// MarshalJSONTo writes a string, a number when Int is set, or null.
func (n Nonce) MarshalJSONTo(enc *jsontext.Encoder) error {
	if n.null {
		return enc.WriteToken(jsontext.Null)
	}
	if n.Int {
		if _, err := parseDigits([]byte(trimMinus(n.Value))); err != nil {
			return errors.New("discord: integer nonce " + quoteShort(n.Value) + " is not an integer")
		}
		return enc.WriteValue(jsontext.Value(n.Value))
	}
	return enc.WriteToken(jsontext.String(n.Value))
}

// UnmarshalJSONFrom reads a string, an integer or null.
func (n *Nonce) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	switch v.Kind() {
	case 'n':
		*n = Nonce{null: true}
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return err
		}
		*n = Nonce{Value: s}
	case '0':
		if _, err := parseDigits([]byte(trimMinus(string(v)))); err != nil {
			return errors.New("discord: nonce must be a string or an integer, got " + quoteShort(string(v)))
		}
		*n = Nonce{Value: string(v), Int: true}
	default:
		return errors.New("discord: nonce must be a string or an integer, got " + v.Kind().String())
	}
	return nil
}

func trimMinus(s string) string {
	if len(s) > 1 && s[0] == '-' {
		return s[1:]
	}
	return s
}
