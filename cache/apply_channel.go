package cache

import "github.com/scurrygo/scurry/discord"

// channelUpsert handles CHANNEL_CREATE/UPDATE and THREAD_CREATE/UPDATE.
func (s *Store) channelUpsert(c *discord.Channel) {
	pol := s.policy()
	if c.ID == 0 {
		return
	}
	isThread := c.Type.IsThread()
	if (isThread && !pol.on(ResourceThreads)) || (!isThread && !pol.on(ResourceChannels)) {
		return
	}
	if c.GuildID == 0 {
		s.dmUpsert(c)
		return
	}
	g := s.lockGuild(c.GuildID)
	if g.channels == nil {
		g.channels = make(map[discord.Snowflake]*channel)
	}
	r := g.channels[c.ID]
	if r == nil {
		r = &channel{guildID: c.GuildID}
		g.channels[c.ID] = r
	}
	r.merge(c)
	g.mu.Unlock()
	s.indexChannels(c.GuildID, c.ID)
}

func (s *Store) dmUpsert(c *discord.Channel) {
	sh := &s.chans[shardOf(c.ID)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.dms == nil {
		sh.dms = make(map[discord.Snowflake]*channel)
	}
	r := sh.dms[c.ID]
	if r == nil {
		r = &channel{}
		sh.dms[c.ID] = r
	}
	r.merge(c)
}

// channelDelete handles CHANNEL_DELETE and THREAD_DELETE. Deleting a channel
// also forgets its messages; its threads are deleted by their own events.
func (s *Store) channelDelete(c *discord.Channel) {
	if c.GuildID == 0 {
		sh := &s.chans[shardOf(c.ID)]
		sh.mu.Lock()
		delete(sh.dms, c.ID)
		sh.mu.Unlock()
	} else if g := s.lockKnownGuild(c.GuildID); g != nil {
		delete(g.channels, c.ID)
		for uid, v := range g.voice {
			if v.channelID == c.ID {
				delete(g.voice, uid)
			}
		}
		g.mu.Unlock()
	}
	s.indexChannels(0, c.ID)
	s.dropMessages(c.ID)
}

func (s *Store) channelPinsUpdate(e *discord.ChannelPinsUpdate) {
	s.withChannel(e.GuildID, e.ChannelID, func(c *channel) {
		c.lastPin = nullMicros(e.LastPinTimestamp)
	})
}

// withChannel runs f on a cached channel under its lock.
func (s *Store) withChannel(guildID, channelID discord.Snowflake, f func(*channel)) {
	if guildID == 0 {
		sh := &s.chans[shardOf(channelID)]
		sh.mu.Lock()
		if c := sh.dms[channelID]; c != nil {
			f(c)
		}
		sh.mu.Unlock()
		return
	}
	if g := s.lockKnownGuild(guildID); g != nil {
		if c := g.channels[channelID]; c != nil {
			f(c)
		}
		g.mu.Unlock()
	}
}

// threadListSync replaces the active threads of the synced parent channels
// (all of the guild's when ChannelIDs is empty) with the ones sent, and
// records which of them the bot has joined.
func (s *Store) threadListSync(e *discord.ThreadListSync) {
	if !s.policy().on(ResourceThreads) {
		return
	}
	g := s.lockGuild(e.GuildID)
	if g.channels == nil {
		g.channels = make(map[discord.Snowflake]*channel)
	}
	synced := func(parent discord.Snowflake) bool {
		if len(e.ChannelIDs) == 0 {
			return true
		}
		for _, id := range e.ChannelIDs {
			if id == parent {
				return true
			}
		}
		return false
	}
	var removed []discord.Snowflake
	for id, c := range g.channels {
		if c.thread != nil && !c.thread.archived && synced(c.parentID) {
			delete(g.channels, id)
			removed = append(removed, id)
		}
	}
	added := make([]discord.Snowflake, 0, len(e.Threads))
	for i := range e.Threads {
		c := &channel{guildID: e.GuildID}
		c.merge(&e.Threads[i])
		if c.guildID == 0 {
			c.guildID = e.GuildID
		}
		g.channels[c.id] = c
		added = append(added, c.id)
	}
	for i := range e.Members {
		if c := g.channels[e.Members[i].ID]; c != nil && c.thread != nil {
			c.thread.joined = true
		}
	}
	g.mu.Unlock()
	var gone []discord.Snowflake
	for _, id := range removed {
		if !containsID(added, id) {
			gone = append(gone, id)
		}
	}
	s.indexChannels(0, gone...)
	s.dropMessages(gone...)
	s.indexChannels(e.GuildID, added...)
}

func containsID(ids []discord.Snowflake, id discord.Snowflake) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// threadMemberUpdate is about the bot's own membership of a thread.
func (s *Store) threadMemberUpdate(e *discord.ThreadMemberUpdate) {
	s.withChannel(e.GuildID, e.ID, func(c *channel) {
		if c.thread != nil {
			c.thread.joined = true
		}
	})
}

func (s *Store) threadMembersUpdate(e *discord.ThreadMembersUpdate) {
	self := s.SelfID()
	s.withChannel(e.GuildID, e.ID, func(c *channel) {
		if c.thread == nil {
			return
		}
		c.thread.memberCount = int32(e.MemberCount)
		for i := range e.AddedMembers {
			if self != 0 && e.AddedMembers[i].UserID == self {
				c.thread.joined = true
			}
		}
		if self != 0 && containsID(e.RemovedMemberIDs, self) {
			c.thread.joined = false
		}
	})
	// Added thread members may carry guild members.
	if !s.policy().on(ResourceMembers) {
		return
	}
	g := s.lockKnownGuild(e.GuildID)
	if g == nil {
		return
	}
	defer g.mu.Unlock()
	for i := range e.AddedMembers {
		if m := e.AddedMembers[i].Member; m != nil && e.AddedMembers[i].UserID != 0 {
			s.putMemberFor(g, e.AddedMembers[i].UserID, m)
		}
	}
}
