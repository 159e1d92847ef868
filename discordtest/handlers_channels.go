package discordtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// channelLocked resolves the channel_id parameter, answering 10003.
func (s *Server) channelLocked(q *restReq) (*channel, bool) {
	id, ok := q.id("channel_id")
	if !ok {
		return nil, false
	}
	c, ok := s.world.channels[id]
	if !ok {
		q.error(http.StatusNotFound, 10003, nil)
		return nil, false
	}
	return c, true
}

func (s *Server) getChannel(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.channelLocked(q); ok && s.requireInLocked(q, c, discord.PermissionViewChannel) {
		q.json(http.StatusOK, c)
	}
}

func (s *Server) modifyChannel(q *restReq) {
	var b struct {
		Name             *string            `json:"name"`
		Topic            *string            `json:"topic"`
		NSFW             *bool              `json:"nsfw"`
		Position         *int               `json:"position"`
		RateLimitPerUser *int               `json:"rate_limit_per_user"`
		ParentID         *discord.Snowflake `json:"parent_id"`
	}
	if _, ok := q.id("channel_id"); !ok || !q.decode(&b) {
		return
	}
	var fe fieldErrors
	if b.Name != nil && (utf8.RuneCountInString(*b.Name) < 1 || utf8.RuneCountInString(*b.Name) > 100) {
		fe.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	if b.Topic != nil && utf8.RuneCountInString(*b.Topic) > 1024 {
		fe.add("topic", "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.")
	}
	if b.RateLimitPerUser != nil && (*b.RateLimitPerUser < 0 || *b.RateLimitPerUser > 21600) {
		fe.add("rate_limit_per_user", "NUMBER_TYPE_MAX", "Must be between 0 and 21600.")
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionViewChannel|discord.PermissionManageChannels) {
		return
	}
	if b.Name != nil {
		c.Name = *b.Name
	}
	if b.Topic != nil {
		c.Topic = b.Topic
	}
	if b.NSFW != nil {
		c.NSFW = *b.NSFW
	}
	if b.Position != nil {
		c.Position = *b.Position
	}
	if b.RateLimitPerUser != nil {
		c.RateLimitPerUser = *b.RateLimitPerUser
	}
	if b.ParentID != nil {
		p := *b.ParentID
		c.ParentID = &p
	}
	s.dispatchLocked(c.GuildID, "CHANNEL_UPDATE", marshal(c))
	q.json(http.StatusOK, c)
}

func (s *Server) deleteChannel(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionViewChannel|discord.PermissionManageChannels) {
		return
	}
	w := &s.world
	for _, id := range c.messageIDs {
		delete(w.messages, id)
	}
	delete(w.channels, c.ID)
	if g := w.guilds[c.GuildID]; g != nil {
		g.channelIDs = slices.DeleteFunc(g.channelIDs, func(id discord.Snowflake) bool { return id == c.ID })
	}
	s.dispatchLocked(c.GuildID, "CHANNEL_DELETE", marshal(c))
	q.json(http.StatusOK, c)
}

func (s *Server) triggerTyping(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionViewChannel|discord.PermissionSendMessages) {
		return
	}
	ev := map[string]any{"channel_id": c.ID, "user_id": s.world.botID, "timestamp": s.now().Unix()}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	s.dispatchLocked(c.GuildID, "TYPING_START", marshal(ev))
	q.noContent()
}

// listMessages pages a channel's messages, newest first, with before, after
// or around and a limit of 1-100 (default 50).
func (s *Server) listMessages(q *restReq) {
	limit := 50
	var fe fieldErrors
	if v := q.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fe.add("limit", "NUMBER_TYPE_MAX", "Must be between 1 and 100.")
		}
		limit = n
	}
	bound := func(name string) discord.Snowflake {
		v := q.query.Get(name)
		if v == "" {
			return 0
		}
		id, err := discord.ParseSnowflake(v)
		if err != nil {
			fe.add(name, "NUMBER_TYPE_COERCE", "Value \""+v+"\" is not snowflake.")
		}
		return id
	}
	before, after, around := bound("before"), bound("after"), bound("around")
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionViewChannel|discord.PermissionReadMessageHistory) {
		return
	}
	ids := c.messageIDs // ascending
	var pick []discord.Snowflake
	switch {
	case around != 0:
		i, _ := slices.BinarySearch(ids, around)
		lo := max(0, i-limit/2)
		pick = ids[lo:min(len(ids), lo+limit)]
	case after != 0:
		i, _ := slices.BinarySearch(ids, after+1)
		pick = ids[i:min(len(ids), i+limit)]
	default:
		end := len(ids)
		if before != 0 {
			end, _ = slices.BinarySearch(ids, before)
		}
		pick = ids[max(0, end-limit):end]
	}
	out := make([]*message, 0, len(pick))
	for i := len(pick) - 1; i >= 0; i-- {
		out = append(out, s.world.messages[pick[i]])
	}
	q.json(http.StatusOK, out)
}

