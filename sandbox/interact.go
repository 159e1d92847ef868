package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// interactionJSON is POST /api/interactions: a member runs a command, asks
// for autocomplete, clicks a component or submits a modal.
type interactionJSON struct {
	Type      int    `json:"type"` // 2 command, 3 component, 4 autocomplete, 5 modal submit
	ChannelID string `json:"channel_id"`
	UserID    string `json:"user_id"`
	MessageID string `json:"message_id,omitzero"` // type 3: the message holding the component
	ModalOf   string `json:"modal_of,omitzero"`   // type 5: the interaction the modal answered
	Data      struct {
		Name          string       `json:"name,omitzero"`
		Options       []optionJSON `json:"options,omitzero"`
		CustomID      string       `json:"custom_id,omitzero"`
		ComponentType int          `json:"component_type,omitzero"`
		Values        []string     `json:"values,omitzero"`
		Fields        []fieldJSON  `json:"fields,omitzero"` // type 5: the modal's inputs
	} `json:"data"`
}

type optionJSON struct {
	Name    string         `json:"name"`
	Value   jsontext.Value `json:"value,omitzero"`
	Focused bool           `json:"focused,omitzero"`
	Options []optionJSON   `json:"options,omitzero"` // a subcommand's options
}

type fieldJSON struct {
	CustomID string `json:"custom_id"`
	Value    string `json:"value"`
}

func (u *UI) postInteraction(w http.ResponseWriter, r *http.Request) {
	var in interactionJSON
	err := decode(r, &in)
	var sent discordtest.SentInteraction
	if err == nil {
		var seed discordtest.InteractionSeed
		if seed, err = u.seed(&in); err == nil {
			sent, err = u.s.TriggerInteraction(seed)
		}
	}
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": sent.ID})
}

// seed checks an interaction as Discord's client would before sending it and
// builds the fake's seed.
func (u *UI) seed(in *interactionJSON) (discordtest.InteractionSeed, error) {
	var seed discordtest.InteractionSeed
	cid, err := snowflake("channel_id", in.ChannelID)
	if err != nil {
		return seed, err
	}
	g, _, err := u.channelOf("channel_id", cid)
	if err != nil {
		return seed, err
	}
	uid, err := snowflake("user_id", in.UserID)
	if err != nil {
		return seed, err
	}
	if _, err := memberOf("user_id", g, uid); err != nil {
		return seed, err
	}
	seed = discordtest.InteractionSeed{Type: in.Type, GuildID: g.ID, ChannelID: cid, UserID: uid}
	switch in.Type {
	case 2, 4:
		seed.Data, err = u.commandData(g.ID, in)
	case 3:
		seed.MessageID, seed.Data, err = u.componentData(cid, in)
	case 5:
		seed.Data, err = u.modalData(in)
	default:
		err = bad("type", "must be 2 (command), 3 (component), 4 (autocomplete) or 5 (modal submit), got %d", in.Type)
	}
	return seed, err
}

// command is the part of a registered command the checks read.
type command struct {
	ID      discord.Snowflake `json:"id"`
	Name    string            `json:"name"`
	Type    int               `json:"type"`
	Options []commandOption   `json:"options"`
}

type commandOption struct {
	Type         int              `json:"type"`
	Name         string           `json:"name"`
	Required     bool             `json:"required"`
	Autocomplete bool             `json:"autocomplete"`
	MinValue     *float64         `json:"min_value"`
	MaxValue     *float64         `json:"max_value"`
	MinLength    *int             `json:"min_length"`
	MaxLength    *int             `json:"max_length"`
	Choices      []map[string]any `json:"choices"`
	Options      []commandOption  `json:"options"`
}

func (u *UI) findCommand(guild discord.Snowflake, name string) (command, bool) {
	for _, raw := range append(u.s.Commands(guild), u.s.Commands(0)...) {
		var c command
		if json.Unmarshal(raw, &c) == nil && c.Name == name && (c.Type == 0 || c.Type == 1) {
			return c, true
		}
	}
	return command{}, false
}

// commandData checks a slash command (or an autocomplete request) against
// the command the bot registered and returns the interaction's data.
func (u *UI) commandData(guild discord.Snowflake, in *interactionJSON) (map[string]any, error) {
	name := strings.TrimPrefix(in.Data.Name, "/")
	if name == "" {
		return nil, bad("data.name", "required")
	}
	cmd, ok := u.findCommand(guild, name)
	if !ok {
		return nil, bad("data.name", "the bot has registered no command /%s (here or globally)", name)
	}
	auto := in.Type == 4
	opts, focused, err := checkOptions(cmd.Options, in.Data.Options, "data.options", auto)
	if err != nil {
		return nil, err
	}
	if auto && focused != 1 {
		return nil, bad("data.options", "an autocomplete request has exactly one focused option, got %d", focused)
	}
	data := map[string]any{"id": cmd.ID, "name": cmd.Name, "type": 1}
	if len(opts) > 0 {
		data["options"] = opts
	}
	return data, nil
}

