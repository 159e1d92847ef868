package discordtest

import (
	"net/http"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/scurrygo/scurry/discord"
)

func (s *Server) guildLocked(q *restReq) (*guild, bool) {
	id, ok := q.id("guild_id")
	if !ok {
		return nil, false
	}
	g, ok := s.world.guilds[id]
	if !ok {
		q.error(http.StatusNotFound, 10004, nil)
		return nil, false
	}
	return g, true
}

func (s *Server) getGuild(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.guildLocked(q); ok {
		q.json(http.StatusOK, s.world.guildJSON(g))
	}
}

func (s *Server) modifyGuild(q *restReq) {
	var b struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
	}
	if !q.decode(&b) {
		return
	}
	if b.Name != nil && (utf8.RuneCountInString(*b.Name) < 2 || utf8.RuneCountInString(*b.Name) > 100) {
		var fe fieldErrors
		fe.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.")
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionManageGuild) {
		return
	}
	if b.Name != nil {
		g.Name = *b.Name
	}
	if b.Description != nil {
		g.Description = b.Description
	}
	s.dispatchLocked(g.ID, "GUILD_UPDATE", marshal(g))
	q.json(http.StatusOK, s.world.guildJSON(g))
}

func (s *Server) listGuildChannels(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok {
		return
	}
	out := make([]*channel, 0, len(g.channelIDs))
	for _, id := range g.channelIDs {
		out = append(out, s.world.channels[id])
	}
	q.json(http.StatusOK, out)
}

func (s *Server) createGuildChannel(q *restReq) {
	var b struct {
		Name     string             `json:"name"`
		Type     int                `json:"type"`
		Topic    *string            `json:"topic"`
		ParentID *discord.Snowflake `json:"parent_id"`
		NSFW     bool               `json:"nsfw"`
	}
	if !q.decode(&b) {
		return
	}
	var fe fieldErrors
	if n := utf8.RuneCountInString(b.Name); n < 1 || n > 100 {
		fe.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	switch b.Type {
	case 0, 2, 4, 5, 13, 15, 16:
	default:
		fe.add("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 15, 16}.")
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionManageChannels) {
		return
	}
	c := &channel{ID: s.newID(), Type: b.Type, GuildID: g.ID, Name: b.Name, Position: len(g.channelIDs),
		Topic: b.Topic, ParentID: b.ParentID, NSFW: b.NSFW, PermissionOverwrites: []overwrite{}}
	s.world.channels[c.ID] = c
	g.channelIDs = append(g.channelIDs, c.ID)
	s.dispatchLocked(g.ID, "CHANNEL_CREATE", marshal(c))
	q.json(http.StatusCreated, c)
}

// listMembers pages members by user id: limit 1-1000 (default 1), after.
func (s *Server) listMembers(q *restReq) {
	limit := 1
	var after discord.Snowflake
	var fe fieldErrors
	if v := q.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			fe.add("limit", "NUMBER_TYPE_MAX", "Must be between 1 and 1000.")
		}
		limit = n
	}
	if v := q.query.Get("after"); v != "" {
		id, err := discord.ParseSnowflake(v)
		if err != nil {
			fe.add("after", "NUMBER_TYPE_COERCE", "Value \""+v+"\" is not snowflake.")
		}
		after = id
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	if s.opts.DisabledIntents.Has(discord.IntentGuildMembers) {
		q.error(http.StatusForbidden, 50001, nil) // needs the privileged intent enabled
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guildLocked(q)
	if !ok {
		return
	}
	ids := slices.Clone(g.memberIDs)
	slices.Sort(ids)
	i, _ := slices.BinarySearch(ids, after+1)
	out := []*member{}
	for _, id := range ids[i:min(len(ids), i+limit)] {
		out = append(out, g.members[id])
	}
	q.json(http.StatusOK, out)
}

func (s *Server) memberLocked(q *restReq) (*guild, *member, bool) {
	g, ok := s.guildLocked(q)
	if !ok {
		return nil, nil, false
	}
	uid, ok := q.id("user_id")
	if !ok {
		return nil, nil, false
	}
	m, ok := g.members[uid]
	if !ok {
		q.error(http.StatusNotFound, 10007, nil)
		return nil, nil, false
	}
	return g, m, true
}

func (s *Server) getMember(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, m, ok := s.memberLocked(q); ok {
		q.json(http.StatusOK, m)
	}
}

func (s *Server) modifyMember(q *restReq) {
	var b struct {
		Nick  *string              `json:"nick"`
		Roles *[]discord.Snowflake `json:"roles"`
		Mute  *bool                `json:"mute"`
		Deaf  *bool                `json:"deaf"`
		// communication_disabled_until: null clears it
		TimeOut *string `json:"communication_disabled_until"`
	}
	if !q.decode(&b) {
		return
	}
	if b.Nick != nil && utf8.RuneCountInString(*b.Nick) > 32 {
		var fe fieldErrors
		fe.add("nick", "BASE_TYPE_MAX_LENGTH", "Must be 32 or fewer in length.")
		q.error(http.StatusBadRequest, 50035, fe)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, ok := s.memberLocked(q)
	if !ok {
		return
	}
	var need discord.Permissions
	for _, f := range []struct {
		set  bool
		perm discord.Permissions
	}{{b.Nick != nil, discord.PermissionManageNicknames}, {b.Roles != nil, discord.PermissionManageRoles},
		{b.Mute != nil, discord.PermissionMuteMembers}, {b.Deaf != nil, discord.PermissionDeafenMembers},
		{b.TimeOut != nil, discord.PermissionModerateMembers}} {
		if f.set {
			need |= f.perm
		}
	}
	if !s.requireLocked(q, g.ID, need) || (m.User.ID != s.world.botID && !s.outranksLocked(q, g, m.User.ID, 0)) {
		return
	}
	if b.Roles != nil {
		for i, r := range *b.Roles {
			if !slices.ContainsFunc(g.Roles, func(x *role) bool { return x.ID == r }) {
				var fe fieldErrors
				fe.add("roles."+strconv.Itoa(i), "BASE_TYPE_INVALID", "Unknown role.")
				q.error(http.StatusBadRequest, 50035, fe)
				return
			}
		}
		m.Roles = slices.Clone(*b.Roles)
	}
	if b.Nick != nil {
		if *b.Nick == "" {
			m.Nick = nil
		} else {
			n := *b.Nick
			m.Nick = &n
		}
	}
	if b.Mute != nil {
		m.Mute = *b.Mute
	}
	if b.Deaf != nil {
		m.Deaf = *b.Deaf
	}
	if b.TimeOut != nil {
		m.TimeOut = b.TimeOut
	}
	s.dispatchLocked(g.ID, "GUILD_MEMBER_UPDATE", marshal(memberEvent{m, g.ID}))
	q.json(http.StatusOK, m)
}

func (s *Server) kickMember(q *restReq) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, ok := s.memberLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionKickMembers) || !s.outranksLocked(q, g, m.User.ID, 0) {
		return
	}
	s.removeMemberLocked(g, m)
	q.noContent()
}

