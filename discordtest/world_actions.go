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
