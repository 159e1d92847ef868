package cache_test

import (
	"sync"
	"testing"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestConcurrentReadsWhileApplying runs readers of every getter while writers
// apply events to several guilds. Run with -race; it also checks that the
// final state is what the writers produced.
func TestConcurrentReadsWhileApplying(t *testing.T) {
	t.Parallel()
	s := newStore(t, &cache.Options{MessagesPerChannel: 10, MembersPerGuild: 50, MaxUsers: 20})
	const guilds, rounds = 4, 200
	for g := discord.Snowflake(1); g <= guilds; g++ {
		s.Apply(&discord.GuildCreate{
			Guild:    discord.Guild{ID: g, OwnerID: 1, Roles: []discord.Role{{ID: g, Permissions: discord.PermissionViewChannel}}},
			Channels: []discord.Channel{{ID: g * 100, GuildID: g, Type: discord.ChannelGuildText}},
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for r := 0; r < 4; r++ {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for g := discord.Snowflake(1); g <= guilds; g++ {
					s.Guild(g)
					s.Roles(g)
					s.GuildChannels(g)
					s.Messages(g * 100)
					s.Member(g, 7)
					s.MemberPermissions(g, g*100, 7, now)
					s.Presence(g, 7)
					s.VoiceStates(g)
					for m := range s.GuildMembers(g) {
						_ = m.User.Username
						s.Apply(&discord.TypingStart{GuildID: g}) // calling back into the store is allowed
					}
				}
				s.User(7)
				s.GuildIDs()
			}
		})
	}
	var writers sync.WaitGroup
	for g := discord.Snowflake(1); g <= guilds; g++ {
		writers.Go(func() {
			for i := discord.Snowflake(1); i <= rounds; i++ {
				uid := 1000*g + i%60
				s.Apply(&discord.GuildMemberAdd{GuildID: g, Member: memberOf(uid, g)})
				s.Apply(&discord.MessageCreate{GuildID: g, Member: &discord.Member{Roles: []discord.Snowflake{g}},
					Message: discord.Message{ID: i, ChannelID: g * 100, Author: user(uid)}})
				s.Apply(&discord.MessageReactionAdd{ChannelID: g * 100, MessageID: i, UserID: uid, Emoji: discord.Emoji{Name: discord.NonNull("x")}})
				s.Apply(&discord.PresenceUpdateEvent{Presence: discord.Presence{GuildID: g, User: user(uid), Status: discord.StatusOnline}})
				s.Apply(&discord.GuildRoleUpdate{GuildID: g, Role: discord.Role{ID: g, Permissions: discord.PermissionViewChannel}})
				if i%7 == 0 {
					s.Apply(&discord.GuildMemberRemove{GuildID: g, User: user(uid)})
				}
				s.Apply(&discord.UserUpdate{User: user(7)})
			}
		})
	}
	writers.Wait()
	close(stop)
	readers.Wait()

	for g := discord.Snowflake(1); g <= guilds; g++ {
		assert.Equal(t, "messages bounded", s.MessageCount(g*100), 10)
		if n := s.MemberCount(g); n > 50 {
			t.Fatalf("guild %d: %d members, bound is 50", g, n)
		}
		last, ok := s.Message(g*100, rounds)
		assert.Equal(t, "last message cached", ok, true)
		assert.Equal(t, "reaction counted", last.Reactions[0].Count, 1)
	}
}
