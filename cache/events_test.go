package cache_test

import (
	"testing"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func threadIDs(s *cache.Store, guild discord.Snowflake) []discord.Snowflake {
	var ids []discord.Snowflake
	for _, c := range s.GuildThreads(guild) {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestThreadListSync(t *testing.T) {
	t.Parallel()
	var s cache.Store
	play(t, &s,
		dispatch{"READY", `{"v":10,"user":{"id":"1000","username":"bot"},"guilds":[],"session_id":"s"}`},
		dispatch{"GUILD_CREATE", `{"id":"1","name":"g","owner_id":"2","roles":[],"members":[],
			"channels":[{"id":"10","type":0,"name":"a"},{"id":"11","type":0,"name":"b"}],
			"threads":[
				{"id":"20","type":11,"guild_id":"1","parent_id":"10","name":"t20","thread_metadata":{"archived":false,"auto_archive_duration":60,"locked":false}},
				{"id":"21","type":11,"guild_id":"1","parent_id":"11","name":"t21","thread_metadata":{"archived":false,"auto_archive_duration":60,"locked":false}},
				{"id":"22","type":11,"guild_id":"1","parent_id":"10","name":"t22","thread_metadata":{"archived":true,"auto_archive_duration":60,"locked":false}}]}`},
		dispatch{"MESSAGE_CREATE", `{"id":"90","channel_id":"20","guild_id":"1","author":{"id":"2","username":"x"},"content":"in thread","timestamp":"2026-01-01T00:00:00+00:00","mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"tts":false,"mention_everyone":false,"pinned":false,"type":0}`},
	)
	c, _ := s.Channel(20)
	assert.Equal(t, "message counted in thread", c.Thread.MessageCount, 1)
	assert.Equal(t, "last message", c.LastMessageID, discord.Snowflake(90))

	// Sync of parent 10: active thread 20 is gone, 23 is new; 21 (other
	// parent) and 22 (archived) stay. The bot is a member of 23.
	play(t, &s, dispatch{"THREAD_LIST_SYNC", `{"guild_id":"1","channel_ids":["10"],
		"threads":[{"id":"23","type":11,"guild_id":"1","parent_id":"10","name":"t23","thread_metadata":{"archived":false,"auto_archive_duration":60,"locked":false}}],
		"members":[{"id":"23","user_id":"1000","join_timestamp":"2026-01-01T00:00:00+00:00","flags":0}]}`})
	assert.Equal(t, "threads after sync", threadIDs(&s, 1), []discord.Snowflake{21, 22, 23})
	assert.Equal(t, "messages of a dropped thread are dropped", s.MessageCount(20), 0)
	c, _ = s.Channel(23)
	assert.Equal(t, "joined", c.Thread.Joined, true)
	_, ok := s.Channel(20)
	assert.Equal(t, "dropped thread not found by ID", ok, false)

	// A full sync (no channel_ids) replaces every active thread.
	play(t, &s, dispatch{"THREAD_LIST_SYNC", `{"guild_id":"1","threads":[],"members":[]}`})
	assert.Equal(t, "only the archived thread stays", threadIDs(&s, 1), []discord.Snowflake{22})

	play(t, &s,
		dispatch{"THREAD_CREATE", `{"id":"24","type":12,"guild_id":"1","parent_id":"11","name":"private","thread_metadata":{"archived":false,"auto_archive_duration":60,"locked":false,"invitable":false},"newly_created":true}`},
		dispatch{"THREAD_MEMBER_UPDATE", `{"id":"24","user_id":"1000","join_timestamp":"2026-01-01T00:00:00+00:00","flags":1,"guild_id":"1"}`},
	)
	c, _ = s.Channel(24)
	assert.Equal(t, "THREAD_MEMBER_UPDATE marks the bot joined", c.Thread.Joined, true)
	play(t, &s, dispatch{"THREAD_MEMBERS_UPDATE", `{"id":"24","guild_id":"1","member_count":0,"removed_member_ids":["1000"]}`})
	c, _ = s.Channel(24)
	assert.Equal(t, "removed", c.Thread.Joined, false)
	assert.Equal(t, "member count", c.Thread.MemberCount, 0)
	play(t, &s, dispatch{"THREAD_UPDATE", `{"id":"24","type":12,"guild_id":"1","parent_id":"11","name":"renamed","thread_metadata":{"archived":true,"auto_archive_duration":60,"locked":true}}`})
	c, _ = s.Channel(24)
	assert.Equal(t, "updated", [3]any{c.Name, c.Thread.Archived, c.Thread.Locked}, [3]any{"renamed", true, true})
}

func TestDMChannelsAndPins(t *testing.T) {
	t.Parallel()
	var s cache.Store
	play(t, &s,
		dispatch{"CHANNEL_CREATE", `{"id":"5","type":1,"recipients":[{"id":"7","username":"pal"}],"last_message_id":null}`},
		dispatch{"MESSAGE_CREATE", `{"id":"6","channel_id":"5","author":{"id":"7","username":"pal"},"content":"hi","timestamp":"2026-01-01T00:00:00+00:00","mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"tts":false,"mention_everyone":false,"pinned":false,"type":0}`},
		dispatch{"CHANNEL_PINS_UPDATE", `{"channel_id":"5","last_pin_timestamp":"2026-01-02T00:00:00+00:00"}`},
	)
	c, ok := s.Channel(5)
	assert.Equal(t, "dm cached", ok, true)
	assert.Equal(t, "dm", c, cache.Channel{ID: 5, Type: discord.ChannelDM, Recipients: []discord.Snowflake{7}, LastMessageID: 6, LastPinAt: ts("2026-01-02T00:00:00Z")})
	m, _ := s.Message(5, 6)
	assert.Equal(t, "dm message author", m.Author.Username, "pal")
	play(t, &s, dispatch{"CHANNEL_DELETE", `{"id":"5","type":1}`})
	_, ok = s.Channel(5)
	assert.Equal(t, "dm deleted", ok, false)
	assert.Equal(t, "its messages too", s.MessageCount(5), 0)
}

func TestMembersChunkAndPartialEvents(t *testing.T) {
	t.Parallel()
	var s cache.Store
	play(t, &s,
		dispatch{"GUILD_CREATE", `{"id":"1","name":"g","owner_id":"2","roles":[],"members":[],"channels":[]}`},
		dispatch{"GUILD_MEMBERS_CHUNK", `{"guild_id":"1","chunk_index":0,"chunk_count":1,"not_found":[9],
			"members":[{"user":{"id":"3","username":"c"},"roles":[],"joined_at":"2026-01-01T00:00:00+00:00","deaf":false,"mute":false},
			           {"user":{"id":"4","username":"d"},"roles":[],"joined_at":"2026-01-01T00:00:00+00:00","deaf":false,"mute":false}],
			"presences":[{"user":{"id":"3"},"status":"dnd","activities":[]}]}`},
		// Events for a guild the cache never heard of create nothing.
		dispatch{"MESSAGE_CREATE", `{"id":"6","channel_id":"50","guild_id":"77","author":{"id":"3","username":"c"},"member":{"roles":[]},"content":"x","timestamp":"2026-01-01T00:00:00+00:00","mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"tts":false,"mention_everyone":false,"pinned":false,"type":0}`},
		dispatch{"VOICE_STATE_UPDATE", `{"guild_id":"78","channel_id":"5","user_id":"3","session_id":"v","deaf":false,"mute":false,"self_deaf":false,"self_mute":false,"self_video":false,"suppress":false}`},
	)
	assert.Equal(t, "chunked members", s.MemberCount(1), 2)
	p, _ := s.Presence(1, 3)
	assert.Equal(t, "chunk presence", p.Status, discord.StatusDND)
	assert.Equal(t, "no placeholder guilds", s.GuildIDs(), []discord.Snowflake{1})
}

func TestMemberRareFields(t *testing.T) {
	t.Parallel()
	var s cache.Store
	play(t, &s,
		dispatch{"GUILD_CREATE", `{"id":"1","name":"g","owner_id":"2","roles":[],"channels":[],"members":[
			{"user":{"id":"3","username":"c"},"roles":[],"joined_at":"2026-01-01T00:00:00+00:00","avatar":"gav","banner":"gban",
			 "premium_since":"2025-01-01T00:00:00+00:00","communication_disabled_until":"2027-01-01T00:00:00+00:00","deaf":false,"mute":false}]}`},
	)
	m, _ := s.Member(1, 3)
	assert.Equal(t, "rare fields", [4]any{m.Avatar, m.Banner, m.PremiumSince, m.TimedOutUntil},
		[4]any{"gav", "gban", ts("2025-01-01T00:00:00Z"), ts("2027-01-01T00:00:00Z")})
	play(t, &s, dispatch{"GUILD_MEMBER_UPDATE", `{"guild_id":"1","user":{"id":"3","username":"c"},"roles":[],"avatar":null,"banner":null,
		"premium_since":null,"communication_disabled_until":null,"joined_at":"2026-01-01T00:00:00+00:00"}`})
	m, _ = s.Member(1, 3)
	assert.Equal(t, "cleared", [4]any{m.Avatar, m.Banner, m.PremiumSince, m.TimedOutUntil}, [4]any{"", "", time.Time{}, time.Time{}})
	play(t, &s, dispatch{"GUILD_MEMBER_UPDATE", `{"guild_id":"1","user":{"id":"3","username":"c"},"roles":[],"communication_disabled_until":"2027-01-01T00:00:00+00:00"}`})
	m, _ = s.Member(1, 3)
	assert.Equal(t, "set again", m.TimedOutUntil, ts("2027-01-01T00:00:00Z"))
	assert.Equal(t, "joined kept by a partial update", m.JoinedAt, ts("2026-01-01T00:00:00Z"))
	play(t, &s, dispatch{"GUILD_MEMBER_REMOVE", `{"guild_id":"1","user":{"id":"3","username":"c"}}`},
		dispatch{"GUILD_MEMBER_ADD", `{"guild_id":"1","user":{"id":"3","username":"c"},"roles":[],"joined_at":"2026-02-01T00:00:00+00:00","deaf":false,"mute":false}`})
	m, _ = s.Member(1, 3)
	assert.Equal(t, "rejoined member has no stale rare fields", m.TimedOutUntil, time.Time{})
}
