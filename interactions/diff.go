package interactions

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
)

// diffCommand compares a declared command with the registered one and
// returns a line per differing field ("description: "a" → "b""), with
// Discord's defaults normalised: an absent type is CHAT_INPUT, absent and
// empty lists or localizations are equal, required/autocomplete/nsfw default
// to false, an absent default_member_permissions equals null. Fields the
// declaration leaves unset and that Discord fills with app-level defaults
// (contexts, integration_types, dm_permission, handler) are only compared
// when declared.
func diffCommand(want, have *discord.ApplicationCommand) []string {
	var d differ
	d.val("type", cmdType(want.Type), cmdType(have.Type))
	d.val("name", want.Name, have.Name)
	d.locs("name_localizations", want.NameLocalizations, have.NameLocalizations)
	d.val("description", want.Description, have.Description)
	d.locs("description_localizations", want.DescriptionLocalizations, have.DescriptionLocalizations)
	d.val("default_member_permissions", perms(want.DefaultMemberPermissions), perms(have.DefaultMemberPermissions))
	d.val("nsfw", want.NSFW.Or(false), have.NSFW.Or(false))
	if v, ok := want.DMPermission.Get(); ok {
		d.val("dm_permission", v, have.DMPermission.Or(true))
	}
	if want.IntegrationTypes != nil {
		d.val("integration_types", sortedInts(want.IntegrationTypes), sortedInts(have.IntegrationTypes))
	}
	if want.Contexts != nil {
		d.val("contexts", sortedInts(want.Contexts), sortedInts(have.Contexts))
	}
	if v, ok := want.Handler.Get(); ok {
		d.val("handler", int(v), int(have.Handler.Or(0)))
	}
	d.options("options", want.Options, have.Options)
	return d.lines
}

type differ struct{ lines []string }

func (d *differ) add(path string, want, have any) {
	d.lines = append(d.lines, fmt.Sprintf("%s: %s → %s", path, show(have), show(want)))
}

// bare is a value shown without quotes in the diff.
type bare string

func show(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func (d *differ) val(path string, want, have any) {
	if fmt.Sprint(want) != fmt.Sprint(have) || fmt.Sprintf("%T", want) != fmt.Sprintf("%T", have) {
		d.add(path, want, have)
	}
}

func (d *differ) locs(path string, want, have discord.Localizations) {
	if !maps.Equal(want, have) { // nil and empty are equal
		d.lines = append(d.lines, fmt.Sprintf("%s: %v → %v", path, sortedLocs(have), sortedLocs(want)))
	}
}

func sortedLocs(m discord.Localizations) string {
	keys := slices.Sorted(maps.Keys(m))
	s := "{"
	for i, k := range keys {
		if i > 0 {
			s += " "
		}
		s += k + ":" + strconv.Quote(m[k])
	}
	return s + "}"
}

func (d *differ) options(path string, want, have []discord.ApplicationCommandOption) {
	if len(want) != len(have) {
		d.lines = append(d.lines, fmt.Sprintf("%s: %s → %s", path, optionNames(have), optionNames(want)))
		return
	}
	for k := range want {
		w, h := &want[k], &have[k]
		p := fmt.Sprintf("%s[%d]", path, k)
		d.val(p+".type", bare(w.Type.String()), bare(h.Type.String()))
		d.val(p+".name", w.Name, h.Name)
		d.locs(p+".name_localizations", w.NameLocalizations, h.NameLocalizations)
		d.val(p+".description", w.Description, h.Description)
		d.locs(p+".description_localizations", w.DescriptionLocalizations, h.DescriptionLocalizations)
		d.val(p+".required", w.Required, h.Required)
		d.val(p+".autocomplete", w.Autocomplete, h.Autocomplete)
		d.val(p+".channel_types", sortedInts(w.ChannelTypes), sortedInts(h.ChannelTypes))
		d.val(p+".min_value", optFloat(w.MinValue), optFloat(h.MinValue))
		d.val(p+".max_value", optFloat(w.MaxValue), optFloat(h.MaxValue))
		d.val(p+".min_length", optInt(w.MinLength), optInt(h.MinLength))
		d.val(p+".max_length", optInt(w.MaxLength), optInt(h.MaxLength))
		d.val(p+".file_types", bare(fmt.Sprint(w.FileTypes)), bare(fmt.Sprint(h.FileTypes)))
		d.choices(p+".choices", w.Choices, h.Choices)
		d.options(p+".options", w.Options, h.Options)
	}
}

func (d *differ) choices(path string, want, have []discord.ApplicationCommandOptionChoice) {
	if len(want) != len(have) {
		d.lines = append(d.lines, fmt.Sprintf("%s: %d → %d choices", path, len(have), len(want)))
		return
	}
	for k := range want {
		p := fmt.Sprintf("%s[%d]", path, k)
		d.val(p+".name", want[k].Name, have[k].Name)
		d.locs(p+".name_localizations", want[k].NameLocalizations, have[k].NameLocalizations)
		d.val(p+".value", choiceValue(want[k]), choiceValue(have[k]))
	}
}

func optionNames(os []discord.ApplicationCommandOption) string {
	s := "["
	for i, o := range os {
		if i > 0 {
			s += " "
		}
		s += o.Name
	}
	return s + "]"
}

// choiceValue canonicalises a choice value: strings quoted, numbers in
// shortest form (so 1 and 1.0 compare equal).
func choiceValue(c discord.ApplicationCommandOptionChoice) bare {
	switch c.Value.Kind() {
	case '"':
		var s string
		if json.Unmarshal(c.Value, &s) == nil {
			return bare(strconv.Quote(s))
		}
	case '0':
		if f, err := strconv.ParseFloat(string(c.Value), 64); err == nil {
			return bare(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return bare(c.Value)
}

func cmdType(t discord.ApplicationCommandType) bare {
	if t == 0 {
		t = discord.CommandTypeChatInput
	}
	return bare(t.String())
}

func perms(p discord.Nullable[discord.Permissions]) bare {
	if v, ok := p.Get(); ok {
		return bare(strconv.FormatUint(uint64(v), 10))
	}
	return "null"
}

func optFloat(o discord.Optional[float64]) bare {
	if v, ok := o.Get(); ok {
		return bare(strconv.FormatFloat(v, 'g', -1, 64))
	}
	return "unset"
}

func optInt(o discord.Optional[int]) bare {
	if v, ok := o.Get(); ok {
		return bare(strconv.Itoa(v))
	}
	return "unset"
}

func sortedInts[T ~int](xs []T) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x)
	}
	slices.Sort(out)
	return out
}
