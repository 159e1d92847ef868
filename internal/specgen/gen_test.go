package main

import (
	"strings"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// hwWith returns hand-written declarations like the real package's core:
// the types every generated file refers to, plus extra.
func hwWith(extra ...string) *Handwritten {
	h := &Handwritten{
		Types:      map[string]bool{},
		Interfaces: map[string]bool{},
		Values:     map[string]bool{},
		Methods:    map[string]map[string]bool{},
		Inline:     map[string][]string{},
	}
	for _, n := range []string{"Snowflake", "Timestamp", "Optional", "Nullable", "Permissions", "MessageFlags", "UserFlags"} {
		h.Types[n] = true
	}
	for _, n := range extra {
		h.Types[n] = true
	}
	return h
}

// genSrc generates from an inline components.schemas object.
func genSrc(t *testing.T, schemas string, hw *Handwritten) string {
	t.Helper()
	spec, err := ParseSpec([]byte(`{"openapi":"3.1.0","paths":{},"components":{"schemas":` + schemas + `}}`))
	assert.Success(t, err)
	res, err := Generate(spec, hw, "test.json")
	assert.Success(t, err)
	return string(res.Source)
}

// squash collapses runs of blanks so tests need not mirror gofmt alignment.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestNullableAndOptional(t *testing.T) {
	src := squash(genSrc(t, `{
	  "ThingResponse": {"type":"object","required":["id","name","topic","when"],"properties":{
	    "id":    {"$ref":"#/components/schemas/SnowflakeType"},
	    "name":  {"type":"string"},
	    "topic": {"type":["string","null"]},
	    "when":  {"type":"string","format":"date-time"},
	    "count": {"type":"integer","format":"int32"},
	    "big":   {"$ref":"#/components/schemas/Int53Type"},
	    "ratio": {"type":"number","format":"double"},
	    "note":  {"type":["string","null"]},
	    "tags":  {"type":"array","items":{"type":"string"}},
	    "perms": {"type":"string"},
	    "permissions": {"type":"string"},
	    "owner": {"oneOf":[{"type":"null"},{"$ref":"#/components/schemas/OtherResponse"}]},
	    "premium_subscriber": {"type":"null"}
	  }},
	  "OtherResponse": {"type":"object","properties":{"x":{"type":"boolean"}}},
	  "SnowflakeType": {"type":"string","format":"snowflake"},
	  "Int53Type": {"type":"integer","format":"int64"}
	}`, hwWith()))
	for _, want := range []string{
		"type Thing struct {",
		"ID Snowflake `json:\"id\"`",                       // required, not null: value
		"Name string `json:\"name\"`",                      // required, not null: value
		"Topic Nullable[string] `json:\"topic,omitzero\"`", // required + nullable
		"When Timestamp `json:\"when\"`",
		"Count Optional[int] `json:\"count,omitzero\"`", // optional: Optional + omitzero
		"Big Optional[int64] `json:\"big,omitzero\"`",
		"Ratio Optional[float64] `json:\"ratio,omitzero\"`",
		"Note Nullable[string] `json:\"note,omitzero\"`", // optional + nullable: three states
		"Tags []string `json:\"tags,omitzero\"`",         // nil slice is absent
		"Perms Optional[string]",
		"Permissions Optional[Permissions]",
		"Owner Nullable[Other] `json:\"owner,omitzero\"`",
		"PremiumSubscriber Nullable[jsontext.Value]",
		"Extra jsontext.Value `json:\",embed\"`",
		"type Other struct {",
	} {
		assert.Contains(t, src, want)
	}
	if strings.Contains(src, "type Snowflake") || strings.Contains(src, "SnowflakeType struct") {
		t.Errorf("builtin schema generated:\n%s", src)
	}
}

