package cache_test

import (
	"testing"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

const (
	pView    = discord.PermissionViewChannel
	pSend    = discord.PermissionSendMessages
	pHistory = discord.PermissionReadMessageHistory
	pEmbed   = discord.PermissionEmbedLinks
	pAttach  = discord.PermissionAttachFiles
	pTTS     = discord.PermissionSendTtsMessages
	pMention = discord.PermissionMentionEveryone
	pReact   = discord.PermissionAddReactions
	pKick    = discord.PermissionKickMembers
	pAdmin   = discord.PermissionAdministrator
	pConnect = discord.PermissionConnect
	pSpeak   = discord.PermissionSpeak
	pThreads = discord.PermissionSendMessagesInThreads
	pManage  = discord.PermissionManageChannels
)

const (
	guildID discord.Snowflake = 100
	ownerID discord.Snowflake = 1
	userID  discord.Snowflake = 2
	roleA   discord.Snowflake = 10
	roleB   discord.Snowflake = 11
	roleC   discord.Snowflake = 12 // a role the member does not have
)

func subject(everyone discord.Permissions, roles ...cache.RolePermissions) cache.Subject {
	return cache.Subject{GuildID: guildID, OwnerID: ownerID, UserID: userID, Everyone: everyone, Roles: roles}
}

func ow(id discord.Snowflake, typ discord.OverwriteType, allow, deny discord.Permissions) discord.PermissionOverwrite {
	return discord.PermissionOverwrite{ID: id, Type: typ, Allow: allow, Deny: deny}
}

func TestComputeBase(t *testing.T) {
	t.Parallel()
	owner := subject(0)
	owner.UserID = ownerID
	noOwner := subject(pView)
	noOwner.OwnerID = 0
	tests := []struct {
		name string
		s    cache.Subject
		want discord.Permissions
	}{
		{"owner gets everything", owner, discord.PermissionsAll},
		{"everyone only", subject(pView | pSend), pView | pSend},
		{"roles are OR'ed onto everyone", subject(pView, cache.RolePermissions{ID: roleA, Permissions: pSend}, cache.RolePermissions{ID: roleB, Permissions: pKick}), pView | pSend | pKick},
		{"administrator role grants all", subject(pView, cache.RolePermissions{ID: roleA, Permissions: pAdmin}), discord.PermissionsAll},
		{"administrator on everyone grants all", subject(pAdmin), discord.PermissionsAll},
		{"unknown owner does not match user 0", noOwner, pView},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, "base", cache.ComputeBase(tt.s), tt.want)
		})
	}
}