// checkOptions validates given options against declared ones, as Discord's
// client does (required, type, range, length, choices); it returns them in
// the interaction's shape and how many were focused.
func checkOptions(decl []commandOption, given []optionJSON, path string, auto bool) ([]any, int, error) {
	byName := map[string]commandOption{}
	for _, d := range decl {
		byName[d.Name] = d
	}
	var out []any
	focused := 0
	seen := map[string]bool{}
	for i, g := range given {
		p := fmt.Sprintf("%s[%d]", path, i)
		d, ok := byName[g.Name]
		if !ok {
			return nil, 0, bad(p+".name", "the command has no option %q", g.Name)
		}
		if seen[g.Name] {
			return nil, 0, bad(p+".name", "option %q given twice", g.Name)
		}
		seen[g.Name] = true
		if d.Type == 1 || d.Type == 2 { // subcommand (group)
			sub, f, err := checkOptions(d.Options, g.Options, p+".options", auto)
			if err != nil {
				return nil, 0, err
			}
			o := map[string]any{"name": d.Name, "type": d.Type}
			if len(sub) > 0 {
				o["options"] = sub
			}
			return append(out, o), focused + f, nil // a subcommand is the only option at its level
		}
		if g.Focused {
			focused++
			if !d.Autocomplete {
				return nil, 0, bad(p+".focused", "option %q has no autocomplete", g.Name)
			}
		}
		v, err := checkValue(d, g.Value, p+".value", auto && g.Focused)
		if err != nil {
			return nil, 0, err
		}
		o := map[string]any{"name": d.Name, "type": d.Type, "value": v}
		if g.Focused {
			o["focused"] = true
		}
		out = append(out, o)
	}
	if !auto {
		for _, d := range decl {
			if d.Required && !seen[d.Name] {
				return nil, 0, bad(path, "required option %q is missing", d.Name)
			}
		}
	}
	return out, focused, nil
}

// checkValue checks one option value; a focused autocomplete value is the
// partial text typed so far and is only checked for its type.
func checkValue(d commandOption, raw jsontext.Value, path string, partial bool) (any, error) {
	if len(raw) == 0 {
		return nil, bad(path, "required")
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, bad(path, "not JSON: %v", err)
	}
	switch d.Type {
	case 3: // string
		s, ok := v.(string)
		if !ok {
			return nil, bad(path, "option %q takes text", d.Name)
		}
		n := utf8.RuneCountInString(s)
		if !partial && d.MinLength != nil && n < *d.MinLength || d.MaxLength != nil && n > *d.MaxLength {
			return nil, bad(path, "option %q takes %s characters, got %d", d.Name, bounds(d.MinLength, d.MaxLength, 0, 6000), n)
		}
		if !partial && n == 0 {
			return nil, bad(path, "required")
		}
	case 4, 10: // integer, number
		f, ok := v.(float64)
		if s, isStr := v.(string); isStr && partial {
			return s, nil // autocomplete sends what is typed, even if not a number yet
		}
		if !ok || d.Type == 4 && (f != math.Trunc(f) || math.Abs(f) > 1<<53) {
			return nil, bad(path, "option %q takes %s", d.Name, map[int]string{4: "an integer", 10: "a number"}[d.Type])
		}
		if !partial && (d.MinValue != nil && f < *d.MinValue || d.MaxValue != nil && f > *d.MaxValue) {
			return nil, bad(path, "option %q must be %s, got %v", d.Name, fbounds(d.MinValue, d.MaxValue), f)
		}
	case 5: // boolean
		if _, ok := v.(bool); !ok {
			return nil, bad(path, "option %q takes true or false", d.Name)
		}
	case 6, 7, 8, 9: // user, channel, role, mentionable
		s, ok := v.(string)
		if id, err := discord.ParseSnowflake(s); !ok || err != nil || id == 0 {
			return nil, bad(path, "option %q takes an id", d.Name)
		}
	default:
		return nil, bad(path, "option %q has type %d, which the sandbox cannot send", d.Name, d.Type)
	}
	if len(d.Choices) > 0 && !partial {
		for _, c := range d.Choices {
			if fmt.Sprint(c["value"]) == fmt.Sprint(v) {
				return v, nil
			}
		}
		return nil, bad(path, "option %q must be one of its choices", d.Name)
	}
	return v, nil
}

func bounds(lo, hi *int, dlo, dhi int) string {
	a, b := dlo, dhi
	if lo != nil {
		a = *lo
	}
	if hi != nil {
		b = *hi
	}
	return fmt.Sprintf("%d-%d", a, b)
}

func fbounds(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("between %v and %v", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("at least %v", *lo)
	default:
		return fmt.Sprintf("at most %v", *hi)
	}
}

