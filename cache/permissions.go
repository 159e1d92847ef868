package cache

import (
	"time"

	"github.com/scurrygo/scurry/discord"
)

// Subject is what the permission formula (reference 5.1) needs to know about
// a member and its guild. It is plain data: fill it from any source, cached or
// fetched over REST, and pass it to the Compute functions.
type Subject struct {
	GuildID  discord.Snowflake   // the guild, and so the ID of its @everyone role
	OwnerID  discord.Snowflake   // the guild owner
	UserID   discord.Snowflake   // the member
	Everyone discord.Permissions // permissions of the @everyone role
	// Roles are the member's roles other than @everyone, with their
	// permissions. Roles the member has but that are unknown can be left out;
	// they then grant nothing.
	Roles []RolePermissions
	// TimedOutUntil is the member's communication_disabled_until; zero when
	// not timed out.
	TimedOutUntil time.Time
}

// RolePermissions pairs a role ID with the role's guild-level permissions.
type RolePermissions struct {
	ID          discord.Snowflake
	Permissions discord.Permissions
}

// timeoutAllowed is what a timed-out member keeps.
const timeoutAllowed = discord.PermissionViewChannel | discord.PermissionReadMessageHistory

// sendDependent are ignored without the right to send messages.
const sendDependent = discord.PermissionMentionEveryone | discord.PermissionSendTtsMessages |
	discord.PermissionAttachFiles | discord.PermissionEmbedLinks

// voiceChannelPermissions are the permissions that apply to voice and stage
// channels (the V and S columns of the reference table). Without CONNECT they
// are ignored in such a channel, VIEW_CHANNEL and CONNECT excepted.
const voiceChannelPermissions = discord.PermissionCreateInstantInvite | discord.PermissionManageChannels |
	discord.PermissionAddReactions | discord.PermissionPrioritySpeaker | discord.PermissionStream |
	discord.PermissionSendMessages | discord.PermissionSendTtsMessages |
	discord.PermissionManageMessages | discord.PermissionEmbedLinks | discord.PermissionAttachFiles |
	discord.PermissionReadMessageHistory | discord.PermissionMentionEveryone |
	discord.PermissionUseExternalEmojis | discord.PermissionSpeak |
	discord.PermissionMuteMembers | discord.PermissionDeafenMembers | discord.PermissionMoveMembers |
	discord.PermissionUseVad | discord.PermissionManageRoles | discord.PermissionManageWebhooks |
	discord.PermissionUseApplicationCommands | discord.PermissionRequestToSpeak |
	discord.PermissionManageEvents | discord.PermissionUseExternalStickers |
	discord.PermissionUseEmbeddedActivities | discord.PermissionUseSoundboard |
	discord.PermissionCreateEvents | discord.PermissionUseExternalSounds |
	discord.PermissionSendVoiceMessages | discord.PermissionSetVoiceChannelStatus |
	discord.PermissionSendPolls | discord.PermissionUseExternalApps | discord.PermissionBypassSlowmode

// ComputeBase returns the member's guild-level permissions exactly as base()
// in reference 5.1: everything for the owner; otherwise @everyone OR'ed with
// every role, and everything if that includes ADMINISTRATOR. It ignores
// timeouts; see ComputeGuild.
func ComputeBase(s Subject) discord.Permissions {
	if s.OwnerID != 0 && s.UserID == s.OwnerID {
		return discord.PermissionsAll
	}
	p := s.Everyone
	for _, r := range s.Roles {
		p |= r.Permissions
	}
	if p&discord.PermissionAdministrator != 0 {
		return discord.PermissionsAll
	}
	return p
}

