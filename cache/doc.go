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
// Memory: the store keeps compact records, not the discord models.
//
//   - Users (users.go) are stored once, shared by every guild's member record
//     and by cached messages (reference-counted; unreferenced users form the
//     MaxUsers LRU, and only they pay for LRU links). A user record is 32
//     bytes: username and global name are one reference into a process-wide
//     string arena (arena.go), the avatar hash is 16 raw bytes plus a kind
//     byte (hash.go; non-canonical text is kept beside it), the discriminator
//     two bytes.
//   - Members (member_record.go) are 24-byte records: the role list (8 bytes,
//     roleset.go), joined_at in Unix microseconds (8), a nickname reference
//     into the guild's string arena (4), the low 16 bits of the member flags
//     (2) and the deaf/mute/pending bits (1). Role lists hold up to eight
//     one-byte codes, in order; a guild numbers the role IDs its members hold
//     (reference-counted, codes reused once free; Discord allows 250 roles
//     and codes go to 254), so no role list is a heap object. Longer lists,
//     or IDs beyond the codes, spill to a per-guild table of packed IDs.
//     Fields few members set (guild avatar and banner, boost and timeout
//     times, flag bits above 15) sit in a per-guild side table.
//   - String arenas store names back to back with a length prefix, in 64 KiB
//     chunks that never move once full; replaced names are garbage until the
//     arena is compacted, which happens when garbage exceeds the live bytes.
//   - Members and users live in paged slabs (slab.go) with their own
//     open-addressing index (index.go, 8 bytes per cell) instead of a Go map
//     and a heap object per entry. Names that repeat across guilds (roles,
//     channels, locales) are interned; times are 8-byte integers.
//
// BenchmarkGuildCreateMemory measures about 161 KB per guild of 1,000
// members, 100 channels and 50 roles (its payloads share users only between
// the first two guilds, so nearly every member brings a new user). A heap
// profile of it splits that roughly into: per member 24 bytes of record and
// 19 of ID and index; per user 32 of record, 26 of names and 21 of ID and
// index (users referred to by members are created pinned and have no LRU
// links); about 32 KB for the channels (128-byte records, voice and DM
// fields behind a pointer; overwrites; the channel-to-guild index), roles
// and guild fields.
//
// Concurrency: Store is safe for concurrent use. Each guild has its own lock,
// and the channel, message and user tables are sharded or separately locked,
// so reading one guild never waits for an event of another.
package cache
