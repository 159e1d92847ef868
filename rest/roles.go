package rest

import (
	"context"

	"github.com/scurrygo/scurry/discord"
)

// RoleParams is the body of role create and modify. Absent fields get
// Discord's defaults on create and are left alone on modify.
type RoleParams struct {
	Name         discord.Optional[string]              `json:"name,omitzero"` // at most 100 characters
	Permissions  discord.Optional[discord.Permissions] `json:"permissions,omitzero"`
	Color        discord.Optional[int]                 `json:"color,omitzero"` // 0..0xFFFFFF
	Hoist        discord.Optional[bool]                `json:"hoist,omitzero"`
	Icon         discord.Nullable[string]              `json:"icon,omitzero"` // image data URI
	UnicodeEmoji discord.Nullable[string]              `json:"unicode_emoji,omitzero"`
	Mentionable  discord.Optional[bool]                `json:"mentionable,omitzero"`
}

func (p *RoleParams) check(op string) error {
	if n, ok := p.Name.Get(); ok {
		if err := checkLen(op, "name", n, maxRoleName); err != nil {
			return err
		}
	}
	if c, ok := p.Color.Get(); ok && (c < 0 || c > 0xFFFFFF) {
		return inputErr(op, "color", "%d is outside 0..16777215", c)
	}
	return nil
}

// ListRoles returns a guild's roles.
func (c *Client) ListRoles(ctx context.Context, guildID discord.Snowflake) ([]discord.Role, error) {
	var out []discord.Role
	err := c.Do(ctx, &Request{Route: RouteListRoles, Params: ids(guildID), Result: &out})
	return out, err
}

// CreateRole creates a role; p may be nil for a default "new role".
func (c *Client) CreateRole(ctx context.Context, guildID discord.Snowflake, p *RoleParams, reason string) (*discord.Role, error) {
	if p == nil {
		p = &RoleParams{}
	}
	if err := checkInput("create_guild_role", "create role", p); err != nil {
		return nil, err
	}
	var out discord.Role
	err := c.Do(ctx, &Request{Route: RouteCreateRole, Params: ids(guildID), Body: p, Reason: reason, Result: &out})
	return result(&out, err)
}

// ModifyRole changes a role.
func (c *Client) ModifyRole(ctx context.Context, guildID, roleID discord.Snowflake, p *RoleParams, reason string) (*discord.Role, error) {
	const op = "modify role"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := checkInput("update_guild_role", op, p); err != nil {
		return nil, err
	}
	var out discord.Role
	err := c.Do(ctx, &Request{Route: RouteModifyRole, Params: ids(guildID, roleID), Body: p, Reason: reason, Result: &out})
	return result(&out, err)
}

// DeleteRole deletes a role.
func (c *Client) DeleteRole(ctx context.Context, guildID, roleID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteDeleteRole, Params: ids(guildID, roleID), Reason: reason})
}
