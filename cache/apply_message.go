package cache

import "github.com/scurrygo/scurry/discord"

// compactMessage builds the record for m.
func compactMessage(m *discord.Message, guildID discord.Snowflake) message {
	r := message{
		id: m.ID, authorID: m.Author.ID, guildID: guildID,
		webhookID: m.WebhookID, appID: m.ApplicationID,
		content: m.Content,
		ts:      micros(m.Timestamp),
		edited:  nullMicros(m.EditedTimestamp),
		flags:   uint32(m.Flags.Or(0)),
		typ:     uint16(m.Type),
		embeds:  clampU16(len(m.Embeds)),
	}
	r.components = clampU16(len(m.Components))
	r.bits = setBit(r.bits, msgTTS, m.TTS)
	r.bits = setBit(r.bits, msgPinned, m.Pinned)
	r.bits = setBit(r.bits, msgMentionEveryone, m.MentionEveryone)
	if ref := m.MessageReference; ref != nil {
		r.refID = ref.MessageID
	}
	r.setMentions(m.Mentions)
	r.mentionRoles = makeIDSet(m.MentionRoles)
	r.setAttachments(m.Attachments)
	if len(m.Reactions) > 0 {
		r.reactions = make([]reaction, 0, len(m.Reactions))
		for i := range m.Reactions {
			x := &m.Reactions[i]
			id, _ := x.Emoji.ID.Get()
			rc := reaction{
				emojiID: id, emojiName: intern(nullString(x.Emoji.Name)),
				count: int32(x.Count), burst: int32(x.CountDetails.Burst),
			}
			rc.bits = setBit(rc.bits, reactMe, x.Me)
			rc.bits = setBit(rc.bits, reactMeBurst, x.MeBurst.Or(false))
			rc.bits = setBit(rc.bits, reactAnimated, x.Emoji.Animated.Or(false))
			r.reactions = append(r.reactions, rc)
		}
	}
	return r
}

func clampU16(n int) uint16 {
	if n > 0xFFFF {
		return 0xFFFF
	}
	return uint16(n)
}

func (r *message) setMentions(ms []discord.UserMention) {
	if len(ms) == 0 {
		r.mentions = idSet{}
		return
	}
	ids := make([]discord.Snowflake, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	r.mentions = makeIDSet(ids)
}

func (r *message) setAttachments(as []discord.Attachment) {
	if len(as) == 0 {
		r.attachments = nil
		return
	}
	r.attachments = make([]Attachment, len(as))
	for i := range as {
		a := &as[i]
		r.attachments[i] = Attachment{ID: a.ID, Filename: a.Filename, ContentType: intern(a.ContentType).String(), Size: a.Size, URL: a.URL}
	}
}

// messageCreate caches the message in its channel's ring, the author as a
// user, and the author's partial member.
func (s *Store) messageCreate(e *discord.MessageCreate) {
	pol := s.policy()
	m := &e.Message
	if e.GuildID != 0 && e.Member != nil && m.Author.ID != 0 && pol.on(ResourceMembers) {
		if g := s.lockKnownGuild(e.GuildID); g != nil {
			mem := *e.Member
			mem.User = &m.Author
			s.putMemberFor(g, m.Author.ID, &mem)
			g.mu.Unlock()
		}
	}
	s.touchLastMessage(e.GuildID, m.ChannelID, m.ID)
	if pol.messages == 0 || m.ChannelID == 0 {
		s.seeUser(&m.Author)
		return
	}
	rec := compactMessage(m, e.GuildID)
	s.refUser(m.Author.ID, &m.Author)
	sh := s.msgShard(m.ChannelID)
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[discord.Snowflake]*ring)
	}
	r := sh.m[m.ChannelID]
	if r == nil {
		r = &ring{}
		sh.m[m.ChannelID] = r
	}
	old, evicted := r.push(rec, pol.messages)
	sh.mu.Unlock()
	if evicted {
		s.unrefUser(old.authorID)
	}
}

func (s *Store) touchLastMessage(guildID, channelID, id discord.Snowflake) {
	if guildID == 0 && channelID != 0 {
		// DM: the channel may be cached from CHANNEL_CREATE.
		s.withChannel(0, channelID, func(c *channel) { c.lastMessageID = id })
		return
	}
	s.withChannel(guildID, channelID, func(c *channel) {
		c.lastMessageID = id
		if c.thread != nil {
			c.thread.messageCount++
		}
	})
}