// ComputeOverwrites applies a channel's permission overwrites to base
// permissions, as channel() in reference 5.1: ADMINISTRATOR bypasses them;
// then the @everyone overwrite; then all of the member's role overwrites
// combined (denies, then allows, applied once); then the member's own
// overwrite. Overwrites for roles the member lacks, or for other members,
// are skipped.
func ComputeOverwrites(base discord.Permissions, s Subject, overwrites []discord.PermissionOverwrite) discord.Permissions {
	if base&discord.PermissionAdministrator != 0 {
		return discord.PermissionsAll
	}
	p := base
	var allow, deny discord.Permissions
	var member *discord.PermissionOverwrite
	for i := range overwrites {
		o := &overwrites[i]
		switch {
		case o.Type == discord.OverwriteRole && o.ID == s.GuildID:
			// handled first, below
		case o.Type == discord.OverwriteRole && hasRole(s.Roles, o.ID):
			allow |= o.Allow
			deny |= o.Deny
		case o.Type == discord.OverwriteMember && o.ID == s.UserID:
			member = o
		}
	}
	for i := range overwrites {
		if o := &overwrites[i]; o.Type == discord.OverwriteRole && o.ID == s.GuildID {
			p = p&^o.Deny | o.Allow
			break
		}
	}
	p = p&^deny | allow
	if member != nil {
		p = p&^member.Deny | member.Allow
	}
	return p
}

func hasRole(roles []RolePermissions, id discord.Snowflake) bool {
	for _, r := range roles {
		if r.ID == id {
			return true
		}
	}
	return false
}

// ComputeGuild returns the member's effective guild-level permissions at now:
// ComputeBase, reduced to VIEW_CHANNEL and READ_MESSAGE_HISTORY while the
// member is timed out (owners and administrators are exempt).
func ComputeGuild(s Subject, now time.Time) discord.Permissions {
	p := ComputeBase(s)
	if p&discord.PermissionAdministrator == 0 && timedOut(s, now) {
		p &= timeoutAllowed
	}
	return p
}

func timedOut(s Subject, now time.Time) bool {
	return !s.TimedOutUntil.IsZero() && s.TimedOutUntil.After(now)
}

// ComputeChannel returns the member's effective permissions at now in a
// channel of type channelType with the given overwrites. For a thread, pass
// the thread's type and its parent channel's overwrites: threads have none of
// their own.
//
// On top of ComputeOverwrites it applies, in order (reference 5.1, additional
// rules): owners and ADMINISTRATOR get everything; a timed-out member keeps
// only VIEW_CHANNEL and READ_MESSAGE_HISTORY; without VIEW_CHANNEL nothing is
// left; in a thread, sending is governed by SEND_MESSAGES_IN_THREADS, and the
// result's SEND_MESSAGES bit is set to match it so that
// Has(PermissionSendMessages) answers "can post here"; without the right to
// send, MENTION_EVERYONE, SEND_TTS_MESSAGES, ATTACH_FILES and EMBED_LINKS are
// dropped; in a voice or stage channel without CONNECT, the other
// voice-channel permissions are dropped (VIEW_CHANNEL stays).
//
// Private-thread membership is not considered: seeing a private thread also
// requires being in it or MANAGE_THREADS, which the caller must check.
func ComputeChannel(s Subject, channelType discord.ChannelType, overwrites []discord.PermissionOverwrite, now time.Time) discord.Permissions {
	base := ComputeBase(s)
	if base&discord.PermissionAdministrator != 0 {
		return discord.PermissionsAll
	}
	p := ComputeOverwrites(base, s, overwrites)
	if timedOut(s, now) {
		p &= timeoutAllowed
	}
	if p&discord.PermissionViewChannel == 0 {
		return 0
	}
	if channelType.IsThread() {
		p &^= discord.PermissionSendMessages
		if p&discord.PermissionSendMessagesInThreads != 0 {
			p |= discord.PermissionSendMessages
		}
	}
	if p&discord.PermissionSendMessages == 0 {
		p &^= sendDependent
	}
	if (channelType == discord.ChannelGuildVoice || channelType == discord.ChannelGuildStageVoice) &&
		p&discord.PermissionConnect == 0 {
		p &^= voiceChannelPermissions
	}
	return p
}
