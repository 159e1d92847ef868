package discordtest

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// commandBody is a command as clients send it (create, edit, bulk).
type commandBody struct {
	ID                       discord.Snowflake `json:"id"`
	Type                     *int              `json:"type"`
	Name                     *string           `json:"name"`
	NameLocalizations        jsontext.Value    `json:"name_localizations"`
	Description              *string           `json:"description"`
	DescriptionLocalizations jsontext.Value    `json:"description_localizations"`
	Options                  []commandOption   `json:"options"`
	DefaultMemberPermissions *string           `json:"default_member_permissions"`
	NSFW                     *bool             `json:"nsfw"`
	IntegrationTypes         jsontext.Value    `json:"integration_types"`
	Contexts                 jsontext.Value    `json:"contexts"`
	Extra                    jsontext.Value    `json:",embed"` // fields not checked here round-trip
}

// commandOption keeps fields it does not check (min_value, channel_types,
// localizations, …) so they round-trip.
type commandOption struct {
	Type         int             `json:"type"`
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	Required     bool            `json:"required,omitzero"`
	Choices      []commandChoice `json:"choices,omitzero"`
	Options      []commandOption `json:"options,omitzero"`
	Autocomplete bool            `json:"autocomplete,omitzero"`
	Unknown      jsontext.Value  `json:",embed"`
}

type commandChoice struct {
	Name    string         `json:"name"`
	Value   jsontext.Value `json:"value"`
	Unknown jsontext.Value `json:",embed"`
}

