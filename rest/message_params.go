package rest

import (
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// Values of AllowedMentions.Parse.
const (
	MentionRoles    = "roles"
	MentionUsers    = "users"
	MentionEveryone = "everyone"
)

// AllowedMentions says whom a message may ping; it is discord.AllowedMentions
// (the zero value pings nobody; leave the pointer nil for Discord's default).
type AllowedMentions = discord.AllowedMentions

// AttachmentRef is an entry of a message's attachments list: a new upload
// (ID = its index in Files) or an existing attachment to keep (its real ID).
// CreateMessage and friends fill it from Files when left empty.
type AttachmentRef struct {
	ID          discord.Snowflake `json:"id"`
	Filename    string            `json:"filename,omitzero"`
	Description string            `json:"description,omitzero"`
}

// CreateMessageParams is the body of POST /channels/{id}/messages. At least
// one of Content, Embeds, StickerIDs, Components, Files or Poll is required.
type CreateMessageParams struct {
	Content string `json:"content,omitzero"` // at most 2000 characters
	// Nonce (at most 25 characters) with EnforceNonce makes Discord drop a
	// duplicate sent within a few minutes, so the client may retry the
	// create after a 5xx or a lost connection without posting twice.
	Nonce            string                    `json:"nonce,omitzero"`
	EnforceNonce     bool                      `json:"enforce_nonce,omitzero"`
	TTS              bool                      `json:"tts,omitzero"`
	Embeds           []discord.Embed           `json:"embeds,omitzero"` // at most 10, 6000 characters in all
	AllowedMentions  *AllowedMentions          `json:"allowed_mentions,omitzero"`
	MessageReference *discord.MessageReference `json:"message_reference,omitzero"`
	Components       discord.Components        `json:"components,omitzero"`
	StickerIDs       []discord.Snowflake       `json:"sticker_ids,omitzero"` // at most 3
	Attachments      []AttachmentRef           `json:"attachments,omitzero"`
	Flags            discord.MessageFlags      `json:"flags,omitzero"`
	// Poll is the raw poll request object, sent as is.
	Poll jsontext.Value `json:"poll,omitzero"`
	// Files are uploaded as files[0..n-1] (at most 10, 25 MiB in all).
	Files []File `json:"-"`
	// OmitAttachments sends Files without the attachments list that is
	// otherwise filled from them ({id: n, filename} per file): Discord names
	// each attachment after its file either way, and some Discord-compatible
	// servers reject that list. A File's Description needs the list, so it
	// cannot be combined with OmitAttachments, nor can Attachments.
	OmitAttachments bool `json:"-"`
}

func (p *CreateMessageParams) check(op string) error {
	if err := checkOmitAttachments(op, p.OmitAttachments, len(p.Attachments), p.Files); err != nil {
		return err
	}
	if err := checkLen(op, "content", p.Content, maxContent); err != nil {
		return err
	}
	if err := checkLen(op, "nonce", p.Nonce, maxNonce); err != nil {
		return err
	}
	if p.EnforceNonce && p.Nonce == "" {
		return inputErr(op, "enforce_nonce", "is set without a nonce")
	}
	if err := checkEmbeds(op, p.Embeds); err != nil {
		return err
	}
	if err := checkMentions(op, p.AllowedMentions); err != nil {
		return err
	}
	if len(p.StickerIDs) > maxStickers {
		return inputErr(op, "sticker_ids", "%d stickers, the limit is %d", len(p.StickerIDs), maxStickers)
	}
	if p.Content == "" && len(p.Embeds) == 0 && len(p.StickerIDs) == 0 && len(p.Components) == 0 &&
		len(p.Files) == 0 && len(p.Poll) == 0 {
		return inputErr(op, "", "the message is empty: set content, embeds, components, sticker_ids, files or poll")
	}
	return nil
}

// EditMessageParams is the body of PATCH /channels/{id}/messages/{id} and of
// the webhook and interaction message edits. Absent fields are left alone;
// Null clears one.
type EditMessageParams struct {
	Content         discord.Nullable[string]               `json:"content,omitzero"`
	Embeds          discord.Nullable[[]discord.Embed]      `json:"embeds,omitzero"`
	Flags           discord.Nullable[discord.MessageFlags] `json:"flags,omitzero"`
	AllowedMentions *AllowedMentions                       `json:"allowed_mentions,omitzero"`
	Components      discord.Nullable[discord.Components]   `json:"components,omitzero"`
	// Attachments lists every attachment to keep plus the new ones; existing
	// attachments not listed are removed. Filled from Files when absent.
	Attachments discord.Nullable[[]AttachmentRef] `json:"attachments,omitzero"`
	Poll        jsontext.Value                    `json:"poll,omitzero"`
	Files       []File                            `json:"-"`
}

func (p *EditMessageParams) check(op string) error {
	if s, ok := p.Content.Get(); ok {
		if err := checkLen(op, "content", s, maxContent); err != nil {
			return err
		}
	}
	if e, ok := p.Embeds.Get(); ok {
		if err := checkEmbeds(op, e); err != nil {
			return err
		}
	}
	return checkMentions(op, p.AllowedMentions)
}

// prepare fills Attachments from Files on a copy.
func (p EditMessageParams) withRefs() EditMessageParams {
	if len(p.Files) > 0 && !p.Attachments.IsSet() {
		p.Attachments = discord.NonNull(attachmentRefs(nil, p.Files))
	}
	return p
}

// WebhookMessageParams is the body of Execute Webhook and of interaction
// follow-ups (which ignore Username, AvatarURL, ThreadName and AppliedTags).
type WebhookMessageParams struct {
	Content         string               `json:"content,omitzero"`
	Username        string               `json:"username,omitzero"` // at most 80 characters
	AvatarURL       string               `json:"avatar_url,omitzero"`
	TTS             bool                 `json:"tts,omitzero"`
	Embeds          []discord.Embed      `json:"embeds,omitzero"`
	AllowedMentions *AllowedMentions     `json:"allowed_mentions,omitzero"`
	Components      discord.Components   `json:"components,omitzero"`
	Attachments     []AttachmentRef      `json:"attachments,omitzero"`
	Flags           discord.MessageFlags `json:"flags,omitzero"`
	ThreadName      string               `json:"thread_name,omitzero"`
	AppliedTags     []discord.Snowflake  `json:"applied_tags,omitzero"`
	Poll            jsontext.Value       `json:"poll,omitzero"`
	Files           []File               `json:"-"`
	// OmitAttachments: as in CreateMessageParams.
	OmitAttachments bool `json:"-"`
}

func (p *WebhookMessageParams) check(op string) error {
	if err := checkOmitAttachments(op, p.OmitAttachments, len(p.Attachments), p.Files); err != nil {
		return err
	}
	if err := checkLen(op, "content", p.Content, maxContent); err != nil {
		return err
	}
	if err := checkLen(op, "username", p.Username, maxUsername); err != nil {
		return err
	}
	if err := checkLen(op, "thread_name", p.ThreadName, maxThreadName); err != nil {
		return err
	}
	if err := checkEmbeds(op, p.Embeds); err != nil {
		return err
	}
	if err := checkMentions(op, p.AllowedMentions); err != nil {
		return err
	}
	if p.Content == "" && len(p.Embeds) == 0 && len(p.Components) == 0 && len(p.Files) == 0 && len(p.Poll) == 0 {
		return inputErr(op, "", "the message is empty: set content, embeds, components, files or poll")
	}
	return nil
}

// checkOmitAttachments refuses OmitAttachments together with what needs the
// attachments list.
func checkOmitAttachments(op string, omit bool, refs int, files []File) error {
	if !omit {
		return nil
	}
	if refs > 0 {
		return inputErr(op, "attachments", "is set together with OmitAttachments")
	}
	for i, f := range files {
		if f.Description != "" {
			return inputErr(op, "files["+strconv.Itoa(i)+"].description", "needs the attachments list, which OmitAttachments leaves out")
		}
	}
	return nil
}
