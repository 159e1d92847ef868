package discordtest

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/scurrygo/scurry/discord"
)

// SetBotPermissions takes the bot down from guild owner (which seeded guilds
// make it, with every permission) to a member whose guild-level permissions
// are @everyone's plus perms, through a role of its own. REST routes then
// answer 403 with 50013 Missing Permissions (or 50001 Missing Access without
// VIEW_CHANNEL) as Discord does. Channel overwrites are not evaluated.
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

// requireLocked answers 50001/50013 unless the bot holds need in the guild
// (guildID 0, a DM, needs nothing).
func (s *Server) requireLocked(q *restReq, guildID discord.Snowflake, need discord.Permissions) bool {
	g := s.world.guilds[guildID]
	if g == nil {
		return true
	}
	have := s.botPermsLocked(g)
	if have&need == need {
		return true
	}
	if need&discord.PermissionViewChannel != 0 && have&discord.PermissionViewChannel == 0 {
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
