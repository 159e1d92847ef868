package discordtest

import (
	"fmt"

	"github.com/scurrygo/scurry/discord"
)

// UserMessage posts a message as a user (not the bot), as if typed in the
// client: it is stored and MESSAGE_CREATE goes to the channel's shard,
// filtered by intents (so content is blanked for sessions without
// MESSAGE_CONTENT unless the bot is mentioned with <@bot id>). It returns the
// message id.
func (s *Server) UserMessage(channelID, authorID discord.Snowflake, content string) (discord.Snowflake, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.world.channels[channelID]
	if !ok {
		return 0, fmt.Errorf("discordtest: user message: unknown channel %v", channelID)
	}
	u, ok := s.world.users[authorID]
	if !ok {
		return 0, fmt.Errorf("discordtest: user message: unknown user %v", authorID)
	}
	if c.GuildID != 0 {
		if g := s.world.guilds[c.GuildID]; g == nil || g.members[authorID] == nil {
			return 0, fmt.Errorf("discordtest: user message: %v is not a member of guild %v", authorID, c.GuildID)
		}
	}
	b := messageBody{Content: &content}
	if fe, code := b.validate(nil, true, 0); code != 0 {
		return 0, fmt.Errorf("discordtest: user message: Discord would answer %d %v", code, fe)
	}
	m := s.newMessageLocked(c, u, &b, nil)
	s.storeMessageLocked(c, m)
	return m.ID, nil
}

// AddMember adds a new user to a guild (GUILD_MEMBER_ADD) and returns its id.
func (s *Server) AddMember(guildID discord.Snowflake, name string) (discord.Snowflake, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.world.guilds[guildID]
	if !ok {
		return 0, fmt.Errorf("discordtest: add member: unknown guild %v", guildID)
	}
	u := &user{ID: s.newID(), Username: name, Discriminator: "0"}
	s.world.users[u.ID] = u
	m := &member{User: u, Roles: []discord.Snowflake{}, JoinedAt: timestamp(s.now())}
	g.members[u.ID] = m
	g.memberIDs = append(g.memberIDs, u.ID)
	s.dispatchLocked(g.ID, "GUILD_MEMBER_ADD", marshal(memberEvent{m, g.ID}))
	return u.ID, nil
}

// Messages returns the JSON of a channel's messages, oldest first.
func (s *Server) Messages(channelID discord.Snowflake) [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.world.channels[channelID]
	if !ok {
		return nil
	}
	out := make([][]byte, 0, len(c.messageIDs))
	for _, id := range c.messageIDs {
		out = append(out, marshal(s.world.messages[id]))
	}
	return out
}

// GuildOutage simulates an outage: down sends GUILD_DELETE with
// unavailable: true (the guild stays in the world); coming back sends a full
// GUILD_CREATE, as Discord does when a guild becomes available again.
func (s *Server) GuildOutage(guildID discord.Snowflake, down bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.world.guilds[guildID]
	if !ok {
		return fmt.Errorf("discordtest: guild outage: unknown guild %v", guildID)
	}
	if down {
		s.dispatchLocked(g.ID, "GUILD_DELETE", marshal(unavailableGuild{ID: g.ID, Unavailable: true}))
		return nil
	}
	s.dispatchLocked(g.ID, "GUILD_CREATE", s.world.guildCreateJSON(g, 0, 50))
	return nil
}

// RemoveGuild removes the bot from a guild: the guild, its channels and their
// messages leave the world and GUILD_DELETE (without unavailable) is sent.
func (s *Server) RemoveGuild(guildID discord.Snowflake) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.world
	g, ok := w.guilds[guildID]
	if !ok {
		return fmt.Errorf("discordtest: remove guild: unknown guild %v", guildID)
	}
	for _, cid := range g.channelIDs {
		if c := w.channels[cid]; c != nil {
			for _, mid := range c.messageIDs {
				delete(w.messages, mid)
			}
		}
		delete(w.channels, cid)
	}
	delete(w.guilds, guildID)
	s.dispatchLocked(guildID, "GUILD_DELETE", marshal(map[string]any{"id": guildID}))
	return nil
}
