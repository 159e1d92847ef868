package interactions_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

func declared() []discord.ApplicationCommand {
	return []discord.ApplicationCommand{
		{Name: "ping", Description: "Check the bot is alive"},
		{
			Name: "admin", Description: "Moderation tools",
			NameLocalizations:        discord.Localizations{"fr": "admin"},
			DefaultMemberPermissions: discord.NonNull(discord.Permissions(1 << 2)),
			Options: []discord.ApplicationCommandOption{{
				Type: discord.OptionTypeSubCommand, Name: "ban", Description: "Ban a member",
				Options: []discord.ApplicationCommandOption{
					{Type: discord.OptionTypeUser, Name: "user", Description: "Who", Required: true},
					{Type: discord.OptionTypeString, Name: "reason", Description: "Why",
						Choices: []discord.ApplicationCommandOptionChoice{
							discord.StringChoice("Spam", "spam"), discord.StringChoice("Abuse", "abuse")}},
					{Type: discord.OptionTypeInteger, Name: "days", Description: "Messages to delete",
						Choices: []discord.ApplicationCommandOptionChoice{discord.IntChoice("one", 1)}},
				},
			}},
		},
		{Type: discord.CommandTypeUser, Name: "Report User"},
	}
}

func TestSyncAgainstFake(t *testing.T) {
	synctest.Test(t, testSyncAgainstFake)
}

func testSyncAgainstFake(t *testing.T) {
	srv := discordtest.NewServer(t, nil)
	rc := &httpREST{base: srv.URL(), token: srv.Token(), client: srv.Client()}
	ctx := context.Background()
	s := &interactions.Syncer{REST: rc, ApplicationID: srv.BotUser(), Commands: declared()}

	// First run: everything is new; one bulk overwrite beats three creates.
	p, err := s.Sync(ctx)
	assert.Success(t, err)
	assert.Equal(t, "creates", len(p.Create), 3)
	assert.Equal(t, "bulk", p.Bulk, true)
	assert.Equal(t, "writes", len(rc.Writes()), 1)
	assert.Contains(t, rc.Writes()[0], "PUT /applications/")
	assert.Equal(t, "registered", len(srv.Commands(0)), 3)

	// Nothing changed: no write at all (Discord's defaults normalised).
	p, err = s.Sync(ctx)
	assert.Success(t, err)
	if !p.Empty() {
		t.Fatalf("second sync not empty:\n%s", p)
	}
	assert.Equal(t, "writes after no-op", len(rc.Writes()), 1)

	// One changed description: one PATCH, nothing else.
	s.Commands[0].Description = "Check latency"
	dry, err := s.Plan(ctx)
	assert.Success(t, err)
	assert.Equal(t, "dry run wrote nothing", len(rc.Writes()), 1)
	assert.Equal(t, "diff", dry.String(),
		"commands (global): 0 to create, 1 to edit, 0 to delete, 2 unchanged\n"+
			"~ /ping\n"+
			"    description: \"Check the bot is alive\" → \"Check latency\"\n")
	p, err = s.Sync(ctx)
	assert.Success(t, err)
	assert.Equal(t, "edits", len(p.Edit), 1)
	w := rc.Writes()
	assert.Equal(t, "writes after edit", len(w), 2)
	assert.Contains(t, w[1], "PATCH /applications/")

	// A removed command: one DELETE.
	s.Commands = s.Commands[:2]
	p, err = s.Sync(ctx)
	assert.Success(t, err)
	assert.Equal(t, "deletes", len(p.Delete), 1)
	assert.Equal(t, "deleted", p.Delete[0].Name, "Report User")
	w = rc.Writes()
	assert.Equal(t, "writes after delete", len(w), 3)
	assert.Contains(t, w[2], "DELETE /applications/")
	assert.Equal(t, "registered", len(srv.Commands(0)), 2)

	// A nested change is reported with its path, and applied.
	s.Commands[1].Options[0].Options[1].Required = false
	s.Commands[1].Options[0].Options[0].Description = "Member to ban"
	s.Commands[1].DefaultMemberPermissions = discord.NonNull(discord.Permissions(1 << 3))
	dry, err = s.Plan(ctx)
	assert.Success(t, err)
	out := dry.String()
	assert.Contains(t, out, `options[0].options[0].description: "Who" → "Member to ban"`)
	assert.Contains(t, out, `default_member_permissions: 4 → 8`)
	_, err = s.Sync(ctx)
	assert.Success(t, err)
	p, err = s.Plan(ctx)
	assert.Success(t, err)
	if !p.Empty() {
		t.Fatalf("not converged:\n%s", p)
	}

	// Guild scope is separate.
	g, err := srv.SeedGuild(discordtest.GuildSeed{Name: "g"})
	assert.Success(t, err)
	gs := &interactions.Syncer{REST: rc, ApplicationID: srv.BotUser(), GuildID: g.ID, Commands: declared()[:1], NoBulk: true}
	p, err = gs.Sync(ctx)
	assert.Success(t, err)
	assert.Equal(t, "guild create without bulk", p.Calls(), 1)
	assert.Equal(t, "scope", p.Scope, "guild "+g.ID.String())
	assert.Equal(t, "guild registered", len(srv.Commands(g.ID)), 1)
}

