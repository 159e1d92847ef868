package discordtest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

type roleBody struct {
	Name        *string `json:"name"`
	Permissions *string `json:"permissions"`
	Color       *int    `json:"color"`
	Hoist       *bool   `json:"hoist"`
	Mentionable *bool   `json:"mentionable"`
}

func (b *roleBody) validate() fieldErrors {
	var fe fieldErrors
	if b.Name != nil && utf8.RuneCountInString(*b.Name) > 100 {
		fe.add("name", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	if b.Permissions != nil {
		if _, err := strconv.ParseUint(*b.Permissions, 10, 64); err != nil {
			fe.add("permissions", "NUMBER_TYPE_COERCE", "Value \""+*b.Permissions+"\" is not int.")
		}
	}
	if b.Color != nil && (*b.Color < 0 || *b.Color > 0xFFFFFF) {
		fe.add("color", "NUMBER_TYPE_MAX", "Must be between 0 and 16777215.")
	}
	return fe
}

func (b *roleBody) apply(r *role) {
	if b.Name != nil {
		r.Name = *b.Name
	}
	if b.Permissions != nil {
		r.Permissions = *b.Permissions
	}
	if b.Color != nil {
		r.Color = *b.Color
	}
	if b.Hoist != nil {
		r.Hoist = *b.Hoist
	}
	if b.Mentionable != nil {
		r.Mentionable = *b.Mentionable
	}
}

func (s *Server) listRoles(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.guildLocked(q); ok {
		q.json(http.StatusOK, g.Roles)
	}
}

func (s *Server) createRole(q *restReq) {
	var b roleBody
	if !q.decode(&b) {
		return
	}
	if fe := b.validate(); len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionManageRoles) {
		return
	}
	if len(g.Roles) >= 250 {
		q.error(http.StatusBadRequest, 30005, nil)
		return
	}
	r := &role{ID: s.newID(), Name: "new role", Permissions: "0", Position: len(g.Roles)}
	b.apply(r)
	g.Roles = append(g.Roles, r)
	s.dispatchLocked(g.ID, "GUILD_ROLE_CREATE", marshal(map[string]any{"guild_id": g.ID, "role": r}))
	q.json(http.StatusOK, r)
}

func (s *Server) roleLocked(q *restReq) (*guild, *role, bool) {
	g, ok := s.guildLocked(q)
	if !ok {
		return nil, nil, false
	}
	rid, ok := q.id("role_id")
	if !ok {
		return nil, nil, false
	}
	i := slices.IndexFunc(g.Roles, func(r *role) bool { return r.ID == rid })
	if i < 0 {
		q.error(http.StatusNotFound, 10011, nil)
		return nil, nil, false
	}
	return g, g.Roles[i], true
}

func (s *Server) modifyRole(q *restReq) {
	var b roleBody
	if !q.decode(&b) {
		return
	}
	if fe := b.validate(); len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, r, ok := s.roleLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionManageRoles) || !s.outranksLocked(q, g, 0, r.Position) {
		return
	}
	b.apply(r)
	s.dispatchLocked(g.ID, "GUILD_ROLE_UPDATE", marshal(map[string]any{"guild_id": g.ID, "role": r}))
	q.json(http.StatusOK, r)
}

func (s *Server) deleteRole(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, r, ok := s.roleLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionManageRoles) || !s.outranksLocked(q, g, 0, r.Position) {
		return
	}
	if r.ID == g.ID {
		q.error(http.StatusBadRequest, 50028, nil) // @everyone cannot be deleted
		return
	}
	g.Roles = slices.DeleteFunc(g.Roles, func(x *role) bool { return x == r })
	for _, m := range g.members {
		m.Roles = slices.DeleteFunc(m.Roles, func(id discord.Snowflake) bool { return id == r.ID })
	}
	s.dispatchLocked(g.ID, "GUILD_ROLE_DELETE", marshal(map[string]any{"guild_id": g.ID, "role_id": r.ID}))
	q.noContent()
}

type ban struct {
	Reason *string `json:"reason"`
	User   *user   `json:"user"`
}

func (s *Server) listBans(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionBanMembers) {
		return
	}
	out := []ban{}
	for id, reason := range g.bans {
		out = append(out, ban{reason, s.world.users[id]})
	}
	slices.SortFunc(out, func(a, b ban) int { return cmp.Compare(a.User.ID, b.User.ID) })
	q.json(http.StatusOK, out)
}

func (s *Server) getBan(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionBanMembers) {
		return
	}
	uid, ok := q.id("user_id")
	if !ok {
		return
	}
	reason, banned := g.bans[uid]
	if !banned {
		q.error(http.StatusNotFound, 10026, nil)
		return
	}
	q.json(http.StatusOK, ban{reason, s.world.users[uid]})
}

// createBan bans a user (removing the member) with the X-Audit-Log-Reason as
// the ban reason.
func (s *Server) createBan(q *restReq) {
	var b struct {
		DeleteMessageSeconds int `json:"delete_message_seconds"`
	}
	if !q.decode(&b) {
		return
	}
	if b.DeleteMessageSeconds < 0 || b.DeleteMessageSeconds > 604800 {
		var fe fieldErrors
		fe.add("delete_message_seconds", "NUMBER_TYPE_MAX", "Must be between 0 and 604800.")
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionBanMembers) {
		return
	}
	uid, ok := q.id("user_id")
	if !ok {
		return
	}
	u, ok := s.world.users[uid]
	if !ok {
		q.error(http.StatusNotFound, 10013, nil)
		return
	}
	if !s.outranksLocked(q, g, uid, 0) {
		return
	}
	var reason *string
	if r := q.auditReason(); r != "" {
		reason = &r
	}
	g.bans[uid] = reason
	if m, ok := g.members[uid]; ok {
		s.removeMemberLocked(g, m)
	}
	s.dispatchLocked(g.ID, "GUILD_BAN_ADD", marshal(map[string]any{"guild_id": g.ID, "user": u}))
	q.noContent()
}

func (s *Server) removeBan(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionBanMembers) {
		return
	}
	uid, ok := q.id("user_id")
	if !ok {
		return
	}
	if _, banned := g.bans[uid]; !banned {
		q.error(http.StatusNotFound, 10026, nil)
		return
	}
	delete(g.bans, uid)
	s.dispatchLocked(g.ID, "GUILD_BAN_REMOVE", marshal(map[string]any{"guild_id": g.ID, "user": s.world.users[uid]}))
	q.noContent()
}
