package interactions

import (
	"errors"
	"fmt"

	"github.com/scurrygo/scurry/discord"
)

// Option errors; OptionError wraps one of them.
var (
	ErrOptionMissing = errors.New("option not given")
	ErrOptionType    = errors.New("option has another type")
	ErrNotResolved   = errors.New("option's object missing from resolved data")
)

// OptionError reports why an option could not be read; errors.Is matches
// ErrOptionMissing, ErrOptionType or ErrNotResolved.
type OptionError struct {
	Name string // the option's name
	Want string // what was asked for ("integer", "member", …)
	Err  error
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("interactions: option %q (%s): %v", e.Name, e.Want, e.Err)
}

func (e *OptionError) Unwrap() error { return e.Err }

// Options of the invoked command are read through the Request: the options
// of the leaf (subcommand groups and subcommands already walked). Optional
// options that were not given return an error matching ErrOptionMissing; use
// Has to tell them apart first.

// Has reports whether the option was given.
func (r *Request) Has(name string) bool {
	_, ok := r.option(name)
	return ok
}

// Focused returns the option being typed in an autocomplete interaction.
func (r *Request) Focused() (*discord.InteractionOption, bool) {
	for i := range r.options {
		if r.options[i].Focused {
			return &r.options[i], true
		}
	}
	return nil, false
}

func (r *Request) option(name string) (*discord.InteractionOption, bool) {
	for i := range r.options {
		if r.options[i].Name == name {
			return &r.options[i], true
		}
	}
	return nil, false
}

func (r *Request) typed(name, want string, types ...discord.ApplicationCommandOptionType) (*discord.InteractionOption, error) {
	o, ok := r.option(name)
	if !ok {
		return nil, &OptionError{Name: name, Want: want, Err: ErrOptionMissing}
	}
	for _, t := range types {
		if o.Type == t {
			return o, nil
		}
	}
	return nil, &OptionError{Name: name, Want: want, Err: fmt.Errorf("%w: %v", ErrOptionType, o.Type)}
}

func wrapValue(name, want string, err error) error {
	return &OptionError{Name: name, Want: want, Err: fmt.Errorf("%w: %v", ErrOptionType, err)}
}

// String returns a STRING option.
func (r *Request) String(name string) (string, error) {
	o, err := r.typed(name, "string", discord.OptionTypeString)
	if err != nil {
		return "", err
	}
	s, err := o.AsString()
	if err != nil {
		return "", wrapValue(name, "string", err)
	}
	return s, nil
}

// Int returns an INTEGER option.
func (r *Request) Int(name string) (int64, error) {
	o, err := r.typed(name, "integer", discord.OptionTypeInteger)
	if err != nil {
		return 0, err
	}
	n, err := o.AsInt()
	if err != nil {
		return 0, wrapValue(name, "integer", err)
	}
	return n, nil
}

// Float returns a NUMBER option (or an INTEGER one, converted).
func (r *Request) Float(name string) (float64, error) {
	o, err := r.typed(name, "number", discord.OptionTypeNumber, discord.OptionTypeInteger)
	if err != nil {
		return 0, err
	}
	f, err := o.AsFloat()
	if err != nil {
		return 0, wrapValue(name, "number", err)
	}
	return f, nil
}

// Bool returns a BOOLEAN option.
func (r *Request) Bool(name string) (bool, error) {
	o, err := r.typed(name, "boolean", discord.OptionTypeBoolean)
	if err != nil {
		return false, err
	}
	b, err := o.AsBool()
	if err != nil {
		return false, wrapValue(name, "boolean", err)
	}
	return b, nil
}

func (r *Request) id(name, want string, types ...discord.ApplicationCommandOptionType) (discord.Snowflake, *discord.ResolvedData, error) {
	o, err := r.typed(name, want, types...)
	if err != nil {
		return 0, nil, err
	}
	id, err := o.AsSnowflake()
	if err != nil {
		return 0, nil, wrapValue(name, want, err)
	}
	return id, r.resolved(), nil
}