func TestEnums(t *testing.T) {
	src := squash(genSrc(t, `{
	  "ChannelTypes": {"type":"integer","format":"int32","oneOf":[
	    {"title":"GUILD_TEXT","const":0,"description":"A text channel"},
	    {"title":"DM","const":1},
	    {"title":"DM","const":1}]},
	  "SortingOrder": {"type":"string","oneOf":[{"title":"ASC","const":"asc"},{"title":"DESC","const":"desc"}]},
	  "AutomodTriggerType": {"type":"integer","oneOf":[{"title":"ML_SPAM","const":3}]}
	}`, hwWith()))
	for _, want := range []string{
		"type ChannelType int",
		"// A text channel ChannelTypeGuildText ChannelType = 0",
		"ChannelTypeDM ChannelType = 1",
		`case 0: return "GUILD_TEXT"`,
		`return "ChannelType(" + strconv.FormatInt(int64(v), 10) + ")"`,
		"type SortingOrder string",
		`SortingOrderAsc SortingOrder = "asc"`,
		"func (v SortingOrder) String() string { return string(v) }",
		"AutomodTriggerTypeMLSpam AutomodTriggerType = 3",
	} {
		assert.Contains(t, src, want)
	}
	assert.Equal(t, "duplicate title emitted once", strings.Count(src, "ChannelTypeDM ChannelType"), 1)
	assert.Equal(t, "duplicate value has one case", strings.Count(src, `case 1: return "DM"`), 1)
}

func TestHandwrittenWins(t *testing.T) {
	hw := hwWith("Guild")
	hw.Values["ChannelTypeDM"] = true                             // a hand-written constant
	hw.Values["Widget"] = true                                    // a hand-written func named like a schema
	hw.Methods["ChannelType"] = map[string]bool{"String": true}   // a hand-written method
	hw.Methods["WidgetResponse"] = map[string]bool{"Guild": true} // ...named like a field
	hw.Types["Channel"] = true
	hw.Interfaces["Channel"] = true // an interface never stands in for a schema
	src := squash(genSrc(t, `{
	  "GuildResponse": {"type":"object","properties":{"id":{"type":"string"}}},
	  "WidgetResponse": {"type":"object","properties":{"guild":{"$ref":"#/components/schemas/GuildResponse"},
	    "channel":{"$ref":"#/components/schemas/ChannelResponse"}}},
	  "ChannelResponse": {"type":"object","properties":{"id":{"type":"string"}}},
	  "ChannelTypes": {"type":"integer","oneOf":[{"title":"GUILD_TEXT","const":0},{"title":"DM","const":1}]}
	}`, hw))
	if strings.Contains(src, "type Guild struct") {
		t.Error("generated a type that is hand-written")
	}
	assert.Contains(t, src, "type WidgetResponse struct {") // Widget is taken by a func: spec name instead
	assert.Contains(t, src, "GuildField Optional[Guild]")   // refers to the hand-written type; the field yields to a method
	assert.Contains(t, src, "type ChannelResponse struct {")
	assert.Contains(t, src, "Channel Optional[ChannelResponse]")
	assert.Contains(t, src, "ChannelTypeGuildText ChannelType = 0")
	if strings.Contains(src, "ChannelTypeDM ") || strings.Contains(src, "func (v ChannelType) String") {
		t.Errorf("emitted a constant or method that is hand-written:\n%s", src)
	}
	assert.Contains(t, src, "- GuildResponse -> Guild") // listed in the header
}

func TestHandwrittenAliases(t *testing.T) {
	src := squash(genSrc(t, `{
	  "GuildMFALevel": {"type":"integer","oneOf":[{"title":"NONE","const":0}]},
	  "AutomodTriggerType": {"type":"integer","oneOf":[{"title":"KEYWORD","const":1}]},
	  "RuleResponse": {"type":"object","required":["mfa","trigger"],"properties":{
	    "mfa": {"$ref":"#/components/schemas/GuildMFALevel"},
	    "trigger": {"$ref":"#/components/schemas/AutomodTriggerType"}}}
	}`, hwWith("MFALevel", "AutoModTriggerType")))
	assert.Contains(t, src, "MFA MFALevel `json:\"mfa\"`")                   // alias table
	assert.Contains(t, src, "Trigger AutoModTriggerType `json:\"trigger\"`") // same name but for case
	if strings.Contains(src, "type GuildMFALevel") || strings.Contains(src, "type AutomodTriggerType") {
		t.Errorf("generated a type that hand-written code represents:\n%s", src)
	}
}

