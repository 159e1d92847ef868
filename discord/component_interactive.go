package discord

import (
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// This file holds the interactive components of reference 4.5 (action row,
// button, the five selects, text input) and the JSON plumbing shared by every
// component struct. Each struct has an optional ID (0 = let Discord assign
// one) and Extra, which keeps keys this version does not know.

// ButtonStyle is a button's look and behaviour.
type ButtonStyle int

// Button styles. Primary to Danger need a CustomID; Link needs a URL; Premium
// needs a SKUID.
const (
	ButtonStylePrimary   ButtonStyle = 1
	ButtonStyleSecondary ButtonStyle = 2
	ButtonStyleSuccess   ButtonStyle = 3
	ButtonStyleDanger    ButtonStyle = 4
	ButtonStyleLink      ButtonStyle = 5
	ButtonStylePremium   ButtonStyle = 6
)

// TextInputStyle is the size of a text input.
type TextInputStyle int

// Text input styles.
const (
	TextInputStyleShort     TextInputStyle = 1
	TextInputStyleParagraph TextInputStyle = 2
)

// ComponentEmoji is the partial emoji shown on buttons and select options:
// a custom emoji by ID (Name optional) or a Unicode emoji by Name.
type ComponentEmoji struct {
	ID       Snowflake `json:"id,omitzero"`
	Name     string    `json:"name,omitzero"`
	Animated bool      `json:"animated,omitzero"`
}

// ActionRow holds 1-5 buttons or exactly one select (legacy layout; also
// allowed inside a Container).
type ActionRow struct {
	ID         int            `json:"id,omitzero"`
	Components Components     `json:"components"`
	Extra      jsontext.Value `json:",embed"`
}

// Button is a clickable button (in an action row or as a section accessory).
type Button struct {
	ID       int             `json:"id,omitzero"`
	Style    ButtonStyle     `json:"style"`
	Label    string          `json:"label,omitzero"`
	Emoji    *ComponentEmoji `json:"emoji,omitzero"`
	CustomID string          `json:"custom_id,omitzero"`
	SKUID    Snowflake       `json:"sku_id,omitzero"`
	URL      string          `json:"url,omitzero"`
	Disabled bool            `json:"disabled,omitzero"`
	Extra    jsontext.Value  `json:",embed"`
}

// SelectOption is one choice of a StringSelect.
type SelectOption struct {
	Label       string          `json:"label"`
	Value       string          `json:"value"`
	Description string          `json:"description,omitzero"`
	Emoji       *ComponentEmoji `json:"emoji,omitzero"`
	Default     bool            `json:"default,omitzero"`
}

// SelectDefaultValue pre-selects an entity in an auto-populated select.
// Type is "user", "role" or "channel".
type SelectDefaultValue struct {
	ID   Snowflake `json:"id"`
	Type string    `json:"type"`
}

// Default value types of SelectDefaultValue.
const (
	SelectDefaultUser    = "user"
	SelectDefaultRole    = "role"
	SelectDefaultChannel = "channel"
)

// StringSelect is a select menu with options written by the app. In a modal
// submission, Values holds what the user chose.
type StringSelect struct {
	ID          int            `json:"id,omitzero"`
	CustomID    string         `json:"custom_id"`
	Options     []SelectOption `json:"options,omitzero"`
	Placeholder string         `json:"placeholder,omitzero"`
	MinValues   Optional[int]  `json:"min_values,omitzero"`
	MaxValues   Optional[int]  `json:"max_values,omitzero"`
	Required    Optional[bool] `json:"required,omitzero"`
	Disabled    bool           `json:"disabled,omitzero"`
	Values      []string       `json:"values,omitzero"`
	Extra       jsontext.Value `json:",embed"`
}

// TextInput is a text field in a modal. In a modal submission, Value holds
// what the user typed. Label is deprecated by Discord (wrap the input in a
// Label component instead) but still decoded.
type TextInput struct {
	ID          int            `json:"id,omitzero"`
	CustomID    string         `json:"custom_id"`
	Style       TextInputStyle `json:"style,omitzero"`
	Label       string         `json:"label,omitzero"`
	MinLength   Optional[int]  `json:"min_length,omitzero"`
	MaxLength   Optional[int]  `json:"max_length,omitzero"`
	Required    Optional[bool] `json:"required,omitzero"`
	Value       string         `json:"value,omitzero"`
	Placeholder string         `json:"placeholder,omitzero"`
	Extra       jsontext.Value `json:",embed"`
}

// UserSelect is a select menu populated with users. In a modal submission,
// Values holds the chosen IDs (resolved data in the interaction).
type UserSelect struct {
	ID            int                  `json:"id,omitzero"`
	CustomID      string               `json:"custom_id"`
	Placeholder   string               `json:"placeholder,omitzero"`
	DefaultValues []SelectDefaultValue `json:"default_values,omitzero"`
	MinValues     Optional[int]        `json:"min_values,omitzero"`
	MaxValues     Optional[int]        `json:"max_values,omitzero"`
	Required      Optional[bool]       `json:"required,omitzero"`
	Disabled      bool                 `json:"disabled,omitzero"`
	Values        []Snowflake          `json:"values,omitzero"`
	Extra         jsontext.Value       `json:",embed"`
}

// RoleSelect is a select menu populated with roles.
type RoleSelect struct {
	ID            int                  `json:"id,omitzero"`
	CustomID      string               `json:"custom_id"`
	Placeholder   string               `json:"placeholder,omitzero"`
	DefaultValues []SelectDefaultValue `json:"default_values,omitzero"`
	MinValues     Optional[int]        `json:"min_values,omitzero"`
	MaxValues     Optional[int]        `json:"max_values,omitzero"`
	Required      Optional[bool]       `json:"required,omitzero"`
	Disabled      bool                 `json:"disabled,omitzero"`
	Values        []Snowflake          `json:"values,omitzero"`
	Extra         jsontext.Value       `json:",embed"`
}

// MentionableSelect is a select menu populated with users and roles.
type MentionableSelect struct {
	ID            int                  `json:"id,omitzero"`
	CustomID      string               `json:"custom_id"`
	Placeholder   string               `json:"placeholder,omitzero"`
	DefaultValues []SelectDefaultValue `json:"default_values,omitzero"`
	MinValues     Optional[int]        `json:"min_values,omitzero"`
	MaxValues     Optional[int]        `json:"max_values,omitzero"`
	Required      Optional[bool]       `json:"required,omitzero"`
	Disabled      bool                 `json:"disabled,omitzero"`
	Values        []Snowflake          `json:"values,omitzero"`
	Extra         jsontext.Value       `json:",embed"`
}

// ChannelSelect is a select menu populated with channels, optionally
// filtered by ChannelTypes.
type ChannelSelect struct {
	ID            int                  `json:"id,omitzero"`
	CustomID      string               `json:"custom_id"`
	ChannelTypes  []ChannelType        `json:"channel_types,omitzero"`
	Placeholder   string               `json:"placeholder,omitzero"`
	DefaultValues []SelectDefaultValue `json:"default_values,omitzero"`
	MinValues     Optional[int]        `json:"min_values,omitzero"`
	MaxValues     Optional[int]        `json:"max_values,omitzero"`
	Required      Optional[bool]       `json:"required,omitzero"`
	Disabled      bool                 `json:"disabled,omitzero"`
	Values        []Snowflake          `json:"values,omitzero"`
	Extra         jsontext.Value       `json:",embed"`
}

// typedWire adds the "type" key to a component's own fields. T must be a
// method-less copy of the component struct so that inlining does not recurse
// into the component's JSON methods.
type typedWire[T any] struct {
	Type ComponentType `json:"type"`
	V    *T            `json:",embed"`
}

func marshalTyped[T any](enc *jsontext.Encoder, t ComponentType, v *T) error {
	return json.MarshalEncode(enc, typedWire[T]{Type: t, V: v})
}

func unmarshalTyped[T any](dec *jsontext.Decoder, t ComponentType, v *T) error {
	var zero T
	*v = zero
	w := typedWire[T]{V: v}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	if w.Type != t {
		return fmt.Errorf("discord: component of type %d decoded as %v", int(w.Type), t)
	}
	return nil
}

type (
	actionRowJSON         ActionRow
	buttonJSON            Button
	stringSelectJSON      StringSelect
	textInputJSON         TextInput
	userSelectJSON        UserSelect
	roleSelectJSON        RoleSelect
	mentionableSelectJSON MentionableSelect
	channelSelectJSON     ChannelSelect
)

func (*ActionRow) ComponentType() ComponentType         { return ComponentTypeActionRow }
func (*Button) ComponentType() ComponentType            { return ComponentTypeButton }
func (*StringSelect) ComponentType() ComponentType      { return ComponentTypeStringSelect }
func (*TextInput) ComponentType() ComponentType         { return ComponentTypeTextInput }
func (*UserSelect) ComponentType() ComponentType        { return ComponentTypeUserSelect }
func (*RoleSelect) ComponentType() ComponentType        { return ComponentTypeRoleSelect }
func (*MentionableSelect) ComponentType() ComponentType { return ComponentTypeMentionableSelect }
func (*ChannelSelect) ComponentType() ComponentType     { return ComponentTypeChannelSelect }

func (c *ActionRow) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeActionRow, (*actionRowJSON)(c))
}
func (c *ActionRow) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeActionRow, (*actionRowJSON)(c))
}
func (c *Button) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeButton, (*buttonJSON)(c))
}
func (c *Button) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeButton, (*buttonJSON)(c))
}
func (c *StringSelect) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeStringSelect, (*stringSelectJSON)(c))
}
func (c *StringSelect) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeStringSelect, (*stringSelectJSON)(c))
}
func (c *TextInput) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeTextInput, (*textInputJSON)(c))
}
func (c *TextInput) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeTextInput, (*textInputJSON)(c))
}
func (c *UserSelect) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeUserSelect, (*userSelectJSON)(c))
}
func (c *UserSelect) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeUserSelect, (*userSelectJSON)(c))
}
func (c *RoleSelect) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeRoleSelect, (*roleSelectJSON)(c))
}
func (c *RoleSelect) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeRoleSelect, (*roleSelectJSON)(c))
}
func (c *MentionableSelect) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeMentionableSelect, (*mentionableSelectJSON)(c))
}
func (c *MentionableSelect) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeMentionableSelect, (*mentionableSelectJSON)(c))
}
func (c *ChannelSelect) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeChannelSelect, (*channelSelectJSON)(c))
}
func (c *ChannelSelect) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeChannelSelect, (*channelSelectJSON)(c))
}
