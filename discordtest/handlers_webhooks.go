package discordtest

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

func newToken() string {
	var b [48]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (s *Server) createWebhook(q *restReq) {
	var b struct {
		Name   *string `json:"name"`
		Avatar *string `json:"avatar"`
	}
	if _, ok := q.id("channel_id"); !ok || !q.decode(&b) {
		return
	}
	if b.Name == nil || utf8.RuneCountInString(*b.Name) < 1 || utf8.RuneCountInString(*b.Name) > 80 {
		var fe fieldErrors
		fe.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.")
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok {
		return
	}
	if c.GuildID != 0 && !s.requireInLocked(q, c, discord.PermissionManageWebhooks) {
		return
	}
	if c.GuildID == 0 {
		q.error(http.StatusBadRequest, 50003, nil)
		return
	}
	app := s.world.botID
	wh := &webhook{ID: s.newID(), Type: 1, GuildID: c.GuildID, ChannelID: c.ID, Name: b.Name,
		Avatar: b.Avatar, Token: newToken(), ApplicationID: &app, User: s.world.users[s.world.botID]}
	s.world.webhooks[wh.ID] = wh
	s.dispatchLocked(c.GuildID, "WEBHOOKS_UPDATE", marshal(map[string]any{"guild_id": c.GuildID, "channel_id": c.ID}))
	q.json(http.StatusOK, wh)
}

func (s *Server) listChannelWebhooks(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionManageWebhooks) {
		return
	}
	out := []*webhook{}
	for _, wh := range s.world.webhooks {
		if wh.ChannelID == c.ID {
			out = append(out, wh)
		}
	}
	q.json(http.StatusOK, out)
}

func (s *Server) webhookLocked(q *restReq) (*webhook, bool) {
	id, ok := q.id("webhook_id")
	if !ok {
		return nil, false
	}
	wh, ok := s.world.webhooks[id]
	if !ok {
		q.error(http.StatusNotFound, 10015, nil)
		return nil, false
	}
	if tok, given := q.params["webhook_token"]; given && tok != wh.Token {
		q.error(http.StatusUnauthorized, 50027, nil)
		return nil, false
	}
	return wh, true
}

func (s *Server) getWebhook(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if wh, ok := s.webhookLocked(q); ok {
		q.json(http.StatusOK, wh)
	}
}

func (s *Server) modifyWebhook(q *restReq) {
	var b struct {
		Name      *string            `json:"name"`
		ChannelID *discord.Snowflake `json:"channel_id"`
	}
	if !q.decode(&b) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wh, ok := s.webhookLocked(q)
	if !ok {
		return
	}
	if b.Name != nil {
		wh.Name = b.Name
	}
	if b.ChannelID != nil {
		if _, ok := s.world.channels[*b.ChannelID]; !ok {
			q.error(http.StatusNotFound, 10003, nil)
			return
		}
		wh.ChannelID = *b.ChannelID
	}
	q.json(http.StatusOK, wh)
}

func (s *Server) deleteWebhook(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wh, ok := s.webhookLocked(q)
	if !ok {
		return
	}
	delete(s.world.webhooks, wh.ID)
	q.noContent()
}

// executeWebhook posts a webhook message (204, or 200 with the message when
// ?wait=true), or, when the id is the application's, an interaction
// follow-up.
func (s *Server) executeWebhook(q *restReq) {
	if q.params["webhook_id"] == s.world.botID.String() {
		s.createFollowup(q)
		return
	}
	var b messageBody
	if _, ok := q.id("webhook_id"); !ok || !q.decode(&b) {
		return
	}
	if fe, code := b.validate(q.files, true, flagSuppressEmbeds|flagSuppressNotifications|flagComponentsV2); code != 0 {
		q.error(http.StatusBadRequest, code, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wh, ok := s.webhookLocked(q)
	if !ok {
		return
	}
	c := s.world.channels[wh.ChannelID]
	if c == nil {
		q.error(http.StatusNotFound, 10003, nil)
		return
	}
	name := ""
	if wh.Name != nil {
		name = *wh.Name
	}
	if b.Username != "" {
		name = b.Username
	}
	author := &user{ID: wh.ID, Username: name, Discriminator: "0000", Bot: true}
	m := s.newMessageLocked(c, author, &b, q.files)
	m.WebhookID, m.Member = wh.ID, nil
	s.storeMessageLocked(c, m)
	if wait := q.query.Get("wait"); wait == "true" || wait == "True" || wait == "1" {
		q.json(http.StatusOK, m)
		return
	}
	q.noContent()
}

// webhookMessageLocked finds a message the webhook (or the interaction's
// token) sent.
func (s *Server) webhookMessageLocked(q *restReq) (*message, bool) {
	mid, ok := q.id("message_id")
	if !ok {
		return nil, false
	}
	var owner discord.Snowflake
	if q.params["webhook_id"] == s.world.botID.String() {
		in, ok := s.interactionByTokenLocked(q)
		if !ok {
			return nil, false
		}
		for _, id := range in.followups {
			if id == mid {
				owner = mid
			}
		}
	} else {
		wh, ok := s.webhookLocked(q)
		if !ok {
			return nil, false
		}
		if m, ok := s.world.messages[mid]; ok && m.WebhookID == wh.ID {
			owner = mid
		}
	}
	m, ok := s.world.messages[owner]
	if owner == 0 || !ok {
		q.error(http.StatusNotFound, 10008, nil)
		return nil, false
	}
	return m, true
}

func (s *Server) getWebhookMessage(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.webhookMessageLocked(q); ok {
		q.json(http.StatusOK, m)
	}
}

func (s *Server) editWebhookMessage(q *restReq) {
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
	m, ok := s.webhookMessageLocked(q)
	if !ok {
		return
	}
	s.editMessageLocked(m, &b, q.files)
	q.json(http.StatusOK, m)
}

func (s *Server) deleteWebhookMessage(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.webhookMessageLocked(q)
	if !ok {
		return
	}
	s.removeMessageLocked(s.world.channels[m.ChannelID], m)
	q.noContent()
}