func (s *Server) removeMemberLocked(g *guild, m *member) {
	delete(g.members, m.User.ID)
	g.memberIDs = slices.DeleteFunc(g.memberIDs, func(id discord.Snowflake) bool { return id == m.User.ID })
	s.dispatchLocked(g.ID, "GUILD_MEMBER_REMOVE", marshal(map[string]any{"guild_id": g.ID, "user": m.User}))
}

func (s *Server) addMemberRole(q *restReq)    { s.setMemberRole(q, true) }
func (s *Server) removeMemberRole(q *restReq) { s.setMemberRole(q, false) }

func (s *Server) setMemberRole(q *restReq, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, ok := s.memberLocked(q)
	if !ok || !s.requireLocked(q, g.ID, discord.PermissionManageRoles) {
		return
	}
	rid, ok := q.id("role_id")
	if !ok {
		return
	}
	i := slices.IndexFunc(g.Roles, func(x *role) bool { return x.ID == rid })
	if i < 0 {
		q.error(http.StatusNotFound, 10011, nil)
		return
	}
	if !s.outranksLocked(q, g, 0, g.Roles[i].Position) {
		return
	}
	has := slices.Contains(m.Roles, rid)
	switch {
	case add && !has:
		m.Roles = append(m.Roles, rid)
	case !add && has:
		m.Roles = slices.DeleteFunc(m.Roles, func(id discord.Snowflake) bool { return id == rid })
	default:
		q.noContent()
		return
	}
	s.dispatchLocked(g.ID, "GUILD_MEMBER_UPDATE", marshal(memberEvent{m, g.ID}))
	q.noContent()
}
