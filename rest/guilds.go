package rest

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// GetGuild returns a guild; withCounts adds the approximate member and
// presence counts.
func (c *Client) GetGuild(ctx context.Context, guildID discord.Snowflake, withCounts bool) (*discord.Guild, error) {
	var q url.Values
	if withCounts {
		q = url.Values{"with_counts": {"true"}}
	}
	var out discord.Guild
	err := c.Do(ctx, &Request{Route: RouteGetGuild, Params: ids(guildID), Query: q, Result: &out})
	return result(&out, err)
}

// GetMember returns one member of a guild.
func (c *Client) GetMember(ctx context.Context, guildID, userID discord.Snowflake) (*discord.Member, error) {
	var out discord.Member
	err := c.Do(ctx, &Request{Route: RouteGetMember, Params: ids(guildID, userID), Result: &out})
	return result(&out, err)
}

// ListMembers returns up to limit members (1-1000; 0 means 1) with user ids
// above after, in id order. Needs the GUILD_MEMBERS intent.
func (c *Client) ListMembers(ctx context.Context, guildID discord.Snowflake, after discord.Snowflake, limit int) ([]discord.Member, error) {
	if limit < 0 || limit > maxListMembers {
		return nil, inputErr("list members", "limit", "%d is outside 1..%d", limit, maxListMembers)
	}
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if after != 0 {
		q.Set("after", after.String())
	}
	var out []discord.Member
	err := c.Do(ctx, &Request{Route: RouteListMembers, Params: ids(guildID), Query: q, Result: &out})
	return out, err
}

// ModifyMemberParams is the body of PATCH /guilds/{id}/members/{id}. Absent
// fields are left alone; Null clears one (a null ChannelID disconnects from
// voice, a null CommunicationDisabledUntil lifts a timeout).
type ModifyMemberParams struct {
	Nick                       discord.Nullable[string]              `json:"nick,omitzero"` // at most 32 characters
	Roles                      discord.Nullable[[]discord.Snowflake] `json:"roles,omitzero"`
	Mute                       discord.Nullable[bool]                `json:"mute,omitzero"`
	Deaf                       discord.Nullable[bool]                `json:"deaf,omitzero"`
	ChannelID                  discord.Nullable[discord.Snowflake]   `json:"channel_id,omitzero"`
	CommunicationDisabledUntil discord.Nullable[discord.Timestamp]   `json:"communication_disabled_until,omitzero"` // at most 28 days ahead
	Flags                      discord.Nullable[discord.MemberFlags] `json:"flags,omitzero"`
}

const maxTimeout = 28 * 24 * time.Hour

func (p *ModifyMemberParams) check(op string) error {
	if n, ok := p.Nick.Get(); ok {
		if err := checkLen(op, "nick", n, maxNick); err != nil {
			return err
		}
	}
	if t, ok := p.CommunicationDisabledUntil.Get(); ok && time.Until(t.Time()) > maxTimeout {
		return inputErr(op, "communication_disabled_until", "is more than 28 days ahead")
	}
	return nil
}

// ModifyMember changes a member (nickname, roles, voice state, timeout).
func (c *Client) ModifyMember(ctx context.Context, guildID, userID discord.Snowflake, p *ModifyMemberParams, reason string) (*discord.Member, error) {
	const op = "modify member"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := checkInput("update_guild_member", op, p); err != nil {
		return nil, err
	}
	var out discord.Member
	err := c.Do(ctx, &Request{Route: RouteModifyMember, Params: ids(guildID, userID), Body: p, Reason: reason, Result: &out})
	return result(&out, err)
}

// KickMember removes a member from a guild.
func (c *Client) KickMember(ctx context.Context, guildID, userID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteKickMember, Params: ids(guildID, userID), Reason: reason})
}

// AddMemberRole gives a member a role.
func (c *Client) AddMemberRole(ctx context.Context, guildID, userID, roleID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteAddMemberRole, Params: ids(guildID, userID, roleID), Reason: reason})
}

// RemoveMemberRole takes a role from a member.
func (c *Client) RemoveMemberRole(ctx context.Context, guildID, userID, roleID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteRemoveMemberRole, Params: ids(guildID, userID, roleID), Reason: reason})
}

// BanMember bans a user and deletes their messages of the last
// deleteMessages (0 to 7 days, whole seconds).
func (c *Client) BanMember(ctx context.Context, guildID, userID discord.Snowflake, deleteMessages time.Duration, reason string) error {
	const op = "ban member"
	secs := int(deleteMessages / time.Second)
	if secs < 0 || secs > maxBanDeleteSecs {
		return inputErr(op, "delete_message_seconds", "%v is outside 0..7 days", deleteMessages)
	}
	body := struct {
		DeleteMessageSeconds int `json:"delete_message_seconds,omitzero"`
	}{secs}
	return c.Do(ctx, &Request{Route: RouteBanMember, Params: ids(guildID, userID), Body: &body, Reason: reason})
}

// UnbanMember lifts a ban.
func (c *Client) UnbanMember(ctx context.Context, guildID, userID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteUnbanMember, Params: ids(guildID, userID), Reason: reason})
}
