package interactions

import "github.com/scurrygo/scurry/discord"

// Component constructors: shorthands for the common shapes. They return the
// component structs of package discord, which can be adjusted before use;
// every response is checked against Discord's limits when it is sent
// (ValidateResponse, ValidateMessage), and the error names the broken limit
// and its path.

// Row returns an action row holding cs (up to 5 buttons, or one select).
func Row(cs ...discord.Component) *discord.ActionRow {
	return &discord.ActionRow{Components: cs}
}

// Button returns an interactive button of the given style (Primary,
// Secondary, Success or Danger).
func Button(style discord.ButtonStyle, customID, label string) *discord.Button {
	return &discord.Button{Style: style, CustomID: customID, Label: label}
}

// LinkButton returns a button that opens url.
func LinkButton(url, label string) *discord.Button {
	return &discord.Button{Style: discord.ButtonStyleLink, URL: url, Label: label}
}

// PremiumButton returns a button that offers the SKU for purchase.
func PremiumButton(sku discord.Snowflake) *discord.Button {
	return &discord.Button{Style: discord.ButtonStylePremium, SKUID: sku}
}

// Option returns a string select option.
func Option(label, value string) discord.SelectOption {
	return discord.SelectOption{Label: label, Value: value}
}

// StringSelect returns a select of the given options.
func StringSelect(customID string, options ...discord.SelectOption) *discord.StringSelect {
	return &discord.StringSelect{CustomID: customID, Options: options}
}

// UserSelect returns a select of users.
func UserSelect(customID string) *discord.UserSelect { return &discord.UserSelect{CustomID: customID} }

// RoleSelect returns a select of roles.
func RoleSelect(customID string) *discord.RoleSelect { return &discord.RoleSelect{CustomID: customID} }

// MentionableSelect returns a select of users and roles.
func MentionableSelect(customID string) *discord.MentionableSelect {
	return &discord.MentionableSelect{CustomID: customID}
}

// ChannelSelect returns a select of channels, optionally limited to types.
func ChannelSelect(customID string, types ...discord.ChannelType) *discord.ChannelSelect {
	return &discord.ChannelSelect{CustomID: customID, ChannelTypes: types}
}

// TextInput returns a modal text input; wrap it in Label.
func TextInput(customID string, style discord.TextInputStyle) *discord.TextInput {
	return &discord.TextInput{CustomID: customID, Style: style}
}

// Label labels a modal input.
func Label(label string, input discord.Component) *discord.Label {
	return &discord.Label{Label: label, Component: input}
}

// TextDisplay returns a markdown text block (components v2, modals).
func TextDisplay(markdown string) *discord.TextDisplay {
	return &discord.TextDisplay{Content: markdown}
}

// Section returns texts (1-3) next to an accessory (*discord.Button or
// *discord.Thumbnail).
func Section(accessory discord.Component, texts ...string) *discord.Section {
	s := &discord.Section{Accessory: accessory}
	for _, t := range texts {
		s.Components = append(s.Components, TextDisplay(t))
	}
	return s
}

// Container groups components in a box (components v2).
func Container(cs ...discord.Component) *discord.Container {
	return &discord.Container{Components: cs}
}

// Separator returns a divider line with small spacing.
func Separator() *discord.Separator {
	return &discord.Separator{Spacing: discord.SeparatorSpacingSmall}
}
