package cache

import (
	"github.com/scurrygo/scurry/discord"
)

// ready records the bot user and marks the announced guilds unavailable until
// their GUILD_CREATE arrives.
func (s *Store) ready(e *discord.Ready) {
	if e.User.ID != 0 {
		if old := s.self.Swap(uint64(e.User.ID)); old == uint64(e.User.ID) {
			s.updateUser(&e.User)
		} else {
			s.refUser(e.User.ID, &e.User) // the bot's own user is never evicted
		}
	}
	for i := range e.Guilds {
		g := s.lockGuild(e.Guilds[i].ID)
		g.unavailable = true
		g.mu.Unlock()
	}
}

// guildCreate builds the guild's state from scratch and swaps it in, so that
// a GUILD_CREATE after an outage or a reconnect replaces stale contents
// instead of merging with them.
func (s *Store) guildCreate(e *discord.GuildCreate) {
	if e.ID == 0 {
		return
	}
	if e.Unavailable.Or(false) {
		g := s.lockGuild(e.ID)
		g.unavailable = true
		g.mu.Unlock()
		return
	}
	pol := s.policy()
	ng := &guildState{id: e.ID, known: true, ownerID: e.OwnerID}
	if pol.on(ResourceGuilds) {
		ng.info = &guildInfo{}
		ng.info.merge(&e.Guild)
		ng.info.JoinedAt = fromMicros(micros(e.JoinedAt))
		ng.info.Large = e.Large.Or(false)
		ng.info.MemberCount = e.MemberCount.Or(len(e.Members))
	}
	s.setRoles(ng, e.Roles)
	s.setEmojis(ng, e.Emojis)
	s.setStickers(ng, e.Stickers)
	var chanIDs []discord.Snowflake
	if pol.on(ResourceChannels) {
		ng.channels = make(map[discord.Snowflake]*channel, len(e.Channels)+len(e.Threads))
		for i := range e.Channels {
			c := &channel{guildID: e.ID}
			c.merge(&e.Channels[i])
			ng.channels[c.id] = c
			chanIDs = append(chanIDs, c.id)
		}
	}
	if pol.on(ResourceThreads) {
		if ng.channels == nil {
			ng.channels = make(map[discord.Snowflake]*channel, len(e.Threads))
		}
		for i := range e.Threads {
			c := &channel{guildID: e.ID}
			c.merge(&e.Threads[i])
			ng.channels[c.id] = c
			chanIDs = append(chanIDs, c.id)
		}
	}
	if pol.on(ResourceMembers) {
		n := len(e.Members)
		if pol.members >= 0 && n > pol.members {
			n = pol.members
		}
		ng.members.init(n, pol.members >= 0)
		size := 0
		for i := range e.Members[:n] {
			size += putSize(nullString(e.Members[i].Nick))
		}
		ng.nicks.reserve(size)
	}
	for i := range e.Members {
		s.putMember(ng, &e.Members[i])
	}
	if pol.on(ResourcePresences) && len(e.Presences) > 0 {
		ng.presences = make(map[discord.Snowflake]*presence, len(e.Presences))
		for i := range e.Presences {
			s.putPresence(ng, &e.Presences[i])
		}
	}
	if pol.on(ResourceVoiceStates) && len(e.VoiceStates) > 0 {
		ng.voice = make(map[discord.Snowflake]*voiceState, len(e.VoiceStates))
		for i := range e.VoiceStates {
			v := &e.VoiceStates[i]
			if ch, ok := v.ChannelID.Get(); ok && ch != 0 {
				ng.voice[v.UserID] = newVoiceState(v)
			}
		}
	}
	if pol.on(ResourceStageInstances) && len(e.StageInstances) > 0 {
		ng.stages = make(map[discord.Snowflake]*StageInstance, len(e.StageInstances))
		for i := range e.StageInstances {
			ng.stages[e.StageInstances[i].ID] = newStage(&e.StageInstances[i])
		}
	}

	sh := &s.guilds[shardOf(e.ID)]
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[discord.Snowflake]*guildState)
	}
	old := sh.m[e.ID]
	sh.m[e.ID] = ng
	sh.mu.Unlock()

	s.indexChannels(e.ID, chanIDs...)
	if old != nil {
		gone := s.retire(old)
		var dropped []discord.Snowflake
		for _, id := range gone {
			if _, ok := ng.channels[id]; !ok {
				dropped = append(dropped, id)
			}
		}
		s.indexChannels(0, dropped...)
		s.dropMessages(dropped...)
	}
}

// retire marks a guild state removed, releases its member references, and
// returns the IDs of its channels and threads.
func (s *Store) retire(g *guildState) []discord.Snowflake {
	g.mu.Lock()
	g.removed = true
	users := make([]discord.Snowflake, 0, g.members.len())
	g.members.all(func(id discord.Snowflake, _ *member) bool {
		users = append(users, id)
		return true
	})
	chans := make([]discord.Snowflake, 0, len(g.channels))
	for id := range g.channels {
		chans = append(chans, id)
	}
	g.mu.Unlock()
	for _, id := range users {
		s.unrefUser(id)
	}
	return chans
}

