package discord

import "github.com/go-json-experiment/json/jsontext"

// Message is a message in a channel (reference: message object), as returned
// by REST and carried by MESSAGE_CREATE/MESSAGE_UPDATE (which add guild_id,
// member and channel_type; see MessageCreate). Fields Discord sends on every
// message are plain values; optional ones are Optional, pointers or omitted
// when empty, so absent and null survive a round trip. Unknown keys are kept
// in Extra.
//
// Slices in this package follow one rule: an absent key decodes as nil and a
// nil slice is not written; [] decodes as an empty non-nil slice and is
// written back as []. Build values with empty slices where [] must be sent.
type Message struct {
	ID              Snowflake              `json:"id"`
	ChannelID       Snowflake              `json:"channel_id"`
	Author          User                   `json:"author,omitzero"`
	Content         string                 `json:"content"`
	Timestamp       Timestamp              `json:"timestamp"`
	EditedTimestamp Nullable[Timestamp]    `json:"edited_timestamp,omitzero"`
	TTS             bool                   `json:"tts"`
	MentionEveryone bool                   `json:"mention_everyone"`
	Mentions        []UserMention          `json:"mentions,omitzero"`
	MentionRoles    []Snowflake            `json:"mention_roles,omitzero"`
	MentionChannels []ChannelMention       `json:"mention_channels,omitzero"`
	Attachments     []Attachment           `json:"attachments,omitzero"`
	Embeds          []Embed                `json:"embeds,omitzero"`
	Reactions       []Reaction             `json:"reactions,omitzero"`
	Nonce           Nonce                  `json:"nonce,omitzero"`
	Pinned          bool                   `json:"pinned"`
	WebhookID       Snowflake              `json:"webhook_id,omitzero"`
	Type            MessageType            `json:"type"`
	Activity        *MessageActivity       `json:"activity,omitzero"`
	Application     *MessageApplication    `json:"application,omitzero"`
	ApplicationID   Snowflake              `json:"application_id,omitzero"`
	Flags           Optional[MessageFlags] `json:"flags,omitzero"`

	MessageReference  *MessageReference  `json:"message_reference,omitzero"`
	MessageSnapshots  []MessageSnapshot  `json:"message_snapshots,omitzero"`
	ReferencedMessage Nullable[*Message] `json:"referenced_message,omitzero"`
	// Interaction is the deprecated predecessor of InteractionMetadata.
	Interaction          *MessageInteraction   `json:"interaction,omitzero"`
	InteractionMetadata  *InteractionMetadata  `json:"interaction_metadata,omitzero"`
	Thread               *Channel              `json:"thread,omitzero"`
	Components           Components            `json:"components,omitzero"`
	StickerItems         []StickerItem         `json:"sticker_items,omitzero"`
	Stickers             []Sticker             `json:"stickers,omitzero"` // deprecated
	Position             Optional[int]         `json:"position,omitzero"`
	RoleSubscriptionData *RoleSubscriptionData `json:"role_subscription_data,omitzero"`
	// Resolved holds users, members, channels and roles referenced by
	// components of the message.
	Resolved *ResolvedData `json:"resolved,omitzero"`
	Poll     *Poll         `json:"poll,omitzero"`
	Call     *MessageCall  `json:"call,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// ChannelMention is a channel mentioned in a crossposted message.
type ChannelMention struct {
	ID      Snowflake      `json:"id"`
	GuildID Snowflake      `json:"guild_id"`
	Type    ChannelType    `json:"type"`
	Name    string         `json:"name"`
	Extra   jsontext.Value `json:",embed"`
}

// MessageActivity is the Rich Presence invite carried by a message.
type MessageActivity struct {
	Type    int            `json:"type"` // 1 JOIN, 2 SPECTATE, 3 LISTEN, 5 JOIN_REQUEST
	PartyID string         `json:"party_id,omitzero"`
	Extra   jsontext.Value `json:",embed"`
}

// MessageApplication is the partial application sent with Rich Presence and
// interaction messages.
type MessageApplication struct {
	ID          Snowflake        `json:"id"`
	Name        string           `json:"name,omitzero"`
	Icon        Nullable[string] `json:"icon,omitzero"`
	Description string           `json:"description,omitzero"`
	CoverImage  string           `json:"cover_image,omitzero"`
	Bot         *User            `json:"bot,omitzero"`
	Extra       jsontext.Value   `json:",embed"`
}

// MessageReferenceType is the kind of a message reference.
type MessageReferenceType int

// Message reference types.
const (
	MessageReferenceDefault MessageReferenceType = 0 // a reply
	MessageReferenceForward MessageReferenceType = 1
)

// String returns "DEFAULT", "FORWARD" or "MessageReferenceType(n)".
func (t MessageReferenceType) String() string {
	return enumString("MessageReferenceType", []string{"DEFAULT", "FORWARD"}, int(t))
}

// MessageReference points at another message (replies, forwards, crossposts,
// pins, thread starters).
type MessageReference struct {
	Type            Optional[MessageReferenceType] `json:"type,omitzero"`
	MessageID       Snowflake                      `json:"message_id,omitzero"`
	ChannelID       Snowflake                      `json:"channel_id,omitzero"`
	GuildID         Snowflake                      `json:"guild_id,omitzero"`
	FailIfNotExists Optional[bool]                 `json:"fail_if_not_exists,omitzero"`
	Extra           jsontext.Value                 `json:",embed"`
}

// MessageSnapshot is a forwarded message's copy.
type MessageSnapshot struct {
	Message SnapshotMessage `json:"message"`
	Extra   jsontext.Value  `json:",embed"`
}

// SnapshotMessage is the subset of a message kept in a forward.
type SnapshotMessage struct {
	Type            MessageType            `json:"type"`
	Content         string                 `json:"content"`
	Embeds          []Embed                `json:"embeds,omitzero"`
	Attachments     []Attachment           `json:"attachments,omitzero"`
	Timestamp       Timestamp              `json:"timestamp,omitzero"`
	EditedTimestamp Nullable[Timestamp]    `json:"edited_timestamp,omitzero"`
	Flags           Optional[MessageFlags] `json:"flags,omitzero"`
	Mentions        []User                 `json:"mentions,omitzero"`
	MentionRoles    []Snowflake            `json:"mention_roles,omitzero"`
	StickerItems    []StickerItem          `json:"sticker_items,omitzero"`
	Components      Components             `json:"components,omitzero"`
	Extra           jsontext.Value         `json:",embed"`
}

// MessageInteraction is the deprecated summary of the interaction a message
// answers.
type MessageInteraction struct {
	ID     Snowflake      `json:"id"`
	Type   int            `json:"type"`
	Name   string         `json:"name"`
	User   User           `json:"user,omitzero"`
	Member *Member        `json:"member,omitzero"`
	Extra  jsontext.Value `json:",embed"`
}

// InteractionMetadata describes the interaction a message answers. The
// fields present depend on Type: commands set TargetUser/TargetMessageID,
// components set InteractedMessageID, modal submits set
// TriggeringInteractionMetadata.
type InteractionMetadata struct {
	ID                            Snowflake            `json:"id"`
	Type                          int                  `json:"type"`
	User                          User                 `json:"user,omitzero"`
	AuthorizingIntegrationOwners  map[string]Snowflake `json:"authorizing_integration_owners,omitzero"`
	OriginalResponseMessageID     Snowflake            `json:"original_response_message_id,omitzero"`
	TargetUser                    *User                `json:"target_user,omitzero"`
	TargetMessageID               Snowflake            `json:"target_message_id,omitzero"`
	InteractedMessageID           Snowflake            `json:"interacted_message_id,omitzero"`
	TriggeringInteractionMetadata *InteractionMetadata `json:"triggering_interaction_metadata,omitzero"`
	Extra                         jsontext.Value       `json:",embed"`
}

// RoleSubscriptionData is carried by ROLE_SUBSCRIPTION_PURCHASE messages.
type RoleSubscriptionData struct {
	RoleSubscriptionListingID Snowflake      `json:"role_subscription_listing_id"`
	TierName                  string         `json:"tier_name"`
	TotalMonthsSubscribed     int            `json:"total_months_subscribed"`
	IsRenewal                 bool           `json:"is_renewal"`
	Extra                     jsontext.Value `json:",embed"`
}

// MessageCall is carried by CALL messages in DMs.
type MessageCall struct {
	Participants   []Snowflake         `json:"participants,omitzero"`
	EndedTimestamp Nullable[Timestamp] `json:"ended_timestamp,omitzero"`
	Extra          jsontext.Value      `json:",embed"`
}
