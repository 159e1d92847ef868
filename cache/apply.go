package cache

import "github.com/scurrygo/scurry/discord"

// Apply updates the cache with one gateway event. Call it for every
// dispatch, in the order received per guild, before the event's handlers run
// (the bot does this). Events the cache does not use return at once, without
// locking or allocating. Apply is safe to call concurrently with readers and
// with other Apply calls; events of one guild must still be applied in order
// for the result to be right.
//
// What each event does:
//   - READY: records the bot user; its guilds become known and unavailable.
//   - GUILD_CREATE: replaces the guild's state wholesale (roles, channels,
//     threads, members, presences, voice states, emojis, stickers, stage
//     instances); with unavailable set, marks the guild unavailable.
//   - GUILD_UPDATE merges the guild's fields; GUILD_DELETE marks it
//     unavailable (outage) or forgets it and its channels' messages (removed).
//   - CHANNEL_*, THREAD_CREATE/UPDATE/DELETE, THREAD_LIST_SYNC (replaces the
//     synced active threads), THREAD_MEMBER_UPDATE and THREAD_MEMBERS_UPDATE
//     (member count and whether the bot is in the thread), CHANNEL_PINS_UPDATE.
//   - GUILD_ROLE_*; a deleted role is also removed from cached members.
//   - GUILD_MEMBER_ADD/UPDATE/REMOVE, GUILD_MEMBERS_CHUNK (with presences).
//   - GUILD_EMOJIS_UPDATE, GUILD_STICKERS_UPDATE, STAGE_INSTANCE_*.
//   - MESSAGE_CREATE (also caches the author and its member), MESSAGE_DELETE,
//     MESSAGE_DELETE_BULK, and the MESSAGE_REACTION_* events, which keep the
//     reaction counts of cached messages (Me tracks the bot's own reactions).
//   - MESSAGE_UPDATE edits cached messages only. One with an author is a
//     whole message and replaces the record (keeping the cached reactions if
//     it carries none); one without is partial, and only what it visibly
//     carries changes: content when not empty, the edit time, embed,
//     component, attachment and mention lists when present, flags.
//   - Ignored: INTERACTION_CREATE (its member and user are not cached),
//     TYPING_START, bans, invites, integrations, scheduled events,
//     soundboard, automod, entitlements, and unknown events.
//   - PRESENCE_UPDATE (offline removes the presence), VOICE_STATE_UPDATE
//     (leaving a channel removes the state), USER_UPDATE.
func (s *Store) Apply(e discord.Event) {
	switch e := e.(type) {
	case *discord.MessageCreate:
		s.messageCreate(e)
	case *discord.PresenceUpdateEvent:
		s.presenceUpdate(&e.Presence)
	case *discord.MessageReactionAdd:
		s.reactionAdd(e)
	case *discord.MessageReactionRemove:
		s.reactionRemove(e)
	case *discord.MessageUpdate:
		s.messageUpdate(e)
	case *discord.MessageDelete:
		s.messageDelete(e.ChannelID, e.ID)
	case *discord.MessageDeleteBulk:
		s.messageDelete(e.ChannelID, e.IDs...)
	case *discord.MessageReactionRemoveAll:
		s.reactionRemoveAll(e)
	case *discord.MessageReactionRemoveEmoji:
		s.reactionRemoveEmoji(e)
	case *discord.GuildMemberAdd:
		s.memberAdd(e)
	case *discord.GuildMemberUpdate:
		s.memberUpdate(e)
	case *discord.GuildMemberRemove:
		s.memberRemove(e)
	case *discord.GuildMembersChunk:
		s.membersChunk(e)
	case *discord.VoiceStateUpdate:
		s.voiceStateUpdate(&e.VoiceState)
	case *discord.ChannelCreate:
		s.channelUpsert(&e.Channel)
	case *discord.ChannelUpdate:
		s.channelUpsert(&e.Channel)
	case *discord.ChannelDelete:
		s.channelDelete(&e.Channel)
	case *discord.ChannelPinsUpdate:
		s.channelPinsUpdate(e)
	case *discord.ThreadCreate:
		s.channelUpsert(&e.Channel)
	case *discord.ThreadUpdate:
		s.channelUpsert(&e.Channel)
	case *discord.ThreadDelete:
		s.channelDelete(&e.Channel)
	case *discord.ThreadListSync:
		s.threadListSync(e)
	case *discord.ThreadMemberUpdate:
		s.threadMemberUpdate(e)
	case *discord.ThreadMembersUpdate:
		s.threadMembersUpdate(e)
	case *discord.GuildRoleCreate:
		s.roleUpsert(e.GuildID, &e.Role)
	case *discord.GuildRoleUpdate:
		s.roleUpsert(e.GuildID, &e.Role)
	case *discord.GuildRoleDelete:
		s.roleDelete(e)
	case *discord.GuildCreate:
		s.guildCreate(e)
	case *discord.GuildUpdate:
		s.guildUpdate(e)
	case *discord.GuildDelete:
		s.guildDelete(e)
	case *discord.GuildEmojisUpdate:
		s.guildEmojisUpdate(e)
	case *discord.GuildStickersUpdate:
		s.guildStickersUpdate(e)
	case *discord.StageInstanceCreate:
		s.stageUpsert(&e.StageInstance)
	case *discord.StageInstanceUpdate:
		s.stageUpsert(&e.StageInstance)
	case *discord.StageInstanceDelete:
		s.stageDelete(&e.StageInstance)
	case *discord.UserUpdate:
		s.updateUser(&e.User)
	case *discord.Ready:
		s.ready(e)
	}
}