func (s *Store) guildUpdate(e *discord.GuildUpdate) {
	g := s.lockGuild(e.ID)
	defer g.mu.Unlock()
	if e.OwnerID != 0 {
		g.ownerID = e.OwnerID
	}
	if s.policy().on(ResourceGuilds) {
		if g.info == nil {
			g.info = &guildInfo{}
		}
		g.info.merge(&e.Guild)
	}
	if e.Roles != nil {
		s.setRoles(g, e.Roles)
	}
	if e.Emojis != nil {
		s.setEmojis(g, e.Emojis)
	}
	if e.Stickers != nil {
		s.setStickers(g, e.Stickers)
	}
}

// guildDelete marks the guild unavailable during an outage, or forgets it
// when the bot was removed.
func (s *Store) guildDelete(e *discord.GuildDelete) {
	if !e.Removed() {
		g := s.lockGuild(e.ID)
		g.unavailable = true
		g.mu.Unlock()
		return
	}
	old := s.dropGuild(e.ID)
	if old == nil {
		return
	}
	chans := s.retire(old)
	s.indexChannels(0, chans...)
	s.dropMessages(chans...)
}

func (s *Store) setRoles(g *guildState, roles []discord.Role) {
	if !s.policy().on(ResourceRoles) {
		return
	}
	g.roles = make(map[discord.Snowflake]*role, len(roles))
	for i := range roles {
		g.roles[roles[i].ID] = newRole(&roles[i])
	}
}

func (s *Store) setEmojis(g *guildState, emojis []discord.Emoji) {
	if !s.policy().on(ResourceEmojis) {
		return
	}
	g.emojis = make([]emoji, 0, len(emojis))
	for i := range emojis {
		if e, ok := newEmoji(&emojis[i]); ok {
			g.emojis = append(g.emojis, e)
		}
	}
}

func (s *Store) setStickers(g *guildState, stickers []discord.Sticker) {
	if !s.policy().on(ResourceStickers) {
		return
	}
	g.stickers = make([]sticker, len(stickers))
	for i := range stickers {
		g.stickers[i] = newSticker(&stickers[i])
	}
}

func (s *Store) guildEmojisUpdate(e *discord.GuildEmojisUpdate) {
	if !s.policy().on(ResourceEmojis) {
		return
	}
	g := s.lockGuild(e.GuildID)
	s.setEmojis(g, e.Emojis)
	g.mu.Unlock()
}

func (s *Store) guildStickersUpdate(e *discord.GuildStickersUpdate) {
	if !s.policy().on(ResourceStickers) {
		return
	}
	g := s.lockGuild(e.GuildID)
	s.setStickers(g, e.Stickers)
	g.mu.Unlock()
}

func (s *Store) roleUpsert(guildID discord.Snowflake, r *discord.Role) {
	if !s.policy().on(ResourceRoles) {
		return
	}
	g := s.lockGuild(guildID)
	if g.roles == nil {
		g.roles = make(map[discord.Snowflake]*role)
	}
	g.roles[r.ID] = newRole(r)
	g.mu.Unlock()
}

// roleDelete removes the role, and the role from every cached member: Discord
// sends no member updates for it.
func (s *Store) roleDelete(e *discord.GuildRoleDelete) {
	g := s.lockKnownGuild(e.GuildID)
	if g == nil {
		return
	}
	defer g.mu.Unlock()
	delete(g.roles, e.RoleID)
	if !g.codes.held(e.RoleID) && len(g.spills) == len(g.spillFree) {
		return // no member holds it
	}
	var kept []discord.Snowflake
	g.members.all(func(_ discord.Snowflake, m *member) bool {
		if !g.hasRole(m.roles, e.RoleID) {
			return true
		}
		kept = kept[:0]
		for i, n := 0, g.roleCount(m.roles); i < n; i++ {
			if id := g.roleAt(m.roles, i); id != e.RoleID {
				kept = append(kept, id)
			}
		}
		g.setMemberRoles(m, kept)
		return true
	})
}

func newStage(st *discord.StageInstance) *StageInstance {
	return &StageInstance{ID: st.ID, GuildID: st.GuildID, ChannelID: st.ChannelID, Topic: st.Topic, PrivacyLevel: st.PrivacyLevel}
}

func (s *Store) stageUpsert(st *discord.StageInstance) {
	if !s.policy().on(ResourceStageInstances) {
		return
	}
	g := s.lockGuild(st.GuildID)
	if g.stages == nil {
		g.stages = make(map[discord.Snowflake]*StageInstance)
	}
	g.stages[st.ID] = newStage(st)
	g.mu.Unlock()
}

func (s *Store) stageDelete(st *discord.StageInstance) {
	if g := s.lockKnownGuild(st.GuildID); g != nil {
		delete(g.stages, st.ID)
		g.mu.Unlock()
	}
}
