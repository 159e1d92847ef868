package rest

import (
	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
)

// inputChecks holds, by operationId, the client-side checks Discord
// documents that the spec does not express (or that span several fields):
// message content and embed limits, allowed mentions, nonces, empty messages,
// channel and role names, slowmode, nicknames. Every typed method consults it
// before sending, generated (through call) or hand-written (checkInput);
// the spec's own limits (lengths, item counts, ranges, required fields) are
// generated next to each method, with the protocol reference's corrections
// from internal/specgen/overrides.go.
//
// A check receives the caller-facing operation name for errors and the body
// as passed; a body of a type the check does not know (a caller using Do with
// its own struct) is not checked.
var inputChecks = map[string]func(op string, body any) error{
	"create_message":      checkAs((*CreateMessageParams).check),
	"update_message":      checkAs((*EditMessageParams).check),
	"execute_webhook":     checkAs((*WebhookMessageParams).check),
	"update_channel":      checkAs((*ModifyChannelParams).check),
	"update_guild_member": checkAs((*ModifyMemberParams).check),
	"create_guild_role":   checkAs((*RoleParams).check),
	"update_guild_role":   checkAs((*RoleParams).check),

	// Generated methods whose bodies carry message content: the same limits
	// as CreateMessage (content, embeds, allowed mentions), read from the
	// body's JSON so that one implementation checks both kinds of type.
	"update_webhook_message":          checkMessageJSON,
	"update_original_webhook_message": checkMessageJSON,
	"create_lobby_message":            checkMessageJSON,
	"create_thread":                   checkThreadMessageJSON,
}

// checkAs adapts a params check to the table.
func checkAs[T any](check func(*T, string) error) func(string, any) error {
	return func(op string, body any) error {
		if b, ok := body.(*T); ok && b != nil {
			return check(b, op)
		}
		return nil
	}
}

// checkInput runs the table's check of operation id on body; op names the
// call in errors.
func checkInput(id, op string, body any) error {
	if chk := inputChecks[id]; chk != nil {
		return chk(op, body)
	}
	return nil
}

// messageLimits is the part of a message body the documented limits read.
type messageLimits struct {
	Content         *string          `json:"content"`
	Embeds          []discord.Embed  `json:"embeds"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
}

func (m *messageLimits) check(op, at string) error {
	if m.Content != nil {
		if err := checkLen(op, at+"content", *m.Content, maxContent); err != nil {
			return err
		}
	}
	if err := checkEmbeds(op, m.Embeds); err != nil {
		return err
	}
	return checkMentions(op, m.AllowedMentions)
}

// checkMessageJSON applies the message limits to any body that encodes as a
// message object.
func checkMessageJSON(op string, body any) error {
	var m messageLimits
	if !reencode(body, &m) {
		return nil
	}
	return m.check(op, "")
}

// checkThreadMessageJSON applies them to the starter message of a forum or
// media thread.
func checkThreadMessageJSON(op string, body any) error {
	var t struct {
		Message *messageLimits `json:"message"`
	}
	if !reencode(body, &t) || t.Message == nil {
		return nil
	}
	return t.Message.check(op, "message.")
}

// reencode copies body into v through JSON; false when either step fails
// (Do reports an unencodable body itself).
func reencode(body, v any) bool {
	b, err := json.Marshal(body)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v, json.RejectUnknownMembers(false)) == nil
}
