package discord_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// roundTrip decodes file into v, re-encodes it and fails unless the result
// is the same JSON (canonical form: key order and spacing aside).
func roundTrip(t *testing.T, file string, v any) []byte {
	t.Helper()
	in, err := os.ReadFile("testdata/interactions/" + file)
	assert.Success(t, err)
	assert.Success(t, json.Unmarshal(in, v))
	out, err := json.Marshal(v)
	assert.Success(t, err)
	want, got := jsontext.Value(bytes.Clone(in)), jsontext.Value(bytes.Clone(out))
	assert.Success(t, want.Canonicalize())
	assert.Success(t, got.Canonicalize())
	if !bytes.Equal(want, got) {
		t.Fatalf("%s does not round-trip:\nwant %s\ngot  %s", file, want, got)
	}
	return out
}

func TestComponentsRoundTrip(t *testing.T) {
	var cs discord.Components
	roundTrip(t, "components.json", &cs)

	want := []discord.ComponentType{1, 9, 12, 13, 14, 17, 17, 99, 10}
	var got []discord.ComponentType
	for _, c := range cs {
		if c.ComponentType() != 1 || len(got) == 0 || got[len(got)-1] != 1 {
			got = append(got, c.ComponentType())
		}
	}
	assert.Equal(t, "types", got, want)

	row := cs[0].(*discord.ActionRow)
	b := row.Components[0].(*discord.Button)
	assert.Equal(t, "button", *b, discord.Button{ID: 2, Style: discord.ButtonStylePrimary, Label: "Yes",
		CustomID: "vote:1:yes", Emoji: &discord.ComponentEmoji{ID: 41771983429993937, Name: "ok", Animated: true}})
	sel := cs[1].(*discord.ActionRow).Components[0].(*discord.StringSelect)
	assert.Equal(t, "min_values 0 kept", sel.MinValues, discord.Some(0))
	ch := cs[5].(*discord.ActionRow).Components[0].(*discord.ChannelSelect)
	assert.Equal(t, "unknown channel type kept", ch.ChannelTypes[2], discord.ChannelType(99))
	sec := cs[6].(*discord.Section)
	th := sec.Accessory.(*discord.Thumbnail)
	assert.Equal(t, "null width", th.Media.Width.IsNull(), true)
	h, _ := th.Media.Height.Get()
	assert.Equal(t, "height", h, 64)
	cont := cs[10].(*discord.Container)
	unk := cont.Components[3].(*discord.UnknownComponent)
	assert.Equal(t, "nested unknown type", unk.Type, discord.ComponentType(42))
	assert.Equal(t, "nested unknown raw", string(unk.Raw), `{"type": 42, "id": 27, "shiny": {"new": ["thing"]}}`)
	assert.Equal(t, "null accent", cs[11].(*discord.Container).AccentColor.IsNull(), true)
	assert.Equal(t, "top-level unknown", cs[12].ComponentType().String(), "ComponentType(99)")
	assert.Contains(t, string(cs[13].(*discord.TextDisplay).Extra), "brand_new_field")
}

func TestComponentDecodeErrorsNamePath(t *testing.T) {
	tests := []struct{ in, path, text string }{
		{`[{"type":1,"components":[{"type":2,"style":1},{"type":2,"style":"big"}]}]`, "/0/components/1/style", "Button"},
		{`[{"type":17,"components":[{"type":9,"components":[],"accessory":{"type":11,"media":5}}]}]`,
			"/0/components/0/accessory/media", "Thumbnail"},
		{`[{"id":1}]`, "/0", `no "type"`},
		{`[{"type":"2"}]`, "/0", "must be a number"},
		{`[5]`, "/0", "must be an object"},
		{`[{"type":18,"component":{"type":4,"custom_id":7}}]`, "/0/component/custom_id", "TextInput"},
	}
	for _, tc := range tests {
		var cs discord.Components
		err := json.Unmarshal([]byte(tc.in), &cs)
		var de *discord.ComponentDecodeError
		if !errors.As(err, &de) {
			t.Fatalf("%s: got %v, want a ComponentDecodeError", tc.in, err)
		}
		assert.Equal(t, tc.in+" path", string(de.Path), tc.path)
		assert.Contains(t, err.Error(), tc.text)
	}
	var cs discord.Components
	assert.Error(t, json.Unmarshal([]byte(`{"type":1}`), &cs))
	_, err := json.Marshal(discord.Components{nil})
	assert.Contains(t, err.Error(), "component 0 is nil")
}

func TestComponentMarshalWritesType(t *testing.T) {
	cs := discord.Components{
		&discord.ActionRow{Components: discord.Components{&discord.Button{Style: discord.ButtonStyleSuccess, CustomID: "a", Label: "A"}}},
		&discord.Label{Label: "Name", Component: &discord.TextInput{CustomID: "n", Style: discord.TextInputStyleShort, Required: discord.Some(false)}},
		&discord.Separator{Divider: discord.Some(false)},
		&discord.UnknownComponent{Type: 77, Raw: jsontext.Value(`{"type":77,"x":1}`)},
	}
	out, err := json.Marshal(cs)
	assert.Success(t, err)
	assert.Equal(t, "json", string(out), `[{"type":1,"components":[{"type":2,"style":3,"label":"A","custom_id":"a"}]},`+
		`{"type":18,"label":"Name","component":{"type":4,"custom_id":"n","style":1,"required":false}},`+
		`{"type":14,"divider":false},{"type":77,"x":1}]`)
	// A component decoded on its own checks its type.
	var b discord.Button
	err = json.Unmarshal([]byte(`{"type":3,"custom_id":"x"}`), &b)
	assert.Contains(t, err.Error(), "decoded as Button")
	c, err := discord.UnmarshalComponent([]byte(`{"type":2,"style":4,"custom_id":"d"}`))
	assert.Success(t, err)
	assert.Equal(t, "single", c.(*discord.Button).Style, discord.ButtonStyleDanger)
	assert.Equal(t, "names", strings.Join([]string{discord.ComponentTypeCheckbox.String(), discord.ComponentTypeMediaGallery.String()}, ","),
		"Checkbox,MediaGallery")
}

func BenchmarkComponentsDecode(b *testing.B) {
	in, err := os.ReadFile("testdata/interactions/components.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		var cs discord.Components
		if err := json.Unmarshal(in, &cs); err != nil {
			b.Fatal(err)
		}
	}
}
