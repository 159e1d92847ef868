package rest

// inputChecks holds the client-side checks Discord documents that the spec
// does not express (or that need more than one field), by operationId. The
// typed methods, generated or hand-written, consult it before sending; the
// spec's own limits (lengths, item counts, ranges, required fields) are
// generated next to each method, with the protocol reference's corrections
// from internal/specgen/overrides.go.
var inputChecks = map[string]func(op string, body any) error{
	"create_message":                  checkAs((*CreateMessageParams).check),
	"update_message":                  checkAs((*EditMessageParams).check),
	"execute_webhook":                 checkAs((*WebhookMessageParams).check),
	"update_webhook_message":          checkAs((*EditMessageParams).check),
	"update_original_webhook_message": checkAs((*EditMessageParams).check),
	"update_channel":                  checkAs((*ModifyChannelParams).check),
	"update_guild_member":             checkAs((*ModifyMemberParams).check),
	"create_guild_role":               checkAs((*RoleParams).check),
	"update_guild_role":               checkAs((*RoleParams).check),
}

// checkAs adapts a params check to the table; a body of another type (a
// caller using Do directly with its own struct) is not checked.
func checkAs[T any](check func(*T, string) error) func(string, any) error {
	return func(op string, body any) error {
		if b, ok := body.(*T); ok && b != nil {
			return check(b, op)
		}
		return nil
	}
}

// checkInput runs the table's check of operation id on body.
func checkInput(id string, body any) error {
	if chk := inputChecks[id]; chk != nil {
		return chk(id, body)
	}
	return nil
}
