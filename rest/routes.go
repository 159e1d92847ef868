package rest

// The route table: every endpoint the typed methods call, as data. A new
// endpoint is one row here, one thin method, one fake handler and one test.
// Routes under /webhooks/{application_id}/{interaction_token} and the
// interaction callback are exempt from the global limit.
var (
	RouteGetGatewayBot  = Route{Method: "GET", Path: "/gateway/bot"}
	RouteGetCurrentUser = Route{Method: "GET", Path: "/users/@me"}
	RouteGetUser        = Route{Method: "GET", Path: "/users/{user_id}"}

	RouteGetChannel    = Route{Method: "GET", Path: "/channels/{channel_id}", Major: "channel_id"}
	RouteModifyChannel = Route{Method: "PATCH", Path: "/channels/{channel_id}", Major: "channel_id"}
	RouteDeleteChannel = Route{Method: "DELETE", Path: "/channels/{channel_id}", Major: "channel_id"}

	RouteListMessages      = Route{Method: "GET", Path: "/channels/{channel_id}/messages", Major: "channel_id"}
	RouteGetMessage        = Route{Method: "GET", Path: "/channels/{channel_id}/messages/{message_id}", Major: "channel_id"}
	RouteCreateMessage     = Route{Method: "POST", Path: "/channels/{channel_id}/messages", Major: "channel_id"}
	RouteEditMessage       = Route{Method: "PATCH", Path: "/channels/{channel_id}/messages/{message_id}", Major: "channel_id"}
	RouteDeleteMessage     = Route{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}", Major: "channel_id"}
	RouteBulkDeleteMessage = Route{Method: "POST", Path: "/channels/{channel_id}/messages/bulk-delete", Major: "channel_id"}

	RouteCreateReaction       = Route{Method: "PUT", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", Major: "channel_id"}
	RouteDeleteOwnReaction    = Route{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", Major: "channel_id"}
	RouteDeleteUserReaction   = Route{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}", Major: "channel_id"}
	RouteListReactions        = Route{Method: "GET", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", Major: "channel_id"}
	RouteDeleteAllReactions   = Route{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions", Major: "channel_id"}
	RouteDeleteEmojiReactions = Route{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", Major: "channel_id"}
	RouteListPins             = Route{Method: "GET", Path: "/channels/{channel_id}/messages/pins", Major: "channel_id"}
	RoutePinMessage           = Route{Method: "PUT", Path: "/channels/{channel_id}/messages/pins/{message_id}", Major: "channel_id"}
	RouteUnpinMessage         = Route{Method: "DELETE", Path: "/channels/{channel_id}/messages/pins/{message_id}", Major: "channel_id"}
	RouteTriggerTyping        = Route{Method: "POST", Path: "/channels/{channel_id}/typing", Major: "channel_id"}

	RouteGetGuild          = Route{Method: "GET", Path: "/guilds/{guild_id}", Major: "guild_id"}
	RouteListGuildChannels = Route{Method: "GET", Path: "/guilds/{guild_id}/channels", Major: "guild_id"}

	RouteGetMember        = Route{Method: "GET", Path: "/guilds/{guild_id}/members/{user_id}", Major: "guild_id"}
	RouteListMembers      = Route{Method: "GET", Path: "/guilds/{guild_id}/members", Major: "guild_id"}
	RouteModifyMember     = Route{Method: "PATCH", Path: "/guilds/{guild_id}/members/{user_id}", Major: "guild_id"}
	RouteRemoveMember     = Route{Method: "DELETE", Path: "/guilds/{guild_id}/members/{user_id}", Major: "guild_id"}
	RouteAddMemberRole    = Route{Method: "PUT", Path: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", Major: "guild_id"}
	RouteRemoveMemberRole = Route{Method: "DELETE", Path: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", Major: "guild_id"}
	RouteCreateBan        = Route{Method: "PUT", Path: "/guilds/{guild_id}/bans/{user_id}", Major: "guild_id"}
	RouteRemoveBan        = Route{Method: "DELETE", Path: "/guilds/{guild_id}/bans/{user_id}", Major: "guild_id"}

	RouteListRoles  = Route{Method: "GET", Path: "/guilds/{guild_id}/roles", Major: "guild_id"}
	RouteCreateRole = Route{Method: "POST", Path: "/guilds/{guild_id}/roles", Major: "guild_id"}
	RouteModifyRole = Route{Method: "PATCH", Path: "/guilds/{guild_id}/roles/{role_id}", Major: "guild_id"}
	RouteDeleteRole = Route{Method: "DELETE", Path: "/guilds/{guild_id}/roles/{role_id}", Major: "guild_id"}

	RouteExecuteWebhook = Route{Method: "POST", Path: "/webhooks/{webhook_id}/{webhook_token}", Major: "webhook_id+webhook_token"}

	RouteCreateInteractionResponse = Route{Method: "POST", Path: "/interactions/{interaction_id}/{interaction_token}/callback", Major: "interaction_token", Exempt: true}
	RouteGetOriginalResponse       = Route{Method: "GET", Path: "/webhooks/{application_id}/{interaction_token}/messages/@original", Major: "interaction_token", Exempt: true}
	RouteEditOriginalResponse      = Route{Method: "PATCH", Path: "/webhooks/{application_id}/{interaction_token}/messages/@original", Major: "interaction_token", Exempt: true}
	RouteDeleteOriginalResponse    = Route{Method: "DELETE", Path: "/webhooks/{application_id}/{interaction_token}/messages/@original", Major: "interaction_token", Exempt: true}
	RouteCreateFollowup            = Route{Method: "POST", Path: "/webhooks/{application_id}/{interaction_token}", Major: "interaction_token", Exempt: true}
	RouteGetFollowup               = Route{Method: "GET", Path: "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", Major: "interaction_token", Exempt: true}
	RouteEditFollowup              = Route{Method: "PATCH", Path: "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", Major: "interaction_token", Exempt: true}
	RouteDeleteFollowup            = Route{Method: "DELETE", Path: "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", Major: "interaction_token", Exempt: true}

	RouteListGlobalCommands          = Route{Method: "GET", Path: "/applications/{application_id}/commands"}
	RouteCreateGlobalCommand         = Route{Method: "POST", Path: "/applications/{application_id}/commands"}
	RouteBulkOverwriteGlobalCommands = Route{Method: "PUT", Path: "/applications/{application_id}/commands"}
	RouteDeleteGlobalCommand         = Route{Method: "DELETE", Path: "/applications/{application_id}/commands/{command_id}"}
	RouteListGuildCommands           = Route{Method: "GET", Path: "/applications/{application_id}/guilds/{guild_id}/commands", Major: "guild_id"}
	RouteCreateGuildCommand          = Route{Method: "POST", Path: "/applications/{application_id}/guilds/{guild_id}/commands", Major: "guild_id"}
	RouteBulkOverwriteGuildCommands  = Route{Method: "PUT", Path: "/applications/{application_id}/guilds/{guild_id}/commands", Major: "guild_id"}
	RouteDeleteGuildCommand          = Route{Method: "DELETE", Path: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", Major: "guild_id"}
)

// Routes lists every route in the table, for tests and tools that check it
// against Discord's OpenAPI spec.
var Routes = []Route{
	RouteGetGatewayBot, RouteGetCurrentUser, RouteGetUser,
	RouteGetChannel, RouteModifyChannel, RouteDeleteChannel,
	RouteListMessages, RouteGetMessage, RouteCreateMessage, RouteEditMessage, RouteDeleteMessage, RouteBulkDeleteMessage,
	RouteCreateReaction, RouteDeleteOwnReaction, RouteDeleteUserReaction, RouteListReactions, RouteDeleteAllReactions,
	RouteDeleteEmojiReactions, RouteListPins, RoutePinMessage, RouteUnpinMessage, RouteTriggerTyping,
	RouteGetGuild, RouteListGuildChannels,
	RouteGetMember, RouteListMembers, RouteModifyMember, RouteRemoveMember, RouteAddMemberRole, RouteRemoveMemberRole,
	RouteCreateBan, RouteRemoveBan,
	RouteListRoles, RouteCreateRole, RouteModifyRole, RouteDeleteRole,
	RouteExecuteWebhook,
	RouteCreateInteractionResponse, RouteGetOriginalResponse, RouteEditOriginalResponse, RouteDeleteOriginalResponse,
	RouteCreateFollowup, RouteGetFollowup, RouteEditFollowup, RouteDeleteFollowup,
	RouteListGlobalCommands, RouteCreateGlobalCommand, RouteBulkOverwriteGlobalCommands, RouteDeleteGlobalCommand,
	RouteListGuildCommands, RouteCreateGuildCommand, RouteBulkOverwriteGuildCommands, RouteDeleteGuildCommand,
}
