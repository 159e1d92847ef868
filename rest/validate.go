package rest

import (
	"strconv"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// Discord's client-side limits (protocol reference section 6).
const (
	maxContent       = 2000
	maxEmbeds        = 10
	maxEmbedTotal    = 6000
	maxEmbedTitle    = 256
	maxEmbedDesc     = 4096
	maxEmbedFields   = 25
	maxFieldName     = 256
	maxFieldValue    = 1024
	maxFooterText    = 2048
	maxAuthorName    = 256
	maxNonce         = 25
	maxStickers      = 3
	maxMentionIDs    = 100
	maxReason        = 512
	maxUsername      = 80
	maxBulkDelete    = 100
	minBulkDelete    = 2
	maxThreadName    = 100
	maxChannelName   = 100
	maxChannelTopic  = 4096
	maxSlowmode      = 21600
	maxNick          = 32
	maxRoleName      = 100
	maxCommandName   = 32
	maxCommandDesc   = 100
	maxCommandOption = 25
	maxListMessages  = 100
	maxListReactions = 100
	maxListMembers   = 1000
	maxListPins      = 50
	maxBanDeleteSecs = 604800
)

func runes(s string) int { return utf8.RuneCountInString(s) }

// checkLen returns an InputError when s has more than max characters.
func checkLen(op, field, s string, max int) error {
	if n := runes(s); n > max {
		return inputErr(op, field, "is %d characters, the limit is %d", n, max)
	}
	return nil
}

// checkEmbeds enforces the per-embed limits and the 6000-character total.
func checkEmbeds(op string, embeds []discord.Embed) error {
	if len(embeds) > maxEmbeds {
		return inputErr(op, "embeds", "%d embeds, the limit is %d", len(embeds), maxEmbeds)
	}
	total := 0
	for i, e := range embeds {
		at := "embeds[" + strconv.Itoa(i) + "]"
		checks := []struct {
			field string
			s     string
			max   int
		}{
			{".title", e.Title, maxEmbedTitle},
			{".description", e.Description, maxEmbedDesc},
		}
		if e.Footer != nil {
			checks = append(checks, struct {
				field string
				s     string
				max   int
			}{".footer.text", e.Footer.Text, maxFooterText})
		}
		if e.Author != nil {
			checks = append(checks, struct {
				field string
				s     string
				max   int
			}{".author.name", e.Author.Name, maxAuthorName})
		}
		for _, c := range checks {
			if err := checkLen(op, at+c.field, c.s, c.max); err != nil {
				return err
			}
			total += runes(c.s)
		}
		if len(e.Fields) > maxEmbedFields {
			return inputErr(op, at+".fields", "%d fields, the limit is %d", len(e.Fields), maxEmbedFields)
		}
		for j, f := range e.Fields {
			ft := at + ".fields[" + strconv.Itoa(j) + "]"
			if err := checkLen(op, ft+".name", f.Name, maxFieldName); err != nil {
				return err
			}
			if err := checkLen(op, ft+".value", f.Value, maxFieldValue); err != nil {
				return err
			}
			total += runes(f.Name) + runes(f.Value)
		}
		if c, ok := e.Color.Get(); ok && (c < 0 || c > 0xFFFFFF) {
			return inputErr(op, at+".color", "%d is outside 0..16777215", c)
		}
	}
	if total > maxEmbedTotal {
		return inputErr(op, "embeds", "hold %d characters in total, the limit is %d", total, maxEmbedTotal)
	}
	return nil
}

func checkMentions(op string, am *AllowedMentions) error {
	if am == nil {
		return nil
	}
	if len(am.Users) > maxMentionIDs {
		return inputErr(op, "allowed_mentions.users", "%d ids, the limit is %d", len(am.Users), maxMentionIDs)
	}
	if len(am.Roles) > maxMentionIDs {
		return inputErr(op, "allowed_mentions.roles", "%d ids, the limit is %d", len(am.Roles), maxMentionIDs)
	}
	for _, p := range am.Parse {
		switch p {
		case MentionRoles, MentionUsers, MentionEveryone:
		default:
			return inputErr(op, "allowed_mentions.parse", "%q is not roles, users or everyone", p)
		}
		if p == MentionUsers && len(am.Users) > 0 || p == MentionRoles && len(am.Roles) > 0 {
			return inputErr(op, "allowed_mentions", "parse %q and an explicit id list are mutually exclusive", p)
		}
	}
	return nil
}

// need returns an InputError when id is zero.
func need(op, field string, id discord.Snowflake) error {
	if id == 0 {
		return inputErr(op, field, "is zero; an id is required")
	}
	return nil
}

// needToken returns an InputError when a webhook or interaction token is empty.
func needToken(op, field, token string) error {
	if token == "" {
		return inputErr(op, field, "is empty")
	}
	return nil
}

// attachmentRefs lists new files in payload_json.attachments, keeping any
// entries the caller wrote.
func attachmentRefs(refs []AttachmentRef, files []File) []AttachmentRef {
	if len(files) == 0 || len(refs) > 0 {
		return refs
	}
	out := make([]AttachmentRef, len(files))
	for i, f := range files {
		out[i] = AttachmentRef{ID: discord.Snowflake(i), Filename: f.Name, Description: f.Description}
	}
	return out
}
