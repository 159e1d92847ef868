package discordtest

import (
	"encoding/hex"
	"net/http"

	"github.com/scurrygo/scurry/discord"
)

func (s *Server) getGateway(q *restReq) {
	q.json(http.StatusOK, discord.Gateway{URL: s.GatewayURL()})
}

func (s *Server) getGatewayBot(q *restReq) {
	q.json(http.StatusOK, s.GatewayBot())
}

func (s *Server) getCurrentUser(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q.json(http.StatusOK, s.world.users[s.world.botID])
}

func (s *Server) getUser(q *restReq) {
	id, ok := q.id("user_id")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.world.users[id]
	if !ok {
		q.error(http.StatusNotFound, 10013, nil)
		return
	}
	q.json(http.StatusOK, u)
}

func (s *Server) getApplication(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.world
	q.json(http.StatusOK, map[string]any{
		"id": w.botID, "name": s.opts.BotName, "description": "", "flags": w.appFlags,
		"bot_public": true, "bot_require_code_grant": false, "bot": w.users[w.botID],
		"verify_key": hex.EncodeToString(w.publicKey), "icon": nil,
	})
}

// createDM opens (or returns) the DM channel with a user.
func (s *Server) createDM(q *restReq) {
	var body struct {
		RecipientID discord.Snowflake `json:"recipient_id"`
	}
	if !q.decode(&body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.world
	u, ok := w.users[body.RecipientID]
	if !ok || body.RecipientID == w.botID {
		var fe fieldErrors
		fe.add("recipient_id", "BASE_TYPE_INVALID", "Unknown recipient.")
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	for _, c := range w.channels {
		if c.Type == 1 && len(c.Recipients) == 1 && c.Recipients[0].ID == u.ID {
			q.json(http.StatusOK, c)
			return
		}
	}
	c := &channel{ID: s.newID(), Type: 1, Recipients: []*user{u}, PermissionOverwrites: []overwrite{}}
	w.channels[c.ID] = c
	q.json(http.StatusOK, c)
}
