package cache_test

import (
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// dispatch is one scripted gateway dispatch: the t and d of a payload.
type dispatch struct{ t, d string }

// play decodes each dispatch with discord.DecodeEvent, as the gateway does,
// and applies it.
func play(tb testing.TB, s *cache.Store, script ...dispatch) {
	tb.Helper()
	for _, d := range script {
		e, err := discord.DecodeEvent(d.t, jsontext.Value(d.d))
		if err != nil {
			tb.Fatalf("decode %s: %v", d.t, err)
		}
		s.Apply(e)
	}
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

const (
	botID   = 1000
	ownerU  = 2000
	memberU = 3000
)

// The opening of the script: READY, then the guild.
var opening = []dispatch{
	{"READY", `{"v":10,"user":{"id":"1000","username":"scurrybot","discriminator":"0","bot":true,"avatar":null},
		"guilds":[{"id":"1","unavailable":true}],"session_id":"s","resume_gateway_url":"wss://x","application":{"id":"1000","flags":0}}`},
	{"GUILD_CREATE", `{"id":"1","name":"Scurry","icon":"abc","owner_id":"2000","preferred_locale":"en-US",
		"features":["COMMUNITY","NEWS"],"verification_level":1,"afk_timeout":300,"system_channel_id":"100",
		"joined_at":"2024-01-01T00:00:00+00:00","large":false,"member_count":3,
		"roles":[
			{"id":"1","name":"@everyone","color":0,"hoist":false,"position":0,"permissions":"68608","managed":false,"mentionable":false},
			{"id":"10","name":"Mod","color":255,"hoist":true,"position":1,"permissions":"8194","managed":false,"mentionable":true},
			{"id":"11","name":"Muted","color":0,"hoist":false,"position":2,"permissions":"0","managed":false,"mentionable":false}],
		"emojis":[{"id":"50","name":"blob","animated":false,"available":true,"roles":[]}],
		"stickers":[{"id":"60","name":"wave","tags":"wave","type":2,"format_type":1,"available":true,"guild_id":"1"}],
		"channels":[
			{"id":"100","type":0,"name":"general","position":0,"parent_id":"102","topic":null,"nsfw":false,
			 "permission_overwrites":[{"id":"11","type":0,"allow":"0","deny":"2048"}]},
			{"id":"101","type":2,"name":"Voice","position":1,"bitrate":64000,"user_limit":0,"permission_overwrites":[]},
			{"id":"102","type":4,"name":"Text","position":0,"permission_overwrites":[]}],
		"threads":[
			{"id":"200","type":11,"guild_id":"1","parent_id":"100","owner_id":"3000","name":"old thread",
			 "message_count":1,"member_count":2,
			 "thread_metadata":{"archived":false,"auto_archive_duration":60,"archive_timestamp":"2024-01-02T00:00:00+00:00","locked":false},
			 "member":{"join_timestamp":"2024-01-02T00:00:00+00:00","flags":0}}],
		"members":[
			{"user":{"id":"1000","username":"scurrybot","discriminator":"0","bot":true},"roles":[],"joined_at":"2024-01-01T00:00:00+00:00","deaf":false,"mute":false},
			{"user":{"id":"2000","username":"owner","discriminator":"0","global_name":"The Owner","avatar":"a1"},"roles":["10"],"joined_at":"2023-01-01T00:00:00+00:00","deaf":false,"mute":false},
			{"user":{"id":"3000","username":"three","discriminator":"0"},"nick":"Three","roles":["11"],"joined_at":"2023-06-01T00:00:00.123456+00:00","deaf":false,"mute":true,"flags":1}],
		"presences":[
			{"user":{"id":"3000"},"status":"online","activities":[{"name":"Go","type":0}],"client_status":{"desktop":"online"}},
			{"user":{"id":"2000"},"status":"offline","activities":[]}],
		"voice_states":[{"channel_id":"101","user_id":"2000","session_id":"vs","deaf":false,"mute":false,"self_deaf":false,"self_mute":true,"self_video":false,"suppress":false,"request_to_speak_timestamp":null}],
		"stage_instances":[]}`},
}

// The body of the script: updates of every kind.
var body = []dispatch{
	{"CHANNEL_CREATE", `{"id":"103","type":0,"guild_id":"1","name":"news","position":2,"permission_overwrites":[]}`},
	{"CHANNEL_UPDATE", `{"id":"100","type":0,"guild_id":"1","name":"general-chat","position":0,"topic":"hello","parent_id":"102",
		"permission_overwrites":[{"id":"11","type":0,"allow":"0","deny":"2048"},{"id":"3000","type":1,"allow":"0","deny":"64"}]}`},
	{"CHANNEL_DELETE", `{"id":"102","type":4,"guild_id":"1","name":"Text","position":0}`},
	{"GUILD_ROLE_CREATE", `{"guild_id":"1","role":{"id":"12","name":"Helper","color":0,"hoist":false,"position":3,"permissions":"16384","managed":false,"mentionable":false}}`},
	{"GUILD_ROLE_UPDATE", `{"guild_id":"1","role":{"id":"10","name":"Moderator","color":255,"hoist":true,"position":1,"permissions":"8194","managed":false,"mentionable":true}}`},
	{"GUILD_MEMBER_ADD", `{"guild_id":"1","user":{"id":"4000","username":"four","discriminator":"0"},"roles":["11"],"joined_at":"2026-01-01T00:00:00+00:00","deaf":false,"mute":false}`},
	{"GUILD_ROLE_DELETE", `{"guild_id":"1","role_id":"11"}`},
	{"GUILD_MEMBER_UPDATE", `{"guild_id":"1","user":{"id":"3000","username":"three-renamed","discriminator":"0"},"nick":null,"roles":["12"],
		"joined_at":"2023-06-01T00:00:00.123456+00:00","communication_disabled_until":"2030-01-01T00:00:00+00:00","flags":1}`},
	{"GUILD_MEMBER_REMOVE", `{"guild_id":"1","user":{"id":"4000","username":"four","discriminator":"0"}}`},
	{"MESSAGE_CREATE", `{"id":"500","channel_id":"100","guild_id":"1","author":{"id":"3000","username":"three-renamed","discriminator":"0"},
		"member":{"roles":["12"],"joined_at":"2023-06-01T00:00:00.123456+00:00","deaf":false,"mute":true},
		"content":"hello","timestamp":"2026-01-01T10:00:00+00:00","edited_timestamp":null,"tts":false,"mention_everyone":false,
		"mentions":[{"id":"2000","username":"owner","discriminator":"0"}],"mention_roles":[],"attachments":[
		{"id":"700","filename":"a.png","size":10,"url":"https://cdn/a.png","proxy_url":"https://media/a.png","content_type":"image/png"}],
		"embeds":[],"pinned":false,"type":0}`},
	{"MESSAGE_CREATE", `{"id":"501","channel_id":"100","guild_id":"1","author":{"id":"2000","username":"owner","discriminator":"0"},
		"content":"second","timestamp":"2026-01-01T10:01:00+00:00","tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],
		"attachments":[],"embeds":[],"pinned":false,"type":0}`},
	{"MESSAGE_CREATE", `{"id":"502","channel_id":"100","guild_id":"1","author":{"id":"2000","username":"owner","discriminator":"0"},
		"content":"third","timestamp":"2026-01-01T10:02:00+00:00","tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],
		"attachments":[],"embeds":[],"pinned":false,"type":0}`},
	{"MESSAGE_UPDATE", `{"id":"500","channel_id":"100","guild_id":"1","author":{"id":"3000","username":"three-renamed","discriminator":"0"},
		"content":"hello, edited","timestamp":"2026-01-01T10:00:00+00:00","edited_timestamp":"2026-01-01T10:05:00+00:00","tts":false,
		"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[{"title":"e"}],"pinned":true,"type":0}`},
	{"MESSAGE_UPDATE", `{"id":"501","channel_id":"100","guild_id":"1","embeds":[{"title":"x"},{"title":"y"}]}`},
	{"MESSAGE_DELETE", `{"id":"502","channel_id":"100","guild_id":"1"}`},
	{"MESSAGE_REACTION_ADD", `{"user_id":"1000","channel_id":"100","message_id":"500","guild_id":"1","emoji":{"id":null,"name":"👍"},"burst":false,"type":0}`},
	{"MESSAGE_REACTION_ADD", `{"user_id":"3000","channel_id":"100","message_id":"500","guild_id":"1","emoji":{"id":null,"name":"👍"},"burst":false,"type":0}`},
	{"MESSAGE_REACTION_ADD", `{"user_id":"2000","channel_id":"100","message_id":"500","guild_id":"1","emoji":{"id":"50","name":"blob"},"burst":true,"type":1}`},
	{"MESSAGE_REACTION_ADD", `{"user_id":"2000","channel_id":"100","message_id":"500","guild_id":"1","emoji":{"id":null,"name":"🎉"},"burst":false,"type":0}`},
	{"MESSAGE_REACTION_REMOVE", `{"user_id":"3000","channel_id":"100","message_id":"500","guild_id":"1","emoji":{"id":null,"name":"👍"},"burst":false,"type":0}`},
	{"MESSAGE_REACTION_REMOVE_EMOJI", `{"channel_id":"100","guild_id":"1","message_id":"500","emoji":{"id":null,"name":"🎉"}}`},
	{"MESSAGE_REACTION_ADD", `{"user_id":"2000","channel_id":"100","message_id":"501","guild_id":"1","emoji":{"id":null,"name":"🎉"},"burst":false,"type":0}`},
	{"MESSAGE_REACTION_REMOVE_ALL", `{"channel_id":"100","message_id":"501","guild_id":"1"}`},
	{"THREAD_CREATE", `{"id":"201","type":11,"guild_id":"1","parent_id":"103","owner_id":"2000","name":"new thread","message_count":0,"member_count":1,
		"thread_metadata":{"archived":false,"auto_archive_duration":1440,"archive_timestamp":"2026-01-01T00:00:00+00:00","locked":false},"newly_created":true}`},
	{"THREAD_DELETE", `{"id":"200","guild_id":"1","parent_id":"100","type":11}`},
	{"THREAD_MEMBERS_UPDATE", `{"id":"201","guild_id":"1","member_count":2,"added_members":[{"id":"201","user_id":"1000","join_timestamp":"2026-01-01T00:00:00+00:00","flags":0}]}`},
	{"PRESENCE_UPDATE", `{"user":{"id":"3000"},"guild_id":"1","status":"idle","activities":[{"name":"Spotify","type":2,"state":"a song"}],"client_status":{"mobile":"idle"}}`},
	{"PRESENCE_UPDATE", `{"user":{"id":"2000","username":"owner2"},"guild_id":"1","status":"offline","activities":[]}`},
	{"VOICE_STATE_UPDATE", `{"guild_id":"1","channel_id":null,"user_id":"2000","session_id":"vs","deaf":false,"mute":false,"self_deaf":false,"self_mute":false,"self_video":false,"suppress":false}`},
	{"VOICE_STATE_UPDATE", `{"guild_id":"1","channel_id":"101","user_id":"3000","session_id":"vt","deaf":false,"mute":false,"self_deaf":true,"self_mute":true,"self_video":false,"suppress":false,
		"member":{"user":{"id":"3000","username":"three-renamed","discriminator":"0"},"roles":["12"],"joined_at":"2023-06-01T00:00:00.123456+00:00","deaf":false,"mute":true}}`},
	{"GUILD_EMOJIS_UPDATE", `{"guild_id":"1","emojis":[{"id":"51","name":"party","animated":true,"available":true,"roles":["12"]}]}`},
	{"GUILD_STICKERS_UPDATE", `{"guild_id":"1","stickers":[]}`},
	{"USER_UPDATE", `{"id":"1000","username":"scurry","discriminator":"0","bot":true}`},
	{"GUILD_UPDATE", `{"id":"1","name":"Scurry HQ","icon":null,"owner_id":"2000","features":["COMMUNITY"],"verification_level":2,
		"roles":[
			{"id":"1","name":"@everyone","color":0,"hoist":false,"position":0,"permissions":"68608","managed":false,"mentionable":false},
			{"id":"10","name":"Moderator","color":255,"hoist":true,"position":1,"permissions":"8194","managed":false,"mentionable":true},
			{"id":"12","name":"Helper","color":0,"hoist":false,"position":3,"permissions":"16384","managed":false,"mentionable":false}],
		"emojis":[{"id":"51","name":"party","animated":true,"available":true,"roles":["12"]}]}`},
	{"STAGE_INSTANCE_CREATE", `{"id":"900","guild_id":"1","channel_id":"101","topic":"talk","privacy_level":2}`},
	{"STAGE_INSTANCE_UPDATE", `{"id":"900","guild_id":"1","channel_id":"101","topic":"big talk","privacy_level":2}`},
	{"TYPING_START", `{"channel_id":"100","guild_id":"1","user_id":"3000","timestamp":1700000000}`},
	{"SOME_FUTURE_EVENT", `{"guild_id":"1"}`},
}

func TestScriptedWorld(t *testing.T) {
	t.Parallel()
	var s cache.Store // the zero value is ready

	play(t, &s, opening[0])
	g, ok := s.Guild(1)
	assert.Equal(t, "guild known after READY", ok, true)
	assert.Equal(t, "guild after READY", g, cache.Guild{ID: 1, Unavailable: true})
	self, _ := s.Self()
	assert.Equal(t, "self", self, cache.User{ID: botID, Username: "scurrybot", Discriminator: "0", Bot: true})

	play(t, &s, opening[1:]...)
	play(t, &s, body...)

	t.Run("guild", func(t *testing.T) {
		g, ok := s.Guild(1)
		assert.Equal(t, "ok", ok, true)
		assert.Equal(t, "guild", g, cache.Guild{
			ID: 1, Name: "Scurry HQ", OwnerID: ownerU, PreferredLocale: "en-US", Features: []string{"COMMUNITY"},
			VerificationLevel: 2, AFKTimeout: 300, SystemChannelID: 100,
			MemberCount: 3, JoinedAt: ts("2024-01-01T00:00:00Z"),
		})
	})
	t.Run("channels", func(t *testing.T) {
		want := []cache.Channel{
			{ID: 100, GuildID: 1, Type: discord.ChannelGuildText, Name: "general-chat", Topic: "hello", ParentID: 102,
				Overwrites: []discord.PermissionOverwrite{
					{ID: 11, Type: discord.OverwriteRole, Deny: discord.PermissionSendMessages},
					{ID: memberU, Type: discord.OverwriteMember, Deny: discord.PermissionAddReactions}},
				LastMessageID: 502},
			{ID: 101, GuildID: 1, Type: discord.ChannelGuildVoice, Name: "Voice", Position: 1, Bitrate: 64000},
			{ID: 103, GuildID: 1, Type: discord.ChannelGuildText, Name: "news", Position: 2},
		}
		assert.Equal(t, "channels", s.GuildChannels(1), want)
		c, ok := s.Channel(102)
		assert.Equal(t, "deleted channel", ok, false)
		assert.Equal(t, "deleted channel value", c, cache.Channel{})
	})
	t.Run("threads", func(t *testing.T) {
		want := []cache.Channel{{ID: 201, GuildID: 1, Type: discord.ChannelPublicThread, Name: "new thread", ParentID: 103,
			Thread: &cache.Thread{OwnerID: ownerU, AutoArchiveDuration: 1440, ArchivedAt: ts("2026-01-01T00:00:00Z"), MemberCount: 2, Joined: true}}}
		assert.Equal(t, "threads", s.GuildThreads(1), want)
		_, ok := s.Channel(200)
		assert.Equal(t, "deleted thread", ok, false)
	})
	t.Run("roles", func(t *testing.T) {
		want := []cache.Role{
			{ID: 1, GuildID: 1, Name: "@everyone", Permissions: 68608},
			{ID: 10, GuildID: 1, Name: "Moderator", Color: 255, Hoist: true, Mentionable: true, Position: 1, Permissions: 8194},
			{ID: 12, GuildID: 1, Name: "Helper", Position: 3, Permissions: 16384},
		}
		assert.Equal(t, "roles", s.Roles(1), want)
	})
	t.Run("members", func(t *testing.T) {
		m, ok := s.Member(1, memberU)
		assert.Equal(t, "ok", ok, true)
		assert.Equal(t, "member", m, cache.Member{
			GuildID: 1, User: cache.User{ID: memberU, Username: "three-renamed", Discriminator: "0"},
			Roles: []discord.Snowflake{12}, JoinedAt: ts("2023-06-01T00:00:00.123456Z"),
			TimedOutUntil: ts("2030-01-01T00:00:00Z"), Flags: 1, Mute: true,
		})
		owner, _ := s.Member(1, ownerU)
		assert.Equal(t, "owner user (presence merged a username)", owner.User,
			cache.User{ID: ownerU, Username: "owner2", GlobalName: "The Owner", Discriminator: "0", Avatar: "a1"})
		_, ok = s.Member(1, 4000)
		assert.Equal(t, "removed member", ok, false)
		assert.Equal(t, "member count", s.MemberCount(1), 3)
		var ids []discord.Snowflake
		for m := range s.GuildMembers(1) {
			ids = append(ids, m.User.ID)
		}
		assert.Equal(t, "iteration (unbounded: storage order)", ids, []discord.Snowflake{botID, ownerU, memberU})
	})
	t.Run("messages", func(t *testing.T) {
		want := []cache.Message{
			{ID: 500, ChannelID: 100, GuildID: 1, Author: cache.User{ID: memberU, Username: "three-renamed", Discriminator: "0"},
				Content: "hello, edited", Timestamp: ts("2026-01-01T10:00:00Z"), EditedAt: ts("2026-01-01T10:05:00Z"),
				Pinned: true, EmbedCount: 1,
				Reactions: []cache.Reaction{
					{EmojiName: "👍", Count: 1, Me: true},
					{EmojiID: 50, EmojiName: "blob", Count: 1, BurstCount: 1}}},
			{ID: 501, ChannelID: 100, GuildID: 1, Author: cache.User{ID: ownerU, Username: "owner2", GlobalName: "The Owner", Discriminator: "0", Avatar: "a1"},
				Content: "second", Timestamp: ts("2026-01-01T10:01:00Z"), EmbedCount: 2},
		}
		assert.Equal(t, "messages", s.Messages(100), want)
		_, ok := s.Message(100, 502)
		assert.Equal(t, "deleted message", ok, false)
	})
	t.Run("presences and voice", func(t *testing.T) {
		p, ok := s.Presence(1, memberU)
		assert.Equal(t, "ok", ok, true)
		assert.Equal(t, "presence", p, cache.Presence{GuildID: 1, UserID: memberU, Status: "idle", Mobile: "idle",
			Activities: []cache.Activity{{Name: "Spotify", Type: discord.ActivityListening, State: "a song"}}})
		_, ok = s.Presence(1, ownerU)
		assert.Equal(t, "offline presence removed", ok, false)
		assert.Equal(t, "voice states", s.VoiceStates(1), []cache.VoiceState{
			{GuildID: 1, ChannelID: 101, UserID: memberU, SessionID: "vt", SelfDeaf: true, SelfMute: true}})
	})
	t.Run("emojis stickers stages self", func(t *testing.T) {
		assert.Equal(t, "emojis", s.Emojis(1), []cache.Emoji{{ID: 51, Name: "party", Roles: []discord.Snowflake{12}, Animated: true, Available: true}})
		assert.Equal(t, "stickers", s.Stickers(1), []cache.Sticker{})
		assert.Equal(t, "stages", s.StageInstances(1), []cache.StageInstance{{ID: 900, GuildID: 1, ChannelID: 101, Topic: "big talk", PrivacyLevel: 2}})
		self, _ := s.Self()
		assert.Equal(t, "self renamed", self.Username, "scurry")
	})
	t.Run("permissions", func(t *testing.T) {
		now := ts("2026-06-01T00:00:00Z")
		p, ok := s.MemberPermissions(1, 100, memberU, now)
		assert.Equal(t, "ok", ok, true)
		assert.Equal(t, "timed-out member", p, discord.PermissionViewChannel|discord.PermissionReadMessageHistory)
		p, _ = s.MemberPermissions(1, 100, ownerU, now)
		assert.Equal(t, "owner", p, discord.PermissionsAll)
		p, _ = s.MemberPermissions(1, 103, botID, now)
		assert.Equal(t, "bot in news", p, discord.PermissionViewChannel|discord.PermissionSendMessages|discord.PermissionReadMessageHistory)
		p, _ = s.MemberPermissions(1, 201, botID, now)
		assert.Equal(t, "bot in thread (no SEND_MESSAGES_IN_THREADS)", p, discord.PermissionViewChannel|discord.PermissionReadMessageHistory)
		after := ts("2031-01-01T00:00:00Z")
		p, _ = s.MemberPermissions(1, 100, memberU, after)
		// Helper grants EMBED_LINKS; the member overwrite denies ADD_REACTIONS.
		assert.Equal(t, "member after the timeout", p,
			discord.PermissionViewChannel|discord.PermissionSendMessages|discord.PermissionReadMessageHistory|discord.PermissionEmbedLinks)
		_, ok = s.MemberPermissions(1, 999, memberU, now)
		assert.Equal(t, "unknown channel", ok, false)
		gp, _ := s.GuildPermissions(1, memberU, after)
		assert.Equal(t, "guild permissions", gp, discord.Permissions(68608|16384))
	})

	// An outage keeps the data; the next GUILD_CREATE replaces it wholesale.
	play(t, &s, dispatch{"GUILD_DELETE", `{"id":"1","unavailable":true}`})
	g, _ = s.Guild(1)
	assert.Equal(t, "unavailable during outage", g.Unavailable, true)
	assert.Equal(t, "data kept during outage", g.Name, "Scurry HQ")
	play(t, &s, dispatch{"GUILD_CREATE", `{"id":"1","name":"Scurry","owner_id":"2000","member_count":1,
		"roles":[{"id":"1","name":"@everyone","color":0,"hoist":false,"position":0,"permissions":"68608","managed":false,"mentionable":false}],
		"channels":[{"id":"101","type":2,"name":"Voice","position":1,"permission_overwrites":[]}],
		"members":[{"user":{"id":"1000","username":"scurry","discriminator":"0","bot":true},"roles":[],"joined_at":"2024-01-01T00:00:00+00:00","deaf":false,"mute":false}]}`})
	g, _ = s.Guild(1)
	assert.Equal(t, "available again", g.Unavailable, false)
	assert.Equal(t, "channels replaced", len(s.GuildChannels(1)), 1)
	assert.Equal(t, "stale channel forgotten", s.MessageCount(100), 0)
	_, ok = s.Channel(100)
	assert.Equal(t, "stale channel index dropped", ok, false)
	assert.Equal(t, "members replaced", s.MemberCount(1), 1)
	_, ok = s.Presence(1, memberU)
	assert.Equal(t, "presences replaced", ok, false)

	// Removal forgets the guild; users stay only as loose users.
	play(t, &s, dispatch{"GUILD_DELETE", `{"id":"1"}`})
	_, ok = s.Guild(1)
	assert.Equal(t, "removed guild", ok, false)
	assert.Equal(t, "guild count", s.GuildCount(), 0)
	_, ok = s.Channel(101)
	assert.Equal(t, "channels of removed guild", ok, false)
	_, ok = s.User(botID)
	assert.Equal(t, "bot user kept", ok, true)
}