var commandNameRe = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// validate checks a command against the documented limits; full asks for a
// complete command (create, bulk), not an edit.
func (b *commandBody) validate(prefix string, full bool, fe *fieldErrors) {
	typ := 1
	if b.Type != nil {
		typ = *b.Type
		if typ < 1 || typ > 4 {
			fe.add(prefix+"type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
		}
	}
	if b.Name == nil {
		if full {
			fe.add(prefix+"name", "BASE_TYPE_REQUIRED", "This field is required")
		}
	} else if typ == 1 && (!commandNameRe.MatchString(*b.Name) || strings.ToLower(*b.Name) != *b.Name) {
		fe.add(prefix+"name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	} else if n := utf8.RuneCountInString(*b.Name); n < 1 || n > 32 {
		fe.add(prefix+"name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
	}
	if b.Description != nil {
		n := utf8.RuneCountInString(*b.Description)
		if (typ == 1 && (n < 1 || n > 100)) || (typ != 1 && n != 0) {
			fe.add(prefix+"description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
	} else if full && typ == 1 {
		fe.add(prefix+"description", "BASE_TYPE_REQUIRED", "This field is required")
	}
	if len(b.Options) > 0 && typ != 1 {
		fe.add(prefix+"options", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Only chat input commands have options.")
	}
	validateOptions(prefix+"options", b.Options, fe)
}

func validateOptions(path string, opts []commandOption, fe *fieldErrors) {
	if len(opts) > 25 {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	seen := map[string]bool{}
	optional := false
	for i, o := range opts {
		p := path + "." + strconv.Itoa(i)
		if !commandNameRe.MatchString(o.Name) || strings.ToLower(o.Name) != o.Name {
			fe.add(p+".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		if seen[o.Name] {
			fe.add(p+".name", "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option name already exists")
		}
		seen[o.Name] = true
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
			fe.add(p+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if o.Type < 1 || o.Type > 11 {
			fe.add(p+".type", "BASE_TYPE_CHOICES", "Value must be one of 1-11.")
		}
		if o.Required && optional {
			fe.add(p+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		optional = optional || !o.Required
		if len(o.Choices) > 25 {
			fe.add(p+".choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		if len(o.Choices) > 0 && o.Autocomplete {
			fe.add(p+".autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete and choices are exclusive.")
		}
		validateOptions(p+".options", o.Options, fe)
	}
}

// apply copies the body's fields onto c.
func (b *commandBody) apply(c *command) {
	if b.Type != nil {
		c.Type = *b.Type
	}
	if b.Name != nil {
		c.Name = *b.Name
	}
	if b.Description != nil {
		c.Description = *b.Description
	}
	if b.NameLocalizations != nil {
		c.NameLocalizations = b.NameLocalizations
	}
	if b.DescriptionLocalizations != nil {
		c.DescriptionLocalizations = b.DescriptionLocalizations
	}
	if b.Options != nil {
		c.Options = nil
		if len(b.Options) > 0 {
			c.Options, _ = json.Marshal(b.Options)
		}
	}
	if b.DefaultMemberPermissions != nil {
		c.DefaultMemberPermissions = b.DefaultMemberPermissions
	}
	if b.NSFW != nil {
		c.NSFW = *b.NSFW
	}
	if b.IntegrationTypes != nil {
		c.IntegrationTypes = b.IntegrationTypes
	}
	if b.Contexts != nil {
		c.Contexts = b.Contexts
	}
	if len(b.Extra) > 0 {
		c.Extra = b.Extra
	}
}

// commandScope checks application_id (and guild_id) and returns the guild
// scope (0 for global).
func (s *Server) commandScopeLocked(q *restReq) (discord.Snowflake, bool) {
	app, ok := q.id("application_id")
	if !ok {
		return 0, false
	}
	if app != s.world.botID {
		q.error(http.StatusForbidden, 50001, nil)
		return 0, false
	}
	if _, scoped := q.params["guild_id"]; !scoped {
		return 0, true
	}
	g, ok := s.guildLocked(q)
	if !ok {
		return 0, false
	}
	return g.ID, true
}

func (s *Server) commandsInLocked(guildID discord.Snowflake) []*command {
	var out []*command
	for _, c := range s.world.commands {
		if c.GuildID == guildID {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *command) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}

func (s *Server) newCommandLocked(guildID discord.Snowflake) *command {
	id := s.newID()
	return &command{ID: id, Type: 1, ApplicationID: s.world.botID, GuildID: guildID, Version: id,
		IntegrationTypes: jsontext.Value("[0]"), Contexts: jsontext.Value("null")}
}

func (s *Server) listCommands(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, ok := s.commandScopeLocked(q)
	if !ok {
		return
	}
	q.json(http.StatusOK, nonNil(s.commandsInLocked(scope)))
}

// createCommand upserts by name and type: 201 when new, 200 when it
// replaced a command of the same name.
func (s *Server) createCommand(q *restReq) {
	var b commandBody
	if !q.decode(&b) {
		return
	}
	var fe fieldErrors
	b.validate("", true, &fe)
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, ok := s.commandScopeLocked(q)
	if !ok {
		return
	}
	typ := 1
	if b.Type != nil {
		typ = *b.Type
	}
	for _, c := range s.commandsInLocked(scope) {
		if c.Name == *b.Name && c.Type == typ {
			b.apply(c)
			c.Version = s.newID()
			q.json(http.StatusOK, c)
			return
		}
	}
	c := s.newCommandLocked(scope)
	b.apply(c)
	s.world.commands[c.ID] = c
	q.json(http.StatusCreated, c)
}

// bulkCommands replaces every command of the scope; commands matching an
// existing name and type keep their id.
func (s *Server) bulkCommands(q *restReq) {
	var list []commandBody
	if !q.decode(&list) {
		return
	}
	var fe fieldErrors
	for i := range list {
		list[i].validate(strconv.Itoa(i)+".", true, &fe)
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, ok := s.commandScopeLocked(q)
	if !ok {
		return
	}
	old := s.commandsInLocked(scope)
	for _, c := range old {
		delete(s.world.commands, c.ID)
	}
	out := []*command{}
	for _, b := range list {
		typ := 1
		if b.Type != nil {
			typ = *b.Type
		}
		var c *command
		for _, o := range old {
			if o.Name == *b.Name && o.Type == typ {
				c = o
				c.Version = s.newID()
			}
		}
		if c == nil {
			c = s.newCommandLocked(scope)
		}
		b.apply(c)
		s.world.commands[c.ID] = c
		out = append(out, c)
	}
	q.json(http.StatusOK, out)
}

func (s *Server) commandLocked(q *restReq) (*command, bool) {
	scope, ok := s.commandScopeLocked(q)
	if !ok {
		return nil, false
	}
	id, ok := q.id("command_id")
	if !ok {
		return nil, false
	}
	c := s.world.commands[id]
	if c == nil || c.GuildID != scope {
		q.error(http.StatusNotFound, 10063, nil)
		return nil, false
	}
	return c, true
}

func (s *Server) getCommand(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.commandLocked(q); ok {
		q.json(http.StatusOK, c)
	}
}

func (s *Server) editCommand(q *restReq) {
	var b commandBody
	if !q.decode(&b) {
		return
	}
	var fe fieldErrors
	b.validate("", false, &fe)
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.commandLocked(q)
	if !ok {
		return
	}
	b.apply(c)
	c.Version = s.newID()
	q.json(http.StatusOK, c)
}

func (s *Server) deleteCommand(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.commandLocked(q)
	if !ok {
		return
	}
	delete(s.world.commands, c.ID)
	q.noContent()
}

// Commands returns the registered commands of a scope (guildID 0: global),
// as JSON objects.
func (s *Server) Commands(guildID discord.Snowflake) []jsontext.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []jsontext.Value
	for _, c := range s.commandsInLocked(guildID) {
		out = append(out, marshal(c))
	}
	return out
}
