package discord

import "strings"

// Fast decoders for User, UserMention and Member as they appear in
// MESSAGE_CREATE and TYPING_START (see decode_fast.go for the contract).
// Each fills a zero value, as json v2 does for a freshly allocated struct.

// rawUser decodes the user object v into *u (zero on entry).
func rawUser(v []byte, u *User, at *jsonPath) error {
	it, ok := iterate(v, '{')
	if !ok {
		return decodeGeneric(v, u, at)
	}
	return rawUserIn(&it, u, nil, at)
}

// rawUserIn decodes the members of the user object that it walks (just
// inside its '{') into *u, leaving it on the closing '}'.
//
// The username, global name and avatar hash, when plain strings, share one
// allocation: with bl, the text block of the member list; without, one
// string made for this user, of which the fields are slices. (They belong to
// the same User, so none keeps memory alive that the others do not.)
func rawUserIn(it *rawIter, u *User, bl *memberBlocks, at *jsonPath) error {
	var username, globalName, avatar []byte
	var hasUsername, hasGlobal, hasAvatar bool
	for {
		name, rawName, val, ok := it.member()
		if !ok {
			break
		}
		if s, plain := plainString(val); plain && bl != nil {
			switch string(name) {
			case "username":
				u.Username = bl.str(s)
				continue
			case "discriminator":
				u.Discriminator = bl.str(s)
				continue
			case "global_name":
				u.GlobalName = NonNull(bl.str(s))
				continue
			case "avatar":
				u.Avatar = NonNull(bl.str(s))
				continue
			}
		} else if plain {
			switch string(name) {
			case "username":
				username, hasUsername = s, true
				continue
			case "global_name":
				globalName, hasGlobal = s, true
				continue
			case "avatar":
				avatar, hasAvatar = s, true
				continue
			}
		}
		if err := u.rawField(name, rawName, val, &jsonPath{up: at, name: name}); err != nil {
			return err
		}
	}
	if hasUsername || hasGlobal || hasAvatar {
		var sb strings.Builder
		sb.Grow(len(username) + len(globalName) + len(avatar))
		sb.Write(username)
		sb.Write(globalName)
		sb.Write(avatar)
		all, i := sb.String(), 0
		take := func(n int) string {
			i += n
			return all[i-n : i]
		}
		if hasUsername {
			u.Username = take(len(username))
		}
		if hasGlobal {
			u.GlobalName = NonNull(take(len(globalName)))
		}
		if hasAvatar {
			u.Avatar = NonNull(take(len(avatar)))
		}
	}
	return nil
}

// rawField decodes the value of the member name into u; unknown names go
// to Extra.
func (u *User) rawField(name, rawName, v []byte, at *jsonPath) error {
	switch string(name) {
	case "id":
		return rawSnowflake(v, &u.ID, at)
	case "username":
		return rawString(v, &u.Username, at)
	case "discriminator":
		return rawString(v, &u.Discriminator, at)
	case "global_name":
		return rawNullableString(v, &u.GlobalName, at)
	case "avatar":
		return rawNullableString(v, &u.Avatar, at)
	case "bot":
		return rawOptionalBool(v, &u.Bot, at)
	case "system":
		return rawOptionalBool(v, &u.System, at)
	case "public_flags":
		return rawOptionalInt(v, &u.PublicFlags, at)
	case "banner":
		return rawNullableString(v, &u.account().Banner, at)
	case "accent_color":
		return decodeGeneric(v, &u.account().AccentColor, at)
	case "mfa_enabled":
		return rawOptionalBool(v, &u.account().MFAEnabled, at)
	case "locale":
		return decodeGeneric(v, &u.account().Locale, at)
	case "verified":
		return rawOptionalBool(v, &u.account().Verified, at)
	case "email":
		return rawNullableString(v, &u.account().Email, at)
	case "flags":
		return rawOptionalInt(v, &u.account().Flags, at)
	case "premium_type":
		return rawOptionalInt(v, &u.account().PremiumType, at)
	case "avatar_decoration_data":
		if isNull(v) {
			u.AvatarDecorationData = Null[*AvatarDecoration]()
			return nil
		}
		return decodeGeneric(v, &u.AvatarDecorationData, at)
	case "collectibles":
		return decodeGeneric(v, &u.Collectibles, at)
	case "primary_guild":
		return decodeGeneric(v, &u.PrimaryGuild, at)
	}
	addRawExtra(&u.Extra, rawName, v)
	return nil
}

