package discord

import (
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// ApplicationCommandType is the kind of a command (reference 4.4). Discord
// treats an absent type as ChatInput.
type ApplicationCommandType int

// Command types.
const (
	CommandTypeChatInput         ApplicationCommandType = 1
	CommandTypeUser              ApplicationCommandType = 2
	CommandTypeMessage           ApplicationCommandType = 3
	CommandTypePrimaryEntryPoint ApplicationCommandType = 4
)

var commandTypeNames = []string{1: "ChatInput", 2: "User", 3: "Message", 4: "PrimaryEntryPoint"}

// String returns the type's name, or "ApplicationCommandType(n)".
func (t ApplicationCommandType) String() string {
	if t > 0 && int(t) < len(commandTypeNames) {
		return commandTypeNames[t]
	}
	return "ApplicationCommandType(" + strconv.Itoa(int(t)) + ")"
}

// ApplicationCommandOptionType is the type of a command option.
type ApplicationCommandOptionType int

// Option types.
const (
	OptionTypeSubCommand      ApplicationCommandOptionType = 1
	OptionTypeSubCommandGroup ApplicationCommandOptionType = 2
	OptionTypeString          ApplicationCommandOptionType = 3
	OptionTypeInteger         ApplicationCommandOptionType = 4
	OptionTypeBoolean         ApplicationCommandOptionType = 5
	OptionTypeUser            ApplicationCommandOptionType = 6
	OptionTypeChannel         ApplicationCommandOptionType = 7
	OptionTypeRole            ApplicationCommandOptionType = 8
	OptionTypeMentionable     ApplicationCommandOptionType = 9
	OptionTypeNumber          ApplicationCommandOptionType = 10
	OptionTypeAttachment      ApplicationCommandOptionType = 11
)

var optionTypeNames = []string{1: "SubCommand", 2: "SubCommandGroup", 3: "String", 4: "Integer",
	5: "Boolean", 6: "User", 7: "Channel", 8: "Role", 9: "Mentionable", 10: "Number", 11: "Attachment"}

// String returns the type's name, or "ApplicationCommandOptionType(n)".
func (t ApplicationCommandOptionType) String() string {
	if t > 0 && int(t) < len(optionTypeNames) {
		return optionTypeNames[t]
	}
	return "ApplicationCommandOptionType(" + strconv.Itoa(int(t)) + ")"
}

// EntryPointHandlerType says who handles a PRIMARY_ENTRY_POINT command.
type EntryPointHandlerType int

// Entry point handlers.
const (
	EntryPointHandlerApp                   EntryPointHandlerType = 1
	EntryPointHandlerDiscordLaunchActivity EntryPointHandlerType = 2
)

// Localizations maps a locale ("fr", "pt-BR", …) to a localized string.
//
// In ApplicationCommand, ApplicationCommandOption and
// ApplicationCommandOptionChoice a nil map writes no key and a non-nil map
// (even empty) writes an object. Discord sends "name_localizations": null
// for a command without localizations; such a null is remembered by the
// decoded struct and written back as null while the map is still nil, so a
// decoded command re-encodes without loss. Setting a map replaces it.
type Localizations map[string]string

// ApplicationCommand is a command as registered with Discord (GET bodies) or
// declared by the app (POST/PATCH/PUT bodies). ID, ApplicationID, GuildID and
// Version are set by Discord and omitted when zero. DefaultMemberPermissions
// is absent (unset), null (everyone) or a permission set ("0" = admins only).
// NSFW is Optional so that an edit can send false explicitly.
// DMPermission and DefaultPermission are deprecated by Discord (use Contexts
// and DefaultMemberPermissions) but still decoded. Unknown keys are kept.
type ApplicationCommand struct {
	ID                       Snowflake                       `json:"id,omitzero"`
	Type                     ApplicationCommandType          `json:"type,omitzero"`
	ApplicationID            Snowflake                       `json:"application_id,omitzero"`
	GuildID                  Snowflake                       `json:"guild_id,omitzero"`
	Name                     string                          `json:"name"`
	NameLocalizations        Localizations                   `json:"name_localizations,omitzero"`
	Description              string                          `json:"description"`
	DescriptionLocalizations Localizations                   `json:"description_localizations,omitzero"`
	Options                  []ApplicationCommandOption      `json:"options,omitzero"`
	DefaultMemberPermissions Nullable[Permissions]           `json:"default_member_permissions,omitzero"`
	DMPermission             Optional[bool]                  `json:"dm_permission,omitzero"`
	DefaultPermission        Optional[bool]                  `json:"default_permission,omitzero"`
	NSFW                     Optional[bool]                  `json:"nsfw,omitzero"`
	IntegrationTypes         []ApplicationIntegrationType    `json:"integration_types,omitzero"`
	Contexts                 []InteractionContextType        `json:"contexts,omitzero"`
	Version                  Snowflake                       `json:"version,omitzero"`
	Handler                  Optional[EntryPointHandlerType] `json:"handler,omitzero"`
	Extra                    jsontext.Value                  `json:",embed"`

	nulls localizationNulls // localizations that were null when decoded
}

// ApplicationCommandOption declares one option, subcommand or subcommand
// group. MinValue/MaxValue apply to INTEGER and NUMBER options,
// MinLength/MaxLength to STRING options, ChannelTypes to CHANNEL options and
// FileTypes to ATTACHMENT options. Autocomplete excludes Choices.
type ApplicationCommandOption struct {
	Type                     ApplicationCommandOptionType     `json:"type"`
	Name                     string                           `json:"name"`
	NameLocalizations        Localizations                    `json:"name_localizations,omitzero"`
	Description              string                           `json:"description"`
	DescriptionLocalizations Localizations                    `json:"description_localizations,omitzero"`
	Required                 bool                             `json:"required,omitzero"`
	Choices                  []ApplicationCommandOptionChoice `json:"choices,omitzero"`
	Options                  []ApplicationCommandOption       `json:"options,omitzero"`
	ChannelTypes             []ChannelType                    `json:"channel_types,omitzero"`
	MinValue                 Optional[float64]                `json:"min_value,omitzero"`
	MaxValue                 Optional[float64]                `json:"max_value,omitzero"`
	MinLength                Optional[int]                    `json:"min_length,omitzero"`
	MaxLength                Optional[int]                    `json:"max_length,omitzero"`
	Autocomplete             bool                             `json:"autocomplete,omitzero"`
	FileTypes                []string                         `json:"file_types,omitzero"`
	Extra                    jsontext.Value                   `json:",embed"`

	nulls localizationNulls // localizations that were null when decoded
}

// ApplicationCommandOptionChoice is a fixed choice of a STRING, INTEGER or
// NUMBER option, and the element of an autocomplete result. Value is raw JSON
// (a string or a number); build it with StringChoice, IntChoice or FloatChoice.
// Unknown keys are kept in Extra.
type ApplicationCommandOptionChoice struct {
	Name              string         `json:"name"`
	NameLocalizations Localizations  `json:"name_localizations,omitzero"`
	Value             jsontext.Value `json:"value"`
	Extra             jsontext.Value `json:",embed"`

	nulls localizationNulls // localizations that were null when decoded
}

// StringChoice returns a choice with a string value.
func StringChoice(name, value string) ApplicationCommandOptionChoice {
	raw, _ := json.Marshal(value) // a string always encodes
	return ApplicationCommandOptionChoice{Name: name, Value: raw}
}

// IntChoice returns a choice with an integer value.
func IntChoice(name string, value int64) ApplicationCommandOptionChoice {
	return ApplicationCommandOptionChoice{Name: name, Value: jsontext.Value(strconv.AppendInt(nil, value, 10))}
}

// FloatChoice returns a choice with a number value.
func FloatChoice(name string, value float64) ApplicationCommandOptionChoice {
	return ApplicationCommandOptionChoice{Name: name, Value: jsontext.Value(strconv.AppendFloat(nil, value, 'g', -1, 64))}
}
