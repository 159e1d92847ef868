package discord

import (
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// InteractionType is the kind of an interaction (reference 4.2).
type InteractionType int

// Interaction types.
const (
	InteractionTypePing                           InteractionType = 1
	InteractionTypeApplicationCommand             InteractionType = 2
	InteractionTypeMessageComponent               InteractionType = 3
	InteractionTypeApplicationCommandAutocomplete InteractionType = 4
	InteractionTypeModalSubmit                    InteractionType = 5
)

var interactionTypeNames = []string{1: "Ping", 2: "ApplicationCommand", 3: "MessageComponent",
	4: "ApplicationCommandAutocomplete", 5: "ModalSubmit"}

// String returns the type's name, or "InteractionType(n)" when unknown.
func (t InteractionType) String() string {
	if t > 0 && int(t) < len(interactionTypeNames) {
		return interactionTypeNames[t]
	}
	return "InteractionType(" + strconv.Itoa(int(t)) + ")"
}

// InteractionContextType says where an interaction happened or where a
// command may be used.
type InteractionContextType int

// Interaction contexts.
const (
	InteractionContextGuild          InteractionContextType = 0
	InteractionContextBotDM          InteractionContextType = 1
	InteractionContextPrivateChannel InteractionContextType = 2
)

// ApplicationIntegrationType is how an app is installed: to a guild or to a user.
type ApplicationIntegrationType int

// Installation types.
const (
	ApplicationIntegrationGuildInstall ApplicationIntegrationType = 0
	ApplicationIntegrationUserInstall  ApplicationIntegrationType = 1
)

// InteractionGuild is the partial guild sent with an interaction.
type InteractionGuild struct {
	ID       Snowflake      `json:"id"`
	Locale   string         `json:"locale,omitzero"`
	Features []string       `json:"features,omitzero"`
	Extra    jsontext.Value `json:",embed"`
}

// Interaction is an incoming interaction, from INTERACTION_CREATE or from the
// HTTP endpoint (reference 4.2). Data holds a *ApplicationCommandData
// (application commands and autocomplete), *MessageComponentData,
// *ModalSubmitData, *UnknownInteractionData for types this version does not
// know, or nil (PING). Member is set in guilds, User in DMs; use Invoker for
// either. Token is a secret: it authorises responses for 15 minutes and must
// not be logged. Version (always 1) and AppPermissions are Optional so that a
// payload without them re-encodes without them, while app_permissions "0"
// (no permissions) stays distinct from absent (AppPermissions.Or(0) reads
// absent as none). Unknown keys are kept in Extra.
type Interaction struct {
	ID                           Snowflake                                `json:"id"`
	ApplicationID                Snowflake                                `json:"application_id"`
	Type                         InteractionType                          `json:"type"`
	Data                         InteractionData                          `json:"-"`
	Guild                        *InteractionGuild                        `json:"guild,omitzero"`
	GuildID                      Snowflake                                `json:"guild_id,omitzero"`
	Channel                      *Channel                                 `json:"channel,omitzero"`
	ChannelID                    Snowflake                                `json:"channel_id,omitzero"`
	Member                       *Member                                  `json:"member,omitzero"`
	User                         *User                                    `json:"user,omitzero"`
	Token                        string                                   `json:"token"`
	Version                      Optional[int]                            `json:"version,omitzero"`
	Message                      *Message                                 `json:"message,omitzero"`
	AppPermissions               Optional[Permissions]                    `json:"app_permissions,omitzero"`
	Locale                       string                                   `json:"locale,omitzero"`
	GuildLocale                  string                                   `json:"guild_locale,omitzero"`
	Entitlements                 []Entitlement                            `json:"entitlements,omitzero"`
	AuthorizingIntegrationOwners map[ApplicationIntegrationType]Snowflake `json:"authorizing_integration_owners,omitzero"`
	Context                      Optional[InteractionContextType]         `json:"context,omitzero"`
	AttachmentSizeLimit          int                                      `json:"attachment_size_limit,omitzero"`
	Extra                        jsontext.Value                           `json:",embed"`
}

// InteractionData is the type-specific part of an Interaction.
type InteractionData interface {
	// InteractionDataType returns the interaction type this data belongs to
	// (ApplicationCommandData answers ApplicationCommand for both commands and
	// autocomplete).
	InteractionDataType() InteractionType
}

// Invoker returns the user who triggered the interaction: Member.User in a
// guild, User elsewhere; nil if neither is present.
func (i *Interaction) Invoker() *User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// CommandData returns the data of an application command or autocomplete interaction.
func (i *Interaction) CommandData() (*ApplicationCommandData, bool) {
	d, ok := i.Data.(*ApplicationCommandData)
	return d, ok
}

// ComponentData returns the data of a message component interaction.
func (i *Interaction) ComponentData() (*MessageComponentData, bool) {
	d, ok := i.Data.(*MessageComponentData)
	return d, ok
}

// ModalData returns the data of a modal submission.
func (i *Interaction) ModalData() (*ModalSubmitData, bool) {
	d, ok := i.Data.(*ModalSubmitData)
	return d, ok
}

type interactionFields Interaction

type interactionWire struct {
	V    *interactionFields `json:",embed"`
	Data jsontext.Value     `json:"data,omitzero"`
}

// MarshalJSONTo writes the interaction with its data.
func (i *Interaction) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := interactionWire{V: (*interactionFields)(i)}
	if i.Data != nil {
		raw, err := json.Marshal(i.Data)
		if err != nil {
			return err
		}
		w.Data = raw
	}
	return json.MarshalEncode(enc, w)
}

