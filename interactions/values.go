package interactions

import "github.com/scurrygo/scurry/discord"

// Values returns what a select interaction chose (IDs for auto-populated
// selects, with their objects in the resolved data), or nil.
func (r *Request) Values() []string {
	if d, ok := r.Interaction.ComponentData(); ok {
		return d.Values
	}
	return nil
}

// Resolved returns the objects the interaction's IDs refer to (users,
// members, roles, channels, messages, attachments of options, auto-populated
// selects and modal inputs), or nil.
func (r *Request) Resolved() *discord.ResolvedData { return r.resolved() }

// Input returns the submitted component with the given custom_id in a modal
// submission (searching through labels and action rows), or nil. Its type
// says how to read it: *discord.TextInput (Value), *discord.StringSelect
// (Values), *discord.RadioGroup (Value), *discord.Checkbox (Value), …
func (r *Request) Input(customID string) discord.Component {
	d, ok := r.Interaction.ModalData()
	if !ok {
		return nil
	}
	return findInput(d.Components, customID)
}

// Text returns the value of a submitted text input, and whether it was found.
func (r *Request) Text(customID string) (string, bool) {
	if t, ok := r.Input(customID).(*discord.TextInput); ok {
		return t.Value, true
	}
	return "", false
}

func findInput(cs discord.Components, id string) discord.Component {
	for _, c := range cs {
		switch c := c.(type) {
		case *discord.ActionRow:
			if f := findInput(c.Components, id); f != nil {
				return f
			}
		case *discord.Label:
			if f := findInput(discord.Components{c.Component}, id); f != nil {
				return f
			}
		case nil:
		default:
			if customIDOf(c) == id {
				return c
			}
		}
	}
	return nil
}

func customIDOf(c discord.Component) string {
	switch c := c.(type) {
	case *discord.TextInput:
		return c.CustomID
	case *discord.StringSelect:
		return c.CustomID
	case *discord.UserSelect:
		return c.CustomID
	case *discord.RoleSelect:
		return c.CustomID
	case *discord.MentionableSelect:
		return c.CustomID
	case *discord.ChannelSelect:
		return c.CustomID
	case *discord.FileUpload:
		return c.CustomID
	case *discord.RadioGroup:
		return c.CustomID
	case *discord.CheckboxGroup:
		return c.CustomID
	case *discord.Checkbox:
		return c.CustomID
	case *discord.Button:
		return c.CustomID
	}
	return ""
}
