package discord

import "github.com/go-json-experiment/json/jsontext"

// Attachment is a file attached to a message. Unknown keys are kept in Extra.
type Attachment struct {
	ID                 Snowflake         `json:"id"`
	Filename           string            `json:"filename"`
	Title              Nullable[string]  `json:"title,omitzero"`
	Description        string            `json:"description,omitzero"`
	ContentType        string            `json:"content_type,omitzero"`
	Size               int               `json:"size"`
	URL                string            `json:"url"`
	ProxyURL           string            `json:"proxy_url"`
	Height             Nullable[int]     `json:"height,omitzero"`
	Width              Nullable[int]     `json:"width,omitzero"`
	Placeholder        string            `json:"placeholder,omitzero"`
	PlaceholderVersion Optional[int]     `json:"placeholder_version,omitzero"`
	Ephemeral          Optional[bool]    `json:"ephemeral,omitzero"`
	DurationSecs       Optional[float64] `json:"duration_secs,omitzero"`
	Waveform           string            `json:"waveform,omitzero"`
	Flags              Optional[int]     `json:"flags,omitzero"`
	Extra              jsontext.Value    `json:",embed"`
}

// ReactionType distinguishes normal from super (burst) reactions.
type ReactionType int

// Reaction types.
const (
	ReactionNormal ReactionType = 0
	ReactionBurst  ReactionType = 1
)

// String returns "NORMAL", "BURST" or "ReactionType(n)".
func (t ReactionType) String() string {
	return enumString("ReactionType", []string{"NORMAL", "BURST"}, int(t))
}

// Reaction is an emoji's reaction count on a message.
type Reaction struct {
	Count        int                  `json:"count"`
	CountDetails ReactionCountDetails `json:"count_details,omitzero"`
	Me           bool                 `json:"me"`
	MeBurst      Optional[bool]       `json:"me_burst,omitzero"`
	Emoji        Emoji                `json:"emoji"`
	BurstColors  []string             `json:"burst_colors,omitzero"`
	Extra        jsontext.Value       `json:",embed"`
}

// ReactionCountDetails splits a reaction count by kind.
type ReactionCountDetails struct {
	Burst  int `json:"burst"`
	Normal int `json:"normal"`
}
