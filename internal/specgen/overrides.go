package main

// Overrides: where Discord's OpenAPI spec and our protocol reference
// (../shared/docs/discord-protocol.md) disagree, the reference wins. Each
// disagreement the REST generator acts on is one entry here, with the reason;
// nothing else in the generator special-cases the spec's values.

// limitOverride replaces a documented limit of one body property.
type limitOverride struct {
	Schema, Property string // component schema and JSON property
	MaxLength        int    // characters; 0 leaves the spec's value
	MinItems         int    // 0 leaves the spec's value
	MaxItems         int    // 0 leaves the spec's value
	Why              string
}

var limitOverrides = []limitOverride{
	{Schema: "MessageCreateRequest", Property: "content", MaxLength: 2000,
		Why: "reference §11.1: the docs say 2000 characters for bots; the spec says 4000"},
	{Schema: "BaseCreateMessageCreateRequest", Property: "content", MaxLength: 2000,
		Why: "reference §11.1: forum/media thread starter messages follow the message limit of 2000"},
	{Schema: "MessageEditRequestPartial", Property: "content", MaxLength: 2000,
		Why: "reference §11.1: edits follow the create limit of 2000"},
	{Schema: "SDKMessageRequest", Property: "content", MaxLength: 2000,
		Why: "reference §11.1: lobby messages are messages; 2000 characters"},
	{Schema: "BulkDeleteMessagesRequest", Property: "messages", MinItems: 2, MaxItems: 100,
		Why: "reference §11.17: 2 to 100 ids, whatever the text of error 50016 says"},
}

// routeOverride changes the rate-limit keying of an operation's route.
type routeOverride struct {
	Major  string // major parameter(s), '+'-joined
	Exempt bool   // exempt from the global limit
	Why    string
}

var routeOverrides = map[string]routeOverride{
	"create_interaction_response": {Major: "interaction_token", Exempt: true,
		Why: "reference §11.12 and §3.4: the interaction token plays the webhook token's role; interaction routes skip the global limit"},
}

// findLimitOverride returns the override of schema.property, if any.
func findLimitOverride(schema, prop string) (limitOverride, bool) {
	for _, o := range limitOverrides {
		if o.Schema == schema && o.Property == prop {
			return o, true
		}
	}
	return limitOverride{}, false
}
