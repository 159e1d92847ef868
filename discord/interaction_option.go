package discord

import (
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// InteractionOption is one option value node of an invoked command: a
// subcommand or group (Options set, Value empty) or a value (Value set).
// Value is kept as raw JSON; the As* methods convert it and return an error
// naming the option when the JSON does not fit. In autocomplete interactions
// the focused option carries the user's partial input, which Discord sends
// as a string even for numeric options; AsInt and AsFloat accept that.
type InteractionOption struct {
	Name    string                       `json:"name"`
	Type    ApplicationCommandOptionType `json:"type"`
	Value   jsontext.Value               `json:"value,omitzero"`
	Options []InteractionOption          `json:"options,omitzero"`
	Focused bool                         `json:"focused,omitzero"`
}

// AsString returns a string value.
func (o *InteractionOption) AsString() (string, error) {
	if o.Value.Kind() != '"' {
		return "", o.kindError("a string")
	}
	var s string
	if err := json.Unmarshal(o.Value, &s); err != nil {
		return "", fmt.Errorf("discord: option %q: %w", o.Name, err)
	}
	return s, nil
}

// AsInt returns an integer value (a JSON integer, or a string holding one).
func (o *InteractionOption) AsInt() (int64, error) {
	text, err := o.numberText("an integer")
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("discord: option %q: %q is not an integer", o.Name, text)
	}
	return n, nil
}

// AsFloat returns a number value (a JSON number, or a string holding one).
func (o *InteractionOption) AsFloat() (float64, error) {
	text, err := o.numberText("a number")
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, fmt.Errorf("discord: option %q: %q is not a number", o.Name, text)
	}
	return f, nil
}

// AsBool returns a boolean value.
func (o *InteractionOption) AsBool() (bool, error) {
	switch string(o.Value) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, o.kindError("a boolean")
}

// AsSnowflake returns the ID held by a USER, CHANNEL, ROLE, MENTIONABLE or
// ATTACHMENT option.
func (o *InteractionOption) AsSnowflake() (Snowflake, error) {
	var id Snowflake
	if k := o.Value.Kind(); k != '"' && k != '0' {
		return 0, o.kindError("an ID")
	}
	if err := json.Unmarshal(o.Value, &id); err != nil {
		return 0, fmt.Errorf("discord: option %q: %w", o.Name, err)
	}
	return id, nil
}

// Option returns the direct child option with the given name.
func (o *InteractionOption) Option(name string) (*InteractionOption, bool) {
	return findOption(o.Options, name)
}

func (o *InteractionOption) numberText(want string) (string, error) {
	switch o.Value.Kind() {
	case '0':
		return string(o.Value), nil
	case '"':
		var s string
		if err := json.Unmarshal(o.Value, &s); err != nil {
			return "", fmt.Errorf("discord: option %q: %w", o.Name, err)
		}
		return s, nil
	}
	return "", o.kindError(want)
}

func (o *InteractionOption) kindError(want string) error {
	if len(o.Value) == 0 {
		return fmt.Errorf("discord: option %q (%v) has no value, want %s", o.Name, o.Type, want)
	}
	return fmt.Errorf("discord: option %q (%v) holds %v, want %s", o.Name, o.Type, o.Value.Kind(), want)
}

func findOption(opts []InteractionOption, name string) (*InteractionOption, bool) {
	for i := range opts {
		if opts[i].Name == name {
			return &opts[i], true
		}
	}
	return nil, false
}

// Option returns the top-level option with the given name.
func (d *ApplicationCommandData) Option(name string) (*InteractionOption, bool) {
	return findOption(d.Options, name)
}

// Leaf walks subcommand groups and subcommands and returns the path of
// subcommand names (empty for a command without subcommands) and the value
// options of the invoked leaf.
func (d *ApplicationCommandData) Leaf() (path []string, opts []InteractionOption) {
	opts = d.Options
	for len(opts) == 1 && (opts[0].Type == OptionTypeSubCommand || opts[0].Type == OptionTypeSubCommandGroup) {
		path = append(path, opts[0].Name)
		opts = opts[0].Options
	}
	return path, opts
}

// Focused returns the option being typed in an autocomplete interaction,
// searching through subcommands.
func (d *ApplicationCommandData) Focused() (*InteractionOption, bool) {
	_, opts := d.Leaf()
	for i := range opts {
		if opts[i].Focused {
			return &opts[i], true
		}
	}
	return nil, false
}
