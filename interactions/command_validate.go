package interactions

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// ValidateCommands checks declared commands against Discord's rules
// (reference 4.4): names (1-32, lowercase, letters/digits/-_'), descriptions
// (1-100 for slash commands, empty for context menus), at most 25 options
// and 25 choices, required options before optional ones, no autocomplete
// with choices, unique names per type and among siblings, and the 8000
// character total. Errors are *LimitError naming the path
// ("commands[2].options[0].name").
func ValidateCommands(cmds []discord.ApplicationCommand) error {
	v := validator{}
	seen := map[string]string{}
	for k := range cmds {
		c := &cmds[k]
		p := fmt.Sprintf("commands[%d]", k)
		t := c.Type
		if t == 0 {
			t = discord.CommandTypeChatInput
		}
		key := t.String() + "/" + c.Name
		if prev, dup := seen[key]; dup {
			v.fail(p+".name", fmt.Sprintf("%v command %q already declared at %s", t, c.Name, prev))
		}
		seen[key] = p
		switch t {
		case discord.CommandTypeChatInput:
			v.commandName(c.Name, p+".name")
			v.text(c.Description, 1, 100, p+".description")
			v.commandOptions(c.Options, p+".options", 0)
			if n := commandChars(c); n > 8000 {
				v.fail(p, fmt.Sprintf("name, description, options and choices total at most 8000 characters, got %d", n))
			}
		default:
			v.text(c.Name, 1, 32, p+".name")
			if c.Description != "" && t != discord.CommandTypePrimaryEntryPoint {
				v.fail(p+".description", "must be empty for context-menu commands")
			}
			if len(c.Options) > 0 {
				v.fail(p+".options", "only slash commands have options")
			}
		}
	}
	return v.err
}

func (v *validator) commandName(name, path string) {
	n := utf8.RuneCountInString(name)
	if n < 1 || n > 32 {
		v.fail(path, fmt.Sprintf("1-32 characters, got %d", n))
		return
	}
	for _, r := range name {
		ok := r == '-' || r == '_' || r == '\'' || unicode.IsLetter(r) || unicode.IsNumber(r) ||
			unicode.Is(unicode.Devanagari, r) || unicode.Is(unicode.Thai, r)
		if !ok {
			v.fail(path, fmt.Sprintf("%q: only letters, digits, - _ and ' are allowed", name))
			return
		}
		if unicode.ToLower(r) != r {
			v.fail(path, fmt.Sprintf("%q must be lowercase", name))
			return
		}
	}
}

// commandOptions checks a list of options at nesting depth (0: the
// command's own options).
func (v *validator) commandOptions(opts []discord.ApplicationCommandOption, path string, depth int) {
	if len(opts) > 25 {
		v.fail(path, fmt.Sprintf("at most 25 options, got %d", len(opts)))
	}
	names := map[string]bool{}
	optional := false
	for k := range opts {
		o := &opts[k]
		p := fmt.Sprintf("%s[%d]", path, k)
		v.commandName(o.Name, p+".name")
		if names[o.Name] {
			v.fail(p+".name", fmt.Sprintf("option %q appears twice", o.Name))
		}
		names[o.Name] = true
		v.text(o.Description, 1, 100, p+".description")
		switch o.Type {
		case discord.OptionTypeSubCommandGroup:
			if depth > 0 {
				v.fail(p+".type", "subcommand groups only at the top level")
			}
			for j := range o.Options {
				if o.Options[j].Type != discord.OptionTypeSubCommand {
					v.fail(fmt.Sprintf("%s.options[%d].type", p, j), "a subcommand group holds only subcommands")
				}
			}
			v.commandOptions(o.Options, p+".options", depth+1)
			continue
		case discord.OptionTypeSubCommand:
			if depth > 1 {
				v.fail(p+".type", "subcommands nest at most inside a group")
			}
			v.commandOptions(o.Options, p+".options", depth+1)
			continue
		case discord.OptionTypeString, discord.OptionTypeInteger, discord.OptionTypeBoolean, discord.OptionTypeUser,
			discord.OptionTypeChannel, discord.OptionTypeRole, discord.OptionTypeMentionable, discord.OptionTypeNumber,
			discord.OptionTypeAttachment:
		default:
			v.fail(p+".type", fmt.Sprintf("unknown option type %d", o.Type))
		}
		if len(o.Options) > 0 {
			v.fail(p+".options", "only subcommands and groups have options")
		}
		if o.Required && optional {
			v.fail(p+".required", "required options must come before optional ones")
		}
		if !o.Required {
			optional = true
		}
		if len(o.Choices) > 0 {
			if o.Autocomplete {
				v.fail(p+".autocomplete", "autocomplete cannot be combined with choices")
			}
			if o.Type != discord.OptionTypeString && o.Type != discord.OptionTypeInteger && o.Type != discord.OptionTypeNumber {
				v.fail(p+".choices", "only string, integer and number options have choices")
			}
			if err := validateChoices(o.Choices, p+".choices"); err != nil && v.err == nil {
				v.err = err
			}
		}
		v.rangeOpt(o.MinLength, 0, 6000, p+".min_length")
		v.rangeOpt(o.MaxLength, 1, 6000, p+".max_length")
		if len(o.FileTypes) > 10 {
			v.fail(p+".file_types", fmt.Sprintf("at most 10 file types, got %d", len(o.FileTypes)))
		}
	}
}

// commandChars counts the text Discord limits to 8000 characters: names,
// descriptions and choice names/values, taking the longest localization.
func commandChars(c *discord.ApplicationCommand) int {
	n := longest(c.Name, c.NameLocalizations) + longest(c.Description, c.DescriptionLocalizations)
	var walk func([]discord.ApplicationCommandOption)
	walk = func(opts []discord.ApplicationCommandOption) {
		for _, o := range opts {
			n += longest(o.Name, o.NameLocalizations) + longest(o.Description, o.DescriptionLocalizations)
			for _, ch := range o.Choices {
				n += longest(ch.Name, ch.NameLocalizations) + utf8.RuneCount(ch.Value)
			}
			walk(o.Options)
		}
	}
	walk(c.Options)
	return n
}

func longest(s string, locs discord.Localizations) int {
	n := utf8.RuneCountInString(s)
	for _, l := range locs {
		n = max(n, utf8.RuneCountInString(l))
	}
	return n
}
