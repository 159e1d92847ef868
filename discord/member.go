package discord

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Member is a user's membership of a guild (reference: guild member object).
// User is nil where Discord omits it: MESSAGE_CREATE's member, mentions, and
// interaction resolved data. Deaf and Mute are absent from those partial
// members too, hence Optional. Permissions is only set on members that come
// with an interaction. Unknown keys are kept in Extra. The struct is 256
// bytes (a GUILD_CREATE holds thousands): fields are ordered so that the
// small ones share padding.
type Member struct {
	User                       *User                       `json:"user,omitzero"`
	Nick                       Nullable[string]            `json:"nick,omitzero"`
	Avatar                     Nullable[string]            `json:"avatar,omitzero"`
	Banner                     Nullable[string]            `json:"banner,omitzero"`
	Roles                      []Snowflake                 `json:"roles,omitzero"`
	JoinedAt                   Nullable[Timestamp]         `json:"joined_at,omitzero"`
	PremiumSince               Nullable[Timestamp]         `json:"premium_since,omitzero"`
	Deaf                       Optional[bool]              `json:"deaf,omitzero"`
	Mute                       Optional[bool]              `json:"mute,omitzero"`
	Pending                    Optional[bool]              `json:"pending,omitzero"`
	Flags                      Optional[MemberFlags]       `json:"flags,omitzero"`
	Permissions                Optional[Permissions]       `json:"permissions,omitzero"`
	CommunicationDisabledUntil Nullable[Timestamp]         `json:"communication_disabled_until,omitzero"`
	AvatarDecorationData       Nullable[*AvatarDecoration] `json:"avatar_decoration_data,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// UserID returns the member's user ID, or 0 when User is absent.
func (m *Member) UserID() Snowflake {
	if m.User == nil {
		return 0
	}
	return m.User.ID
}

// TimedOutAt reports whether the member is timed out at t
// (communication_disabled_until lies after t).
func (m *Member) TimedOutAt(t time.Time) bool {
	until, ok := m.CommunicationDisabledUntil.Get()
	return ok && until.Time().After(t)
}

// HasRole reports whether the member has the role.
func (m *Member) HasRole(id Snowflake) bool {
	for _, r := range m.Roles {
		if r == id {
			return true
		}
	}
	return false
}

// MemberFlags are the bits of a member's flags field.
type MemberFlags uint64

// Member flags.
const (
	MemberFlagDidRejoin                    MemberFlags = 1 << 0
	MemberFlagCompletedOnboarding          MemberFlags = 1 << 1
	MemberFlagBypassesVerification         MemberFlags = 1 << 2
	MemberFlagStartedOnboarding            MemberFlags = 1 << 3
	MemberFlagIsGuest                      MemberFlags = 1 << 4
	MemberFlagStartedHomeActions           MemberFlags = 1 << 5
	MemberFlagCompletedHomeActions         MemberFlags = 1 << 6
	MemberFlagAutomodQuarantinedUsername   MemberFlags = 1 << 7
	MemberFlagDMSettingsUpsellAcknowledged MemberFlags = 1 << 9
	MemberFlagAutomodQuarantinedGuildTag   MemberFlags = 1 << 10
)

var memberFlagNames = []flagName{
	{uint64(MemberFlagDidRejoin), "DID_REJOIN"},
	{uint64(MemberFlagCompletedOnboarding), "COMPLETED_ONBOARDING"},
	{uint64(MemberFlagBypassesVerification), "BYPASSES_VERIFICATION"},
	{uint64(MemberFlagStartedOnboarding), "STARTED_ONBOARDING"},
	{uint64(MemberFlagIsGuest), "IS_GUEST"},
	{uint64(MemberFlagStartedHomeActions), "STARTED_HOME_ACTIONS"},
	{uint64(MemberFlagCompletedHomeActions), "COMPLETED_HOME_ACTIONS"},
	{uint64(MemberFlagAutomodQuarantinedUsername), "AUTOMOD_QUARANTINED_USERNAME"},
	{uint64(MemberFlagDMSettingsUpsellAcknowledged), "DM_SETTINGS_UPSELL_ACKNOWLEDGED"},
	{uint64(MemberFlagAutomodQuarantinedGuildTag), "AUTOMOD_QUARANTINED_GUILD_TAG"},
}

// Has reports whether all bits of x are set.
func (f MemberFlags) Has(x MemberFlags) bool { return f&x == x }

// String renders the set as "DID_REJOIN|COMPLETED_ONBOARDING".
func (f MemberFlags) String() string { return formatFlags(uint64(f), memberFlagNames) }
