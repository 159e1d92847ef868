package cache

import "github.com/scurrygo/scurry/discord"

// member is the compact member record, 24 bytes; the user lives in the user
// table. Roles are a roleList (roleset.go), the nickname a reference into
// the guild's nickname arena, and flags the low 16 bits of the member flags
// (every flag Discord defines today); higher bits, if any, are kept in the
// member's memberExt.
type member struct {
	roles  roleList
	joined int64  // Unix µs, 0 unset
	nick   uint32 // in guildState.nicks
	flags  uint16 // member flags & 0xFFFF
	bits   uint8  // memberDeaf, memberMute, memberPending, memberHasExt
}

// memberExt holds the member fields most members do not set. They live in
// guildState.ext, keyed by user, so that members without them pay nothing.
type memberExt struct {
	avatar, banner string
	premiumSince   int64
	timeoutUntil   int64
	flagsHigh      uint64 // member flags &^ 0xFFFF
}

const (
	memberDeaf uint8 = 1 << iota
	memberMute
	memberPending
	memberHasExt
)

const memberFlagsLow = 0xFFFF

// mergeMember copies the fields present in m into r, the record of user uid
// in g. Roles are always present in member payloads and replace the old list.
func (g *guildState) mergeMember(uid discord.Snowflake, r *member, m *discord.Member) {
	g.setMemberRoles(r, m.Roles)
	if m.Nick.IsSet() {
		g.nicks.set(&r.nick, nullString(m.Nick))
		g.compactNicks()
	}
	if m.JoinedAt.IsSet() {
		r.joined = nullMicros(m.JoinedAt)
	}
	f, flagsSet := m.Flags.Get()
	if flagsSet {
		r.flags = uint16(f & memberFlagsLow)
	}
	if b, ok := m.Deaf.Get(); ok {
		r.bits = setBit(r.bits, memberDeaf, b)
	}
	if b, ok := m.Mute.Get(); ok {
		r.bits = setBit(r.bits, memberMute, b)
	}
	if b, ok := m.Pending.Get(); ok {
		r.bits = setBit(r.bits, memberPending, b)
	}
	// High flag bits need the side table only when set now or before.
	highFlags := flagsSet && (f&^memberFlagsLow != 0 || r.bits&memberHasExt != 0)
	if !highFlags && !m.Avatar.IsSet() && !m.Banner.IsSet() && !m.PremiumSince.IsSet() && !m.CommunicationDisabledUntil.IsSet() {
		return
	}
	ext := g.memberExt(uid, r)
	setNullString(&ext.avatar, m.Avatar)
	setNullString(&ext.banner, m.Banner)
	if m.PremiumSince.IsSet() {
		ext.premiumSince = nullMicros(m.PremiumSince)
	}
	if m.CommunicationDisabledUntil.IsSet() {
		ext.timeoutUntil = nullMicros(m.CommunicationDisabledUntil)
	}
	if flagsSet {
		ext.flagsHigh = uint64(f &^ memberFlagsLow)
	}
	if ext == (memberExt{}) {
		delete(g.ext, uid)
		r.bits &^= memberHasExt
		return
	}
	if g.ext == nil {
		g.ext = make(map[discord.Snowflake]*memberExt)
	}
	p := g.ext[uid]
	if p == nil {
		p = new(memberExt) // allocated only here, so ext itself stays on the stack
		g.ext[uid] = p
	}
	*p = ext
	r.bits |= memberHasExt
}

// memberExt returns a copy of the member's rare fields (zero if none).
func (g *guildState) memberExt(uid discord.Snowflake, r *member) memberExt {
	if r.bits&memberHasExt != 0 {
		if p := g.ext[uid]; p != nil {
			return *p
		}
	}
	return memberExt{}
}

// removeMember deletes the member record of uid, releasing its roles and
// nickname, and reports whether it existed.
func (g *guildState) removeMember(uid discord.Snowflake) bool {
	r := g.members.get(uid)
	if r == nil {
		return false
	}
	g.releaseRoles(r.roles)
	g.nicks.release(r.nick)
	g.members.remove(uid)
	delete(g.ext, uid)
	g.compactNicks()
	return true
}

// compactNicks rewrites the nickname arena without its garbage once the
// garbage outweighs the live names (amortised O(1) per change).
func (g *guildState) compactNicks() {
	if !g.nicks.wantsCompaction() {
		return
	}
	fresh := g.nicks.compacted()
	g.members.all(func(_ discord.Snowflake, m *member) bool {
		m.nick = fresh.move(&g.nicks, m.nick)
		return true
	})
	g.nicks = fresh
}

func (g *guildState) memberView(uid discord.Snowflake, r *member, u User) Member {
	ext := g.memberExt(uid, r)
	return Member{
		GuildID:       g.id,
		User:          u,
		Nick:          g.nicks.get(r.nick),
		Avatar:        ext.avatar,
		Banner:        ext.banner,
		Roles:         g.roleIDs(r.roles),
		JoinedAt:      fromMicros(r.joined),
		PremiumSince:  fromMicros(ext.premiumSince),
		TimedOutUntil: fromMicros(ext.timeoutUntil),
		Flags:         discord.MemberFlags(uint64(r.flags) | ext.flagsHigh),
		Deaf:          r.bits&memberDeaf != 0,
		Mute:          r.bits&memberMute != 0,
		Pending:       r.bits&memberPending != 0,
	}
}
