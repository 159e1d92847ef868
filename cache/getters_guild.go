package cache

import (
	"iter"
	"slices"

	"github.com/scurrygo/scurry/discord"
)

// Guild returns a cached guild. Guilds announced by READY (or in an outage)
// are returned with Unavailable set. With ResourceGuilds disabled it reports
// false.
func (s *Store) Guild(id discord.Snowflake) (Guild, bool) {
	if !s.policy().on(ResourceGuilds) {
		return Guild{}, false
	}
	g := s.rlockGuild(id)
	if g == nil {
		return Guild{}, false
	}
	defer g.mu.RUnlock()
	return g.view()
}

func (g *guildState) view() (Guild, bool) {
	if g.info == nil {
		if g.known {
			return Guild{}, false // ResourceGuilds off
		}
		return Guild{ID: g.id, Unavailable: true}, true
	}
	v := g.info.view()
	v.Unavailable = g.unavailable
	return v, true
}

// Guilds returns every cached guild, in no particular order, as a snapshot
// taken guild by guild during the iteration.
func (s *Store) Guilds() iter.Seq[Guild] {
	return func(yield func(Guild) bool) {
		for _, id := range s.GuildIDs() {
			if g, ok := s.Guild(id); ok && !yield(g) {
				return
			}
		}
	}
}

// GuildIDs returns the IDs of the guilds the cache holds state for,
// available or not, sorted (also with ResourceGuilds disabled).
func (s *Store) GuildIDs() []discord.Snowflake {
	var ids []discord.Snowflake
	for i := range s.guilds {
		sh := &s.guilds[i]
		sh.mu.RLock()
		for id := range sh.m {
			ids = append(ids, id)
		}
		sh.mu.RUnlock()
	}
	slices.Sort(ids)
	return ids
}

