package interactions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/scurrygo/scurry/discord"
)

// Syncer makes the commands registered with Discord in one scope (global,
// or one guild) equal to the commands declared in Go, touching only what
// differs. Fill the fields and call Plan (dry run) or Sync. A Syncer holds
// no state between calls and is safe for concurrent use if its fields are
// not modified.
type Syncer struct {
	// REST lists, creates, edits, deletes and bulk-overwrites commands. Required.
	REST CommandsREST
	// ApplicationID is the app whose commands are synced. Required.
	ApplicationID discord.Snowflake
	// GuildID selects a guild's commands; 0 means the global commands.
	GuildID discord.Snowflake
	// Commands is the desired set. Registered commands not in it are deleted.
	Commands []discord.ApplicationCommand
	// NoBulk forbids the bulk overwrite (PUT), even when it would take fewer
	// calls than individual creates, edits and deletes.
	NoBulk bool
}

// Plan is what Sync does (or would do): the commands to create, edit and
// delete, or the bulk overwrite that replaces them. String renders it as a
// diff.
type Plan struct {
	Scope     string // "global" or "guild <id>"
	Create    []discord.ApplicationCommand
	Edit      []CommandEdit
	Delete    []discord.ApplicationCommand // as registered (with IDs)
	Unchanged []string                     // names of commands left alone
	// Bulk is set when one bulk overwrite replaces the individual calls.
	Bulk bool
	want []discord.ApplicationCommand
}

// CommandEdit is one registered command to change, with the fields that differ.
type CommandEdit struct {
	ID      discord.Snowflake
	Command discord.ApplicationCommand // the declared command
	Changes []string                   // "description: "old" → "new""
}

// Empty reports whether the registered commands already match.
func (p *Plan) Empty() bool { return len(p.Create)+len(p.Edit)+len(p.Delete) == 0 }

// Calls is the number of write requests the plan makes.
func (p *Plan) Calls() int {
	if p.Empty() {
		return 0
	}
	if p.Bulk {
		return 1
	}
	return len(p.Create) + len(p.Edit) + len(p.Delete)
}

// String renders the plan as a diff: "+" creates, "~" edits (one indented
// line per field), "-" deletes.
func (p *Plan) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "commands (%s): %d to create, %d to edit, %d to delete, %d unchanged",
		p.Scope, len(p.Create), len(p.Edit), len(p.Delete), len(p.Unchanged))
	if p.Bulk {
		b.WriteString(" (one bulk overwrite)")
	}
	b.WriteByte('\n')
	for _, c := range p.Create {
		fmt.Fprintf(&b, "+ %s\n", label(&c))
	}
	for _, e := range p.Edit {
		fmt.Fprintf(&b, "~ %s\n", label(&e.Command))
		for _, ch := range e.Changes {
			fmt.Fprintf(&b, "    %s\n", ch)
		}
	}
	for _, c := range p.Delete {
		fmt.Fprintf(&b, "- %s\n", label(&c))
	}
	return b.String()
}

func label(c *discord.ApplicationCommand) string {
	if c.Type == 0 || c.Type == discord.CommandTypeChatInput {
		return "/" + c.Name
	}
	return c.Name + " (" + c.Type.String() + ")"
}

func (s *Syncer) scope() string {
	if s.GuildID == 0 {
		return "global"
	}
	return "guild " + s.GuildID.String()
}

