package main

import "strings"

// Names of package rest's typed methods, by operationId. An operation not
// listed is named camel(operationId): create_dm -> CreateDM. The entries
// either keep the name of a method that existed before generation (callers
// depend on it; the method stays hand-written when rest declares it) or read
// better than the spec's identifier, following Discord's documentation.
var restMethodNames = map[string]string{
	// kept from the hand-written client
	"get_bot_gateway":                       "GatewayBot",
	"get_my_user":                           "CurrentUser",
	"update_channel":                        "ModifyChannel",
	"update_message":                        "EditMessage",
	"trigger_typing_indicator":              "TriggerTyping",
	"add_my_message_reaction":               "AddReaction",
	"delete_my_message_reaction":            "RemoveOwnReaction",
	"delete_user_message_reaction":          "RemoveUserReaction",
	"delete_all_message_reactions_by_emoji": "RemoveEmojiReactions",
	"delete_all_message_reactions":          "RemoveAllReactions",
	"list_message_reactions_by_emoji":       "ListReactions",
	"create_pin":                            "PinMessage",
	"delete_pin":                            "UnpinMessage",
	"get_guild_member":                      "GetMember",
	"list_guild_members":                    "ListMembers",
	"update_guild_member":                   "ModifyMember",
	"delete_guild_member":                   "KickMember",
	"add_guild_member_role":                 "AddMemberRole",
	"delete_guild_member_role":              "RemoveMemberRole",
	"ban_user_from_guild":                   "BanMember",
	"unban_user_from_guild":                 "UnbanMember",
	"list_guild_roles":                      "ListRoles",
	"create_guild_role":                     "CreateRole",
	"update_guild_role":                     "ModifyRole",
	"delete_guild_role":                     "DeleteRole",
	"list_application_commands":             "ListGlobalCommands",
	"create_application_command":            "CreateGlobalCommand",
	"bulk_set_application_commands":         "BulkOverwriteGlobalCommands",
	"delete_application_command":            "DeleteGlobalCommand",
	"list_guild_application_commands":       "ListGuildCommands",
	"create_guild_application_command":      "CreateGuildCommand",
	"bulk_set_guild_application_commands":   "BulkOverwriteGuildCommands",
	"delete_guild_application_command":      "DeleteGuildCommand",

	// clearer than the spec's identifier
	"applications_get_activity_instance": "GetActivityInstance",
	"get_application_command":            "GetGlobalCommand",
	"update_application_command":         "EditGlobalCommand",
	"get_guild_application_command":      "GetGuildCommand",
	"update_guild_application_command":   "EditGuildCommand",
	"invite_revoke":                      "DeleteInvite",
	"invite_resolve":                     "GetInvite",
	"poll_expire":                        "EndPoll",
	"thread_search":                      "SearchThreads",
	"guild_search":                       "SearchGuildMessages",
	"get_guilds_onboarding":              "GetGuildOnboarding",
	"put_guilds_onboarding":              "UpdateGuildOnboarding",
	"get_guild_webhooks":                 "ListGuildWebhooks",
	"get_entitlements":                   "ListEntitlements",
	"guild_role_member_counts":           "GetGuildRoleMemberCounts",
	"get_sku_subscriptions":              "ListSKUSubscriptions",
	"get_lobby_messages":                 "ListLobbyMessages",
	"deprecated_list_pins":               "ListPinsDeprecated",
	"deprecated_create_pin":              "PinMessageDeprecated",
	"deprecated_delete_pin":              "UnpinMessageDeprecated",

	// Discord's documentation says "Current" where the spec says "my", and
	// has its own names for a few operations
	"get_my_application":                                "GetCurrentApplication",
	"update_my_application":                             "EditCurrentApplication",
	"update_application":                                "EditApplication",
	"get_my_oauth2_authorization":                       "GetCurrentAuthorization",
	"get_my_oauth2_application":                         "GetCurrentBotApplication",
	"update_my_user":                                    "ModifyCurrentUser",
	"list_my_guilds":                                    "ListCurrentUserGuilds",
	"get_my_guild_member":                               "GetCurrentUserGuildMember",
	"list_my_connections":                               "ListCurrentUserConnections",
	"update_my_guild_member":                            "ModifyCurrentMember",
	"update_self_voice_state":                           "ModifyCurrentUserVoiceState",
	"update_voice_state":                                "ModifyUserVoiceState",
	"list_my_private_archived_threads":                  "ListJoinedPrivateArchivedThreads",
	"set_channel_permission_overwrite":                  "EditChannelPermissions",
	"delete_channel_permission_overwrite":               "DeleteChannelPermission",
	"list_guild_audit_log_entries":                      "GetGuildAuditLog",
	"preview_prune_guild":                               "GetGuildPruneCount",
	"prune_guild":                                       "BeginGuildPrune",
	"bulk_update_guild_channels":                        "ModifyGuildChannelPositions",
	"bulk_update_guild_roles":                           "ModifyGuildRolePositions",
	"update_voice_channel_status":                       "SetVoiceChannelStatus",
	"update_webhook_message":                            "EditWebhookMessage",
	"update_original_webhook_message":                   "EditOriginalWebhookMessage",
	"update_invite_target_users":                        "UpdateInviteTargetUsers",
	"update_lobby_message_external_moderation_metadata": "UpdateLobbyMessageModerationMetadata",
	"update_user_message_external_moderation_metadata":  "UpdateUserMessageModerationMetadata",
	"update_application_user_role_connection":           "UpdateCurrentUserApplicationRoleConnection",
	"update_application_role_connections_metadata":      "UpdateApplicationRoleConnectionMetadata",
	"update_guild_incident_actions":                     "ModifyGuildIncidentActions",
}