// componentData checks that the clicked component is on the message and
// enabled, and returns the message id and the interaction's data.
func (u *UI) componentData(channel discord.Snowflake, in *interactionJSON) (discord.Snowflake, map[string]any, error) {
	mid, err := snowflake("message_id", in.MessageID)
	if err != nil {
		return 0, nil, err
	}
	raw, ok := u.s.Message(channel, mid)
	if !ok {
		return 0, nil, bad("message_id", "no message %v in channel %v", mid, channel)
	}
	if in.Data.CustomID == "" {
		return 0, nil, bad("data.custom_id", "required")
	}
	var msg struct {
		Components []any `json:"components"`
	}
	if err := json.Unmarshal(raw, &msg); err != nil {
		return 0, nil, err
	}
	c := findComponent(msg.Components, in.Data.CustomID)
	if c == nil {
		return 0, nil, bad("data.custom_id", "message %v has no component %q", mid, in.Data.CustomID)
	}
	if d, _ := c["disabled"].(bool); d {
		return 0, nil, bad("data.custom_id", "component %q is disabled", in.Data.CustomID)
	}
	typ, _ := c["type"].(float64)
	data := map[string]any{"custom_id": in.Data.CustomID, "component_type": int(typ)}
	if typ != 2 { // a select
		lo, hi := 1.0, 1.0
		if v, ok := c["min_values"].(float64); ok {
			lo = v
		}
		if v, ok := c["max_values"].(float64); ok {
			hi = v
		}
		if n := float64(len(in.Data.Values)); n < lo || n > hi {
			return 0, nil, bad("data.values", "choose %v-%v, got %v", lo, hi, n)
		}
		data["values"] = append([]string{}, in.Data.Values...)
	}
	return mid, data, nil
}

// findComponent walks a component tree for an interactive component by
// custom_id (rows, sections' accessories, containers, labels).
func findComponent(cs []any, id string) map[string]any {
	for _, x := range cs {
		c, ok := x.(map[string]any)
		if !ok {
			continue
		}
		if c["custom_id"] == id {
			return c
		}
		var kids []any
		if k, ok := c["components"].([]any); ok {
			kids = append(kids, k...)
		}
		for _, key := range []string{"accessory", "component"} {
			if k, ok := c[key].(map[string]any); ok {
				kids = append(kids, k)
			}
		}
		if f := findComponent(kids, id); f != nil {
			return f
		}
	}
	return nil
}

// modalData checks a modal submit against the modal the bot sent (type 9
// response to modal_of): the custom_id, and each text input's required,
// min_length and max_length.
func (u *UI) modalData(in *interactionJSON) (map[string]any, error) {
	of, err := snowflake("modal_of", in.ModalOf)
	if err != nil {
		return nil, err
	}
	var modal struct {
		CustomID   string `json:"custom_id"`
		Components []any  `json:"components"`
	}
	found := false
	for _, r := range u.s.InteractionResponses() {
		if r.InteractionID == of && r.Type == 9 {
			found = json.Unmarshal(r.Data, &modal) == nil
		}
	}
	if !found {
		return nil, bad("modal_of", "the bot answered no interaction %v with a modal", of)
	}
	if in.Data.CustomID != modal.CustomID {
		return nil, bad("data.custom_id", "the modal's custom_id is %q", modal.CustomID)
	}
	given := map[string]string{}
	for i, f := range in.Data.Fields {
		if findComponent(modal.Components, f.CustomID) == nil {
			return nil, bad(fmt.Sprintf("data.fields[%d].custom_id", i), "the modal has no input %q", f.CustomID)
		}
		given[f.CustomID] = f.Value
	}
	var rows []any
	var walk func([]any)
	walk = func(cs []any) {
		for _, x := range cs {
			c, _ := x.(map[string]any)
			if c == nil {
				continue
			}
			if t, _ := c["type"].(float64); t == 4 {
				id, _ := c["custom_id"].(string)
				v := given[id]
				n := float64(utf8.RuneCountInString(v))
				req, hasReq := c["required"].(bool)
				lo, _ := c["min_length"].(float64)
				hi, hasHi := c["max_length"].(float64)
				switch {
				case (req || !hasReq) && v == "":
					err = bad("data.fields."+id, "required")
				case v != "" && n < lo:
					err = bad("data.fields."+id, "at least %v characters, got %v", lo, n)
				case hasHi && n > hi:
					err = bad("data.fields."+id, "at most %v characters, got %v", hi, n)
				}
				if err != nil {
					return
				}
				input := map[string]any{"type": 4, "custom_id": id, "value": v}
				rows = append(rows, map[string]any{"type": 18, "component": input})
				continue
			}
			var kids []any
			if k, ok := c["components"].([]any); ok {
				kids = k
			}
			if k, ok := c["component"].(map[string]any); ok {
				kids = append(kids, k)
			}
			walk(kids)
			if err != nil {
				return
			}
		}
	}
	walk(modal.Components)
	if err != nil {
		return nil, err
	}
	return map[string]any{"custom_id": modal.CustomID, "components": rows}, nil
}
