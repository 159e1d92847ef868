package discord

import "github.com/go-json-experiment/json/jsontext"

// User is a Discord user or bot account (reference: user object). Partial
// users (PRESENCE_UPDATE may send only id) decode with the missing fields at
// their zero values and re-encode without them. Unknown keys are kept in Extra.
//
// A GUILD_CREATE holds thousands of users, so the struct is kept small (200
// bytes): rarely present sub-objects are pointers, and the fields Discord
// sends only in a full user object (the bot's own user, OAuth2 users, GET
// /users/{id}) live in Account, which is nil when none of them came.
type User struct {
	ID                   Snowflake                   `json:"id"`
	Username             string                      `json:"username,omitzero"`
	Discriminator        string                      `json:"discriminator,omitzero"` // "0" for migrated users
	GlobalName           Nullable[string]            `json:"global_name,omitzero"`
	Avatar               Nullable[string]            `json:"avatar,omitzero"` // hash, or null for the default avatar
	Bot                  Optional[bool]              `json:"bot,omitzero"`
	System               Optional[bool]              `json:"system,omitzero"`
	PublicFlags          Optional[UserFlags]         `json:"public_flags,omitzero"`
	AvatarDecorationData Nullable[*AvatarDecoration] `json:"avatar_decoration_data,omitzero"`
	Collectibles         jsontext.Value              `json:"collectibles,omitzero"` // raw, null kept
	PrimaryGuild         Nullable[*PrimaryGuild]     `json:"primary_guild,omitzero"`

	// Account holds the keys of a full user object; nil when the object had
	// none of them (member lists, message authors, mentions). Its fields are
	// members of the user object on the wire, not a nested object.
	Account *UserAccount `json:",embed"`

	Extra jsontext.Value `json:",embed"`
}

// UserAccount is the part of a user object that Discord sends only for a
// full user: the profile (banner, accent_color: GET /users/{id}, the current
// user) and the account's own settings (the bot's user in READY and
// USER_UPDATE, GET /users/@me, and users seen through OAuth2 with the
// identify or email scope). Each field is absent unless its key came.
type UserAccount struct {
	Banner      Nullable[string]    `json:"banner,omitzero"`
	AccentColor Nullable[int]       `json:"accent_color,omitzero"`
	MFAEnabled  Optional[bool]      `json:"mfa_enabled,omitzero"`
	Verified    Optional[bool]      `json:"verified,omitzero"`
	Locale      Optional[string]    `json:"locale,omitzero"`
	Email       Nullable[string]    `json:"email,omitzero"`
	Flags       Optional[UserFlags] `json:"flags,omitzero"`
	PremiumType Optional[int]       `json:"premium_type,omitzero"`
}

// account returns u.Account, allocating it if nil.
func (u *User) account() *UserAccount {
	if u.Account == nil {
		u.Account = new(UserAccount)
	}
	return u.Account
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