// GuildCount returns the number of cached guilds, available or not.
func (s *Store) GuildCount() int {
	n := 0
	for i := range s.guilds {
		sh := &s.guilds[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

// Role returns a cached role.
func (s *Store) Role(guildID, roleID discord.Snowflake) (Role, bool) {
	g := s.rlockGuild(guildID)
	if g == nil {
		return Role{}, false
	}
	defer g.mu.RUnlock()
	r := g.roles[roleID]
	if r == nil {
		return Role{}, false
	}
	return r.view(roleID, guildID), true
}

// Roles returns the guild's cached roles sorted by position, then ID (the
// order Discord displays them, lowest first).
func (s *Store) Roles(guildID discord.Snowflake) []Role {
	g := s.rlockGuild(guildID)
	if g == nil {
		return nil
	}
	out := make([]Role, 0, len(g.roles))
	for id, r := range g.roles {
		out = append(out, r.view(id, guildID))
	}
	g.mu.RUnlock()
	slices.SortFunc(out, func(a, b Role) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return cmpID(a.ID, b.ID)
	})
	return out
}

func cmpID(a, b discord.Snowflake) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Emojis returns the guild's cached custom emojis.
func (s *Store) Emojis(guildID discord.Snowflake) []Emoji {
	g := s.rlockGuild(guildID)
	if g == nil {
		return nil
	}
	defer g.mu.RUnlock()
	out := make([]Emoji, len(g.emojis))
	for i := range g.emojis {
		out[i] = g.emojis[i].view()
	}
	return out
}

// Stickers returns the guild's cached stickers.
func (s *Store) Stickers(guildID discord.Snowflake) []Sticker {
	g := s.rlockGuild(guildID)
	if g == nil {
		return nil
	}
	defer g.mu.RUnlock()
	out := make([]Sticker, len(g.stickers))
	for i := range g.stickers {
		out[i] = g.stickers[i].view()
	}
	return out
}

// StageInstances returns the guild's live stages.
func (s *Store) StageInstances(guildID discord.Snowflake) []StageInstance {
	g := s.rlockGuild(guildID)
	if g == nil {
		return nil
	}
	defer g.mu.RUnlock()
	out := make([]StageInstance, 0, len(g.stages))
	for _, st := range g.stages {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b StageInstance) int { return cmpID(a.ID, b.ID) })
	return out
}

// Member returns a cached member with its user.
func (s *Store) Member(guildID, userID discord.Snowflake) (Member, bool) {
	g := s.rlockGuild(guildID)
	if g == nil {
		return Member{}, false
	}
	defer g.mu.RUnlock()
	m := g.members.get(userID)
	if m == nil {
		return Member{}, false
	}
	return g.memberView(userID, m, s.userView(userID)), true
}

// MemberCount returns the number of members cached for the guild (not the
// guild's member count: see Guild.MemberCount).
func (s *Store) MemberCount(guildID discord.Snowflake) int {
	g := s.rlockGuild(guildID)
	if g == nil {
		return 0
	}
	defer g.mu.RUnlock()
	return g.members.len()
}

// GuildMembers iterates over the guild's cached members: with
// MembersPerGuild bounded, most recently touched first (the bot's own member
// last); unbounded, in storage order. It works on a snapshot taken in batches, so the loop body
// may call the Store (even Apply) freely; members added or removed during
// the iteration may or may not be seen.
func (s *Store) GuildMembers(guildID discord.Snowflake) iter.Seq[Member] {
	return func(yield func(Member) bool) {
		g := s.rlockGuild(guildID)
		if g == nil {
			return
		}
		ids := make([]discord.Snowflake, 0, g.members.len())
		g.members.all(func(id discord.Snowflake, _ *member) bool {
			ids = append(ids, id)
			return true
		})
		g.mu.RUnlock()
		const batch = 128
		buf := make([]Member, 0, min(batch, len(ids)))
		for start := 0; start < len(ids); start += batch {
			buf = buf[:0]
			g := s.rlockGuild(guildID)
			if g == nil {
				return
			}
			for _, id := range ids[start:min(start+batch, len(ids))] {
				if m := g.members.get(id); m != nil {
					buf = append(buf, g.memberView(id, m, s.userView(id)))
				}
			}
			g.mu.RUnlock()
			for _, m := range buf {
				if !yield(m) {
					return
				}
			}
		}
	}
}

// Presence returns a member's cached presence; offline members have none.
func (s *Store) Presence(guildID, userID discord.Snowflake) (Presence, bool) {
	g := s.rlockGuild(guildID)
	if g == nil {
		return Presence{}, false
	}
	defer g.mu.RUnlock()
	p := g.presences[userID]
	if p == nil {
		return Presence{}, false
	}
	return p.view(guildID, userID), true
}

// PresenceCount returns the number of cached (not offline) presences.
func (s *Store) PresenceCount(guildID discord.Snowflake) int {
	g := s.rlockGuild(guildID)
	if g == nil {
		return 0
	}
	defer g.mu.RUnlock()
	return len(g.presences)
}

// VoiceState returns a member's voice state, present while it is in a voice
// channel.
func (s *Store) VoiceState(guildID, userID discord.Snowflake) (VoiceState, bool) {
	g := s.rlockGuild(guildID)
	if g == nil {
		return VoiceState{}, false
	}
	defer g.mu.RUnlock()
	v := g.voice[userID]
	if v == nil {
		return VoiceState{}, false
	}
	return v.view(guildID, userID), true
}

// VoiceStates returns the guild's voice states, sorted by user ID.
func (s *Store) VoiceStates(guildID discord.Snowflake) []VoiceState {
	g := s.rlockGuild(guildID)
	if g == nil {
		return nil
	}
	out := make([]VoiceState, 0, len(g.voice))
	for uid, v := range g.voice {
		out = append(out, v.view(guildID, uid))
	}
	g.mu.RUnlock()
	slices.SortFunc(out, func(a, b VoiceState) int { return cmpID(a.UserID, b.UserID) })
	return out
}
