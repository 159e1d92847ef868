package interactions

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// Discord's embed limits (protocol reference §6).
const (
	MaxEmbeds          = 10   // embeds per message
	MaxEmbedTitle      = 256  // title characters
	MaxEmbedDesc       = 4096 // description characters
	MaxEmbedFields     = 25   // fields per embed
	MaxEmbedFieldName  = 256  // field name characters
	MaxEmbedFieldValue = 1024 // field value characters
	MaxEmbedFooter     = 2048 // footer text characters
	MaxEmbedAuthor     = 256  // author name characters
	MaxEmbedTotal      = 6000 // title+description+field names and values+footer+author, all embeds of a message
	MaxEmbedURL        = 2048 // url, image, thumbnail and icon URLs
	MaxEmbedColor      = 1<<24 - 1
)

// EmbedBuilder builds one rich embed. Setters return the builder so calls
// chain; Build checks every limit and returns a *LimitError naming the
// path ("embed.fields[3].value") and the rule. The zero value is not usable:
// start with NewEmbed. A builder is not safe for concurrent use.
type EmbedBuilder struct {
	e discord.Embed
}

// NewEmbed starts an embed with a title (which may be empty).
func NewEmbed(title string) *EmbedBuilder {
	return &EmbedBuilder{e: discord.Embed{Title: title}}
}

// Description sets the text under the title (markdown, 4096 characters).
func (b *EmbedBuilder) Description(s string) *EmbedBuilder { b.e.Description = s; return b }

// URL makes the title a link.
func (b *EmbedBuilder) URL(u string) *EmbedBuilder { b.e.URL = u; return b }

// Color sets the left border colour, 0xRRGGBB.
func (b *EmbedBuilder) Color(rgb int) *EmbedBuilder { b.e.Color = discord.Some(rgb); return b }

// Timestamp shows t in the footer.
func (b *EmbedBuilder) Timestamp(t time.Time) *EmbedBuilder {
	b.e.Timestamp = discord.NewTimestamp(t)
	return b
}

// Footer sets the footer text and an optional icon URL ("" for none).
func (b *EmbedBuilder) Footer(text, iconURL string) *EmbedBuilder {
	b.e.Footer = &discord.EmbedFooter{Text: text, IconURL: iconURL}
	return b
}

// Author sets the author line; url and iconURL may be "".
func (b *EmbedBuilder) Author(name, url, iconURL string) *EmbedBuilder {
	b.e.Author = &discord.EmbedAuthor{Name: name, URL: url, IconURL: iconURL}
	return b
}

// Image sets the large image (a URL, or attachment://name for an upload).
func (b *EmbedBuilder) Image(url string) *EmbedBuilder {
	b.e.Image = &discord.EmbedMedia{URL: url}
	return b
}

// Thumbnail sets the small image at the top right.
func (b *EmbedBuilder) Thumbnail(url string) *EmbedBuilder {
	b.e.Thumbnail = &discord.EmbedMedia{URL: url}
	return b
}

// Field appends a name/value field; inline fields sit side by side.
func (b *EmbedBuilder) Field(name, value string, inline bool) *EmbedBuilder {
	f := discord.EmbedField{Name: name, Value: value}
	if inline {
		f.Inline = discord.Some(true)
	}
	b.e.Fields = append(b.e.Fields, f)
	return b
}

// Build returns the embed after checking it against Discord's limits for one
// embed (the 6,000-character total included); the message-wide limits are
// checked again by ValidateEmbeds when the message is sent.
func (b *EmbedBuilder) Build() (discord.Embed, error) {
	e := b.e
	e.Type = "rich"
	v := validator{}
	total := v.embed(&e, "embed")
	if total > MaxEmbedTotal {
		v.fail("embed", fmt.Sprintf("at most %d characters in title, description, fields, footer and author together, got %d", MaxEmbedTotal, total))
	}
	return e, v.err
}

// ValidateEmbeds checks a message's embeds against Discord's limits: at most
// 10, each field's length, required field names and values, URLs, colour,
// and 6,000 characters across all of them. Paths start at "embeds".
func ValidateEmbeds(embeds []discord.Embed) error {
	v := validator{}
	v.embeds(embeds, "embeds")
	return v.err
}

func (v *validator) embeds(embeds []discord.Embed, path string) {
	if n := len(embeds); n > MaxEmbeds {
		v.fail(path, fmt.Sprintf("at most %d embeds, got %d", MaxEmbeds, n))
		return
	}
	total := 0
	for i := range embeds {
		total += v.embed(&embeds[i], fmt.Sprintf("%s[%d]", path, i))
	}
	if total > MaxEmbedTotal {
		v.fail(path, fmt.Sprintf("at most %d characters of embed text in all embeds, got %d", MaxEmbedTotal, total))
	}
}

// embed checks one embed and returns the characters it counts towards the
// 6,000 total.
func (v *validator) embed(e *discord.Embed, path string) int {
	total := 0
	count := func(s string, max int, p string) {
		v.text(s, 0, max, p)
		total += utf8.RuneCountInString(s)
	}
	count(e.Title, MaxEmbedTitle, path+".title")
	count(e.Description, MaxEmbedDesc, path+".description")
	v.text(e.URL, 0, MaxEmbedURL, path+".url")
	if c, ok := e.Color.Get(); ok && (c < 0 || c > MaxEmbedColor) {
		v.fail(path+".color", fmt.Sprintf("must be 0-%d (0xRRGGBB), got %d", MaxEmbedColor, c))
	}
	if f := e.Footer; f != nil {
		v.text(f.Text, 1, MaxEmbedFooter, path+".footer.text")
		total += utf8.RuneCountInString(f.Text)
		v.text(f.IconURL, 0, MaxEmbedURL, path+".footer.icon_url")
	}
	if a := e.Author; a != nil {
		v.text(a.Name, 1, MaxEmbedAuthor, path+".author.name")
		total += utf8.RuneCountInString(a.Name)
		v.text(a.URL, 0, MaxEmbedURL, path+".author.url")
		v.text(a.IconURL, 0, MaxEmbedURL, path+".author.icon_url")
	}
	if e.Image != nil {
		v.text(e.Image.URL, 1, MaxEmbedURL, path+".image.url")
	}
	if e.Thumbnail != nil {
		v.text(e.Thumbnail.URL, 1, MaxEmbedURL, path+".thumbnail.url")
	}
	if n := len(e.Fields); n > MaxEmbedFields {
		v.fail(path+".fields", fmt.Sprintf("at most %d fields, got %d", MaxEmbedFields, n))
	}
	for i, f := range e.Fields {
		p := fmt.Sprintf("%s.fields[%d]", path, i)
		v.text(f.Name, 1, MaxEmbedFieldName, p+".name")
		v.text(f.Value, 1, MaxEmbedFieldValue, p+".value")
		total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Image == nil && e.Thumbnail == nil &&
		e.Author == nil && e.Footer == nil {
		v.fail(path, "an embed needs at least one of title, description, fields, image, thumbnail, author or footer")
	}
	return total
}
