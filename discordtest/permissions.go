package discordtest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// SetBotPermissions takes the bot down from guild owner (which seeded guilds
// make it, with every permission) to a member whose guild-level permissions
// are @everyone's plus perms, through a role of its own. REST routes then
// answer 403 with 50013 Missing Permissions (or 50001 Missing Access without
// VIEW_CHANNEL) as Discord does. Channel overwrites (PUT
// /channels/{id}/permissions/{overwrite_id}) apply on top, as in the
// reference's 5.1.
func (s *Server) SetBotPermissions(guildID discord.Snowflake, perms discord.Permissions) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.world
	g, ok := w.guilds[guildID]
	if !ok {
		return fmt.Errorf("discordtest: set bot permissions: unknown guild %v", guildID)
	}
	if g.OwnerID == w.botID {
		owner := &user{ID: s.newID(), Username: "owner", Discriminator: "0"}
		w.users[owner.ID] = owner
		g.members[owner.ID] = &member{User: owner, Roles: []discord.Snowflake{}, JoinedAt: timestamp(s.now())}
		g.memberIDs = append(g.memberIDs, owner.ID)
		g.OwnerID = owner.ID
	}
	bot := g.members[w.botID]
	if bot == nil {
		return fmt.Errorf("discordtest: set bot permissions: the bot is not in guild %v", guildID)
	}
	value := strconv.FormatUint(uint64(perms), 10)
	for _, r := range g.Roles {
		if r.Managed && r.Name == s.opts.BotName {
			r.Permissions = value
			s.dispatchLocked(g.ID, "GUILD_ROLE_UPDATE", marshal(map[string]any{"guild_id": g.ID, "role": r}))
			return nil
		}
	}
	r := &role{ID: s.newID(), Name: s.opts.BotName, Permissions: value, Managed: true, Position: len(g.Roles)}
	g.Roles = append(g.Roles, r)
	bot.Roles = append(bot.Roles, r.ID)
	s.dispatchLocked(g.ID, "GUILD_ROLE_CREATE", marshal(map[string]any{"guild_id": g.ID, "role": r}))
	return nil
}

// botPermsLocked computes the bot's guild-level permissions.
func (s *Server) botPermsLocked(g *guild) discord.Permissions {
	if g.OwnerID == s.world.botID {
		return discord.PermissionsAll
	}
	m := g.members[s.world.botID]
	if m == nil {
		return 0
	}
	var p discord.Permissions
	for _, r := range g.Roles {
		if r.ID == g.ID || containsID(m.Roles, r.ID) {
			v, _ := strconv.ParseUint(r.Permissions, 10, 64)
			p |= discord.Permissions(v)
		}
	}
	if p&discord.PermissionAdministrator != 0 {
		return discord.PermissionsAll
	}
	return p
}

// channelPermsLocked computes the bot's permissions in a channel as the
// reference's 5.1 does: base, @everyone overwrite, role overwrites combined,
// member overwrite; a timeout leaves only VIEW_CHANNEL and
// READ_MESSAGE_HISTORY; without VIEW_CHANNEL nothing is left.
func (s *Server) channelPermsLocked(g *guild, c *channel) discord.Permissions {
	if isThread(c.Type) && c.ParentID != nil { // threads use their parent's overwrites
		if parent := s.world.channels[*c.ParentID]; parent != nil {
			c = parent
		}
	}
	p := s.botPermsLocked(g)
	if p == discord.PermissionsAll && (g.OwnerID == s.world.botID || p&discord.PermissionAdministrator != 0) {
		return p
	}
	m := g.members[s.world.botID]
	apply := func(ov overwrite) {
		allow, _ := strconv.ParseUint(ov.Allow, 10, 64)
		deny, _ := strconv.ParseUint(ov.Deny, 10, 64)
		p = p&^discord.Permissions(deny) | discord.Permissions(allow)
	}
	var roleAllow, roleDeny uint64
	for _, ov := range c.PermissionOverwrites {
		switch {
		case ov.Type == 0 && ov.ID == g.ID:
			apply(ov)
		case ov.Type == 0 && m != nil && containsID(m.Roles, ov.ID):
			a, _ := strconv.ParseUint(ov.Allow, 10, 64)
			d, _ := strconv.ParseUint(ov.Deny, 10, 64)
			roleAllow, roleDeny = roleAllow|a, roleDeny|d
		}
	}
	p = p&^discord.Permissions(roleDeny) | discord.Permissions(roleAllow)
	for _, ov := range c.PermissionOverwrites {
		if ov.Type == 1 && ov.ID == s.world.botID {
			apply(ov)
		}
	}
	if m != nil && m.TimeOut != nil {
		if until, err := time.Parse(time.RFC3339Nano, *m.TimeOut); err == nil && until.After(s.now()) {
			p &= discord.PermissionViewChannel | discord.PermissionReadMessageHistory
		}
	}
	if p&discord.PermissionViewChannel == 0 {
		return 0
	}
	return p
}

// requireInLocked is requireLocked for a channel, overwrites included (DM
// channels need nothing).
func (s *Server) requireInLocked(q *restReq, c *channel, need discord.Permissions) bool {
	g := s.world.guilds[c.GuildID]
	if g == nil {
		return true
	}
	return s.answerPerms(q, s.channelPermsLocked(g, c), need)
}

// requireLocked answers 50001/50013 unless the bot holds need in the guild
// (guildID 0, a DM, needs nothing).
func (s *Server) requireLocked(q *restReq, guildID discord.Snowflake, need discord.Permissions) bool {
	g := s.world.guilds[guildID]
	if g == nil {
		return true
	}
	return s.answerPerms(q, s.botPermsLocked(g), need)
}

func (s *Server) answerPerms(q *restReq, have, need discord.Permissions) bool {
	if have&need == need {
		return true
	}
	if have&discord.PermissionViewChannel == 0 && (need&discord.PermissionViewChannel != 0 || have == 0) {
		q.error(http.StatusForbidden, 50001, nil)
		return false
	}
	q.error(http.StatusForbidden, 50013, nil)
	return false
}

func containsID(ids []discord.Snowflake, id discord.Snowflake) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// highestRole returns a member's highest role position (@everyone is 0).
func highestRole(g *guild, m *member) int {
	top := 0
	for _, r := range g.Roles {
		if containsID(m.Roles, r.ID) && r.Position > top {
			top = r.Position
		}
	}
	return top
}

// outranksLocked applies the role hierarchy: unless it owns the guild, the
// bot acts only on members below its highest role and never on the owner,
// and manages only roles below its highest role. target is a user id, or 0
// with a role position to check.
func (s *Server) outranksLocked(q *restReq, g *guild, target discord.Snowflake, rolePos int) bool {
	w := &s.world
	if g.OwnerID == w.botID {
		return true
	}
	bot := g.members[w.botID]
	mine := 0
	if bot != nil {
		mine = highestRole(g, bot)
	}
	below := rolePos < mine
	if target != 0 {
		m := g.members[target]
		below = target != g.OwnerID && (m == nil || highestRole(g, m) < mine)
	}
	if !below {
		q.error(http.StatusForbidden, 50013, nil)
	}
	return below
}
