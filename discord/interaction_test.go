package discord_test

import (
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestModalSubmitInteraction(t *testing.T) {
	var i discord.Interaction
	roundTrip(t, "modal_submit.json", &i)
	assert.Equal(t, "type", i.Type, discord.InteractionTypeModalSubmit)
	d, ok := i.ModalData()
	assert.Equal(t, "modal data", ok, true)
	assert.Equal(t, "custom_id", d.CustomID, "feedback:9")
	assert.Equal(t, "components", len(d.Components), 9)
	in := d.Components[0].(*discord.Label).Component.(*discord.TextInput)
	assert.Equal(t, "text value", in.Value, "great")
	assert.Equal(t, "radio null", d.Components[4].(*discord.Label).Component.(*discord.RadioGroup).Value.IsNull(), true)
	v, _ := d.Components[6].(*discord.Label).Component.(*discord.Checkbox).Value.Get()
	assert.Equal(t, "checkbox", v, true)
	assert.Equal(t, "resolved attachment", d.Resolved.Attachments[1380000000000000009].Filename, "a.png")
	assert.Equal(t, "invoker", i.Invoker().Username, "ana")
	assert.Equal(t, "owners", i.AuthorizingIntegrationOwners[discord.ApplicationIntegrationGuildInstall], discord.Snowflake(1380000000000000004))
	ctx, _ := i.Context.Get()
	assert.Equal(t, "context", ctx, discord.InteractionContextGuild)
	assert.Contains(t, string(i.Extra), "unknown_top_level")
}

func TestCommandInteractionOptions(t *testing.T) {
	var i discord.Interaction
	roundTrip(t, "command.json", &i)
	d, ok := i.CommandData()
	assert.Equal(t, "command data", ok, true)
	path, opts := d.Leaf()
	assert.Equal(t, "path", path, []string{"ban"})
	assert.Equal(t, "options", len(opts), 5)
	id, err := opts[0].AsSnowflake()
	assert.Success(t, err)
	assert.Equal(t, "user", d.Resolved.Users[id].Username, "ana")
	assert.Equal(t, "member roles", d.Resolved.Members[id].Roles, []discord.Snowflake{1380000000000000030})
	n, err := opts[1].AsInt()
	assert.Success(t, err)
	assert.Equal(t, "int", n, int64(7))
	f, err := opts[2].AsFloat()
	assert.Success(t, err)
	assert.Equal(t, "float", f, 0.5)
	s, err := opts[3].AsString()
	assert.Success(t, err)
	assert.Equal(t, "string", s, `spam "links"`)
	b, err := opts[4].AsBool()
	assert.Success(t, err)
	assert.Equal(t, "bool", b, false)
	_, err = opts[3].AsInt()
	assert.Contains(t, err.Error(), `option "reason"`)
	_, err = opts[1].AsString()
	assert.Contains(t, err.Error(), "want a string")
	_, err = (&discord.InteractionOption{Name: "x", Type: discord.OptionTypeString}).AsString()
	assert.Contains(t, err.Error(), "has no value")
	// Autocomplete sends partial input as a string, even for numbers.
	partial := discord.InteractionOption{Name: "n", Type: discord.OptionTypeInteger, Value: []byte(`"12"`), Focused: true}
	n, err = partial.AsInt()
	assert.Success(t, err)
	assert.Equal(t, "partial int", n, int64(12))
	assert.Equal(t, "user install owner", i.AuthorizingIntegrationOwners[discord.ApplicationIntegrationUserInstall], discord.Snowflake(1380000000000000005))
	assert.Contains(t, string(d.Extra), "new_data_field")
}

func TestUnknownInteractionTypeRoundTrips(t *testing.T) {
	in := `{"id":"1","application_id":"2","type":9,"token":"t","version":1,"app_permissions":"0","data":{"whatever":[1,2]}}`
	var i discord.Interaction
	assert.Success(t, json.Unmarshal([]byte(in), &i))
	u, ok := i.Data.(*discord.UnknownInteractionData)
	assert.Equal(t, "unknown data", ok, true)
	assert.Equal(t, "type", u.InteractionDataType().String(), "InteractionType(9)")
	out, err := json.Marshal(&i)
	assert.Success(t, err)
	assert.Equal(t, "re-encoded", string(out), in)

	var ping discord.Interaction
	assert.Success(t, json.Unmarshal([]byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`), &ping))
	assert.Equal(t, "ping data", ping.Data, discord.InteractionData(nil))

	err = json.Unmarshal([]byte(`{"id":"1","type":3,"data":{"custom_id":5}}`), &i)
	assert.Contains(t, err.Error(), "interaction data (MessageComponent)")
}

func TestInteractionResponseJSON(t *testing.T) {
	r := discord.InteractionResponse{Type: discord.CallbackModal, Data: &discord.InteractionCallbackData{
		CustomID: "m", Title: "T", Components: discord.Components{&discord.TextDisplay{Content: "hi"}}}}
	out, err := json.Marshal(r)
	assert.Success(t, err)
	assert.Equal(t, "modal", string(out), `{"type":9,"data":{"components":[{"type":10,"content":"hi"}],"custom_id":"m","title":"T"}}`)
	out, err = json.Marshal(discord.InteractionResponse{Type: discord.CallbackApplicationCommandAutocompleteResult,
		Data: &discord.InteractionCallbackData{Choices: []discord.ApplicationCommandOptionChoice{
			discord.StringChoice("a", "x"), discord.IntChoice("b", 2), discord.FloatChoice("c", 2.5)}}})
	assert.Success(t, err)
	assert.Equal(t, "choices", string(out), `{"type":8,"data":{"choices":[{"name":"a","value":"x"},{"name":"b","value":2},{"name":"c","value":2.5}]}}`)
	assert.Equal(t, "names", strings.Join([]string{discord.CallbackLaunchActivity.String(), discord.InteractionCallbackType(11).String()}, ","),
		"LaunchActivity,InteractionCallbackType(11)")
}

func TestApplicationCommandRoundTrip(t *testing.T) {
	var c discord.ApplicationCommand
	roundTrip(t, "application_command.json", &c)
	p, _ := c.DefaultMemberPermissions.Get()
	assert.Equal(t, "permissions", p, discord.Permissions(4))
	assert.Equal(t, "localized", c.NameLocalizations["pt-BR"], "administrar")
	days := c.Options[0].Options[1]
	hi, _ := days.MaxValue.Get()
	assert.Equal(t, "max_value", hi, 7.0)
	assert.Equal(t, "choice value", string(days.Choices[0].Value), "1")
	assert.Equal(t, "types", c.Options[0].Options[4].Type.String(), "Attachment")
	assert.Contains(t, string(c.Extra), "handler_future_key")
	assert.Equal(t, "type names", discord.ApplicationCommandType(9).String(), "ApplicationCommandType(9)")
}

func TestInteractionCreateEvent(t *testing.T) {
	raw := []byte(`{"id":"1","application_id":"2","type":3,"token":"t","version":1,"app_permissions":"0",` +
		`"data":{"custom_id":"vote:1","component_type":2}}`)
	ev, err := discord.DecodeEvent(discord.EventInteractionCreate, raw)
	assert.Success(t, err)
	ic, ok := ev.(*discord.InteractionCreate)
	assert.Equal(t, "event type", ok, true)
	d, ok := ic.ComponentData()
	assert.Equal(t, "component data", ok, true)
	assert.Equal(t, "custom_id", d.CustomID, "vote:1")
	out, err := json.Marshal(ic)
	assert.Success(t, err)
	assert.Equal(t, "re-encoded", string(out), string(raw))
}

// Fields Discord may omit stay omitted, and "0" permissions stay present.
func TestInteractionOptionalFieldsRoundTrip(t *testing.T) {
	for _, in := range []string{
		`{"id":"1","application_id":"2","type":2,"token":"t","data":{"id":"3","name":"foo"}}`,
		`{"id":"1","application_id":"2","type":2,"token":"t","version":1,"app_permissions":"0","data":{"id":"3","name":"foo","type":1}}`,
		`{"id":"1","application_id":"2","type":2,"token":"t","version":0,"app_permissions":"442368","data":{"id":"3","name":"foo","type":2}}`,
	} {
		var i discord.Interaction
		assert.Success(t, json.Unmarshal([]byte(in), &i))
		out, err := json.Marshal(&i)
		assert.Success(t, err)
		assert.Equal(t, "re-encoded", string(out), in)
	}
	var i discord.Interaction
	assert.Success(t, json.Unmarshal([]byte(`{"id":"1","type":1,"app_permissions":"0"}`), &i))
	p, ok := i.AppPermissions.Get()
	assert.Equal(t, "app_permissions present", ok, true)
	assert.Equal(t, "app_permissions", p, discord.Permissions(0))
	_, ok = i.Version.Get()
	assert.Equal(t, "version absent", ok, false)
}

// A null localization map (Discord's answer without with_localizations) is
// written back as null; absent stays absent; a map set later wins.
func TestApplicationCommandNullLocalizations(t *testing.T) {
	in := `{"id":"9","type":1,"name":"join","name_localizations":null,"description":"d","description_localizations":null,` +
		`"options":[{"type":3,"name":"o","name_localizations":null,"description":"x","choices":[{"name":"a","name_localizations":null,"value":"a","future":1}]}]}`
	var c discord.ApplicationCommand
	assert.Success(t, json.Unmarshal([]byte(in), &c))
	assert.Equal(t, "map stays nil", c.NameLocalizations == nil, true)
	out, err := json.Marshal(c)
	assert.Success(t, err)
	var want, got any
	assert.Success(t, json.Unmarshal([]byte(in), &want))
	assert.Success(t, json.Unmarshal(out, &got))
	assert.Equal(t, "round trip", got, want)

	c.NameLocalizations = discord.Localizations{"fr": "rejoindre"}
	out, err = json.Marshal(&c)
	assert.Success(t, err)
	assert.Contains(t, string(out), `"name_localizations":{"fr":"rejoindre"}`)
	assert.Contains(t, string(out), `"description_localizations":null`)

	out, err = json.Marshal(discord.ApplicationCommand{Name: "x", Description: "d"})
	assert.Success(t, err)
	assert.Equal(t, "declared", string(out), `{"name":"x","description":"d"}`)

	err = json.Unmarshal([]byte(`{"name":"x","name_localizations":[1]}`), &c)
	assert.Contains(t, err.Error(), "name_localizations")
}
