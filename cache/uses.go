package cache

import "github.com/scurrygo/scurry/discord"

// usedEvents are the dispatch names Apply acts on; a test checks the set
// against Apply's type switch.
var usedEvents = map[string]bool{
	discord.EventReady: true, discord.EventUserUpdate: true,
	discord.EventGuildCreate: true, discord.EventGuildUpdate: true, discord.EventGuildDelete: true,
	discord.EventGuildRoleCreate: true, discord.EventGuildRoleUpdate: true, discord.EventGuildRoleDelete: true,
	discord.EventGuildEmojisUpdate: true, discord.EventGuildStickersUpdate: true,
	discord.EventGuildMemberAdd: true, discord.EventGuildMemberUpdate: true, discord.EventGuildMemberRemove: true,
	discord.EventGuildMembersChunk: true,
	discord.EventChannelCreate:     true, discord.EventChannelUpdate: true, discord.EventChannelDelete: true,
	discord.EventChannelPinsUpdate: true,
	discord.EventThreadCreate:      true, discord.EventThreadUpdate: true, discord.EventThreadDelete: true,
	discord.EventThreadListSync: true, discord.EventThreadMemberUpdate: true, discord.EventThreadMembersUpdate: true,
	discord.EventStageInstanceCreate: true, discord.EventStageInstanceUpdate: true, discord.EventStageInstanceDelete: true,
	discord.EventMessageCreate: true, discord.EventMessageUpdate: true, discord.EventMessageDelete: true,
	discord.EventMessageDeleteBulk:  true,
	discord.EventMessageReactionAdd: true, discord.EventMessageReactionRemove: true,
	discord.EventMessageReactionRemoveAll: true, discord.EventMessageReactionRemoveEmoji: true,
	discord.EventPresenceUpdate: true, discord.EventVoiceStateUpdate: true,
}

// Uses reports whether Apply acts on dispatches of this name. A caller that
// decodes events lazily (the bot, through gateway.Options.Decode) must decode
// at least these for the cache to stay right; Apply ignores the others.
func Uses(name string) bool { return usedEvents[name] }
