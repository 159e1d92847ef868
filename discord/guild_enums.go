package discord

// VerificationLevel is what a member must satisfy before talking in a guild.
type VerificationLevel int

// Verification levels.
const (
	VerificationNone     VerificationLevel = 0
	VerificationLow      VerificationLevel = 1
	VerificationMedium   VerificationLevel = 2
	VerificationHigh     VerificationLevel = 3
	VerificationVeryHigh VerificationLevel = 4
)

// String returns the reference name or "VerificationLevel(n)".
func (l VerificationLevel) String() string {
	return enumString("VerificationLevel", []string{"NONE", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"}, int(l))
}

// MessageNotificationLevel is a guild's default notification setting.
type MessageNotificationLevel int

// Message notification levels.
const (
	NotifyAllMessages  MessageNotificationLevel = 0
	NotifyOnlyMentions MessageNotificationLevel = 1
)

// String returns the reference name or "MessageNotificationLevel(n)".
func (l MessageNotificationLevel) String() string {
	return enumString("MessageNotificationLevel", []string{"ALL_MESSAGES", "ONLY_MENTIONS"}, int(l))
}

// ExplicitContentFilter says whose media is scanned.
type ExplicitContentFilter int

// Explicit content filter levels.
const (
	ExplicitContentFilterDisabled            ExplicitContentFilter = 0
	ExplicitContentFilterMembersWithoutRoles ExplicitContentFilter = 1
	ExplicitContentFilterAllMembers          ExplicitContentFilter = 2
)

// String returns the reference name or "ExplicitContentFilter(n)".
func (l ExplicitContentFilter) String() string {
	return enumString("ExplicitContentFilter",
		[]string{"DISABLED", "MEMBERS_WITHOUT_ROLES", "ALL_MEMBERS"}, int(l))
}

// MFALevel is a guild's moderation 2FA requirement.
type MFALevel int

// MFA levels.
const (
	MFANone     MFALevel = 0
	MFAElevated MFALevel = 1
)

// String returns the reference name or "MFALevel(n)".
func (l MFALevel) String() string {
	return enumString("MFALevel", []string{"NONE", "ELEVATED"}, int(l))
}

// PremiumTier is a guild's boost level.
type PremiumTier int

// Premium tiers.
const (
	PremiumTierNone PremiumTier = 0
	PremiumTier1    PremiumTier = 1
	PremiumTier2    PremiumTier = 2
	PremiumTier3    PremiumTier = 3
)

// String returns the reference name or "PremiumTier(n)".
func (t PremiumTier) String() string {
	return enumString("PremiumTier", []string{"NONE", "TIER_1", "TIER_2", "TIER_3"}, int(t))
}

// NSFWLevel is a guild's age-restriction level.
type NSFWLevel int

// NSFW levels.
const (
	NSFWDefault       NSFWLevel = 0
	NSFWExplicit      NSFWLevel = 1
	NSFWSafe          NSFWLevel = 2
	NSFWAgeRestricted NSFWLevel = 3
)

// String returns the reference name or "NSFWLevel(n)".
func (l NSFWLevel) String() string {
	return enumString("NSFWLevel", []string{"DEFAULT", "EXPLICIT", "SAFE", "AGE_RESTRICTED"}, int(l))
}
