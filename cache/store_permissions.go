package cache

import (
	"time"

	"github.com/scurrygo/scurry/discord"
)

// subject builds the permission Subject of a cached member; g is read-locked.
func (g *guildState) subject(userID discord.Snowflake) (Subject, bool) {
	m := g.members.get(userID)
	if m == nil {
		return Subject{}, false
	}
	s := Subject{GuildID: g.id, OwnerID: g.ownerID, UserID: userID}
	if r := g.roles[g.id]; r != nil {
		s.Everyone = r.perms
	}
	if n := g.roleCount(m.roles); n > 0 {
		s.Roles = make([]RolePermissions, 0, n)
		for i := 0; i < n; i++ {
			id := g.roleAt(m.roles, i)
			if r := g.roles[id]; r != nil {
				s.Roles = append(s.Roles, RolePermissions{ID: id, Permissions: r.perms})
			}
		}
	}
	s.TimedOutUntil = fromMicros(g.memberExt(userID, m).timeoutUntil)
	return s, true
}

// Subject returns the permission inputs of a cached member, for use with the
// Compute functions. It reports false if the guild or member is not cached.
func (s *Store) Subject(guildID, userID discord.Snowflake) (Subject, bool) {
	g := s.rlockGuild(guildID)
	if g == nil {
		return Subject{}, false
	}
	defer g.mu.RUnlock()
	return g.subject(userID)
}

// GuildPermissions returns a cached member's guild-level permissions at now
// (ComputeGuild). It reports false if the guild or member is not cached.
// Roles the cache does not know grant nothing.
func (s *Store) GuildPermissions(guildID, userID discord.Snowflake, now time.Time) (discord.Permissions, bool) {
	sub, ok := s.Subject(guildID, userID)
	if !ok {
		return 0, false
	}
	return ComputeGuild(sub, now), true
}

// MemberPermissions returns a cached member's permissions at now in a cached
// channel or thread of the guild (ComputeChannel; threads use their parent's
// overwrites). It reports false if the guild, member, channel, or a thread's
// parent is not cached.
func (s *Store) MemberPermissions(guildID, channelID, userID discord.Snowflake, now time.Time) (discord.Permissions, bool) {
	g := s.rlockGuild(guildID)
	if g == nil {
		return 0, false
	}
	sub, ok := g.subject(userID)
	c := g.channels[channelID]
	if !ok || c == nil {
		g.mu.RUnlock()
		return 0, false
	}
	typ := discord.ChannelType(c.typ)
	ows := c.overwrites
	if typ.IsThread() {
		parent := g.channels[c.parentID]
		if parent == nil {
			g.mu.RUnlock()
			return 0, false
		}
		ows = parent.overwrites
	}
	p := ComputeChannel(sub, typ, ows, now)
	g.mu.RUnlock()
	return p, true
}