func TestSyncRefusesInvalidCommands(t *testing.T) {
	rc := &httpREST{}
	for name, c := range map[string]discord.ApplicationCommand{
		"uppercase":      {Name: "Ping", Description: "x"},
		"no description": {Name: "ping"},
		"long name":      {Name: strings.Repeat("a", 33), Description: "x"},
		"required after optional": {Name: "x", Description: "x", Options: []discord.ApplicationCommandOption{
			{Type: discord.OptionTypeString, Name: "a", Description: "a"},
			{Type: discord.OptionTypeString, Name: "b", Description: "b", Required: true}}},
		"autocomplete with choices": {Name: "x", Description: "x", Options: []discord.ApplicationCommandOption{
			{Type: discord.OptionTypeString, Name: "a", Description: "a", Autocomplete: true,
				Choices: []discord.ApplicationCommandOptionChoice{discord.StringChoice("a", "a")}}}},
		"user command with description": {Type: discord.CommandTypeUser, Name: "Report", Description: "x"},
	} {
		s := &interactions.Syncer{REST: rc, ApplicationID: 1, Commands: []discord.ApplicationCommand{c}}
		_, err := s.Plan(context.Background())
		if !errors.Is(err, interactions.ErrLimit) {
			t.Fatalf("%s: got %v, want a limit error", name, err)
		}
	}
	err := interactions.ValidateCommands([]discord.ApplicationCommand{
		{Name: "a", Description: "a"}, {Name: "a", Description: "b"}})
	assert.Contains(t, err.Error(), "commands[1].name")
}

// memCommands is an in-memory CommandsREST that records bulk bodies.
type memCommands struct {
	have []discord.ApplicationCommand
	bulk [][]discord.ApplicationCommand
}

func (m *memCommands) ApplicationCommands(context.Context, discord.Snowflake, discord.Snowflake) ([]discord.ApplicationCommand, error) {
	return m.have, nil
}
func (m *memCommands) CreateApplicationCommand(_ context.Context, _, _ discord.Snowflake, c *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	return c, errors.New("unexpected create")
}
func (m *memCommands) EditApplicationCommand(_ context.Context, _, _, _ discord.Snowflake, c *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	return c, errors.New("unexpected edit")
}
func (m *memCommands) DeleteApplicationCommand(context.Context, discord.Snowflake, discord.Snowflake, discord.Snowflake) error {
	return errors.New("unexpected delete")
}
func (m *memCommands) BulkOverwriteApplicationCommands(_ context.Context, _, _ discord.Snowflake, cs []discord.ApplicationCommand) ([]discord.ApplicationCommand, error) {
	m.bulk = append(m.bulk, cs)
	return cs, nil
}

func TestSyncKeepsActivityEntryPoint(t *testing.T) {
	m := &memCommands{have: []discord.ApplicationCommand{
		{ID: 1, Type: discord.CommandTypePrimaryEntryPoint, Name: "launch", Description: "Launch",
			Handler: discord.Some(discord.EntryPointHandlerDiscordLaunchActivity)},
		{ID: 2, Type: discord.CommandTypeChatInput, Name: "old", Description: "Old"},
	}}
	s := &interactions.Syncer{REST: m, ApplicationID: 9, Commands: []discord.ApplicationCommand{{Name: "new", Description: "New"}}}
	p, err := s.Sync(context.Background())
	assert.Success(t, err)
	assert.Equal(t, "plan", p.String(), "commands (global): 1 to create, 0 to edit, 1 to delete, 1 unchanged (one bulk overwrite)\n+ /new\n- /old\n")
	assert.Equal(t, "bulk calls", len(m.bulk), 1)
	var names []string
	for _, c := range m.bulk[0] {
		names = append(names, c.Name)
	}
	assert.Equal(t, "bulk body keeps the entry point", names, []string{"new", "launch"})
}