func TestComputeChannelPrecedence(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	withRoles := subject(pView|pSend|pReact,
		cache.RolePermissions{ID: roleA, Permissions: pEmbed},
		cache.RolePermissions{ID: roleB, Permissions: 0})
	tests := []struct {
		name string
		s    cache.Subject
		typ  discord.ChannelType
		ows  []discord.PermissionOverwrite
		want discord.Permissions
	}{
		{"no overwrites keeps base", withRoles, discord.ChannelGuildText, nil, pView | pSend | pReact | pEmbed},
		{"everyone deny", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pReact)}, pView | pSend | pEmbed},
		{"everyone allow", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, pHistory, 0)}, pView | pSend | pReact | pEmbed | pHistory},
		{"role allow beats everyone deny", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pSend), ow(roleA, discord.OverwriteRole, pSend, 0)},
			pView | pSend | pReact | pEmbed},
		{"role allow beats another role's deny (combined, applied once)", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(roleA, discord.OverwriteRole, 0, pSend), ow(roleB, discord.OverwriteRole, pSend, 0)},
			pView | pSend | pReact | pEmbed},
		{"role deny applies", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(roleA, discord.OverwriteRole, 0, pReact)}, pView | pSend | pEmbed},
		{"overwrite of a role the member lacks is ignored", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(roleC, discord.OverwriteRole, 0, pSend|pView)}, pView | pSend | pReact | pEmbed},
		{"member deny beats role allow", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(roleA, discord.OverwriteRole, pHistory, 0), ow(userID, discord.OverwriteMember, 0, pHistory)},
			pView | pSend | pReact | pEmbed},
		{"member allow beats role deny", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(roleA, discord.OverwriteRole, 0, pReact), ow(userID, discord.OverwriteMember, pReact, 0)},
			pView | pSend | pReact | pEmbed},
		{"other member's overwrite ignored", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(999, discord.OverwriteMember, 0, pView)}, pView | pSend | pReact | pEmbed},
		{"member overwrite with a role's ID type is not a member overwrite", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(userID, discord.OverwriteRole, 0, pView)}, pView | pSend | pReact | pEmbed},
		{"administrator bypasses overwrites", subject(pAdmin), discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pView|pSend)}, discord.PermissionsAll},
		{"owner bypasses overwrites", func() cache.Subject { s := subject(0); s.UserID = ownerID; return s }(), discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(ownerID, discord.OverwriteMember, 0, pView)}, discord.PermissionsAll},
		{"no VIEW_CHANNEL means nothing", withRoles, discord.ChannelGuildText,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pView)}, 0},
		{"no SEND_MESSAGES drops mention/tts/attach/embed", subject(pView | pMention | pTTS | pAttach | pEmbed | pReact), discord.ChannelGuildText,
			nil, pView | pReact},
		{"send-dependent kept with SEND_MESSAGES", subject(pView | pSend | pMention | pTTS | pAttach | pEmbed), discord.ChannelGuildText,
			nil, pView | pSend | pMention | pTTS | pAttach | pEmbed},
		{"thread: sending needs SEND_MESSAGES_IN_THREADS", subject(pView | pSend | pEmbed), discord.ChannelPublicThread,
			nil, pView},
		{"thread: SEND_MESSAGES_IN_THREADS allows sending", subject(pView | pThreads | pEmbed), discord.ChannelPrivateThread,
			nil, pView | pThreads | pSend | pEmbed},
		{"thread uses parent overwrites", subject(pView | pThreads), discord.ChannelAnnouncementThread,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pView)}, 0},
		{"voice without CONNECT keeps only view", subject(pView | pSpeak | pManage | pKick), discord.ChannelGuildVoice,
			nil, pView | pKick},
		{"voice with CONNECT keeps voice permissions", subject(pView | pConnect | pSpeak | pManage), discord.ChannelGuildVoice,
			nil, pView | pConnect | pSpeak | pManage},
		{"stage without CONNECT", subject(pView | pManage), discord.ChannelGuildStageVoice,
			[]discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pConnect)}, pView},
		{"text channel ignores CONNECT rule", subject(pView | pManage), discord.ChannelGuildText, nil, pView | pManage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cache.ComputeChannel(tt.s, tt.typ, tt.ows, now)
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestComputeTimeout(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	timed := subject(pView|pSend|pHistory|pKick|pReact, cache.RolePermissions{ID: roleA, Permissions: pEmbed})
	timed.TimedOutUntil = now.Add(time.Minute)
	assert.Equal(t, "guild while timed out", cache.ComputeGuild(timed, now), pView|pHistory)
	assert.Equal(t, "channel while timed out", cache.ComputeChannel(timed, discord.ChannelGuildText, nil, now), pView|pHistory)
	assert.Equal(t, "channel with view denied while timed out",
		cache.ComputeChannel(timed, discord.ChannelGuildText, []discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pView)}, now),
		discord.Permissions(0))

	expired := timed
	expired.TimedOutUntil = now // not in the future
	assert.Equal(t, "timeout ending now no longer applies", cache.ComputeGuild(expired, now), pView|pSend|pHistory|pKick|pReact|pEmbed)

	admin := timed
	admin.Roles = append(admin.Roles, cache.RolePermissions{ID: roleB, Permissions: pAdmin})
	assert.Equal(t, "administrator exempt", cache.ComputeChannel(admin, discord.ChannelGuildText, nil, now), discord.PermissionsAll)
	assert.Equal(t, "administrator exempt (guild)", cache.ComputeGuild(admin, now), discord.PermissionsAll)

	owner := timed
	owner.UserID = ownerID
	assert.Equal(t, "owner exempt", cache.ComputeChannel(owner, discord.ChannelGuildText, nil, now), discord.PermissionsAll)
}

func TestComputeOverwritesAdministrator(t *testing.T) {
	t.Parallel()
	s := subject(0)
	got := cache.ComputeOverwrites(pAdmin, s, []discord.PermissionOverwrite{ow(guildID, discord.OverwriteRole, 0, pAdmin)})
	assert.Equal(t, "admin base", got, discord.PermissionsAll)
}