// UnmarshalJSONFrom reads an interaction, decoding data by the interaction type.
func (i *Interaction) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*i = Interaction{}
	w := interactionWire{V: (*interactionFields)(i)}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	if len(w.Data) == 0 || w.Data.Kind() == 'n' {
		return nil
	}
	var d InteractionData
	switch i.Type {
	case InteractionTypeApplicationCommand, InteractionTypeApplicationCommandAutocomplete:
		d = new(ApplicationCommandData)
	case InteractionTypeMessageComponent:
		d = new(MessageComponentData)
	case InteractionTypeModalSubmit:
		d = new(ModalSubmitData)
	default:
		i.Data = &UnknownInteractionData{Type: i.Type, Raw: append(jsontext.Value(nil), w.Data...)}
		return nil
	}
	if err := json.Unmarshal(w.Data, d); err != nil {
		return fmt.Errorf("discord: interaction data (%v): %w", i.Type, err)
	}
	i.Data = d
	return nil
}

// ApplicationCommandData is the data of an application command or an
// autocomplete interaction. For autocomplete, Options may be partial and the
// option being typed has Focused set. TargetID is the user or message a
// context-menu command was used on. Type is 0 when the payload omits it
// (Discord then means ChatInput) and is then omitted again on encode.
type ApplicationCommandData struct {
	ID       Snowflake              `json:"id"`
	Name     string                 `json:"name"`
	Type     ApplicationCommandType `json:"type,omitzero"`
	Resolved *ResolvedData          `json:"resolved,omitzero"`
	Options  []InteractionOption    `json:"options,omitzero"`
	GuildID  Snowflake              `json:"guild_id,omitzero"`
	TargetID Snowflake              `json:"target_id,omitzero"`
	Extra    jsontext.Value         `json:",embed"`
}

// InteractionDataType returns InteractionTypeApplicationCommand.
func (*ApplicationCommandData) InteractionDataType() InteractionType {
	return InteractionTypeApplicationCommand
}

// MessageComponentData is the data of a button or select interaction. Values
// holds the chosen values of a select (IDs for auto-populated selects, with
// Resolved filled).
type MessageComponentData struct {
	CustomID      string         `json:"custom_id"`
	ComponentType ComponentType  `json:"component_type"`
	Values        []string       `json:"values,omitzero"`
	Resolved      *ResolvedData  `json:"resolved,omitzero"`
	Extra         jsontext.Value `json:",embed"`
}

// InteractionDataType returns InteractionTypeMessageComponent.
func (*MessageComponentData) InteractionDataType() InteractionType {
	return InteractionTypeMessageComponent
}

// ModalSubmitData is the data of a modal submission: Components mirrors the
// modal's layout with the submitted values filled in (TextInput.Value,
// StringSelect.Values, …).
type ModalSubmitData struct {
	CustomID   string         `json:"custom_id"`
	Components Components     `json:"components"`
	Resolved   *ResolvedData  `json:"resolved,omitzero"`
	Extra      jsontext.Value `json:",embed"`
}

// InteractionDataType returns InteractionTypeModalSubmit.
func (*ModalSubmitData) InteractionDataType() InteractionType { return InteractionTypeModalSubmit }

// UnknownInteractionData carries the data of an interaction type this version
// does not know; Raw is written back unchanged.
type UnknownInteractionData struct {
	Type InteractionType
	Raw  jsontext.Value
}

// InteractionDataType returns the interaction's type.
func (d *UnknownInteractionData) InteractionDataType() InteractionType { return d.Type }

// MarshalJSONTo writes Raw unchanged.
func (d *UnknownInteractionData) MarshalJSONTo(enc *jsontext.Encoder) error {
	return enc.WriteValue(d.Raw)
}

// ResolvedData maps IDs mentioned by options, selects or modal inputs to
// their objects. Members are partial (no User, Deaf, Mute): take the user
// from Users under the same ID. Channels are partial.
type ResolvedData struct {
	Users       map[Snowflake]User       `json:"users,omitzero"`
	Members     map[Snowflake]Member     `json:"members,omitzero"`
	Roles       map[Snowflake]Role       `json:"roles,omitzero"`
	Channels    map[Snowflake]Channel    `json:"channels,omitzero"`
	Messages    map[Snowflake]Message    `json:"messages,omitzero"`
	Attachments map[Snowflake]Attachment `json:"attachments,omitzero"`
	Extra       jsontext.Value           `json:",embed"`
}
