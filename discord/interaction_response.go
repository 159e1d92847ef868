package discord

import (
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// InteractionCallbackType is the kind of an interaction response (reference 4.3).
type InteractionCallbackType int

// Callback types.
const (
	CallbackPong                                 InteractionCallbackType = 1
	CallbackChannelMessageWithSource             InteractionCallbackType = 4
	CallbackDeferredChannelMessageWithSource     InteractionCallbackType = 5
	CallbackDeferredUpdateMessage                InteractionCallbackType = 6
	CallbackUpdateMessage                        InteractionCallbackType = 7
	CallbackApplicationCommandAutocompleteResult InteractionCallbackType = 8
	CallbackModal                                InteractionCallbackType = 9
	CallbackPremiumRequired                      InteractionCallbackType = 10 // deprecated by Discord
	CallbackLaunchActivity                       InteractionCallbackType = 12
)

var callbackTypeNames = []string{1: "Pong", 4: "ChannelMessageWithSource",
	5: "DeferredChannelMessageWithSource", 6: "DeferredUpdateMessage", 7: "UpdateMessage",
	8: "ApplicationCommandAutocompleteResult", 9: "Modal", 10: "PremiumRequired", 12: "LaunchActivity"}

// String returns the type's name, or "InteractionCallbackType(n)".
func (t InteractionCallbackType) String() string {
	if t > 0 && int(t) < len(callbackTypeNames) && callbackTypeNames[t] != "" {
		return callbackTypeNames[t]
	}
	return "InteractionCallbackType(" + strconv.Itoa(int(t)) + ")"
}

// InteractionResponse is the initial answer to an interaction: the body of
// the HTTP endpoint's reply or of POST /interactions/{id}/{token}/callback.
type InteractionResponse struct {
	Type InteractionCallbackType  `json:"type"`
	Data *InteractionCallbackData `json:"data,omitzero"`
}

// InteractionCallbackData is the data of every callback type; which fields
// apply depends on the type:
//   - message (4, 7) and deferred message (5, only Flags EPHEMERAL): TTS,
//     Content, Embeds, AllowedMentions, Flags, Components, Attachments, Poll;
//   - autocomplete result (8): Choices (≤25);
//   - modal (9): CustomID (1-100), Title (≤45), Components (1-5).
//
// Fields that are zero are omitted; to clear all components of a message in
// an update, set Components to an empty non-nil slice.
type InteractionCallbackData struct {
	TTS             bool                             `json:"tts,omitzero"`
	Content         string                           `json:"content,omitzero"`
	Embeds          []Embed                          `json:"embeds,omitzero"`
	AllowedMentions *AllowedMentions                 `json:"allowed_mentions,omitzero"`
	Flags           MessageFlags                     `json:"flags,omitzero"`
	Components      Components                       `json:"components,omitzero"`
	Attachments     []Attachment                     `json:"attachments,omitzero"`
	Poll            jsontext.Value                   `json:"poll,omitzero"`
	Choices         []ApplicationCommandOptionChoice `json:"choices,omitzero"`
	CustomID        string                           `json:"custom_id,omitzero"`
	Title           string                           `json:"title,omitzero"`
}

// AllowedMentions says whom a message may ping. The zero value pings nobody
// (Parse encodes as []); leave the pointer nil for Discord's default (for
// interactions and webhooks: users only). Parse holds "roles", "users",
// "everyone"; Roles and Users (≤100 each) list explicit IDs and must not be
// combined with the same kind in Parse.
type AllowedMentions struct {
	Parse       []string    `json:"parse"`
	Roles       []Snowflake `json:"roles,omitzero"`
	Users       []Snowflake `json:"users,omitzero"`
	RepliedUser bool        `json:"replied_user,omitzero"`
}

// InteractionCallbackResponse is what the callback endpoint returns with
// ?with_response=true.
type InteractionCallbackResponse struct {
	Interaction InteractionCallbackInfo      `json:"interaction"`
	Resource    *InteractionCallbackResource `json:"resource,omitzero"`
	Extra       jsontext.Value               `json:",embed"`
}

// InteractionCallbackInfo describes the interaction that was answered.
type InteractionCallbackInfo struct {
	ID                       Snowflake       `json:"id"`
	Type                     InteractionType `json:"type"`
	ActivityInstanceID       string          `json:"activity_instance_id,omitzero"`
	ResponseMessageID        Snowflake       `json:"response_message_id,omitzero"`
	ResponseMessageLoading   bool            `json:"response_message_loading,omitzero"`
	ResponseMessageEphemeral bool            `json:"response_message_ephemeral,omitzero"`
	Extra                    jsontext.Value  `json:",embed"`
}

// InteractionCallbackResource is the message or activity the callback created.
type InteractionCallbackResource struct {
	Type             InteractionCallbackType `json:"type"`
	Message          *Message                `json:"message,omitzero"`
	ActivityInstance jsontext.Value          `json:"activity_instance,omitzero"`
	Extra            jsontext.Value          `json:",embed"`
}
