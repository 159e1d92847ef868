// Package cache keeps Discord state in memory, fed by gateway events.
//
// Entry points:
//
//   - Store: the cache. Its zero value is ready to use with the default
//     policy; New(*Options) picks another. Feed it with Apply(event) for
//     every dispatch, before handlers run; read it with the getters.
//   - Options: per-resource policy. Any resource can be disabled
//     (Options.Disable); messages are a ring per channel
//     (MessagesPerChannel, default 100); members can be bounded per guild
//     (MembersPerGuild, least recently touched evicted, default unbounded);
//     users that no cached member or message refers to form an LRU
//     (MaxUsers, default 10,000).
//   - Getters: Guild, Guilds, GuildIDs, Channel, GuildChannels, GuildThreads,
//     Role, Roles, Member, GuildMembers (iter.Seq), User, Self, Message,
//     Messages, Presence, VoiceState, VoiceStates, Emojis, Stickers,
//     StageInstances, and counts (GuildCount, MemberCount, UserCount,
//     MessageCount, PresenceCount). They return values built for the caller
//     (views.go): changing them never changes the cache.
//   - Permissions: ComputeBase, ComputeOverwrites, ComputeGuild and
//     ComputeChannel implement reference section 5.1 over plain inputs
//     (Subject, overwrites), usable without a cache. Store.Subject,
//     GuildPermissions and MemberPermissions compute them from cached state.
//
// Memory: the store keeps compact records, not the discord models. Each
// user is stored once and shared by every guild's member record (users are
// reference-counted by the members and messages that point at them); role
// lists are packed strings; avatar hashes are 16 raw bytes; names that repeat
// across guilds are interned; times are 8-byte integers; rarely set member
// fields sit behind one pointer. Members and users live in paged slabs with
// their own open-addressing index (8 bytes per cell) instead of a Go map
// and a heap object per entry. BenchmarkGuildCreateMemory measures about
// 236 KB per guild of 1,000 members, 100 channels and 50 roles.
//
// Concurrency: Store is safe for concurrent use. Each guild has its own lock,
// and the channel, message and user tables are sharded or separately locked,
// so reading one guild never waits for an event of another.
package cache
