package discord

// MessageFlags are the bits of a message's flags field (reference 4.6).
type MessageFlags uint64

// Message flags.
const (
	MessageFlagCrossposted                      MessageFlags = 1 << 0
	MessageFlagIsCrosspost                      MessageFlags = 1 << 1
	MessageFlagSuppressEmbeds                   MessageFlags = 1 << 2
	MessageFlagSourceMessageDeleted             MessageFlags = 1 << 3
	MessageFlagUrgent                           MessageFlags = 1 << 4
	MessageFlagHasThread                        MessageFlags = 1 << 5
	MessageFlagEphemeral                        MessageFlags = 1 << 6
	MessageFlagLoading                          MessageFlags = 1 << 7
	MessageFlagFailedToMentionSomeRolesInThread MessageFlags = 1 << 8
	MessageFlagSuppressNotifications            MessageFlags = 1 << 12
	MessageFlagIsVoiceMessage                   MessageFlags = 1 << 13
	MessageFlagHasSnapshot                      MessageFlags = 1 << 14
	MessageFlagIsComponentsV2                   MessageFlags = 1 << 15

	// MessageFlagsCreatable are the flags Create Message accepts.
	MessageFlagsCreatable = MessageFlagSuppressEmbeds | MessageFlagSuppressNotifications |
		MessageFlagIsVoiceMessage | MessageFlagIsComponentsV2
	// MessageFlagsInteraction are the flags an interaction response accepts.
	MessageFlagsInteraction = MessageFlagsCreatable | MessageFlagEphemeral
)

var messageFlagNames = []flagName{
	{uint64(MessageFlagCrossposted), "CROSSPOSTED"},
	{uint64(MessageFlagIsCrosspost), "IS_CROSSPOST"},
	{uint64(MessageFlagSuppressEmbeds), "SUPPRESS_EMBEDS"},
	{uint64(MessageFlagSourceMessageDeleted), "SOURCE_MESSAGE_DELETED"},
	{uint64(MessageFlagUrgent), "URGENT"},
	{uint64(MessageFlagHasThread), "HAS_THREAD"},
	{uint64(MessageFlagEphemeral), "EPHEMERAL"},
	{uint64(MessageFlagLoading), "LOADING"},
	{uint64(MessageFlagFailedToMentionSomeRolesInThread), "FAILED_TO_MENTION_SOME_ROLES_IN_THREAD"},
	{uint64(MessageFlagSuppressNotifications), "SUPPRESS_NOTIFICATIONS"},
	{uint64(MessageFlagIsVoiceMessage), "IS_VOICE_MESSAGE"},
	{uint64(MessageFlagHasSnapshot), "HAS_SNAPSHOT"},
	{uint64(MessageFlagIsComponentsV2), "IS_COMPONENTS_V2"},
}

// Has reports whether all bits of x are set.
func (f MessageFlags) Has(x MessageFlags) bool { return f&x == x }

// String renders the set as "EPHEMERAL|IS_COMPONENTS_V2".
func (f MessageFlags) String() string { return formatFlags(uint64(f), messageFlagNames) }

// UserFlags are the bits of a user's flags and public_flags fields.
type UserFlags uint64

// User flags.
const (
	UserFlagStaff                 UserFlags = 1 << 0
	UserFlagPartner               UserFlags = 1 << 1
	UserFlagHypeSquad             UserFlags = 1 << 2
	UserFlagBugHunterLevel1       UserFlags = 1 << 3
	UserFlagHypeSquadOnlineHouse1 UserFlags = 1 << 6
	UserFlagHypeSquadOnlineHouse2 UserFlags = 1 << 7
	UserFlagHypeSquadOnlineHouse3 UserFlags = 1 << 8
	UserFlagPremiumEarlySupporter UserFlags = 1 << 9
	UserFlagTeamPseudoUser        UserFlags = 1 << 10
	UserFlagBugHunterLevel2       UserFlags = 1 << 14
	UserFlagVerifiedBot           UserFlags = 1 << 16
	UserFlagVerifiedDeveloper     UserFlags = 1 << 17
	UserFlagCertifiedModerator    UserFlags = 1 << 18
	UserFlagBotHTTPInteractions   UserFlags = 1 << 19
	UserFlagActiveDeveloper       UserFlags = 1 << 22
)

var userFlagNames = []flagName{
	{uint64(UserFlagStaff), "STAFF"},
	{uint64(UserFlagPartner), "PARTNER"},
	{uint64(UserFlagHypeSquad), "HYPESQUAD"},
	{uint64(UserFlagBugHunterLevel1), "BUG_HUNTER_LEVEL_1"},
	{uint64(UserFlagHypeSquadOnlineHouse1), "HYPESQUAD_ONLINE_HOUSE_1"},
	{uint64(UserFlagHypeSquadOnlineHouse2), "HYPESQUAD_ONLINE_HOUSE_2"},
	{uint64(UserFlagHypeSquadOnlineHouse3), "HYPESQUAD_ONLINE_HOUSE_3"},
	{uint64(UserFlagPremiumEarlySupporter), "PREMIUM_EARLY_SUPPORTER"},
	{uint64(UserFlagTeamPseudoUser), "TEAM_PSEUDO_USER"},
	{uint64(UserFlagBugHunterLevel2), "BUG_HUNTER_LEVEL_2"},
	{uint64(UserFlagVerifiedBot), "VERIFIED_BOT"},
	{uint64(UserFlagVerifiedDeveloper), "VERIFIED_DEVELOPER"},
	{uint64(UserFlagCertifiedModerator), "CERTIFIED_MODERATOR"},
	{uint64(UserFlagBotHTTPInteractions), "BOT_HTTP_INTERACTIONS"},
	{uint64(UserFlagActiveDeveloper), "ACTIVE_DEVELOPER"},
}

// Has reports whether all bits of x are set.
func (f UserFlags) Has(x UserFlags) bool { return f&x == x }

// String renders the set as "VERIFIED_BOT|BOT_HTTP_INTERACTIONS".
func (f UserFlags) String() string { return formatFlags(uint64(f), userFlagNames) }
