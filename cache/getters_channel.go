package cache

import (
	"slices"

	"github.com/scurrygo/scurry/discord"
)

// Channel returns a cached guild channel, thread or DM channel.
func (s *Store) Channel(id discord.Snowflake) (Channel, bool) {
	sh := &s.chans[shardOf(id)]
	sh.mu.RLock()
	guildID, inGuild := sh.guildOf[id]
	var dm Channel
	var isDM bool
	if !inGuild {
		if c := sh.dms[id]; c != nil {
			dm, isDM = c.view(), true
		}
	}
	sh.mu.RUnlock()
	if !inGuild {
		return dm, isDM
	}
	g := s.rlockGuild(guildID)
	if g == nil {
		return Channel{}, false
	}
	defer g.mu.RUnlock()
	c := g.channels[id]
	if c == nil {
		return Channel{}, false
	}
	return c.view(), true
}

// GuildChannels returns the guild's channels (threads excluded), sorted by
// position, then ID.
func (s *Store) GuildChannels(guildID discord.Snowflake) []Channel {
	return s.guildChannels(guildID, false)
}

// GuildThreads returns the guild's cached threads, sorted by ID.
func (s *Store) GuildThreads(guildID discord.Snowflake) []Channel {
	return s.guildChannels(guildID, true)
}

func (s *Store) guildChannels(guildID discord.Snowflake, threads bool) []Channel {
	g := s.rlockGuild(guildID)
	if g == nil {
		return nil
	}
	var out []Channel
	for _, c := range g.channels {
		if (c.thread != nil) == threads {
			out = append(out, c.view())
		}
	}
	g.mu.RUnlock()
	slices.SortFunc(out, func(a, b Channel) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return cmpID(a.ID, b.ID)
	})
	return out
}

// Message returns a cached message with its author.
func (s *Store) Message(channelID, messageID discord.Snowflake) (Message, bool) {
	sh := s.msgShard(channelID)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	r := sh.m[channelID]
	if r == nil {
		return Message{}, false
	}
	i := r.find(messageID)
	if i < 0 {
		return Message{}, false
	}
	return r.at(i).view(channelID, s.userView(r.at(i).authorID)), true
}

// Messages returns the channel's cached messages, oldest first.
func (s *Store) Messages(channelID discord.Snowflake) []Message {
	sh := s.msgShard(channelID)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	r := sh.m[channelID]
	if r == nil {
		return nil
	}
	out := make([]Message, r.len())
	for i := range out {
		m := r.at(i)
		out[i] = m.view(channelID, s.userView(m.authorID))
	}
	return out
}

// MessageCount returns the number of messages cached for the channel.
func (s *Store) MessageCount(channelID discord.Snowflake) int {
	sh := s.msgShard(channelID)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if r := sh.m[channelID]; r != nil {
		return r.len()
	}
	return 0
}

func (m *message) view(channelID discord.Snowflake, author User) Message {
	v := Message{
		ID: m.id, ChannelID: channelID, GuildID: m.guildID, Author: author,
		Content:         m.content,
		Type:            discord.MessageType(m.typ),
		Flags:           discord.MessageFlags(m.flags),
		Timestamp:       fromMicros(m.ts),
		EditedAt:        fromMicros(m.edited),
		TTS:             m.bits&msgTTS != 0,
		Pinned:          m.bits&msgPinned != 0,
		MentionEveryone: m.bits&msgMentionEveryone != 0,
		Mentions:        m.mentions.slice(),
		MentionRoles:    m.mentionRoles.slice(),
		EmbedCount:      int(m.embeds),
		ComponentCount:  int(m.components),
		ReferenceID:     m.refID,
		WebhookID:       m.webhookID,
		ApplicationID:   m.appID,
	}
	if len(m.attachments) > 0 {
		v.Attachments = slices.Clone(m.attachments)
	}
	if len(m.reactions) > 0 {
		v.Reactions = make([]Reaction, len(m.reactions))
		for i, r := range m.reactions {
			v.Reactions[i] = Reaction{
				EmojiID: r.emojiID, EmojiName: r.emojiName.String(),
				Animated: r.bits&reactAnimated != 0,
				Count:    int(r.count), BurstCount: int(r.burst),
				Me: r.bits&reactMe != 0, MeBurst: r.bits&reactMeBurst != 0,
			}
		}
	}
	return v
}
