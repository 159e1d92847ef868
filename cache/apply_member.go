package cache

import "github.com/scurrygo/scurry/discord"

// putMember stores or merges m in g (which the caller holds locked, or owns
// before publishing). The user is taken from m.User; members without a user
// are ignored (there is no key). With members off, the user is still seen.
func (s *Store) putMember(g *guildState, m *discord.Member) {
	if m.User == nil || m.User.ID == 0 {
		return
	}
	s.putMemberFor(g, m.User.ID, m)
}

// putMemberFor is putMember for payloads that carry the user ID beside the
// member (MESSAGE_CREATE's member, reactions, voice states): m.User may be nil.
func (s *Store) putMemberFor(g *guildState, uid discord.Snowflake, m *discord.Member) {
	pol := s.policy()
	if !pol.on(ResourceMembers) {
		s.seeUser(m.User)
		return
	}
	if !g.members.inited {
		g.members.init(0, pol.members >= 0)
	}
	r, created := g.members.put(uid)
	if created {
		s.refUser(uid, m.User)
		if uid == s.SelfID() {
			g.members.pin(uid) // the bot's own member is never evicted
		}
	} else {
		if m.User != nil {
			s.updateUser(m.User)
		}
		g.members.touch(uid)
	}
	g.mergeMember(uid, r, m)
	s.evictMembers(g)
}

// evictMembers drops the least recently touched members beyond the bound.
func (s *Store) evictMembers(g *guildState) {
	max := s.policy().members
	if max < 0 {
		return
	}
	for g.members.linked > max {
		id, ok := g.members.oldest()
		if !ok {
			return
		}
		g.removeMember(id)
		s.unrefUser(id)
	}
}

func (s *Store) memberAdd(e *discord.GuildMemberAdd) {
	g := s.lockGuild(e.GuildID)
	defer g.mu.Unlock()
	if g.info != nil {
		g.info.MemberCount++
	}
	s.putMember(g, &e.Member)
}

// memberUpdate merges the update: Discord sends the whole member, with the
// fields it knows. A member that was not cached is added, since the update
// carries everything a member record holds.
func (s *Store) memberUpdate(e *discord.GuildMemberUpdate) {
	g := s.lockGuild(e.GuildID)
	defer g.mu.Unlock()
	s.putMember(g, &e.Member)
}

func (s *Store) memberRemove(e *discord.GuildMemberRemove) {
	g := s.lockKnownGuild(e.GuildID)
	if g == nil {
		s.updateUser(&e.User)
		return
	}
	defer g.mu.Unlock()
	if g.info != nil && g.info.MemberCount > 0 {
		g.info.MemberCount--
	}
	delete(g.presences, e.User.ID)
	if g.removeMember(e.User.ID) {
		s.updateUser(&e.User)
		s.unrefUser(e.User.ID)
	}
}

func (s *Store) membersChunk(e *discord.GuildMembersChunk) {
	g := s.lockGuild(e.GuildID)
	defer g.mu.Unlock()
	for i := range e.Members {
		s.putMember(g, &e.Members[i])
	}
	if s.policy().on(ResourcePresences) {
		for i := range e.Presences {
			s.putPresence(g, &e.Presences[i])
		}
	}
}

// putPresence stores p in g (locked). Offline presences are dropped: absence
// means offline.
func (s *Store) putPresence(g *guildState, p *discord.Presence) {
	id := p.User.ID
	if id == 0 {
		return
	}
	if p.Status == discord.StatusOffline || p.Status == "" {
		delete(g.presences, id)
		return
	}
	if g.presences == nil {
		g.presences = make(map[discord.Snowflake]*presence)
	}
	g.presences[id] = newPresence(p)
}

func (s *Store) presenceUpdate(p *discord.Presence) {
	if p.User.ID == 0 {
		return
	}
	// The user in a presence may be partial; merge what it has.
	s.updateUser(&p.User)
	if !s.policy().on(ResourcePresences) || p.GuildID == 0 {
		return
	}
	g := s.lockGuild(p.GuildID)
	s.putPresence(g, p)
	g.mu.Unlock()
}

func (s *Store) voiceStateUpdate(v *discord.VoiceState) {
	if v.GuildID == 0 || v.UserID == 0 {
		return
	}
	pol := s.policy()
	if !pol.on(ResourceVoiceStates) && (v.Member == nil || !pol.on(ResourceMembers)) {
		return
	}
	g := s.lockKnownGuild(v.GuildID)
	if g == nil {
		return
	}
	defer g.mu.Unlock()
	if v.Member != nil {
		s.putMemberFor(g, v.UserID, v.Member)
	}
	if !pol.on(ResourceVoiceStates) {
		return
	}
	if ch, ok := v.ChannelID.Get(); !ok || ch == 0 {
		delete(g.voice, v.UserID)
		return
	}
	if g.voice == nil {
		g.voice = make(map[discord.Snowflake]*voiceState)
	}
	g.voice[v.UserID] = newVoiceState(v)
}