func TestUnionsAndCycles(t *testing.T) {
	src := squash(genSrc(t, `{
	  "AResponse": {"type":"object","required":["kind"],"properties":{
	    "kind": {"type":"integer"},
	    "child": {"oneOf":[{"$ref":"#/components/schemas/BResponse"},{"$ref":"#/components/schemas/CResponse"}]},
	    "items": {"type":"array","items":{"oneOf":[{"$ref":"#/components/schemas/CResponse"},{"$ref":"#/components/schemas/BResponse"}]}},
	    "nonce": {"oneOf":[{"type":"integer","format":"int64"},{"type":"string"},{"type":"null"}]},
	    "self": {"oneOf":[{"type":"null"},{"$ref":"#/components/schemas/AResponse"}]},
	    "b": {"$ref":"#/components/schemas/BResponse"}
	  }},
	  "BResponse": {"type":"object","required":["a"],"properties":{"a":{"$ref":"#/components/schemas/AResponse"}}},
	  "CResponse": {"type":"object","properties":{"x":{"type":"string"}}}
	}`, hwWith()))
	for _, want := range []string{
		"Child AChildUnion `json:\"child,omitzero\"`",     // one union type per variant set...
		"Items []AChildUnion `json:\"items,omitzero\"`",   // ...shared by both sites
		"Nonce Nullable[Nonce] `json:\"nonce,omitzero\"`", // curated name for int64|string
		"Self Nullable[*A] `json:\"self,omitzero\"`",      // self reference through a pointer
		"A *A `json:\"a\"`",                               // A <-> B cycle broken on both sides;
		"B *B `json:\"b,omitzero\"`",                      // optional held by pointer: nil is absent
		"func (u AChildUnion) AsB() (B, error)",
		"func (u *AChildUnion) SetC(v C) error",
		"func (u Nonce) AsInt64() (int64, error)",
		"func (u Nonce) AsString() (string, error)",
	} {
		assert.Contains(t, src, want)
	}
}

func TestNames(t *testing.T) {
	schemas := map[string]*Schema{
		"MessageResponse":                 {},
		"MessageCreateRequest":            {},
		"GuildPatchRequestPartial":        {},
		"KeywordUpsertRequest":            {},
		"KeywordUpsertRequestPartial":     {},
		"BlockMessageAction":              {},
		"BlockMessageActionResponse":      {},
		"StringSelectOptionForRequest":    {},
		"ThreadResponse":                  {},
		"GuildFeatures":                   {OneOf: []*Schema{{Const: []byte(`"A"`)}}},
		"GuildScheduledEventStatuses":     {OneOf: []*Schema{{Const: []byte(`1`)}}},
		"RecurrenceRuleFrequencies":       {OneOf: []*Schema{{Const: []byte(`1`)}}},
		"SnowflakeType":                   {},
		"ApplicationCommandCreateRequest": {},
	}
	ops := []Operation{
		{OperationID: "create_message", Body: "MessageCreateRequest"},
		{OperationID: "update_guild", Body: "GuildPatchRequestPartial"},
		{OperationID: "create_application_command", Body: "ApplicationCommandCreateRequest"},
		{OperationID: "create_guild_application_command", Body: "ApplicationCommandCreateRequest"},
	}
	got := assignNames(schemas, ops)
	for spec, want := range map[string]string{
		"MessageResponse":                 "Message",
		"MessageCreateRequest":            "CreateMessageParams",
		"GuildPatchRequestPartial":        "UpdateGuildParams",
		"ApplicationCommandCreateRequest": "ApplicationCommandCreateParams", // body of two operations
		"KeywordUpsertRequest":            "KeywordUpsertParams",
		"KeywordUpsertRequestPartial":     "KeywordUpsertPartialParams",
		"BlockMessageAction":              "BlockMessageAction",
		"BlockMessageActionResponse":      "BlockMessageActionResponse", // short name is taken
		"StringSelectOptionForRequest":    "StringSelectOptionParams",
		"ThreadResponse":                  "Thread",
		"GuildFeatures":                   "GuildFeature",
		"GuildScheduledEventStatuses":     "GuildScheduledEventStatus",
		"RecurrenceRuleFrequencies":       "RecurrenceRuleFrequency",
	} {
		assert.Equal(t, spec, got[spec], want)
	}
	if _, ok := got["SnowflakeType"]; ok {
		t.Error("builtin SnowflakeType got a generated name")
	}
	for in, want := range map[string]string{
		"guild_id": "GuildID", "sticker_ids": "StickerIDs", "GUILD_TEXT": "GuildText",
		"en-US": "EnUs", "nsfw": "NSFW", "oauth2_install_params": "OAuth2InstallParams",
		"_errors": "Errors", "TIER_1": "Tier1", "rtc_region": "RTCRegion",
	} {
		assert.Equal(t, in, camel(in), want)
	}
}

