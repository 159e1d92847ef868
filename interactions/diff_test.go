package interactions

import (
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// registered is a command as Discord returns it, with every default spelled
// out (type, nulls, contexts, integration types, version, dm_permission…).
const registered = `{"id":"1","application_id":"2","version":"3","default_member_permissions":null,
"type":1,"name":"roll","name_localizations":null,"description":"Roll dice","description_localizations":{},
"dm_permission":true,"default_permission":true,"nsfw":false,"contexts":null,"integration_types":[0],
"options":[{"type":4,"name":"sides","name_localizations":null,"description":"How many","description_localizations":null,
"required":false,"choices":[{"name":"six","name_localizations":null,"value":6.0},{"name":"d20","value":20}]},
{"type":7,"name":"where","description":"Channel","channel_types":[5,0]}]}`

func TestDiffNormalisesDefaults(t *testing.T) {
	var have discord.ApplicationCommand
	assert.Success(t, json.Unmarshal([]byte(registered), &have))
	want := discord.ApplicationCommand{Name: "roll", Description: "Roll dice", Options: []discord.ApplicationCommandOption{
		{Type: discord.OptionTypeInteger, Name: "sides", Description: "How many",
			Choices: []discord.ApplicationCommandOptionChoice{discord.IntChoice("six", 6), discord.IntChoice("d20", 20)}},
		{Type: discord.OptionTypeChannel, Name: "where", Description: "Channel", ChannelTypes: []discord.ChannelType{0, 5}},
	}}
	if d := diffCommand(&want, &have); len(d) != 0 {
		t.Fatalf("defaults not normalised:\n%s", strings.Join(d, "\n"))
	}

	want.Contexts = []discord.InteractionContextType{discord.InteractionContextGuild}
	want.NSFW = discord.Some(true)
	want.Options[0].Required = true
	want.Options[0].Choices[1] = discord.IntChoice("d20", 21)
	want.DescriptionLocalizations = discord.Localizations{"fr": "Lancer"}
	got := diffCommand(&want, &have)
	assert.Equal(t, "changes", got, []string{
		`description_localizations: {} → {fr:"Lancer"}`,
		`nsfw: false → true`,
		`contexts: [] → [0]`,
		`options[0].required: false → true`,
		`options[0].choices[1].value: 20 → 21`,
	})
}

func TestWriteBodyMakesDefaultsExplicit(t *testing.T) {
	b := writeBody(&discord.ApplicationCommand{ID: 5, Version: 6, Name: "x", Description: "d"})
	out, err := json.Marshal(b)
	assert.Success(t, err)
	assert.Equal(t, "PATCH body", string(out),
		`{"name":"x","name_localizations":{},"description":"d","description_localizations":{},"options":[],"default_member_permissions":null,"nsfw":false}`)
}
