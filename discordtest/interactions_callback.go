package discordtest

import (
	"net/http"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

type callbackBody struct {
	Type int            `json:"type"`
	Data jsontext.Value `json:"data"`
}

// Interaction callback types.
const (
	cbPong             = 1
	cbMessage          = 4
	cbDeferredMessage  = 5
	cbDeferredUpdate   = 6
	cbUpdateMessage    = 7
	cbAutocomplete     = 8
	cbModal            = 9
	cbPremiumRequired  = 10
	cbLaunchActivity   = 12
	interactionPing    = 1
	interactionCommand = 2
	interactionButton  = 3
	interactionAuto    = 4
	interactionModal   = 5
)

// respondLocked applies an initial response. It returns the message the
// response created or changed (if any), or a Discord error code with field
// errors.
func (s *Server) respondLocked(in *interaction, r *callbackBody, files []upload, inline bool) (*message, int, fieldErrors) {
	var fe fieldErrors
	if in.acked {
		return nil, 40060, nil
	}
	if s.now().Sub(in.created) > InteractionResponseDeadline {
		return nil, 10062, nil // for an inline answer: the endpoint was too slow
	}
	ok := false
	switch r.Type {
	case cbMessage, cbDeferredMessage:
		ok = in.Type == interactionCommand || in.Type == interactionButton || in.Type == interactionModal
	case cbDeferredUpdate, cbUpdateMessage:
		ok = in.Type == interactionButton || (in.Type == interactionModal && in.MessageID != 0)
	case cbAutocomplete:
		ok = in.Type == interactionAuto
	case cbModal:
		ok = in.Type == interactionCommand || in.Type == interactionButton
	case cbLaunchActivity, cbPremiumRequired:
		ok = in.Type == interactionCommand || in.Type == interactionButton
	case cbPong:
		ok = in.Type == interactionPing
	}
	if !ok {
		fe.add("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is not valid for this interaction.")
		return nil, 50035, fe
	}
	var msg *message
	switch r.Type {
	case cbMessage, cbDeferredMessage, cbUpdateMessage:
		var b messageBody
		if len(r.Data) > 0 && json.Unmarshal(r.Data, &b) != nil {
			fe.add("data", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType.")
			return nil, 50035, fe
		}
		allowed := flagSuppressEmbeds | flagEphemeral | flagComponentsV2 | flagVoiceMessage | flagSuppressNotifications
		if fe, code := b.validate(files, r.Type == cbMessage, allowed); code != 0 {
			return nil, code, fe
		}
		c := s.world.channels[in.ChannelID]
		if c == nil {
			return nil, 10003, nil
		}
		switch r.Type {
		case cbUpdateMessage:
			if m := s.world.messages[in.MessageID]; m != nil {
				s.editMessageLocked(m, &b, files)
				msg = m
			}
		default:
			flags := 0
			if b.Flags != nil {
				flags = *b.Flags
			}
			if r.Type == cbDeferredMessage {
				b = messageBody{Flags: &flags}
				*b.Flags = flags&flagEphemeral | flagLoading
			}
			msg = s.newMessageLocked(c, s.world.users[s.world.botID], &b, files)
			msg.Type, msg.ApplicationID = 20, s.world.botID
			s.storeMessageLocked(c, msg)
			in.original = msg.ID
		}
	case cbAutocomplete:
		var d struct {
			Choices []jsontext.Value `json:"choices"`
		}
		if json.Unmarshal(r.Data, &d) != nil || len(d.Choices) > 25 {
			fe.add("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
			return nil, 50035, fe
		}
	case cbModal:
		var d struct {
			CustomID   string           `json:"custom_id"`
			Title      string           `json:"title"`
			Components []jsontext.Value `json:"components"`
		}
		if json.Unmarshal(r.Data, &d) != nil || d.CustomID == "" || len(d.CustomID) > 100 {
			fe.add("data.custom_id", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if len([]rune(d.Title)) > 45 || d.Title == "" {
			fe.add("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
		}
		if len(d.Components) < 1 || len(d.Components) > 5 {
			fe.add("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
		if len(fe) > 0 {
			return nil, 50035, fe
		}
	}
	in.acked = true
	s.rec.responses = append(s.rec.responses, InteractionResponse{Time: s.now(), InteractionID: in.ID,
		Type: r.Type, Data: r.Data, Inline: inline, Files: len(files)})
	s.notifyLocked()
	return msg, 0, nil
}

// interactionCallback is POST /interactions/{id}/{token}/callback: 204, or
// 200 with the callback response when ?with_response=true.
func (s *Server) interactionCallback(q *restReq) {
	id, ok := q.id("interaction_id")
	if !ok {
		return
	}
	var r callbackBody
	if !q.decode(&r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.world.interactions[q.params["interaction_token"]]
	if in == nil || in.ID != id {
		q.error(http.StatusNotFound, 10062, nil)
		return
	}
	msg, code, fe := s.respondLocked(in, &r, q.files, false)
	if code != 0 {
		status := http.StatusBadRequest
		if code == 10062 {
			status = http.StatusNotFound
		}
		q.error(status, code, fe)
		return
	}
	if v := q.query.Get("with_response"); v != "true" && v != "True" && v != "1" {
		q.noContent()
		return
	}
	info := map[string]any{"id": in.ID, "type": in.Type}
	resp := map[string]any{"interaction": info}
	if msg != nil {
		info["response_message_id"] = msg.ID
		info["response_message_loading"] = msg.Flags&flagLoading != 0
		info["response_message_ephemeral"] = msg.Flags&flagEphemeral != 0
		resp["resource"] = map[string]any{"type": r.Type, "message": msg}
	} else {
		resp["resource"] = map[string]any{"type": r.Type}
	}
	q.json(http.StatusOK, resp)
}

// interactionByTokenLocked finds a live interaction for the
// /webhooks/{application_id}/{token} routes.
func (s *Server) interactionByTokenLocked(q *restReq) (*interaction, bool) {
	in := s.world.interactions[q.params["webhook_token"]]
	if in == nil {
		q.error(http.StatusNotFound, 10015, nil)
		return nil, false
	}
	if s.now().Sub(in.created) > InteractionTokenLifetime {
		q.error(http.StatusUnauthorized, 50027, nil)
		return nil, false
	}
	return in, true
}

func (s *Server) originalLocked(q *restReq) (*interaction, *message, bool) {
	if q.params["webhook_id"] != s.world.botID.String() {
		q.error(http.StatusNotFound, 10015, nil)
		return nil, nil, false
	}
	in, ok := s.interactionByTokenLocked(q)
	if !ok {
		return nil, nil, false
	}
	m := s.world.messages[in.original]
	if in.original == 0 || m == nil {
		q.error(http.StatusNotFound, 10008, nil)
		return nil, nil, false
	}
	return in, m, true
}

func (s *Server) getOriginal(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, m, ok := s.originalLocked(q); ok {
		q.json(http.StatusOK, m)
	}
}

func (s *Server) editOriginal(q *restReq) {
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
	_, m, ok := s.originalLocked(q)
	if !ok {
		return
	}
	s.editMessageLocked(m, &b, q.files)
	q.json(http.StatusOK, m)
}

func (s *Server) deleteOriginal(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, m, ok := s.originalLocked(q)
	if !ok {
		return
	}
	s.removeMessageLocked(s.world.channels[m.ChannelID], m)
	in.original = 0
	q.noContent()
}

// createFollowup is POST /webhooks/{application_id}/{token}: a follow-up
// message (always returned). The first follow-up after a deferred response
// fills in the loading message instead.
func (s *Server) createFollowup(q *restReq) {
	var b messageBody
	if !q.decode(&b) {
		return
	}
	allowed := flagSuppressEmbeds | flagEphemeral | flagComponentsV2 | flagSuppressNotifications
	if fe, code := b.validate(q.files, true, allowed); code != 0 {
		q.error(http.StatusBadRequest, code, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactionByTokenLocked(q)
	if !ok {
		return
	}
	if !in.acked {
		q.error(http.StatusNotFound, 10015, nil)
		return
	}
	if m := s.world.messages[in.original]; m != nil && m.Flags&flagLoading != 0 {
		keep := m.Flags & flagEphemeral
		s.editMessageLocked(m, &b, q.files)
		m.Flags |= keep
		q.json(http.StatusOK, m)
		return
	}
	c := s.world.channels[in.ChannelID]
	if c == nil {
		q.error(http.StatusNotFound, 10003, nil)
		return
	}
	m := s.newMessageLocked(c, s.world.users[s.world.botID], &b, q.files)
	m.ApplicationID, m.WebhookID = s.world.botID, s.world.botID
	s.storeMessageLocked(c, m)
	in.followups = append(in.followups, m.ID)
	q.json(http.StatusOK, m)
}
