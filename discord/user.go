package discord

import "github.com/go-json-experiment/json/jsontext"

// User is a Discord user or bot account (reference: user object). Partial
// users (PRESENCE_UPDATE may send only id) decode with the missing fields at
// their zero values and re-encode without them. Unknown keys are kept in Extra.
// Rarely present sub-objects are pointers so that the struct stays small: a
// GUILD_CREATE holds thousands of users.
type User struct {
	ID            Snowflake           `json:"id"`
	Username      string              `json:"username,omitzero"`
	Discriminator string              `json:"discriminator,omitzero"` // "0" for migrated users
	GlobalName    Nullable[string]    `json:"global_name,omitzero"`
	Avatar        Nullable[string]    `json:"avatar,omitzero"` // hash, or null for the default avatar
	Bot           Optional[bool]      `json:"bot,omitzero"`
	System        Optional[bool]      `json:"system,omitzero"`
	MFAEnabled    Optional[bool]      `json:"mfa_enabled,omitzero"`
	Banner        Nullable[string]    `json:"banner,omitzero"`
	AccentColor   Nullable[int]       `json:"accent_color,omitzero"`
	Locale        Optional[string]    `json:"locale,omitzero"`
	Verified      Optional[bool]      `json:"verified,omitzero"`
	Email         Nullable[string]    `json:"email,omitzero"`
	Flags         Optional[UserFlags] `json:"flags,omitzero"`
	PremiumType   Optional[int]       `json:"premium_type,omitzero"`
	PublicFlags   Optional[UserFlags] `json:"public_flags,omitzero"`

	AvatarDecorationData Nullable[*AvatarDecoration] `json:"avatar_decoration_data,omitzero"`
	Collectibles         jsontext.Value              `json:"collectibles,omitzero"` // raw, null kept
	PrimaryGuild         Nullable[*PrimaryGuild]     `json:"primary_guild,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// IsBot reports whether the account is a bot.
func (u *User) IsBot() bool { return u.Bot.Or(false) }

// DisplayName returns the global name if set, else the username.
func (u *User) DisplayName() string {
	if n, ok := u.GlobalName.Get(); ok && n != "" {
		return n
	}
	return u.Username
}

// Mention returns the "<@id>" mention text.
func (u *User) Mention() string { return "<@" + u.ID.String() + ">" }

// AvatarDecoration is a user's or member's avatar decoration.
type AvatarDecoration struct {
	Asset string              `json:"asset"`
	SKUID Nullable[Snowflake] `json:"sku_id,omitzero"`
	Extra jsontext.Value      `json:",embed"`
}

// PrimaryGuild is the guild tag a user displays.
type PrimaryGuild struct {
	IdentityGuildID Nullable[Snowflake] `json:"identity_guild_id,omitzero"`
	IdentityEnabled Nullable[bool]      `json:"identity_enabled,omitzero"`
	Tag             Nullable[string]    `json:"tag,omitzero"`
	Badge           Nullable[string]    `json:"badge,omitzero"`
	Extra           jsontext.Value      `json:",embed"`
}

// UserMention is a user in Message.Mentions: in guild messages from the
// gateway it carries a partial Member (without user, deaf, mute).
type UserMention struct {
	User
	Member *Member `json:"member,omitzero"`
}