// messageUpdate edits a cached message; see Apply for the partial-update rules.
func (s *Store) messageUpdate(e *discord.MessageUpdate) {
	m := &e.Message
	if m.Author.ID != 0 {
		s.updateUser(&m.Author)
	}
	s.withMessage(m.ChannelID, m.ID, func(r *message) {
		if m.Author.ID != 0 && m.Author.ID == r.authorID {
			next := compactMessage(m, r.guildID)
			if next.guildID == 0 {
				next.guildID = e.GuildID
			}
			if m.Reactions == nil {
				next.reactions = r.reactions
			}
			*r = next
			return
		}
		if m.Content != "" {
			r.content = m.Content
		}
		if m.EditedTimestamp.IsSet() {
			r.edited = nullMicros(m.EditedTimestamp)
		}
		if m.Embeds != nil {
			r.embeds = clampU16(len(m.Embeds))
		}
		if m.Components != nil {
			r.components = clampU16(len(m.Components))
		}
		if m.Attachments != nil {
			r.setAttachments(m.Attachments)
		}
		if m.Mentions != nil {
			r.setMentions(m.Mentions)
		}
		if m.MentionRoles != nil {
			r.mentionRoles = makeIDSet(m.MentionRoles)
		}
		if f, ok := m.Flags.Get(); ok {
			r.flags = uint32(f)
		}
	})
}

// withMessage runs f on a cached message under its shard lock.
func (s *Store) withMessage(channelID, id discord.Snowflake, f func(*message)) {
	sh := s.msgShard(channelID)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if r := sh.m[channelID]; r != nil {
		if i := r.find(id); i >= 0 {
			f(r.at(i))
		}
	}
}

func (s *Store) messageDelete(channelID discord.Snowflake, ids ...discord.Snowflake) {
	sh := s.msgShard(channelID)
	var authors []discord.Snowflake
	sh.mu.Lock()
	if r := sh.m[channelID]; r != nil {
		for _, id := range ids {
			if i := r.find(id); i >= 0 {
				authors = append(authors, r.remove(i).authorID)
			}
		}
		if r.len() == 0 {
			delete(sh.m, channelID)
		}
	}
	sh.mu.Unlock()
	for _, a := range authors {
		s.unrefUser(a)
	}
}

func sameEmoji(r *reaction, e *discord.Emoji) bool {
	id, _ := e.ID.Get()
	if id != 0 || r.emojiID != 0 {
		return id == r.emojiID
	}
	return r.emojiName.String() == nullString(e.Name)
}

func (s *Store) reactionAdd(e *discord.MessageReactionAdd) {
	if e.GuildID != 0 && e.Member != nil && e.UserID != 0 && s.policy().on(ResourceMembers) {
		if g := s.lockKnownGuild(e.GuildID); g != nil {
			s.putMemberFor(g, e.UserID, e.Member)
			g.mu.Unlock()
		}
	}
	burst := e.Burst.Or(false) || e.Type.Or(discord.ReactionNormal) == discord.ReactionBurst
	me := e.UserID != 0 && e.UserID == s.SelfID()
	s.withMessage(e.ChannelID, e.MessageID, func(m *message) {
		var r *reaction
		for i := range m.reactions {
			if sameEmoji(&m.reactions[i], &e.Emoji) {
				r = &m.reactions[i]
				break
			}
		}
		if r == nil {
			id, _ := e.Emoji.ID.Get()
			m.reactions = append(m.reactions, reaction{
				emojiID: id, emojiName: intern(nullString(e.Emoji.Name)),
				bits: setBit(0, reactAnimated, e.Emoji.Animated.Or(false)),
			})
			r = &m.reactions[len(m.reactions)-1]
		}
		r.count++
		if burst {
			r.burst++
			if me {
				r.bits |= reactMeBurst
			}
		} else if me {
			r.bits |= reactMe
		}
	})
}

func (s *Store) reactionRemove(e *discord.MessageReactionRemove) {
	burst := e.Burst.Or(false) || e.Type.Or(discord.ReactionNormal) == discord.ReactionBurst
	me := e.UserID != 0 && e.UserID == s.SelfID()
	s.withMessage(e.ChannelID, e.MessageID, func(m *message) {
		for i := range m.reactions {
			r := &m.reactions[i]
			if !sameEmoji(r, &e.Emoji) {
				continue
			}
			if r.count > 0 {
				r.count--
			}
			if burst {
				if r.burst > 0 {
					r.burst--
				}
				if me {
					r.bits &^= reactMeBurst
				}
			} else if me {
				r.bits &^= reactMe
			}
			if r.count == 0 {
				m.reactions = append(m.reactions[:i], m.reactions[i+1:]...)
			}
			return
		}
	})
}

func (s *Store) reactionRemoveAll(e *discord.MessageReactionRemoveAll) {
	s.withMessage(e.ChannelID, e.MessageID, func(m *message) { m.reactions = nil })
}

func (s *Store) reactionRemoveEmoji(e *discord.MessageReactionRemoveEmoji) {
	s.withMessage(e.ChannelID, e.MessageID, func(m *message) {
		for i := range m.reactions {
			if sameEmoji(&m.reactions[i], &e.Emoji) {
				m.reactions = append(m.reactions[:i], m.reactions[i+1:]...)
				return
			}
		}
	})
}
