package discord

import "github.com/go-json-experiment/json/jsontext"

// Emoji is a custom or Unicode emoji (reference: emoji object). Unicode emojis
// have no ID and their character in Name; reaction and poll emojis are partial
// (id, name, animated). Unknown keys are kept in Extra.
type Emoji struct {
	ID            Nullable[Snowflake] `json:"id,omitzero"`
	Name          Nullable[string]    `json:"name,omitzero"`
	Roles         []Snowflake         `json:"roles,omitzero"`
	User          *User               `json:"user,omitzero"`
	RequireColons Optional[bool]      `json:"require_colons,omitzero"`
	Managed       Optional[bool]      `json:"managed,omitzero"`
	Animated      Optional[bool]      `json:"animated,omitzero"`
	Available     Optional[bool]      `json:"available,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// APIName returns the form used in reaction routes: "name:id" for custom
// emojis, the character itself for Unicode ones.
func (e *Emoji) APIName() string {
	name, _ := e.Name.Get()
	if id, ok := e.ID.Get(); ok && id != 0 {
		return name + ":" + id.String()
	}
	return name
}

// StickerType says where a sticker comes from.
type StickerType int

// Sticker types.
const (
	StickerTypeStandard StickerType = 1
	StickerTypeGuild    StickerType = 2
)

var stickerTypeNames = []string{1: "STANDARD", 2: "GUILD"}

// String returns the reference name or "StickerType(n)".
func (t StickerType) String() string { return enumString("StickerType", stickerTypeNames, int(t)) }

// StickerFormat is a sticker's file format.
type StickerFormat int

// Sticker formats.
const (
	StickerFormatPNG    StickerFormat = 1
	StickerFormatAPNG   StickerFormat = 2
	StickerFormatLottie StickerFormat = 3
	StickerFormatGIF    StickerFormat = 4
)

var stickerFormatNames = []string{1: "PNG", 2: "APNG", 3: "LOTTIE", 4: "GIF"}

// String returns the reference name or "StickerFormat(n)".
func (f StickerFormat) String() string {
	return enumString("StickerFormat", stickerFormatNames, int(f))
}

// Sticker is a standard or guild sticker. Unknown keys are kept in Extra.
type Sticker struct {
	ID          Snowflake        `json:"id"`
	PackID      Snowflake        `json:"pack_id,omitzero"`
	Name        string           `json:"name"`
	Description Nullable[string] `json:"description,omitzero"`
	Tags        string           `json:"tags"`
	Type        StickerType      `json:"type"`
	FormatType  StickerFormat    `json:"format_type"`
	Available   Optional[bool]   `json:"available,omitzero"`
	GuildID     Snowflake        `json:"guild_id,omitzero"`
	User        *User            `json:"user,omitzero"`
	SortValue   Optional[int]    `json:"sort_value,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// StickerItem is the small form of a sticker sent in messages.
type StickerItem struct {
	ID         Snowflake      `json:"id"`
	Name       string         `json:"name"`
	FormatType StickerFormat  `json:"format_type"`
	Extra      jsontext.Value `json:",embed"`
}
