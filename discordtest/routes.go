package discordtest

import "time"

// routeTable lists every endpoint of the fake: method, path, major
// parameter, bucket (routes naming the same bucket share its hash and quota),
// limit and window, and the handler. Adding an endpoint is one row and one
// handler. Literal segments come before parameters at the same position
// (".../@original" before ".../{message_id}"), as the first match wins.
//
// The limits are Discord's usual values; Discord does not document them and
// clients must read the headers, so tests should not rely on them either
// (Options.RouteWindow and SetRouteLimit change them).
func routeTable() []*route {
	const (
		ch  = "channel_id"
		gd  = "guild_id"
		wh  = "webhook"
		itx = "interaction"
	)
	s5 := 5 * time.Second
	return []*route{
		// gateway, users, application
		{Method: "GET", Path: "/gateway", Bucket: "gateway", Limit: 50, Window: time.Second, Auth: authOptional, Handler: (*Server).getGateway},
		{Method: "GET", Path: "/gateway/bot", Bucket: "gateway.bot", Limit: 50, Window: time.Second, Handler: (*Server).getGatewayBot},
		{Method: "GET", Path: "/users/@me", Bucket: "users.me", Limit: 50, Window: time.Second, Handler: (*Server).getCurrentUser},
		{Method: "POST", Path: "/users/@me/channels", Bucket: "users.me.channels", Limit: 10, Window: s5, Handler: (*Server).createDM},
		{Method: "GET", Path: "/users/{user_id}", Bucket: "users", Limit: 50, Window: time.Second, Handler: (*Server).getUser},
		{Method: "GET", Path: "/applications/@me", Bucket: "applications.me", Limit: 50, Window: time.Second, Handler: (*Server).getApplication},

		// channels
		{Method: "GET", Path: "/channels/{channel_id}", Major: ch, Bucket: "channel.get", Limit: 50, Window: time.Second, Handler: (*Server).getChannel},
		{Method: "PATCH", Path: "/channels/{channel_id}", Major: ch, Bucket: "channel.modify", Limit: 5, Window: s5, Handler: (*Server).modifyChannel},
		{Method: "DELETE", Path: "/channels/{channel_id}", Major: ch, Bucket: "channel.modify", Limit: 5, Window: s5, Handler: (*Server).deleteChannel},
		{Method: "PUT", Path: "/channels/{channel_id}/permissions/{overwrite_id}", Major: ch, Bucket: "channel.permissions", Limit: 5, Window: s5, Handler: (*Server).editOverwrite},
		{Method: "DELETE", Path: "/channels/{channel_id}/permissions/{overwrite_id}", Major: ch, Bucket: "channel.permissions", Limit: 5, Window: s5, Handler: (*Server).deleteOverwrite},
		{Method: "POST", Path: "/channels/{channel_id}/typing", Major: ch, Bucket: "typing", Limit: 5, Window: s5, Handler: (*Server).triggerTyping},

		// messages: reads share one bucket, writes have their own
		{Method: "GET", Path: "/channels/{channel_id}/messages", Major: ch, Bucket: "messages.read", Limit: 5, Window: s5, Handler: (*Server).listMessages},
		{Method: "POST", Path: "/channels/{channel_id}/messages/bulk-delete", Major: ch, Bucket: "messages.bulk", Limit: 1, Window: time.Second, Handler: (*Server).bulkDelete},
		{Method: "POST", Path: "/channels/{channel_id}/messages", Major: ch, Bucket: "messages.create", Limit: 5, Window: s5, Handler: (*Server).createMessage},
		{Method: "GET", Path: "/channels/{channel_id}/messages/{message_id}", Major: ch, Bucket: "messages.read", Limit: 5, Window: s5, Handler: (*Server).getMessage},
		{Method: "PATCH", Path: "/channels/{channel_id}/messages/{message_id}", Major: ch, Bucket: "messages.edit", Limit: 5, Window: s5, Handler: (*Server).editMessage},
		{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}", Major: ch, Bucket: "messages.delete", Limit: 5, Window: time.Second, Handler: (*Server).deleteMessage},

		// reactions: one shared bucket, Discord's famous 1 per 250 ms
		{Method: "PUT", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", Major: ch, Bucket: "reactions", Limit: 1, Window: 250 * time.Millisecond, Handler: (*Server).addReaction},
		{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", Major: ch, Bucket: "reactions", Limit: 1, Window: 250 * time.Millisecond, Handler: (*Server).removeOwnReaction},
		{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}", Major: ch, Bucket: "reactions", Limit: 1, Window: 250 * time.Millisecond, Handler: (*Server).removeUserReaction},
		{Method: "GET", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", Major: ch, Bucket: "reactions", Limit: 1, Window: 250 * time.Millisecond, Handler: (*Server).listReactions},
		{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", Major: ch, Bucket: "reactions", Limit: 1, Window: 250 * time.Millisecond, Handler: (*Server).removeEmojiReactions},
		{Method: "DELETE", Path: "/channels/{channel_id}/messages/{message_id}/reactions", Major: ch, Bucket: "reactions", Limit: 1, Window: 250 * time.Millisecond, Handler: (*Server).removeAllReactions},

		// threads
		{Method: "POST", Path: "/channels/{channel_id}/threads", Major: ch, Bucket: "threads.create", Limit: 10, Window: 10 * time.Second, Handler: (*Server).createThread},
		{Method: "POST", Path: "/channels/{channel_id}/messages/{message_id}/threads", Major: ch, Bucket: "threads.create", Limit: 10, Window: 10 * time.Second, Handler: (*Server).createThread},

		// pins
		{Method: "GET", Path: "/channels/{channel_id}/pins", Major: ch, Bucket: "pins", Limit: 5, Window: s5, Handler: (*Server).listPins},
		{Method: "PUT", Path: "/channels/{channel_id}/pins/{message_id}", Major: ch, Bucket: "pins", Limit: 5, Window: s5, Handler: (*Server).pinMessage},
		{Method: "DELETE", Path: "/channels/{channel_id}/pins/{message_id}", Major: ch, Bucket: "pins", Limit: 5, Window: s5, Handler: (*Server).unpinMessage},
		// pins, current routes (the ones above are deprecated but still served)
		{Method: "GET", Path: "/channels/{channel_id}/messages/pins", Major: ch, Bucket: "pins", Limit: 5, Window: s5, Handler: (*Server).listMessagePins},
		{Method: "PUT", Path: "/channels/{channel_id}/messages/pins/{message_id}", Major: ch, Bucket: "pins", Limit: 5, Window: s5, Handler: (*Server).pinMessage},
		{Method: "DELETE", Path: "/channels/{channel_id}/messages/pins/{message_id}", Major: ch, Bucket: "pins", Limit: 5, Window: s5, Handler: (*Server).unpinMessage},

		// channel webhooks
		{Method: "POST", Path: "/channels/{channel_id}/webhooks", Major: ch, Bucket: "webhooks.create", Limit: 5, Window: s5, Handler: (*Server).createWebhook},
		{Method: "GET", Path: "/channels/{channel_id}/webhooks", Major: ch, Bucket: "webhooks.list", Limit: 5, Window: s5, Handler: (*Server).listChannelWebhooks},

		// guilds
		{Method: "GET", Path: "/guilds/{guild_id}", Major: gd, Bucket: "guild.get", Limit: 5, Window: s5, Handler: (*Server).getGuild},
		{Method: "PATCH", Path: "/guilds/{guild_id}", Major: gd, Bucket: "guild.modify", Limit: 5, Window: s5, Handler: (*Server).modifyGuild},
		{Method: "GET", Path: "/guilds/{guild_id}/channels", Major: gd, Bucket: "guild.channels", Limit: 5, Window: s5, Handler: (*Server).listGuildChannels},
		{Method: "POST", Path: "/guilds/{guild_id}/channels", Major: gd, Bucket: "guild.channels.create", Limit: 5, Window: s5, Handler: (*Server).createGuildChannel},
		{Method: "GET", Path: "/guilds/{guild_id}/members", Major: gd, Bucket: "guild.members.list", Limit: 10, Window: 10 * time.Second, Handler: (*Server).listMembers},
		{Method: "GET", Path: "/guilds/{guild_id}/members/{user_id}", Major: gd, Bucket: "guild.member.get", Limit: 5, Window: s5, Handler: (*Server).getMember},
		{Method: "PATCH", Path: "/guilds/{guild_id}/members/{user_id}", Major: gd, Bucket: "guild.member.modify", Limit: 10, Window: 10 * time.Second, Handler: (*Server).modifyMember},
		{Method: "DELETE", Path: "/guilds/{guild_id}/members/{user_id}", Major: gd, Bucket: "guild.member.kick", Limit: 5, Window: s5, Handler: (*Server).kickMember},
		{Method: "PUT", Path: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", Major: gd, Bucket: "guild.member.roles", Limit: 10, Window: 10 * time.Second, Handler: (*Server).addMemberRole},
		{Method: "DELETE", Path: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", Major: gd, Bucket: "guild.member.roles", Limit: 10, Window: 10 * time.Second, Handler: (*Server).removeMemberRole},
		{Method: "GET", Path: "/guilds/{guild_id}/roles", Major: gd, Bucket: "guild.roles", Limit: 5, Window: s5, Handler: (*Server).listRoles},
		{Method: "POST", Path: "/guilds/{guild_id}/roles", Major: gd, Bucket: "guild.roles.write", Limit: 250, Window: 48 * time.Hour, Handler: (*Server).createRole},
		{Method: "PATCH", Path: "/guilds/{guild_id}/roles/{role_id}", Major: gd, Bucket: "guild.roles.modify", Limit: 5, Window: s5, Handler: (*Server).modifyRole},
		{Method: "DELETE", Path: "/guilds/{guild_id}/roles/{role_id}", Major: gd, Bucket: "guild.roles.modify", Limit: 5, Window: s5, Handler: (*Server).deleteRole},
		{Method: "GET", Path: "/guilds/{guild_id}/bans", Major: gd, Bucket: "guild.bans", Limit: 5, Window: s5, Handler: (*Server).listBans},
		{Method: "GET", Path: "/guilds/{guild_id}/bans/{user_id}", Major: gd, Bucket: "guild.bans", Limit: 5, Window: s5, Handler: (*Server).getBan},
		{Method: "PUT", Path: "/guilds/{guild_id}/bans/{user_id}", Major: gd, Bucket: "guild.bans.write", Limit: 5, Window: s5, Handler: (*Server).createBan},
		{Method: "DELETE", Path: "/guilds/{guild_id}/bans/{user_id}", Major: gd, Bucket: "guild.bans.write", Limit: 5, Window: s5, Handler: (*Server).removeBan},

		// webhooks; /webhooks/{application_id}/{interaction_token}… is the same
		// route (interaction follow-ups), exempt from the global limit
		{Method: "GET", Path: "/webhooks/{webhook_id}", Major: "webhook_id", Bucket: "webhook", Limit: 5, Window: s5, Handler: (*Server).getWebhook},
		{Method: "PATCH", Path: "/webhooks/{webhook_id}", Major: "webhook_id", Bucket: "webhook", Limit: 5, Window: s5, Handler: (*Server).modifyWebhook},
		{Method: "DELETE", Path: "/webhooks/{webhook_id}", Major: "webhook_id", Bucket: "webhook", Limit: 5, Window: s5, Handler: (*Server).deleteWebhook},
		{Method: "POST", Path: "/webhooks/{webhook_id}/{webhook_token}", Major: wh, Bucket: "webhook.execute", Limit: 5, Window: 2 * time.Second, Auth: authOptional, Handler: (*Server).executeWebhook},
		{Method: "GET", Path: "/webhooks/{webhook_id}/{webhook_token}/messages/@original", Major: wh, Bucket: "webhook.messages", Limit: 5, Window: s5, Auth: authOptional, Handler: (*Server).getOriginal},
		{Method: "PATCH", Path: "/webhooks/{webhook_id}/{webhook_token}/messages/@original", Major: wh, Bucket: "webhook.messages", Limit: 5, Window: s5, Auth: authOptional, Handler: (*Server).editOriginal},
		{Method: "DELETE", Path: "/webhooks/{webhook_id}/{webhook_token}/messages/@original", Major: wh, Bucket: "webhook.messages", Limit: 5, Window: s5, Auth: authOptional, Handler: (*Server).deleteOriginal},
		{Method: "GET", Path: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", Major: wh, Bucket: "webhook.messages", Limit: 5, Window: s5, Auth: authOptional, Handler: (*Server).getWebhookMessage},
		{Method: "PATCH", Path: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", Major: wh, Bucket: "webhook.messages", Limit: 5, Window: s5, Auth: authOptional, Handler: (*Server).editWebhookMessage},
		{Method: "DELETE", Path: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", Major: wh, Bucket: "webhook.messages", Limit: 5, Window: s5, Auth: authOptional, Handler: (*Server).deleteWebhookMessage},

		// interactions
		{Method: "POST", Path: "/interactions/{interaction_id}/{interaction_token}/callback", Major: itx, Bucket: "interaction.callback", Limit: 5, Window: s5, Auth: authOptional, NoGlobal: true, Handler: (*Server).interactionCallback},

		// application commands; global and guild share their buckets
		{Method: "GET", Path: "/applications/{application_id}/commands", Bucket: "commands.read", Limit: 5, Window: s5, Handler: (*Server).listCommands},
		{Method: "POST", Path: "/applications/{application_id}/commands", Bucket: "commands.write", Limit: 5, Window: 20 * time.Second, Handler: (*Server).createCommand},
		{Method: "PUT", Path: "/applications/{application_id}/commands", Bucket: "commands.bulk", Limit: 2, Window: 10 * time.Second, Handler: (*Server).bulkCommands},
		{Method: "GET", Path: "/applications/{application_id}/commands/{command_id}", Bucket: "commands.read", Limit: 5, Window: s5, Handler: (*Server).getCommand},
		{Method: "PATCH", Path: "/applications/{application_id}/commands/{command_id}", Bucket: "commands.write", Limit: 5, Window: 20 * time.Second, Handler: (*Server).editCommand},
		{Method: "DELETE", Path: "/applications/{application_id}/commands/{command_id}", Bucket: "commands.write", Limit: 5, Window: 20 * time.Second, Handler: (*Server).deleteCommand},
		{Method: "GET", Path: "/applications/{application_id}/guilds/{guild_id}/commands", Major: gd, Bucket: "commands.read", Limit: 5, Window: s5, Handler: (*Server).listCommands},
		{Method: "POST", Path: "/applications/{application_id}/guilds/{guild_id}/commands", Major: gd, Bucket: "commands.write", Limit: 5, Window: 20 * time.Second, Handler: (*Server).createCommand},
		{Method: "PUT", Path: "/applications/{application_id}/guilds/{guild_id}/commands", Major: gd, Bucket: "commands.bulk", Limit: 2, Window: 10 * time.Second, Handler: (*Server).bulkCommands},
		{Method: "GET", Path: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", Major: gd, Bucket: "commands.read", Limit: 5, Window: s5, Handler: (*Server).getCommand},
		{Method: "PATCH", Path: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", Major: gd, Bucket: "commands.write", Limit: 5, Window: 20 * time.Second, Handler: (*Server).editCommand},
		{Method: "DELETE", Path: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", Major: gd, Bucket: "commands.write", Limit: 5, Window: 20 * time.Second, Handler: (*Server).deleteCommand},
	}
}
