package discordtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// parseEmoji reads the {emoji} path parameter: a Unicode emoji or name:id.
// It returns the emoji's JSON and false for something that is neither.
func parseEmoji(v string) ([]byte, bool) {
	if name, id, ok := strings.Cut(v, ":"); ok {
		sf, err := discord.ParseSnowflake(id)
		if err != nil || name == "" {
			return nil, false
		}
		return marshal(map[string]any{"id": sf, "name": name}), true
	}
	for _, r := range v {
		if r < utf8.RuneSelf { // plain ASCII names are not emojis
			return nil, false
		}
	}
	return marshal(map[string]any{"id": nil, "name": v}), true
}

func (s *Server) reactionTarget(q *restReq) (*channel, *message, string, []byte, bool) {
	cid, ok1 := q.id("channel_id")
	mid, ok2 := q.id("message_id")
	if !ok1 || !ok2 {
		return nil, nil, "", nil, false
	}
	c, m, ok := s.findMessageLocked(q, cid, mid)
	if !ok {
		return nil, nil, "", nil, false
	}
	key := q.params["emoji"]
	if key == "" {
		return c, m, "", nil, true
	}
	emoji, ok := parseEmoji(key)
	if !ok {
		q.error(http.StatusBadRequest, 10014, nil)
		return nil, nil, "", nil, false
	}
	return c, m, key, emoji, true
}

func (s *Server) reactionEvent(c *channel, m *message, uid discord.Snowflake, emoji []byte) map[string]any {
	ev := map[string]any{"user_id": uid, "channel_id": c.ID, "message_id": m.ID, "emoji": rawJSON(emoji),
		"burst": false, "type": 0, "message_author_id": m.Author.ID}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	return ev
}

func (s *Server) addReaction(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, key, emoji, ok := s.reactionTarget(q)
	if !ok {
		return
	}
	bot := s.world.botID
	i := slices.IndexFunc(m.Reactions, func(r *reaction) bool { return r.key == key })
	need := discord.PermissionReadMessageHistory
	if i < 0 {
		need |= discord.PermissionAddReactions
	}
	if !s.requireInLocked(q, c, need) {
		return
	}
	if i < 0 {
		if len(m.Reactions) >= 20 {
			q.error(http.StatusBadRequest, 30010, nil)
			return
		}
		m.Reactions = append(m.Reactions, &reaction{key: key, Emoji: emoji})
		i = len(m.Reactions) - 1
	}
	r := m.Reactions[i]
	if !slices.Contains(r.users, bot) {
		r.users = append(r.users, bot)
		r.Count, r.Me = len(r.users), true
		s.dispatchLocked(c.GuildID, "MESSAGE_REACTION_ADD", marshal(s.reactionEvent(c, m, bot, emoji)))
	}
	q.noContent()
}

func (s *Server) removeOwnReaction(q *restReq) { s.removeReaction(q, s.world.botID) }

func (s *Server) removeUserReaction(q *restReq) {
	uid, ok := q.id("user_id")
	if ok {
		s.removeReaction(q, uid)
	}
}

func (s *Server) removeReaction(q *restReq, uid discord.Snowflake) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, key, emoji, ok := s.reactionTarget(q)
	if !ok || (uid != s.world.botID && !s.requireInLocked(q, c, discord.PermissionManageMessages)) {
		return
	}
	for i, r := range m.Reactions {
		if r.key != key || !slices.Contains(r.users, uid) {
			continue
		}
		r.users = slices.DeleteFunc(r.users, func(id discord.Snowflake) bool { return id == uid })
		r.Count, r.Me = len(r.users), slices.Contains(r.users, s.world.botID)
		if r.Count == 0 {
			m.Reactions = slices.Delete(m.Reactions, i, i+1)
		}
		s.dispatchLocked(c.GuildID, "MESSAGE_REACTION_REMOVE", marshal(s.reactionEvent(c, m, uid, emoji)))
		break
	}
	q.noContent()
}

func (s *Server) listReactions(q *restReq) {
	limit := 25
	if v := q.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			var fe fieldErrors
			fe.add("limit", "NUMBER_TYPE_MAX", "Must be between 1 and 100.")
			q.error(http.StatusBadRequest, 50035, fe)
			return
		}
		limit = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, key, _, ok := s.reactionTarget(q)
	if !ok {
		return
	}
	out := []*user{}
	for _, r := range m.Reactions {
		if r.key == key {
			for _, id := range r.users {
				if len(out) < limit {
					out = append(out, s.world.users[id])
				}
			}
		}
	}
	q.json(http.StatusOK, out)
}

func (s *Server) removeEmojiReactions(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, key, emoji, ok := s.reactionTarget(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionManageMessages) {
		return
	}
	m.Reactions = slices.DeleteFunc(m.Reactions, func(r *reaction) bool { return r.key == key })
	ev := map[string]any{"channel_id": c.ID, "message_id": m.ID, "emoji": rawJSON(emoji)}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	s.dispatchLocked(c.GuildID, "MESSAGE_REACTION_REMOVE_EMOJI", marshal(ev))
	q.noContent()
}

func (s *Server) removeAllReactions(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, _, _, ok := s.reactionTarget(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionManageMessages) {
		return
	}
	m.Reactions = nil
	ev := map[string]any{"channel_id": c.ID, "message_id": m.ID}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	s.dispatchLocked(c.GuildID, "MESSAGE_REACTION_REMOVE_ALL", marshal(ev))
	q.noContent()
}
