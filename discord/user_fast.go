package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Fast decoders for User, UserMention and Member as they appear in
// MESSAGE_CREATE (see decode_fast.go for the contract). Each starts from the
// zero value, as a freshly allocated struct does under json v2.

// decodeUserFast decodes a user object into *u; null and other kinds go to
// the generic path.
func decodeUserFast(dec *jsontext.Decoder, u *User) error {
	if dec.PeekKind() != '{' {
		return json.UnmarshalDecode(dec, u)
	}
	*u = User{}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, raw, err := readName(dec)
		if err != nil {
			return err
		}
		if err := u.decodeFieldFast(dec, name, raw); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// decodeFieldFast decodes the value of the member name (raw: as in the
// input) into u; unknown names go to Extra.
func (u *User) decodeFieldFast(dec *jsontext.Decoder, name, raw []byte) error {
	switch string(name) {
	case "id":
		return readSnowflake(dec, &u.ID)
	case "username":
		return readString(dec, &u.Username)
	case "discriminator":
		return readString(dec, &u.Discriminator)
	case "global_name":
		return readNullableString(dec, &u.GlobalName)
	case "avatar":
		return readNullableString(dec, &u.Avatar)
	case "bot":
		return readMethod(dec, &u.Bot)
	case "system":
		return readMethod(dec, &u.System)
	case "public_flags":
		return readMethod(dec, &u.PublicFlags)
	case "banner":
		return readNullableString(dec, &u.Banner)
	case "accent_color":
		return readMethod(dec, &u.AccentColor)
	case "mfa_enabled":
		return readMethod(dec, &u.MFAEnabled)
	case "locale":
		return readMethod(dec, &u.Locale)
	case "verified":
		return readMethod(dec, &u.Verified)
	case "email":
		return readNullableString(dec, &u.Email)
	case "flags":
		return readMethod(dec, &u.Flags)
	case "premium_type":
		return readMethod(dec, &u.PremiumType)
	case "avatar_decoration_data":
		return json.UnmarshalDecode(dec, &u.AvatarDecorationData)
	case "collectibles":
		return json.UnmarshalDecode(dec, &u.Collectibles)
	case "primary_guild":
		return json.UnmarshalDecode(dec, &u.PrimaryGuild)
	}
	return addExtra(dec, &u.Extra, raw)
}

// decodeUserMentionsFast decodes Message.Mentions.
func decodeUserMentionsFast(dec *jsontext.Decoder, s *[]UserMention) error {
	if dec.PeekKind() != '[' {
		return json.UnmarshalDecode(dec, s)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	out := []UserMention{}
	for dec.PeekKind() != ']' {
		out = append(out, UserMention{})
		if err := decodeUserMentionFast(dec, &out[len(out)-1]); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	*s = out
	return nil
}

// decodeUserMentionFast decodes a user object with an optional member key.
func decodeUserMentionFast(dec *jsontext.Decoder, m *UserMention) error {
	if dec.PeekKind() != '{' {
		return json.UnmarshalDecode(dec, m)
	}
	*m = UserMention{}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, raw, err := readName(dec)
		if err != nil {
			return err
		}
		if string(name) == "member" {
			err = decodeMemberPtrFast(dec, &m.Member)
		} else {
			err = m.User.decodeFieldFast(dec, name, raw)
		}
		if err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// decodeMemberPtrFast decodes a member object into a new Member; null and
// other kinds go to the generic path.
func decodeMemberPtrFast(dec *jsontext.Decoder, p **Member) error {
	if dec.PeekKind() != '{' {
		return json.UnmarshalDecode(dec, p)
	}
	m := new(Member)
	*p = m
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, raw, err := readName(dec)
		if err != nil {
			return err
		}
		if err := m.decodeFieldFast(dec, name, raw); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// decodeFieldFast decodes the value of the member name into m; unknown
// names go to Extra.
func (m *Member) decodeFieldFast(dec *jsontext.Decoder, name, raw []byte) error {
	switch string(name) {
	case "user":
		if dec.PeekKind() != '{' {
			return json.UnmarshalDecode(dec, &m.User)
		}
		m.User = new(User)
		return decodeUserFast(dec, m.User)
	case "nick":
		return readNullableString(dec, &m.Nick)
	case "avatar":
		return readNullableString(dec, &m.Avatar)
	case "banner":
		return readNullableString(dec, &m.Banner)
	case "roles":
		return readSnowflakes(dec, &m.Roles)
	case "joined_at":
		return readMethod(dec, &m.JoinedAt)
	case "premium_since":
		return readMethod(dec, &m.PremiumSince)
	case "deaf":
		return readMethod(dec, &m.Deaf)
	case "mute":
		return readMethod(dec, &m.Mute)
	case "flags":
		return readMethod(dec, &m.Flags)
	case "pending":
		return readMethod(dec, &m.Pending)
	case "permissions":
		return readMethod(dec, &m.Permissions)
	case "communication_disabled_until":
		return readMethod(dec, &m.CommunicationDisabledUntil)
	case "avatar_decoration_data":
		return json.UnmarshalDecode(dec, &m.AvatarDecorationData)
	}
	return addExtra(dec, &m.Extra, raw)
}
