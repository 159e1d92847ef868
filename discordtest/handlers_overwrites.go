package discordtest

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/scurrygo/scurry/discord"
)

// editOverwrite is PUT /channels/{id}/permissions/{overwrite_id}: create or
// replace a role (type 0) or member (type 1) overwrite.
func (s *Server) editOverwrite(q *restReq) {
	var b struct {
		Allow *string `json:"allow"`
		Deny  *string `json:"deny"`
		Type  *int    `json:"type"`
	}
	oid, ok := q.id("overwrite_id")
	if !ok || !q.decode(&b) {
		return
	}
	var fe fieldErrors
	if b.Type == nil || (*b.Type != 0 && *b.Type != 1) {
		fe.add("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
	}
	for name, v := range map[string]*string{"allow": b.Allow, "deny": b.Deny} {
		if v != nil {
			if _, err := strconv.ParseUint(*v, 10, 64); err != nil {
				fe.add(name, "NUMBER_TYPE_COERCE", "Value \""+*v+"\" is not int.")
			}
		}
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok {
		return
	}
	g := s.world.guilds[c.GuildID]
	if g == nil {
		q.error(http.StatusBadRequest, 50003, nil)
		return
	}
	if !s.requireInLocked(q, c, discord.PermissionManageRoles) {
		return
	}
	switch {
	case *b.Type == 0 && !slices.ContainsFunc(g.Roles, func(r *role) bool { return r.ID == oid }):
		q.error(http.StatusNotFound, 10011, nil)
		return
	case *b.Type == 1 && g.members[oid] == nil:
		q.error(http.StatusNotFound, 10007, nil)
		return
	}
	ov := overwrite{ID: oid, Type: *b.Type, Allow: "0", Deny: "0"}
	if b.Allow != nil {
		ov.Allow = *b.Allow
	}
	if b.Deny != nil {
		ov.Deny = *b.Deny
	}
	c.PermissionOverwrites = slices.DeleteFunc(c.PermissionOverwrites, func(o overwrite) bool { return o.ID == oid })
	c.PermissionOverwrites = append(c.PermissionOverwrites, ov)
	s.dispatchLocked(c.GuildID, "CHANNEL_UPDATE", marshal(c))
	q.noContent()
}

func (s *Server) deleteOverwrite(q *restReq) {
	oid, ok := q.id("overwrite_id")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channelLocked(q)
	if !ok || !s.requireInLocked(q, c, discord.PermissionManageRoles) {
		return
	}
	c.PermissionOverwrites = slices.DeleteFunc(c.PermissionOverwrites, func(o overwrite) bool { return o.ID == oid })
	s.dispatchLocked(c.GuildID, "CHANNEL_UPDATE", marshal(c))
	q.noContent()
}