// restMethodName is the Go method name of an operation. Without an entry,
// update_x reads ModifyX, as Discord's documentation names its PATCH
// operations.
func restMethodName(opID string) string {
	if n := restMethodNames[opID]; n != "" {
		return n
	}
	if rest, ok := strings.CutPrefix(opID, "update_"); ok {
		return "Modify" + camel(rest)
	}
	return camel(opID)
}

// restResultTypes maps the response unions of the spec (as describe renders
// them) to the one Go type that decodes every variant.
var restResultTypes = map[string]string{
	"GuildChannel|PrivateChannel|PrivateGroupChannel|Thread":                        "Channel",
	"PrivateChannel|PrivateGroupChannel":                                            "Channel",
	"ApplicationIncomingWebhook|ChannelFollowerWebhook|GuildIncomingWebhook":        "Webhook",
	"FriendInvite|GroupDMInvite|Invite":                                             "Invite",
	"DefaultKeywordRule|KeywordRule|MLSpamRule|MentionSpamRule|UserProfileRule":     "AutoModRule",
	"ExternalScheduledEvent|StageScheduledEvent|VoiceScheduledEvent":                "GuildScheduledEvent",
	"DiscordIntegration|ExternalConnectionIntegration|GuildSubscriptionIntegration": "Integration",
	"Sticker|Sticker": "Sticker",
}

// restResource groups operations into files and doc.go sections: the first
// path segment, plus the first literal segment after a parameter
// (/guilds/{guild_id}/members/... -> guilds_members).
func restResource(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	res := segs[0]
	for i := 1; i < len(segs); i++ {
		if strings.HasPrefix(segs[i-1], "{") && !strings.HasPrefix(segs[i], "{") && !strings.HasPrefix(segs[i], "@") {
			res += "_" + segs[i]
			break
		}
	}
	res = strings.NewReplacer("-", "_", ".", "_").Replace(res)
	switch res {
	case "guilds_widget_json", "guilds_widget_png":
		res = "guilds_widget"
	case "channels_thread_members", "channels_users":
		res = "channels_threads"
	case "channels_recipients", "channels_voice_status", "channels_send_soundboard_sound", "channels_followers", "channels_typing":
		res = "channels"
	case "channels_pins", "channels_polls":
		res = "channels_messages"
	case "guilds_voice_states", "guilds_regions", "guilds_vanity_url", "guilds_preview", "guilds_prune",
		"guilds_incident_actions", "guilds_new_member_welcome", "guilds_onboarding", "guilds_welcome_screen",
		"guilds_requests", "guilds_audit_logs", "guilds_bulk_ban", "guilds_bans":
		res = "guilds_admin"
	}
	return res
}

// restNoReason lists non-GET operations under /guilds, /channels and
// /webhooks/{id} that Discord does not document as taking an
// X-Audit-Log-Reason header; every other non-GET operation there does.
var restNoReason = map[string]bool{
	"create_message": true, "update_message": true, "trigger_typing_indicator": true,
	"add_my_message_reaction": true, "delete_my_message_reaction": true, "delete_user_message_reaction": true,
	"delete_all_message_reactions": true, "delete_all_message_reactions_by_emoji": true,
	"crosspost_message": true, "poll_expire": true, "join_thread": true, "leave_thread": true,
	"add_thread_member": true, "delete_thread_member": true, "send_soundboard_sound": true,
	"add_group_dm_user": true, "delete_group_dm_user": true, "follow_channel": true,
	"update_my_guild_member": true, "update_self_voice_state": true, "update_voice_state": true,
	"bulk_delete_messages": false,
}

// restTakesReason reports whether an operation sends an audit-log reason.
func restTakesReason(op Operation) bool {
	if op.Method == "GET" || restNoReason[op.OperationID] {
		return false
	}
	p := op.Path
	switch {
	case strings.HasPrefix(p, "/guilds/{guild_id}"), strings.HasPrefix(p, "/channels/{channel_id}"),
		strings.HasPrefix(p, "/stage-instances"):
		return true
	case strings.HasPrefix(p, "/webhooks/{webhook_id}") && !strings.Contains(p, "{webhook_token}"):
		return true
	}
	return false
}