func (r *Request) resolved() *discord.ResolvedData {
	switch d := r.Interaction.Data.(type) {
	case *discord.ApplicationCommandData:
		return d.Resolved
	case *discord.MessageComponentData:
		return d.Resolved
	case *discord.ModalSubmitData:
		return d.Resolved
	}
	return nil
}

func notResolved(name, want string, id discord.Snowflake) error {
	return &OptionError{Name: name, Want: want, Err: fmt.Errorf("%w: id %v", ErrNotResolved, id)}
}

// User returns the user of a USER (or MENTIONABLE) option.
func (r *Request) User(name string) (*discord.User, error) {
	id, res, err := r.id(name, "user", discord.OptionTypeUser, discord.OptionTypeMentionable)
	if err != nil {
		return nil, err
	}
	if res != nil {
		if u, ok := res.Users[id]; ok {
			return &u, nil
		}
	}
	return nil, notResolved(name, "user", id)
}

// Member returns the guild member of a USER (or MENTIONABLE) option, with
// Member.User filled from the resolved users. It fails with ErrNotResolved
// outside guilds or when the user is not a member.
func (r *Request) Member(name string) (*discord.Member, error) {
	id, res, err := r.id(name, "member", discord.OptionTypeUser, discord.OptionTypeMentionable)
	if err != nil {
		return nil, err
	}
	if res != nil {
		if m, ok := res.Members[id]; ok {
			if u, ok := res.Users[id]; ok && m.User == nil {
				m.User = &u
			}
			return &m, nil
		}
	}
	return nil, notResolved(name, "member", id)
}

// Channel returns the (partial) channel of a CHANNEL option.
func (r *Request) Channel(name string) (*discord.Channel, error) {
	id, res, err := r.id(name, "channel", discord.OptionTypeChannel)
	if err != nil {
		return nil, err
	}
	if res != nil {
		if c, ok := res.Channels[id]; ok {
			return &c, nil
		}
	}
	return nil, notResolved(name, "channel", id)
}

// Role returns the role of a ROLE (or MENTIONABLE) option.
func (r *Request) Role(name string) (*discord.Role, error) {
	id, res, err := r.id(name, "role", discord.OptionTypeRole, discord.OptionTypeMentionable)
	if err != nil {
		return nil, err
	}
	if res != nil {
		if ro, ok := res.Roles[id]; ok {
			return &ro, nil
		}
	}
	return nil, notResolved(name, "role", id)
}

// Mentionable is the target of a MENTIONABLE option: a user (with Member in
// guilds) or a role.
type Mentionable struct {
	ID     discord.Snowflake
	User   *discord.User   // nil for a role
	Member *discord.Member // nil for a role or outside guilds
	Role   *discord.Role   // nil for a user
}

// Mentionable returns the user or role of a MENTIONABLE option.
func (r *Request) Mentionable(name string) (Mentionable, error) {
	id, res, err := r.id(name, "mentionable", discord.OptionTypeMentionable, discord.OptionTypeUser, discord.OptionTypeRole)
	if err != nil {
		return Mentionable{}, err
	}
	m := Mentionable{ID: id}
	if res != nil {
		if u, ok := res.Users[id]; ok {
			m.User = &u
			if mem, ok := res.Members[id]; ok {
				if mem.User == nil {
					mem.User = m.User
				}
				m.Member = &mem
			}
		} else if ro, ok := res.Roles[id]; ok {
			m.Role = &ro
		}
	}
	if m.User == nil && m.Role == nil {
		return Mentionable{}, notResolved(name, "mentionable", id)
	}
	return m, nil
}

// Attachment returns the uploaded file of an ATTACHMENT option.
func (r *Request) Attachment(name string) (*discord.Attachment, error) {
	id, res, err := r.id(name, "attachment", discord.OptionTypeAttachment)
	if err != nil {
		return nil, err
	}
	if res != nil {
		if a, ok := res.Attachments[id]; ok {
			return &a, nil
		}
	}
	return nil, notResolved(name, "attachment", id)
}
