package cache_test

import (
	"fmt"
	"testing"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func newStore(tb testing.TB, o *cache.Options) *cache.Store {
	tb.Helper()
	s, err := cache.New(o)
	assert.Success(tb, err)
	return s
}

func user(id discord.Snowflake) discord.User {
	return discord.User{ID: id, Username: fmt.Sprintf("user%d", id)}
}

func memberOf(id discord.Snowflake, roles ...discord.Snowflake) discord.Member {
	u := user(id)
	return discord.Member{User: &u, Roles: roles}
}

func msg(channel, id, author discord.Snowflake) *discord.MessageCreate {
	return &discord.MessageCreate{GuildID: 1, Message: discord.Message{ID: id, ChannelID: channel, Author: user(author), Content: fmt.Sprint("m", id)}}
}

func messageIDs(s *cache.Store, channel discord.Snowflake) []discord.Snowflake {
	var ids []discord.Snowflake
	for _, m := range s.Messages(channel) {
		ids = append(ids, m.ID)
	}
	return ids
}

func TestMessageRingBound(t *testing.T) {
	t.Parallel()
	s := newStore(t, &cache.Options{MessagesPerChannel: 3, MaxUsers: 1})
	for i := 1; i <= 5; i++ {
		s.Apply(msg(10, discord.Snowflake(i), discord.Snowflake(100+i)))
	}
	assert.Equal(t, "last three kept, oldest first", messageIDs(s, 10), []discord.Snowflake{3, 4, 5})
	// Authors of evicted messages become loose users; MaxUsers 1 keeps the
	// most recently released one.
	for _, id := range []discord.Snowflake{103, 104, 105, 102} {
		_, ok := s.User(id)
		assert.Equal(t, fmt.Sprint("user ", id), ok, id != 101)
	}
	_, ok := s.User(101)
	assert.Equal(t, "evicted loose user", ok, false)
	s.Apply(msg(11, 1, 100))
	assert.Equal(t, "channels are independent", messageIDs(s, 11), []discord.Snowflake{1})
	s.Apply(&discord.MessageDeleteBulk{ChannelID: 10, IDs: []discord.Snowflake{3, 5, 99}})
	assert.Equal(t, "bulk delete", messageIDs(s, 10), []discord.Snowflake{4})
	// Deleting released 103 then 105: with MaxUsers 1, 105 (the most recent)
	// is the loose user kept; 102 and 103 were evicted in turn.
	_, ok = s.User(105)
	assert.Equal(t, "most recently released author kept", ok, true)
	_, ok = s.User(103)
	assert.Equal(t, "earlier released author evicted", ok, false)
	_, ok = s.User(102)
	assert.Equal(t, "older loose user evicted", ok, false)
}

func TestMembersPerGuildEvictsLeastRecentlyTouched(t *testing.T) {
	t.Parallel()
	s := newStore(t, &cache.Options{MembersPerGuild: 2, Disable: cache.ResourceUsers})
	s.Apply(&discord.Ready{User: user(1)})
	gc := &discord.GuildCreate{Guild: discord.Guild{ID: 1, OwnerID: 2}}
	for _, id := range []discord.Snowflake{1, 2, 3, 4} {
		gc.Members = append(gc.Members, memberOf(id))
	}
	s.Apply(gc)
	assert.Equal(t, "bound (plus the bot, never evicted)", s.MemberCount(1), 3)
	for _, id := range []discord.Snowflake{1, 3, 4} {
		_, ok := s.Member(1, id)
		assert.Equal(t, fmt.Sprint("member ", id), ok, true)
	}
	// Touch 3, add 5: 4 is now the least recently touched.
	s.Apply(&discord.GuildMemberUpdate{GuildID: 1, Member: memberOf(3, 7)})
	s.Apply(&discord.GuildMemberAdd{GuildID: 1, Member: memberOf(5)})
	_, ok := s.Member(1, 4)
	assert.Equal(t, "least recently touched evicted", ok, false)
	_, ok = s.Member(1, 3)
	assert.Equal(t, "touched member kept", ok, true)
	_, ok = s.User(4)
	assert.Equal(t, "evicted member's user released (users off)", ok, false)
	// A message by a member touches it.
	s.Apply(&discord.MessageCreate{GuildID: 1, Member: &discord.Member{Roles: []discord.Snowflake{}},
		Message: discord.Message{ID: 9, ChannelID: 5, Author: user(3)}})
	s.Apply(&discord.GuildMemberAdd{GuildID: 1, Member: memberOf(6)})
	_, ok = s.Member(1, 5)
	assert.Equal(t, "5 evicted after 3 spoke", ok, false)
	_, ok = s.Member(1, 1)
	assert.Equal(t, "bot member never evicted", ok, true)
}

func TestDisabledResources(t *testing.T) {
	t.Parallel()
	s := newStore(t, &cache.Options{Disable: cache.ResourceGuilds | cache.ResourceMembers | cache.ResourceMessages |
		cache.ResourcePresences | cache.ResourceVoiceStates | cache.ResourceRoles | cache.ResourceChannels |
		cache.ResourceThreads | cache.ResourceEmojis | cache.ResourceStickers | cache.ResourceStageInstances})
	s.Apply(&discord.GuildCreate{
		Guild:       discord.Guild{ID: 1, Name: "g", Roles: []discord.Role{{ID: 1}}, Emojis: []discord.Emoji{{ID: discord.NonNull[discord.Snowflake](5)}}},
		Members:     []discord.Member{memberOf(2)},
		Channels:    []discord.Channel{{ID: 3, Type: discord.ChannelGuildText}},
		Threads:     []discord.Channel{{ID: 4, Type: discord.ChannelPublicThread}},
		Presences:   []discord.Presence{{User: user(2), Status: discord.StatusOnline}},
		VoiceStates: []discord.VoiceState{{UserID: 2, ChannelID: discord.NonNull[discord.Snowflake](3)}},
	})
	s.Apply(msg(3, 10, 2))
	_, ok := s.Guild(1)
	assert.Equal(t, "guild", ok, false)
	assert.Equal(t, "members", s.MemberCount(1), 0)
	assert.Equal(t, "messages", s.MessageCount(3), 0)
	assert.Equal(t, "presences", s.PresenceCount(1), 0)
	assert.Equal(t, "voice", len(s.VoiceStates(1)), 0)
	assert.Equal(t, "roles", len(s.Roles(1)), 0)
	assert.Equal(t, "channels", len(s.GuildChannels(1))+len(s.GuildThreads(1)), 0)
	assert.Equal(t, "emojis", len(s.Emojis(1)), 0)
	// Users stay on: members and message authors are seen as loose users.
	_, ok = s.User(2)
	assert.Equal(t, "user seen", ok, true)
}

func TestLooseUsersLRU(t *testing.T) {
	t.Parallel()
	s := newStore(t, &cache.Options{MaxUsers: 2, Disable: cache.ResourceMessages})
	for _, id := range []discord.Snowflake{1, 2, 3} {
		s.Apply(msg(9, id, id)) // messages off: authors are loose users
	}
	_, ok := s.User(1)
	assert.Equal(t, "oldest evicted", ok, false)
	s.Apply(msg(9, 4, 2)) // 2 seen again
	s.Apply(msg(9, 5, 4))
	_, ok = s.User(3)
	assert.Equal(t, "least recently seen evicted", ok, false)
	_, ok = s.User(2)
	assert.Equal(t, "recently seen kept", ok, true)
	assert.Equal(t, "count", s.UserCount(), 2)
}

func TestSharedUserRecord(t *testing.T) {
	t.Parallel()
	var s cache.Store
	for g := discord.Snowflake(1); g <= 3; g++ {
		s.Apply(&discord.GuildCreate{Guild: discord.Guild{ID: g}, Members: []discord.Member{memberOf(7)}})
	}
	s.Apply(&discord.UserUpdate{User: discord.User{ID: 7, Username: "renamed"}})
	for g := discord.Snowflake(1); g <= 3; g++ {
		m, _ := s.Member(g, 7)
		assert.Equal(t, "one user record seen by every guild", m.User.Username, "renamed")
	}
	assert.Equal(t, "stored once", s.UserCount(), 1)
	s.Apply(&discord.GuildDelete{UnavailableGuild: discord.UnavailableGuild{ID: 1}})
	s.Apply(&discord.GuildMemberRemove{GuildID: 2, User: user(7)})
	m, ok := s.Member(3, 7)
	assert.Equal(t, "still referenced by guild 3", ok && m.User.Username == "user7", true)
}

func TestGettersReturnCopies(t *testing.T) {
	t.Parallel()
	var s cache.Store
	s.Apply(&discord.GuildCreate{
		Guild:   discord.Guild{ID: 1, Features: []string{"A"}, Roles: []discord.Role{{ID: 1, Name: "@everyone"}}},
		Members: []discord.Member{memberOf(2, 5, 6)},
		Channels: []discord.Channel{{ID: 3, Type: discord.ChannelGuildText,
			PermissionOverwrites: []discord.PermissionOverwrite{{ID: 1, Deny: 1}}}},
	})
	s.Apply(&discord.MessageCreate{GuildID: 1, Message: discord.Message{ID: 4, ChannelID: 3, Author: user(2),
		Mentions: []discord.UserMention{{User: user(9)}}, Attachments: []discord.Attachment{{ID: 8, Filename: "f"}},
		Reactions: []discord.Reaction{{Count: 1, Emoji: discord.Emoji{Name: discord.NonNull("x")}}}}})

	m, _ := s.Member(1, 2)
	m.Roles[0] = 99
	m.User.Username = "changed"
	again, _ := s.Member(1, 2)
	assert.Equal(t, "member roles", again.Roles, []discord.Snowflake{5, 6})
	assert.Equal(t, "member user", again.User.Username, "user2")

	c, _ := s.Channel(3)
	c.Overwrites[0].Deny = 0
	c2, _ := s.Channel(3)
	assert.Equal(t, "overwrites", c2.Overwrites[0].Deny, discord.Permissions(1))

	g, _ := s.Guild(1)
	g.Features[0] = "Z"
	g2, _ := s.Guild(1)
	assert.Equal(t, "features", g2.Features, []string{"A"})

	msgs := s.Messages(3)
	msgs[0].Mentions[0] = 0
	msgs[0].Attachments[0].Filename = "g"
	msgs[0].Reactions[0].Count = 50
	m2, _ := s.Message(3, 4)
	assert.Equal(t, "mentions", m2.Mentions, []discord.Snowflake{9})
	assert.Equal(t, "attachments", m2.Attachments[0].Filename, "f")
	assert.Equal(t, "reactions", m2.Reactions[0].Count, 1)

	// The store does not alias the event either.
	ev := &discord.GuildMemberUpdate{GuildID: 1, Member: memberOf(2, 5)}
	s.Apply(ev)
	ev.Roles[0] = 77
	m3, _ := s.Member(1, 2)
	assert.Equal(t, "event not aliased", m3.Roles, []discord.Snowflake{5})
}

func TestUnknownAndIgnoredEventsAreCheap(t *testing.T) {
	var s cache.Store
	events := []discord.Event{
		&discord.UnknownEvent{Name: "X"},
		&discord.TypingStart{ChannelID: 1, UserID: 2},
		&discord.Resumed{},
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, e := range events {
			s.Apply(e)
		}
	})
	assert.Equal(t, "allocations for ignored events", allocs, 0.0)
	assert.Equal(t, "nothing cached", s.GuildCount()+s.UserCount(), 0)
}
