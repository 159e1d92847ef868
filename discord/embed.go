package discord

import "github.com/go-json-experiment/json/jsontext"

// Embed is rich content attached to a message. Every field is optional; Type
// is "rich" for bot embeds ("image", "video", "gifv", "article", "link",
// "poll_result", ... for generated ones). Unknown keys are kept in Extra.
type Embed struct {
	Title       string         `json:"title,omitzero"`
	Type        string         `json:"type,omitzero"`
	Description string         `json:"description,omitzero"`
	URL         string         `json:"url,omitzero"`
	Timestamp   Timestamp      `json:"timestamp,omitzero"`
	Color       Optional[int]  `json:"color,omitzero"`
	Footer      *EmbedFooter   `json:"footer,omitzero"`
	Image       *EmbedMedia    `json:"image,omitzero"`
	Thumbnail   *EmbedMedia    `json:"thumbnail,omitzero"`
	Video       *EmbedMedia    `json:"video,omitzero"`
	Provider    *EmbedProvider `json:"provider,omitzero"`
	Author      *EmbedAuthor   `json:"author,omitzero"`
	Fields      []EmbedField   `json:"fields,omitzero"`
	Flags       Nullable[int]  `json:"flags,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// EmbedFooter is an embed's footer.
type EmbedFooter struct {
	Text         string         `json:"text"`
	IconURL      string         `json:"icon_url,omitzero"`
	ProxyIconURL string         `json:"proxy_icon_url,omitzero"`
	Extra        jsontext.Value `json:",embed"`
}

// EmbedMedia is an embed's image, thumbnail or video.
type EmbedMedia struct {
	URL                string         `json:"url,omitzero"`
	ProxyURL           string         `json:"proxy_url,omitzero"`
	Height             Optional[int]  `json:"height,omitzero"`
	Width              Optional[int]  `json:"width,omitzero"`
	ContentType        string         `json:"content_type,omitzero"`
	Placeholder        string         `json:"placeholder,omitzero"`
	PlaceholderVersion Optional[int]  `json:"placeholder_version,omitzero"`
	Description        string         `json:"description,omitzero"`
	Flags              Optional[int]  `json:"flags,omitzero"`
	Extra              jsontext.Value `json:",embed"`
}

// EmbedProvider is the site an embed comes from.
type EmbedProvider struct {
	Name  string         `json:"name,omitzero"`
	URL   string         `json:"url,omitzero"`
	Extra jsontext.Value `json:",embed"`
}

// EmbedAuthor is an embed's author line.
type EmbedAuthor struct {
	Name         string         `json:"name"`
	URL          string         `json:"url,omitzero"`
	IconURL      string         `json:"icon_url,omitzero"`
	ProxyIconURL string         `json:"proxy_icon_url,omitzero"`
	Extra        jsontext.Value `json:",embed"`
}

// EmbedField is one name/value field of an embed.
type EmbedField struct {
	Name   string         `json:"name"`
	Value  string         `json:"value"`
	Inline Optional[bool] `json:"inline,omitzero"`
	Extra  jsontext.Value `json:",embed"`
}
