package discordtest

import (
	"net/http"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

// createThread is POST /channels/{id}/threads (type 11 public by default, or
// 12 private) and POST /channels/{id}/messages/{id}/threads (a public thread
// whose id is the message's). It sends THREAD_CREATE with newly_created.
func (s *Server) createThread(q *restReq) {
	var b struct {
		Name                string `json:"name"`
		AutoArchiveDuration *int   `json:"auto_archive_duration"`
		Type                *int   `json:"type"`
	}
	if !q.decode(&b) {
		return
	}
	var fe fieldErrors
	if n := utf8.RuneCountInString(b.Name); n < 1 || n > 100 {
		fe.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	archive := 4320
	if b.AutoArchiveDuration != nil {
		switch archive = *b.AutoArchiveDuration; archive {
		case 60, 1440, 4320, 10080:
		default:
			fe.add("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
		}
	}
	typ := 11
	if _, fromMessage := q.params["message_id"]; !fromMessage && b.Type != nil {
		if typ = *b.Type; typ != 11 && typ != 12 && typ != 10 {
			fe.add("type", "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.")
		}
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	parent, ok := s.channelLocked(q)
	if !ok {
		return
	}
	if parent.GuildID == 0 || isThread(parent.Type) {
		q.error(http.StatusBadRequest, 50024, nil)
		return
	}
	need := discord.PermissionViewChannel | discord.PermissionCreatePublicThreads
	if typ == 12 {
		need = discord.PermissionViewChannel | discord.PermissionCreatePrivateThreads
	}
	if !s.requireInLocked(q, parent, need) {
		return
	}
	id := s.newID()
	if _, fromMessage := q.params["message_id"]; fromMessage {
		mid, ok := q.id("message_id")
		if !ok {
			return
		}
		if _, _, ok := s.findMessageLocked(q, parent.ID, mid); !ok {
			return
		}
		if _, taken := s.world.channels[mid]; taken {
			q.error(http.StatusBadRequest, 160004, nil)
			return
		}
		id = mid // a thread started from a message shares its id
	}
	now := timestamp(s.now())
	pid, zero := parent.ID, 0
	t := &channel{ID: id, Type: typ, GuildID: parent.GuildID, Name: b.Name, ParentID: &pid,
		OwnerID: s.world.botID, RateLimitPerUser: parent.RateLimitPerUser, PermissionOverwrites: []overwrite{},
		MessageCount: &zero, ThreadMetadata: &threadMetadata{AutoArchiveDuration: archive, ArchiveTimestamp: now, CreateTimestamp: now}}
	s.world.channels[t.ID] = t
	if g := s.world.guilds[parent.GuildID]; g != nil {
		g.channelIDs = append(g.channelIDs, t.ID)
	}
	s.dispatchLocked(t.GuildID, "THREAD_CREATE", marshal(struct {
		*channel
		NewlyCreated bool `json:"newly_created"`
	}{t, true}))
	q.json(http.StatusCreated, t)
}