func TestBadSpec(t *testing.T) {
	_, err := ParseSpec([]byte(`{"components":{"schemas":{}}}`))
	assert.Error(t, err)
	_, err = ParseSpec([]byte(`{"components":`))
	assert.Error(t, err)
	spec, err := ParseSpec([]byte(`{"components":{"schemas":{"A":{"type":"object","properties":{"b":{"$ref":"#/components/schemas/Missing"}}}}}}`))
	assert.Success(t, err)
	_, err = Generate(spec, hwWith(), "x")
	assert.Error(t, err)
	assert.Contains(t, err.Error(), `A.b: $ref to unknown schema "Missing"`)
}

func TestDeterministic(t *testing.T) {
	schemas := `{
	  "BResponse": {"type":"object","properties":{"u":{"oneOf":[{"$ref":"#/components/schemas/CResponse"},{"$ref":"#/components/schemas/DResponse"}]}}},
	  "AResponse": {"type":"object","properties":{"u":{"oneOf":[{"$ref":"#/components/schemas/DResponse"},{"$ref":"#/components/schemas/CResponse"}]}}},
	  "CResponse": {"type":"object","properties":{}},
	  "DResponse": {"type":"object","properties":{}}
	}`
	first := genSrc(t, schemas, hwWith())
	for range 5 {
		assert.Equal(t, "same output", genSrc(t, schemas, hwWith()), first)
	}
	assert.Contains(t, first, "type AUUnion struct") // named after the first site in sorted order
}

func TestOperationBodies(t *testing.T) {
	spec, err := ParseSpec([]byte(`{"openapi":"3.1.0",
	  "paths":{
	    "/guilds/{guild_id}/members/{user_id}":{"patch":{"operationId":"update_guild_member",
	      "requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"nick":{"type":["string","null"]}}}}}}}},
	    "/guilds/{guild_id}/channels":{"patch":{"operationId":"bulk_update_guild_channels",
	      "requestBody":{"content":{"application/json":{"schema":{"type":"array","items":{"type":"object","required":["id"],
	        "properties":{"id":{"type":"string","format":"snowflake"}}}}}}}}},
	    "/channels/{channel_id}/messages":{"post":{"operationId":"create_message",
	      "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/MessageCreateRequest"}}}}}}
	  },
	  "components":{"schemas":{"MessageCreateRequest":{"type":"object","properties":{"content":{"type":["string","null"]}}}}}}`))
	assert.Success(t, err)
	res, err := Generate(spec, hwWith(), "t.json")
	assert.Success(t, err)
	src := squash(string(res.Source))
	assert.Contains(t, src, "// UpdateGuildMemberParams is the JSON body of PATCH /guilds/{guild_id}/members/{user_id}.")
	assert.Contains(t, src, "Nick Nullable[string] `json:\"nick,omitzero\"`")
	assert.Contains(t, src, "// BulkUpdateGuildChannelsParams is one element of the JSON body (a list) of PATCH // /guilds/{guild_id}/channels.")
	assert.Contains(t, src, "type CreateMessageParams struct {") // component body named after its only operation

	var out strings.Builder
	assert.Success(t, printRoutes(&out, spec, hwWith()))
	assert.Contains(t, out.String(), "POST\t/channels/{channel_id}/messages\tcreate_message\tCreateMessageParams\t")
	assert.Contains(t, out.String(), "PATCH\t/guilds/{guild_id}/channels\tbulk_update_guild_channels\t[]BulkUpdateGuildChannelsParams\t")
}