func (s *Server) getMessage(q *restReq) {
	cid, ok1 := q.id("channel_id")
	mid, ok2 := q.id("message_id")
	if !ok1 || !ok2 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, m, ok := s.findMessageLocked(q, cid, mid); ok &&
		s.requireInLocked(q, c, discord.PermissionViewChannel|discord.PermissionReadMessageHistory) {
		q.json(http.StatusOK, m)
	}
}

// createMessage validates the body (JSON or multipart), honours
// enforce_nonce, stores the message and sends MESSAGE_CREATE.
func (s *Server) createMessage(q *restReq) {
	cid, ok := q.id("channel_id")
	if !ok {
		return
	}
	var b messageBody
	if !q.decode(&b) {
		return
	}
	if fe, code := b.validate(q.files, true, flagSuppressEmbeds|flagSuppressNotifications|flagVoiceMessage|flagComponentsV2); code != 0 {
		q.error(http.StatusBadRequest, code, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.world.channels[cid]
	if !ok {
		q.error(http.StatusNotFound, 10003, nil)
		return
	}
	need := discord.PermissionViewChannel | discord.PermissionSendMessages
	if isThread(c.Type) {
		need = discord.PermissionViewChannel | discord.PermissionSendMessagesInThreads
		if c.ThreadMetadata != nil && c.ThreadMetadata.Archived {
			q.error(http.StatusBadRequest, 50083, nil)
			return
		}
	}
	if len(q.files) > 0 {
		need |= discord.PermissionAttachFiles
	}
	if !s.requireInLocked(q, c, need) {
		return
	}
	if c.Type == 4 || c.Type == 15 || c.Type == 16 {
		q.error(http.StatusBadRequest, 50008, nil)
		return
	}
	if b.EnforceNonce && len(b.Nonce) > 0 {
		cut := idTime(s.now()).Add(-2 * time.Minute)
		for i := len(c.messageIDs) - 1; i >= 0; i-- {
			m := s.world.messages[c.messageIDs[i]]
			if m.ID.Time().Before(cut) {
				break
			}
			if m.Author.ID == s.world.botID && string(m.Nonce) == string(b.Nonce) {
				q.json(http.StatusOK, m)
				return
			}
		}
	}
	m := s.newMessageLocked(c, s.world.users[s.world.botID], &b, q.files)
	s.storeMessageLocked(c, m)
	q.json(http.StatusOK, m)
}

func (s *Server) editMessage(q *restReq) {
	cid, ok1 := q.id("channel_id")
	mid, ok2 := q.id("message_id")
	if !ok1 || !ok2 {
		return
	}
	var b messageBody
	if !q.decode(&b) {
		return
	}
	if fe, code := b.validate(q.files, false, flagSuppressEmbeds|flagComponentsV2); code != 0 {
		q.error(http.StatusBadRequest, code, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, ok := s.findMessageLocked(q, cid, mid)
	if !ok {
		return
	}
	if m.Author.ID != s.world.botID {
		q.error(http.StatusForbidden, 50005, nil)
		return
	}
	s.editMessageLocked(m, &b, q.files)
	q.json(http.StatusOK, m)
}

func (s *Server) deleteMessage(q *restReq) {
	cid, ok1 := q.id("channel_id")
	mid, ok2 := q.id("message_id")
	if !ok1 || !ok2 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, ok := s.findMessageLocked(q, cid, mid)
	if !ok {
		return
	}
	if m.Author.ID != s.world.botID && !s.requireInLocked(q, c, discord.PermissionManageMessages) {
		return
	}
	s.removeMessageLocked(c, m)
	q.noContent()
}

func (s *Server) removeMessageLocked(c *channel, m *message) {
	delete(s.world.messages, m.ID)
	c.messageIDs = slices.DeleteFunc(c.messageIDs, func(id discord.Snowflake) bool { return id == m.ID })
	c.pins = slices.DeleteFunc(c.pins, func(id discord.Snowflake) bool { return id == m.ID })
	ev := map[string]any{"id": m.ID, "channel_id": c.ID}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	s.dispatchLocked(c.GuildID, "MESSAGE_DELETE", marshal(ev))
}

// bulkDelete deletes 2-100 messages, none older than two weeks, no
// duplicates (50016, 50034, 50035).
func (s *Server) bulkDelete(q *restReq) {
	var b struct {
		Messages []discord.Snowflake `json:"messages"`
	}
	if !q.decode(&b) {
		return
	}
	if len(b.Messages) < 2 || len(b.Messages) > 100 {
		q.error(http.StatusBadRequest, 50016, nil)
		return
	}
	seen := map[discord.Snowflake]bool{}
	for i, id := range b.Messages {
		if seen[id] {
			var fe fieldErrors
			fe.add("messages."+strconv.Itoa(i), "BASE_TYPE_DUPLICATE", "Duplicate message id.")
			q.error(http.StatusBadRequest, 50035, fe)
			return
		}
		seen[id] = true
		if idTime(s.now()).Sub(id.Time()) > 14*24*time.Hour {
			q.error(http.StatusBadRequest, 50034, nil)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionManageMessages) {
		return
	}
	var gone []discord.Snowflake
	for _, id := range b.Messages {
		if m, ok := s.world.messages[id]; ok && m.ChannelID == c.ID {
			delete(s.world.messages, id)
			gone = append(gone, id)
		}
	}
	c.messageIDs = slices.DeleteFunc(c.messageIDs, func(id discord.Snowflake) bool { return seen[id] })
	ev := map[string]any{"ids": nonNil(gone), "channel_id": c.ID}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	s.dispatchLocked(c.GuildID, "MESSAGE_DELETE_BULK", marshal(ev))
	q.noContent()
}

func (s *Server) listPins(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok {
		return
	}
	out := []*message{}
	for i := len(c.pins) - 1; i >= 0; i-- {
		out = append(out, s.world.messages[c.pins[i]])
	}
	q.json(http.StatusOK, out)
}

// listMessagePins serves GET /channels/{id}/messages/pins, the current pins
// route: a page of {pinned_at, message}, newest pin first, with before (an
// ISO 8601 pin time) and limit (1-50, default 50).
func (s *Server) listMessagePins(q *restReq) {
	limit := 50
	if v := q.r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			q.error(http.StatusBadRequest, 50035, fieldErrors{{"limit", "NUMBER_TYPE_MAX", "limit must be between 1 and 50"}})
			return
		}
		limit = n
	}
	var before time.Time
	if v := q.r.URL.Query().Get("before"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			q.error(http.StatusBadRequest, 50035, fieldErrors{{"before", "DATE_TIME_TYPE_PARSE", "before must be an ISO 8601 timestamp"}})
			return
		}
		before = t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok {
		return
	}
	type pin struct {
		PinnedAt string   `json:"pinned_at"`
		Message  *message `json:"message"`
	}
	out := struct {
		Items   []pin `json:"items"`
		HasMore bool  `json:"has_more"`
	}{Items: []pin{}}
	for i := len(c.pins) - 1; i >= 0; i-- {
		m := s.world.messages[c.pins[i]]
		if !before.IsZero() && !m.pinnedAt.Before(before) {
			continue
		}
		if len(out.Items) == limit {
			out.HasMore = true
			break
		}
		out.Items = append(out.Items, pin{PinnedAt: timestamp(m.pinnedAt), Message: m})
	}
	q.json(http.StatusOK, out)
}

func (s *Server) pinMessage(q *restReq)   { s.setPinned(q, true) }
func (s *Server) unpinMessage(q *restReq) { s.setPinned(q, false) }

func (s *Server) setPinned(q *restReq, pin bool) {
	cid, ok1 := q.id("channel_id")
	mid, ok2 := q.id("message_id")
	if !ok1 || !ok2 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, ok := s.findMessageLocked(q, cid, mid)
	if !ok || !s.requireInLocked(q, c, discord.PermissionPinMessages) {
		return
	}
	if pin && !m.Pinned {
		if len(c.pins) >= 250 {
			q.error(http.StatusBadRequest, 30003, nil)
			return
		}
		c.pins = append(c.pins, m.ID)
		m.pinnedAt = s.now()
	}
	if !pin {
		c.pins = slices.DeleteFunc(c.pins, func(id discord.Snowflake) bool { return id == m.ID })
	}
	m.Pinned = pin
	ev := map[string]any{"channel_id": c.ID, "last_pin_timestamp": timestamp(s.now())}
	if c.GuildID != 0 {
		ev["guild_id"] = c.GuildID
	}
	s.dispatchLocked(c.GuildID, "CHANNEL_PINS_UPDATE", marshal(ev))
	q.noContent()
}
