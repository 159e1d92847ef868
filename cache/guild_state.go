package cache

import (
	"strings"
	"sync"

	"github.com/scurrygo/scurry/discord"
)

// guildState is everything cached for one guild, under one lock.
type guildState struct {
	mu      sync.RWMutex
	id      discord.Snowflake
	removed bool // dropped from the store; a writer holding a stale pointer does nothing

	known       bool // a full guild object arrived (GUILD_CREATE)
	unavailable bool
	ownerID     discord.Snowflake
	info        *guildInfo // nil with ResourceGuilds off, or before GUILD_CREATE

	roles     map[discord.Snowflake]*role
	channels  map[discord.Snowflake]*channel // guild channels and threads
	members   slab[member]
	codes     roleCodes // role IDs held by members (roleset.go)
	spills    []idSet   // role lists too long to inline
	spillFree []uint32
	nicks     strArena // member nicknames
	emojis    []emoji
	stickers  []sticker
	voice     map[discord.Snowflake]*voiceState // by user
	presences map[discord.Snowflake]*presence   // by user
	stages    map[discord.Snowflake]*StageInstance
	ext       map[discord.Snowflake]*memberExt // rare member fields, by user
}

// guildInfo is the guild object's own fields: the Guild view with Features
// held as one interned string instead of a slice.
type guildInfo struct {
	Guild
	features istr // features joined by '\n'
}

func (gi *guildInfo) merge(g *discord.Guild) {
	v := &gi.Guild
	v.ID = g.ID
	if g.Name != "" {
		v.Name = g.Name
	}
	setNullString(&v.Icon, g.Icon)
	setNullString(&v.Banner, g.Banner)
	setNullString(&v.Splash, g.Splash)
	setNullString(&v.Description, g.Description)
	setNullString(&v.VanityURLCode, g.VanityURLCode)
	if g.OwnerID != 0 {
		v.OwnerID = g.OwnerID
	}
	setNullID(&v.ApplicationID, g.ApplicationID)
	setNullID(&v.AFKChannelID, g.AFKChannelID)
	setNullID(&v.SystemChannelID, g.SystemChannelID)
	setNullID(&v.RulesChannelID, g.RulesChannelID)
	setNullID(&v.PublicUpdatesChannelID, g.PublicUpdatesChannelID)
	setNullID(&v.SafetyAlertsChannelID, g.SafetyAlertsChannelID)
	setOpt(&v.AFKTimeout, g.AFKTimeout)
	setOpt(&v.SystemChannelFlags, g.SystemChannelFlags)
	setOpt(&v.VerificationLevel, g.VerificationLevel)
	setOpt(&v.DefaultMessageNotifications, g.DefaultMessageNotifications)
	setOpt(&v.ExplicitContentFilter, g.ExplicitContentFilter)
	setOpt(&v.MFALevel, g.MFALevel)
	setOpt(&v.NSFWLevel, g.NSFWLevel)
	setOpt(&v.PremiumTier, g.PremiumTier)
	setOpt(&v.PremiumSubscriptionCount, g.PremiumSubscriptionCount)
	setOpt(&v.MaxMembers, g.MaxMembers)
	if g.PreferredLocale != "" {
		v.PreferredLocale = intern(g.PreferredLocale).String()
	}
	if g.Features != nil {
		gi.features = intern(strings.Join(g.Features, "\n"))
	}
}

func (gi *guildInfo) view() Guild {
	v := gi.Guild
	if f := gi.features.String(); f != "" {
		v.Features = strings.Split(f, "\n")
	}
	return v
}

func setNullString(dst *string, n discord.Nullable[string]) {
	if n.IsSet() {
		*dst = nullString(n)
	}
}

func setNullID(dst *discord.Snowflake, n discord.Nullable[discord.Snowflake]) {
	if n.IsSet() {
		*dst, _ = n.Get()
	}
}

func setOpt[T any](dst *T, o discord.Optional[T]) {
	if v, ok := o.Get(); ok {
		*dst = v
	}
}

// role is the compact role record.
type role struct {
	name         istr
	icon         string
	unicodeEmoji istr
	perms        discord.Permissions
	botID        discord.Snowflake
	color        int32
	position     int32
	flags        uint32
	bits         uint8 // roleHoist, roleManaged, roleMentionable
}

const (
	roleHoist uint8 = 1 << iota
	roleManaged
	roleMentionable
)

func newRole(r *discord.Role) *role {
	out := &role{
		name:         intern(r.Name),
		icon:         nullString(r.Icon),
		unicodeEmoji: intern(nullString(r.UnicodeEmoji)),
		perms:        r.Permissions,
		color:        int32(r.Color),
		position:     int32(r.Position),
		flags:        uint32(r.Flags.Or(0)),
	}
	if r.Tags != nil {
		out.botID = r.Tags.BotID
	}
	out.bits = setBit(out.bits, roleHoist, r.Hoist)
	out.bits = setBit(out.bits, roleManaged, r.Managed)
	out.bits = setBit(out.bits, roleMentionable, r.Mentionable)
	return out
}

func (r *role) view(id, guildID discord.Snowflake) Role {
	return Role{
		ID: id, GuildID: guildID,
		Name:         r.name.String(),
		Color:        int(r.color),
		Hoist:        r.bits&roleHoist != 0,
		Managed:      r.bits&roleManaged != 0,
		Mentionable:  r.bits&roleMentionable != 0,
		Icon:         r.icon,
		UnicodeEmoji: r.unicodeEmoji.String(),
		Position:     int(r.position),
		Permissions:  r.perms,
		Flags:        discord.RoleFlags(r.flags),
		BotID:        r.botID,
	}
}

type emoji struct {
	id    discord.Snowflake
	name  istr
	roles idSet
	bits  uint8 // emojiAnimated, emojiManaged, emojiAvailable
}

const (
	emojiAnimated uint8 = 1 << iota
	emojiManaged
	emojiAvailable
)

func newEmoji(e *discord.Emoji) (emoji, bool) {
	id, _ := e.ID.Get()
	if id == 0 {
		return emoji{}, false
	}
	out := emoji{id: id, name: intern(nullString(e.Name)), roles: makeIDSet(e.Roles)}
	out.bits = setBit(out.bits, emojiAnimated, e.Animated.Or(false))
	out.bits = setBit(out.bits, emojiManaged, e.Managed.Or(false))
	out.bits = setBit(out.bits, emojiAvailable, e.Available.Or(true))
	return out, true
}

func (e *emoji) view() Emoji {
	return Emoji{
		ID: e.id, Name: e.name.String(), Roles: e.roles.slice(),
		Animated:  e.bits&emojiAnimated != 0,
		Managed:   e.bits&emojiManaged != 0,
		Available: e.bits&emojiAvailable != 0,
	}
}

type sticker struct {
	id          discord.Snowflake
	name        istr
	description string
	tags        istr
	format      uint8
	available   bool
}

func newSticker(s *discord.Sticker) sticker {
	return sticker{
		id: s.ID, name: intern(s.Name), description: nullString(s.Description), tags: intern(s.Tags),
		format: uint8(s.FormatType), available: s.Available.Or(true),
	}
}

func (s *sticker) view() Sticker {
	return Sticker{
		ID: s.id, Name: s.name.String(), Description: s.description, Tags: s.tags.String(),
		FormatType: discord.StickerFormat(s.format), Available: s.available,
	}
}