// Plan fetches the registered commands and computes the changes, without
// writing anything: the dry run.
func (s *Syncer) Plan(ctx context.Context) (*Plan, error) {
	if s.REST == nil || s.ApplicationID == 0 {
		return nil, errors.New("interactions: Syncer needs REST and ApplicationID")
	}
	if err := ValidateCommands(s.Commands); err != nil {
		return nil, err
	}
	have, err := s.REST.ApplicationCommands(ctx, s.ApplicationID, s.GuildID)
	if err != nil {
		return nil, fmt.Errorf("interactions: list %s commands: %w", s.scope(), err)
	}
	p := &Plan{Scope: s.scope()}
	type key struct {
		t    bare
		name string
	}
	registered := make(map[key]*discord.ApplicationCommand, len(have))
	for k := range have {
		registered[key{cmdType(have[k].Type), have[k].Name}] = &have[k]
	}
	for _, w := range s.Commands {
		k := key{cmdType(w.Type), w.Name}
		h, ok := registered[k]
		if !ok {
			p.Create = append(p.Create, w)
			continue
		}
		delete(registered, k)
		if ch := diffCommand(&w, h); len(ch) > 0 {
			p.Edit = append(p.Edit, CommandEdit{ID: h.ID, Command: w, Changes: ch})
		} else {
			p.Unchanged = append(p.Unchanged, w.Name)
		}
	}
	p.want = append([]discord.ApplicationCommand(nil), s.Commands...)
	for k := range have { // keep Discord's order
		if _, left := registered[key{cmdType(have[k].Type), have[k].Name}]; !left {
			continue
		}
		if have[k].Type == discord.CommandTypePrimaryEntryPoint {
			// Discord creates the Activity entry point itself and refuses
			// overwrites that drop it: keep it unless it is declared.
			p.Unchanged = append(p.Unchanged, have[k].Name)
			p.want = append(p.want, have[k])
			continue
		}
		p.Delete = append(p.Delete, have[k])
	}
	p.Bulk = !s.NoBulk && len(p.Create)+len(p.Edit)+len(p.Delete) > 1
	return p, nil
}

// Sync computes the plan and carries it out. It returns the plan, and the
// first error; calls made before an error stay made (running Sync again
// finishes the job).
func (s *Syncer) Sync(ctx context.Context) (*Plan, error) {
	p, err := s.Plan(ctx)
	if err != nil || p.Empty() {
		return p, err
	}
	if p.Bulk {
		body := make([]discord.ApplicationCommand, len(p.want))
		for i := range p.want {
			body[i] = writeBody(&p.want[i])
		}
		if _, err := s.REST.BulkOverwriteApplicationCommands(ctx, s.ApplicationID, s.GuildID, body); err != nil {
			return p, fmt.Errorf("interactions: bulk overwrite %s commands: %w", p.Scope, err)
		}
		return p, nil
	}
	// Deletes first, creates last, so that a scope at its command limit
	// has room for the new ones.
	for i := range p.Delete {
		if err := s.REST.DeleteApplicationCommand(ctx, s.ApplicationID, s.GuildID, p.Delete[i].ID); err != nil {
			return p, fmt.Errorf("interactions: delete %s: %w", label(&p.Delete[i]), err)
		}
	}
	for i := range p.Edit {
		body := writeBody(&p.Edit[i].Command)
		if _, err := s.REST.EditApplicationCommand(ctx, s.ApplicationID, s.GuildID, p.Edit[i].ID, &body); err != nil {
			return p, fmt.Errorf("interactions: edit %s: %w", label(&p.Edit[i].Command), err)
		}
	}
	for i := range p.Create {
		body := writeBody(&p.Create[i])
		if _, err := s.REST.CreateApplicationCommand(ctx, s.ApplicationID, s.GuildID, &body); err != nil {
			return p, fmt.Errorf("interactions: create %s: %w", label(&p.Create[i]), err)
		}
	}
	return p, nil
}

// writeBody makes every field the declaration leaves at its default
// explicit, because a PATCH leaves absent fields unchanged: empty
// localizations and options clear them, default_member_permissions null
// lets everyone use the command, nsfw false.
func writeBody(c *discord.ApplicationCommand) discord.ApplicationCommand {
	b := *c
	b.ID, b.ApplicationID, b.Version = 0, 0, 0
	if b.NameLocalizations == nil {
		b.NameLocalizations = discord.Localizations{}
	}
	if b.DescriptionLocalizations == nil {
		b.DescriptionLocalizations = discord.Localizations{}
	}
	if b.Options == nil && (b.Type == 0 || b.Type == discord.CommandTypeChatInput) {
		b.Options = []discord.ApplicationCommandOption{}
	}
	if !b.DefaultMemberPermissions.IsSet() {
		b.DefaultMemberPermissions = discord.Null[discord.Permissions]()
	}
	if _, ok := b.NSFW.Get(); !ok {
		b.NSFW = discord.Some(false)
	}
	return b
}
