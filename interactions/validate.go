package interactions

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// ErrLimit is matched (errors.Is) by every *LimitError.
var ErrLimit = errors.New("interactions: Discord limit exceeded")

// LimitError reports a response or component that breaks one of Discord's
// limits (reference 4.3, 4.5, 6). Path locates the culprit
// ("data.components[0].components[2].label"), Limit names the rule.
type LimitError struct {
	Path  string
	Limit string
}

func (e *LimitError) Error() string {
	return "interactions: " + e.Path + ": " + e.Limit
}

// Is makes errors.Is(err, ErrLimit) hold.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// ValidateResponse checks a response against Discord's limits before it is
// sent, so that a mistake is reported with its path instead of as Discord's
// 400. Unknown component types are counted but not inspected.
func ValidateResponse(resp *discord.InteractionResponse) error {
	d := resp.Data
	switch resp.Type {
	case discord.CallbackChannelMessageWithSource, discord.CallbackUpdateMessage:
		if d == nil {
			if resp.Type == discord.CallbackChannelMessageWithSource {
				return &LimitError{"data", "a message response needs data"}
			}
			return nil
		}
		return validateMessage(d, "data.")
	case discord.CallbackApplicationCommandAutocompleteResult:
		if d == nil {
			return &LimitError{"data", "autocomplete result needs data.choices"}
		}
		return validateChoices(d.Choices, "data.choices")
	case discord.CallbackModal:
		if d == nil {
			return &LimitError{"data", "a modal needs data"}
		}
		v := validator{ids: map[string]string{}, modal: true}
		v.customID(d.CustomID, "data.custom_id")
		v.text(d.Title, 1, 45, "data.title")
		if n := len(d.Components); n < 1 || n > 5 {
			v.fail("data.components", fmt.Sprintf("a modal has 1-5 components, got %d", n))
		}
		v.list(d.Components, "data.components", ctxModal)
		return v.err
	}
	return nil
}

// ValidateMessage checks message content and components (for follow-ups and
// edits) against Discord's limits.
func ValidateMessage(msg *discord.InteractionCallbackData) error { return validateMessage(msg, "") }

func validateMessage(msg *discord.InteractionCallbackData, prefix string) error {
	v := validator{ids: map[string]string{}}
	v2 := msg.Flags&ComponentsV2 != 0
	if v2 {
		if msg.Content != "" || len(msg.Embeds) > 0 || len(msg.Poll) > 0 {
			v.fail(prefix+"content", "content, embeds and poll are not allowed with the IS_COMPONENTS_V2 flag")
		}
	} else {
		v.text(msg.Content, 0, 2000, prefix+"content")
		if n := len(msg.Components); n > 5 {
			v.fail(prefix+"components", fmt.Sprintf("at most 5 action rows, got %d", n))
		}
	}
	if am := msg.AllowedMentions; am != nil {
		if len(am.Users) > 100 || len(am.Roles) > 100 {
			v.fail(prefix+"allowed_mentions", "at most 100 users and 100 roles")
		}
	}
	if n := len(msg.Attachments); n > 10 {
		v.fail(prefix+"attachments", fmt.Sprintf("at most 10 attachments, got %d", n))
	}
	v.embeds(msg.Embeds, prefix+"embeds")
	ctx := ctxLegacy
	if v2 {
		ctx = ctxV2
	}
	v.list(msg.Components, prefix+"components", ctx)
	if v2 && v.count > 40 {
		v.fail(prefix+"components", fmt.Sprintf("at most 40 components in total, got %d", v.count))
	}
	return v.err
}

func validateChoices(cs []discord.ApplicationCommandOptionChoice, path string) error {
	v := validator{}
	if len(cs) > 25 {
		v.fail(path, fmt.Sprintf("at most 25 choices, got %d", len(cs)))
	}
	for k, c := range cs {
		p := fmt.Sprintf("%s[%d]", path, k)
		v.text(c.Name, 1, 100, p+".name")
		switch c.Value.Kind() {
		case '"':
			if len(c.Value)-2 > 100*6 || utf8.RuneCount(c.Value)-2 > 100 {
				v.fail(p+".value", "string value longer than 100 characters")
			}
		case '0':
		default:
			v.fail(p+".value", "value must be a string or a number")
		}
	}
	return v.err
}

type where int

const (
	ctxLegacy where = iota // top level of a message without IS_COMPONENTS_V2
	ctxV2                  // a message with IS_COMPONENTS_V2
	ctxModal
)

type validator struct {
	err   error // first failure
	ids   map[string]string
	count int
	modal bool
}

