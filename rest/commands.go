package rest

import (
	"context"
	"strconv"

	"github.com/scurrygo/scurry/discord"
)

// maxBulkCommands is Discord's limit of commands per scope (100 chat input
// commands plus context-menu ones; the server has the last word).
const maxBulkCommands = 110

func checkCommand(op, at string, cmd *discord.ApplicationCommand) error {
	if n := runes(cmd.Name); n < 1 || n > maxCommandName {
		return inputErr(op, at+"name", "is %d characters, Discord takes 1 to %d", n, maxCommandName)
	}
	chatInput := cmd.Type == 0 || cmd.Type == 1
	if n := runes(cmd.Description); chatInput && (n < 1 || n > maxCommandDesc) {
		return inputErr(op, at+"description", "is %d characters, slash commands take 1 to %d", n, maxCommandDesc)
	}
	if len(cmd.Options) > maxCommandOption {
		return inputErr(op, at+"options", "%d options, the limit is %d", len(cmd.Options), maxCommandOption)
	}
	return nil
}

func checkCommands(op string, cmds []discord.ApplicationCommand) error {
	if len(cmds) > maxBulkCommands {
		return inputErr(op, "commands", "%d commands, Discord allows at most %d", len(cmds), maxBulkCommands)
	}
	for i := range cmds {
		if err := checkCommand(op, "commands["+strconv.Itoa(i)+"].", &cmds[i]); err != nil {
			return err
		}
	}
	return nil
}

// ListGlobalCommands returns the application's global commands.
func (c *Client) ListGlobalCommands(ctx context.Context, applicationID discord.Snowflake) ([]discord.ApplicationCommand, error) {
	var out []discord.ApplicationCommand
	err := c.Do(ctx, &Request{Route: RouteListGlobalCommands, Params: ids(applicationID), Result: &out})
	return out, err
}

// CreateGlobalCommand creates (or, for an existing name, replaces) a global
// command.
func (c *Client) CreateGlobalCommand(ctx context.Context, applicationID discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	return c.createCommand(ctx, RouteCreateGlobalCommand, ids(applicationID), cmd)
}

// BulkOverwriteGlobalCommands replaces all global commands with cmds.
func (c *Client) BulkOverwriteGlobalCommands(ctx context.Context, applicationID discord.Snowflake, cmds []discord.ApplicationCommand) ([]discord.ApplicationCommand, error) {
	return c.overwriteCommands(ctx, RouteBulkOverwriteGlobalCommands, ids(applicationID), cmds)
}

// DeleteGlobalCommand deletes a global command.
func (c *Client) DeleteGlobalCommand(ctx context.Context, applicationID, commandID discord.Snowflake) error {
	return c.Do(ctx, &Request{Route: RouteDeleteGlobalCommand, Params: ids(applicationID, commandID)})
}

// ListGuildCommands returns the application's commands in one guild.
func (c *Client) ListGuildCommands(ctx context.Context, applicationID, guildID discord.Snowflake) ([]discord.ApplicationCommand, error) {
	var out []discord.ApplicationCommand
	err := c.Do(ctx, &Request{Route: RouteListGuildCommands, Params: ids(applicationID, guildID), Result: &out})
	return out, err
}

// CreateGuildCommand creates (or replaces) a command in one guild.
func (c *Client) CreateGuildCommand(ctx context.Context, applicationID, guildID discord.Snowflake, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	return c.createCommand(ctx, RouteCreateGuildCommand, ids(applicationID, guildID), cmd)
}

// BulkOverwriteGuildCommands replaces all of a guild's commands with cmds.
func (c *Client) BulkOverwriteGuildCommands(ctx context.Context, applicationID, guildID discord.Snowflake, cmds []discord.ApplicationCommand) ([]discord.ApplicationCommand, error) {
	return c.overwriteCommands(ctx, RouteBulkOverwriteGuildCommands, ids(applicationID, guildID), cmds)
}

// DeleteGuildCommand deletes a guild command.
func (c *Client) DeleteGuildCommand(ctx context.Context, applicationID, guildID, commandID discord.Snowflake) error {
	return c.Do(ctx, &Request{Route: RouteDeleteGuildCommand, Params: ids(applicationID, guildID, commandID)})
}

func (c *Client) createCommand(ctx context.Context, r Route, params []string, cmd *discord.ApplicationCommand) (*discord.ApplicationCommand, error) {
	const op = "create command"
	if cmd == nil {
		return nil, inputErr(op, "command", "is nil")
	}
	if err := checkCommand(op, "", cmd); err != nil {
		return nil, err
	}
	var out discord.ApplicationCommand
	err := c.Do(ctx, &Request{Route: r, Params: params, Body: cmd, Result: &out})
	return result(&out, err)
}

func (c *Client) overwriteCommands(ctx context.Context, r Route, params []string, cmds []discord.ApplicationCommand) ([]discord.ApplicationCommand, error) {
	const op = "bulk overwrite commands"
	if err := checkCommands(op, cmds); err != nil {
		return nil, err
	}
	if cmds == nil {
		cmds = []discord.ApplicationCommand{} // PUT [] removes all; never send null
	}
	var out []discord.ApplicationCommand
	err := c.Do(ctx, &Request{Route: r, Params: params, Body: cmds, Result: &out})
	return out, err
}