// rawUserMentions decodes Message.Mentions.
func rawUserMentions(v []byte, p *[]UserMention, at *jsonPath) error {
	it, ok := iterate(v, '[')
	if !ok {
		return decodeGeneric(v, p, at)
	}
	out := []UserMention{}
	for i := 0; ; i++ {
		e, ok := it.next()
		if !ok {
			break
		}
		out = append(out, UserMention{})
		if err := rawUserMention(e, &out[i], &jsonPath{up: at, index: i}); err != nil {
			return err
		}
	}
	*p = out
	return nil
}

// rawUserMention decodes a user object with an optional member key.
func rawUserMention(v []byte, m *UserMention, at *jsonPath) error {
	it, ok := iterate(v, '{')
	if !ok {
		return decodeGeneric(v, m, at)
	}
	for {
		name, rawName, val, ok := it.member()
		if !ok {
			return nil
		}
		var err error
		if string(name) == "member" {
			err = rawMemberPtr(val, &m.Member, &jsonPath{up: at, name: name})
		} else {
			err = m.User.rawField(name, rawName, val, &jsonPath{up: at, name: name})
		}
		if err != nil {
			return err
		}
	}
}

// rawMemberPtr decodes a member object into a new Member.
func rawMemberPtr(v []byte, p **Member, at *jsonPath) error {
	if len(v) == 0 || v[0] != '{' {
		return decodeGeneric(v, p, at)
	}
	*p = new(Member)
	return rawMember(v, *p, at)
}

// rawMember decodes a member object into *m (zero on entry).
func rawMember(v []byte, m *Member, at *jsonPath) error {
	it, ok := iterate(v, '{')
	if !ok {
		return decodeGeneric(v, m, at)
	}
	return rawMemberIn(&it, m, nil, at)
}

// rawMemberIn decodes the members of the member object that it walks (just
// inside its '{') into *m, leaving it on the closing '}'. The user object is
// decoded where it stands, so that each byte is scanned once. With bl (a
// member of a list), the user, the role list and the strings come from the
// list's blocks.
func rawMemberIn(it *rawIter, m *Member, bl *memberBlocks, at *jsonPath) error {
	for {
		name, rawName, ok := it.name()
		if !ok {
			return nil
		}
		if string(name) == "user" && it.b[it.i] == '{' {
			if bl != nil {
				m.User = bl.user()
			} else {
				m.User = new(User)
			}
			sub := it.enter()
			if err := rawUserIn(&sub, m.User, bl, &jsonPath{up: at, name: name}); err != nil {
				return err
			}
			it.leave(&sub)
			continue
		}
		v, path := it.value(), &jsonPath{up: at, name: name}
		var err error
		switch {
		case bl != nil && string(name) == "roles":
			err = rawSnowflakesIn(v, &m.Roles, bl, path)
		case bl != nil && string(name) == "nick" && isPlainString(v):
			m.Nick = NonNull(bl.str(v[1 : len(v)-1]))
		default:
			err = m.rawField(name, rawName, v, path)
		}
		if err != nil {
			return err
		}
	}
}

// rawField decodes the value of the member name into m; unknown names go
// to Extra.
func (m *Member) rawField(name, rawName, v []byte, at *jsonPath) error {
	switch string(name) {
	case "user":
		if v[0] != '{' {
			return decodeGeneric(v, &m.User, at)
		}
		m.User = new(User)
		return rawUser(v, m.User, at)
	case "nick":
		return rawNullableString(v, &m.Nick, at)
	case "avatar":
		return rawNullableString(v, &m.Avatar, at)
	case "banner":
		return rawNullableString(v, &m.Banner, at)
	case "roles":
		return rawSnowflakes(v, &m.Roles, at)
	case "joined_at":
		return rawNullableTimestamp(v, &m.JoinedAt, at)
	case "premium_since":
		return rawNullableTimestamp(v, &m.PremiumSince, at)
	case "deaf":
		return rawOptionalBool(v, &m.Deaf, at)
	case "mute":
		return rawOptionalBool(v, &m.Mute, at)
	case "flags":
		return rawOptionalInt(v, &m.Flags, at)
	case "pending":
		return rawOptionalBool(v, &m.Pending, at)
	case "permissions":
		return decodeGeneric(v, &m.Permissions, at)
	case "communication_disabled_until":
		return rawNullableTimestamp(v, &m.CommunicationDisabledUntil, at)
	case "avatar_decoration_data":
		return decodeGeneric(v, &m.AvatarDecorationData, at)
	}
	addRawExtra(&m.Extra, rawName, v)
	return nil
}
