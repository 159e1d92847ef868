package discordtest

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// This file is the read side of the world for tools that show it (the
// sandbox's web page): a snapshot of guilds, channels and members, the log of
// dispatches sent, and a user's reaction.

// WorldGuild is a guild as a client lists it.
type WorldGuild struct {
	ID       discord.Snowflake
	Name     string
	Channels []WorldChannel // every channel, threads included, by position then id
	Members  []WorldMember  // join order; the bot included
}

// WorldChannel is one channel of a guild. ParentID is the category, or the
// channel a thread belongs to (0 when none).
type WorldChannel struct {
	ID       discord.Snowflake
	Type     int
	Name     string
	ParentID discord.Snowflake
	Position int
}

// WorldMember is one member: display name (nick, global name or username).
type WorldMember struct {
	ID   discord.Snowflake
	Name string
	Bot  bool
}

// World returns a snapshot of every guild, in id order. It copies; the caller
// owns the result.
func (s *Server) World() []WorldGuild {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]WorldGuild, 0, len(s.world.guilds))
	for _, g := range s.world.guilds {
		wg := WorldGuild{ID: g.ID, Name: g.Name}
		for _, cid := range g.channelIDs {
			c := s.world.channels[cid]
			if c == nil {
				continue
			}
			wc := WorldChannel{ID: c.ID, Type: c.Type, Name: c.Name, Position: c.Position}
			if c.ParentID != nil {
				wc.ParentID = *c.ParentID
			}
			wg.Channels = append(wg.Channels, wc)
		}
		slices.SortFunc(wg.Channels, func(a, b WorldChannel) int {
			if a.Position != b.Position {
				return a.Position - b.Position
			}
			return cmp.Compare(a.ID, b.ID)
		})
		for _, uid := range g.memberIDs {
			m := g.members[uid]
			if m == nil || m.User == nil {
				continue
			}
			name := m.User.Username
			if m.User.GlobalName != nil && *m.User.GlobalName != "" {
				name = *m.User.GlobalName
			}
			if m.Nick != nil && *m.Nick != "" {
				name = *m.Nick
			}
			wg.Members = append(wg.Members, WorldMember{ID: uid, Name: name, Bot: m.User.Bot})
		}
		out = append(out, wg)
	}
	slices.SortFunc(out, func(a, b WorldGuild) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Message returns the JSON of one message and whether it exists.
func (s *Server) Message(channelID, messageID discord.Snowflake) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.world.messages[messageID]
	if !ok || m.ChannelID != channelID {
		return nil, false
	}
	return marshal(m), true
}

// UserReaction adds a user's reaction to a message, as a click in the client
// would: it is stored (counted in the message's reactions) and
// MESSAGE_REACTION_ADD is dispatched. emoji is a Unicode emoji or name:id.
// Reacting twice with the same emoji does nothing, as in Discord.
func (s *Server) UserReaction(channelID, messageID, userID discord.Snowflake, emoji string) error {
	e, ok := parseEmoji(emoji)
	if !ok {
		return fmt.Errorf("discordtest: user reaction: %q is not an emoji (Unicode or name:id)", emoji)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.world.channels[channelID]
	if !ok {
		return fmt.Errorf("discordtest: user reaction: unknown channel %v", channelID)
	}
	m, ok := s.world.messages[messageID]
	if !ok || m.ChannelID != channelID {
		return fmt.Errorf("discordtest: user reaction: unknown message %v in channel %v", messageID, channelID)
	}
	if c.GuildID != 0 {
		if g := s.world.guilds[c.GuildID]; g == nil || g.members[userID] == nil {
			return fmt.Errorf("discordtest: user reaction: %v is not a member of guild %v", userID, c.GuildID)
		}
	}
	i := slices.IndexFunc(m.Reactions, func(r *reaction) bool { return r.key == emoji })
	if i < 0 {
		if len(m.Reactions) >= 20 {
			return fmt.Errorf("discordtest: user reaction: message %v already has 20 distinct reactions", messageID)
		}
		m.Reactions = append(m.Reactions, &reaction{key: emoji, Emoji: e})
		i = len(m.Reactions) - 1
	}
	r := m.Reactions[i]
	if slices.Contains(r.users, userID) {
		return nil
	}
	r.users = append(r.users, userID)
	r.Count = len(r.users)
	ev := s.reactionEvent(c, m, userID, e)
	if mem := s.world.guilds[c.GuildID]; mem != nil {
		ev["member"] = mem.members[userID]
	}
	s.dispatchLocked(c.GuildID, "MESSAGE_REACTION_ADD", marshal(ev))
	return nil
}

// Dispatched is one dispatch the server sent (before per-session
// MESSAGE_CONTENT blanking). Sessions is how many sessions received it; a
// dispatch no bot received (no session, or intents filtered it) still counts
// as sent to the world.
type Dispatched struct {
	Time     time.Time
	GuildID  discord.Snowflake
	Name     string
	Raw      []byte
	Sessions int
}

// RecordDispatches turns on the dispatch log read by Dispatches and
// WatchDispatches. It is off by default because a busy test would keep every
// payload; READY and GUILD_CREATE sent on IDENTIFY are per session and not
// in it. ResetRecords clears the log but leaves it on.
func (s *Server) RecordDispatches() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logDisp = true
}

// Dispatches returns the dispatches recorded since RecordDispatches.
func (s *Server) Dispatches() []Dispatched {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.dispatches)
}

// WatchDispatches is WatchConnEvents for dispatches (RecordDispatches must
// be on for any to arrive).
func (s *Server) WatchDispatches(ctx context.Context) <-chan Dispatched {
	return watch(s, ctx, func() []Dispatched { return s.rec.dispatches })
}

// WatchInteractionResponses is WatchConnEvents for the initial responses to
// interactions.
func (s *Server) WatchInteractionResponses(ctx context.Context) <-chan InteractionResponse {
	return watch(s, ctx, func() []InteractionResponse { return s.rec.responses })
}

// rateLimitHeaders copies the rate-limit headers of an answer for the
// request log.
func rateLimitHeaders(h http.Header) http.Header {
	var out http.Header
	for k, v := range h {
		if k == "Retry-After" || strings.HasPrefix(k, "X-Ratelimit-") {
			if out == nil {
				out = make(http.Header, 8)
			}
			out[k] = slices.Clone(v)
		}
	}
	return out
}