func (v *validator) fail(path, limit string) {
	if v.err == nil {
		v.err = &LimitError{Path: path, Limit: limit}
	}
}

func (v *validator) text(s string, min, max int, path string) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min && min == 1:
		v.fail(path, "required")
	case n < min:
		v.fail(path, fmt.Sprintf("at least %d characters, got %d", min, n))
	case n > max:
		v.fail(path, fmt.Sprintf("at most %d characters, got %d", max, n))
	}
}

func (v *validator) customID(id, path string) {
	v.text(id, 1, 100, path)
	if v.ids == nil {
		return
	}
	if prev, dup := v.ids[id]; dup && id != "" {
		v.fail(path, "custom_id "+quote(id)+" already used at "+prev)
		return
	}
	v.ids[id] = path
}

func (v *validator) rangeOpt(o discord.Optional[int], min, max int, path string) {
	if n, ok := o.Get(); ok && (n < min || n > max) {
		v.fail(path, fmt.Sprintf("must be %d-%d, got %d", min, max, n))
	}
}

func (v *validator) list(cs discord.Components, path string, ctx where) {
	for k, c := range cs {
		v.one(c, fmt.Sprintf("%s[%d]", path, k), ctx, true)
	}
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func typeOK(c discord.Component, allowed ...discord.ComponentType) bool {
	for _, t := range allowed {
		if c.ComponentType() == t {
			return true
		}
	}
	return false
}

var modalOnly = map[discord.ComponentType]bool{
	discord.ComponentTypeTextInput: true, discord.ComponentTypeLabel: true,
	discord.ComponentTypeFileUpload: true, discord.ComponentTypeRadioGroup: true,
	discord.ComponentTypeCheckboxGroup: true, discord.ComponentTypeCheckbox: true,
}

// one checks a component placed at top level (top) or nested.
func (v *validator) one(c discord.Component, path string, ctx where, top bool) {
	if c == nil {
		v.fail(path, "nil component")
		return
	}
	v.count++
	t := c.ComponentType()
	if _, unknown := c.(*discord.UnknownComponent); unknown {
		return
	}
	switch {
	case ctx == ctxLegacy && top && t != discord.ComponentTypeActionRow:
		v.fail(path, fmt.Sprintf("top-level %v needs the IS_COMPONENTS_V2 flag (only action rows otherwise)", t))
		return
	case ctx != ctxModal && modalOnly[t]:
		v.fail(path, fmt.Sprintf("%v is only allowed in modals", t))
		return
	case ctx == ctxModal && top && !typeOK(c, discord.ComponentTypeLabel, discord.ComponentTypeTextDisplay, discord.ComponentTypeActionRow):
		v.fail(path, fmt.Sprintf("%v is not allowed at the top of a modal (use Label, TextDisplay)", t))
		return
	}
	v.fields(c, path, ctx)
}

// select common fields.
func (v *validator) selectCommon(customID, placeholder string, minV, maxV discord.Optional[int], disabled bool, path string, maxCount int) {
	v.customID(customID, path+".custom_id")
	v.text(placeholder, 0, 150, path+".placeholder")
	v.rangeOpt(minV, 0, maxCount, path+".min_values")
	v.rangeOpt(maxV, 1, maxCount, path+".max_values")
	lo, hasLo := minV.Get()
	hi, hasHi := maxV.Get()
	if hasLo && hasHi && lo > hi {
		v.fail(path+".min_values", fmt.Sprintf("min_values %d exceeds max_values %d", lo, hi))
	}
	if disabled && v.modal {
		v.fail(path+".disabled", "selects cannot be disabled in modals")
	}
}

func (v *validator) defaults(dv []discord.SelectDefaultValue, maxV discord.Optional[int], path string) {
	if hi := maxV.Or(1); len(dv) > hi {
		v.fail(path+".default_values", fmt.Sprintf("%d default values exceed max_values %d", len(dv), hi))
	}
}

func (v *validator) media(m discord.UnfurledMediaItem, path string) {
	if strings.TrimSpace(m.URL) == "" {
		v.fail(path+".url", "required")
	}
}

func (v *validator) groupOptions(opts []discord.GroupOption, min, max int, path string) {
	if n := len(opts); n < min || n > max {
		v.fail(path, fmt.Sprintf("%d-%d options, got %d", min, max, n))
	}
	for k, o := range opts {
		p := fmt.Sprintf("%s[%d]", path, k)
		v.text(o.Value, 1, 100, p+".value")
		v.text(o.Label, 1, 100, p+".label")
		v.text(o.Description, 0, 100, p+".description")
	}
}
