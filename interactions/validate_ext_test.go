package interactions_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

func buttons(n int) []discord.Component {
	var cs []discord.Component
	for k := range n {
		cs = append(cs, interactions.Button(discord.ButtonStylePrimary, "b"+strings.Repeat("x", k), "B"))
	}
	return cs
}

func msg(cs ...discord.Component) *discord.InteractionResponse {
	return interactions.Message(discord.InteractionCallbackData{Components: cs})
}

func v2(cs ...discord.Component) *discord.InteractionResponse {
	return interactions.Message(discord.InteractionCallbackData{Components: cs, Flags: interactions.ComponentsV2})
}

func TestValidateLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	sel := interactions.StringSelect("s", interactions.Option("a", "a"))
	var manyOptions []discord.SelectOption
	for k := range 26 {
		manyOptions = append(manyOptions, interactions.Option("o", string(rune('a'+k))))
	}
	var fortyOne []discord.Component
	for range 41 {
		fortyOne = append(fortyOne, interactions.TextDisplay("t"))
	}
	tests := []struct {
		name string
		resp *discord.InteractionResponse
		path string // "" means valid
		text string
	}{
		{"valid row of 5", msg(interactions.Row(buttons(5)...)), "", ""},
		{"6 rows", msg(interactions.Row(buttons(1)...), interactions.Row(buttons(1)...), interactions.Row(buttons(1)...),
			interactions.Row(buttons(1)...), interactions.Row(buttons(1)...), interactions.Row(buttons(1)...)),
			"data.components", "at most 5 action rows"},
		{"6 buttons", msg(interactions.Row(buttons(6)...)), "data.components[0].components", "1-5 components"},
		{"select and button", msg(interactions.Row(sel, buttons(1)[0])), "data.components[0].components", "exactly one select"},
		{"long custom_id", msg(interactions.Row(interactions.Button(discord.ButtonStyleDanger, long(101), "x"))),
			"data.components[0].components[0].custom_id", "at most 100 characters"},
		{"empty custom_id", msg(interactions.Row(interactions.Button(discord.ButtonStyleDanger, "", "x"))),
			"data.components[0].components[0].custom_id", "required"},
		{"duplicate custom_id", msg(interactions.Row(interactions.Button(1, "same", "a"), interactions.Button(1, "same", "b"))),
			"data.components[0].components[1].custom_id", "already used at data.components[0].components[0].custom_id"},
		{"long label", msg(interactions.Row(interactions.Button(1, "a", long(81)))),
			"data.components[0].components[0].label", "at most 80"},
		{"link with custom_id", msg(interactions.Row(&discord.Button{Style: discord.ButtonStyleLink, URL: "https://x", CustomID: "c", Label: "l"})),
			"data.components[0].components[0]", "link button"},
		{"26 select options", msg(interactions.Row(interactions.StringSelect("s", manyOptions...))),
			"data.components[0].components[0].options", "1-25 options"},
		{"long placeholder", msg(interactions.Row(&discord.UserSelect{CustomID: "u", Placeholder: long(151)})),
			"data.components[0].components[0].placeholder", "at most 150"},
		{"max_values 26", msg(interactions.Row(&discord.RoleSelect{CustomID: "r", MaxValues: discord.Some(26)})),
			"data.components[0].components[0].max_values", "1-25"},
		{"v2 component without flag", msg(interactions.TextDisplay("hi")), "data.components[0]", "IS_COMPONENTS_V2"},
		{"v2 with content", interactions.Message(discord.InteractionCallbackData{Content: "x", Flags: interactions.ComponentsV2}),
			"data.content", "not allowed"},
		{"v2 41 components", v2(fortyOne...), "data.components", "at most 40 components in total, got 41"},
		{"v2 nested count", v2(interactions.Container(fortyOne[:39]...), interactions.TextDisplay("x")), "data.components", "got 41"},
		{"valid v2", v2(interactions.Container(interactions.Section(interactions.Button(1, "go", "Go"), "a", "b"), interactions.Separator()),
			interactions.TextDisplay("hi")), "", ""},
		{"section with 4 texts", v2(interactions.Section(interactions.Button(1, "go", "Go"), "a", "b", "c", "d")),
			"data.components[0].components", "1-3 text displays"},
		{"section with select accessory", v2(interactions.Section(sel, "a")), "data.components[0].accessory", "button or a thumbnail"},
		{"file not attachment", v2(&discord.File{File: discord.UnfurledMediaItem{URL: "https://x/y.txt"}}),
			"data.components[0].file.url", "attachment://"},
		{"accent colour", v2(&discord.Container{AccentColor: discord.NonNull(0x1000000)}),
			"data.components[0].accent_color", "0x000000-0xFFFFFF"},
		{"text input in a message", v2(interactions.TextInput("t", discord.TextInputStyleShort)), "data.components[0]", "only allowed in modals"},
		{"content 2001", interactions.Text(long(2001)), "data.content", "at most 2000"},
		{"unknown component is counted, not inspected", v2(&discord.UnknownComponent{Type: 99, Raw: []byte(`{"type":99}`)}), "", ""},

		{"valid modal", interactions.Modal("m", "Feedback", interactions.Label("Body", interactions.TextInput("b", discord.TextInputStyleParagraph))), "", ""},
		{"modal title 46", interactions.Modal("m", long(46), interactions.Label("x", interactions.TextInput("b", 1))), "data.title", "at most 45"},
		{"modal 6 components", interactions.Modal("m", "t", interactions.TextDisplay("1"), interactions.TextDisplay("2"),
			interactions.TextDisplay("3"), interactions.TextDisplay("4"), interactions.TextDisplay("5"), interactions.TextDisplay("6")),
			"data.components", "1-5 components"},
		{"modal text input value 4001", interactions.Modal("m", "t", interactions.Label("x",
			&discord.TextInput{CustomID: "b", Style: 1, Value: long(4001)})), "data.components[0].component.value", "at most 4000"},
		{"modal label 46", interactions.Modal("m", "t", interactions.Label(long(46), interactions.TextInput("b", 1))),
			"data.components[0].label", "at most 45"},
		{"modal disabled select", interactions.Modal("m", "t", interactions.Label("x", &discord.StringSelect{CustomID: "s",
			Options: []discord.SelectOption{interactions.Option("a", "a")}, Disabled: true})),
			"data.components[0].component.disabled", "cannot be disabled"},
		{"radio with one option", interactions.Modal("m", "t", interactions.Label("x", &discord.RadioGroup{CustomID: "r",
			Options: []discord.GroupOption{{Value: "a", Label: "a"}}})), "data.components[0].component.options", "2-10 options"},
		{"button at modal top", interactions.Modal("m", "t", interactions.Button(1, "b", "b")), "data.components[0]", "not allowed at the top of a modal"},

		{"26 choices", interactions.Choices(make([]discord.ApplicationCommandOptionChoice, 26)...), "data.choices", "at most 25 choices"},
		{"choice value too long", interactions.Choices(discord.StringChoice("n", long(101))), "data.choices[0].value", "longer than 100"},
	}
	for _, tc := range tests {
		err := interactions.ValidateResponse(tc.resp)
		if tc.path == "" {
			if err != nil {
				t.Fatalf("%s: unexpected %v", tc.name, err)
			}
			continue
		}
		var le *interactions.LimitError
		if !errors.As(err, &le) {
			t.Fatalf("%s: got %v, want a *LimitError", tc.name, err)
		}
		assert.ErrorIs(t, err, interactions.ErrLimit)
		if le.Path != tc.path || !strings.Contains(le.Limit, tc.text) {
			t.Fatalf("%s: got %q %q, want path %q containing %q", tc.name, le.Path, le.Limit, tc.path, tc.text)
		}
	}
}
