package cache_test

import (
	"fmt"
	"time"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
)

// The zero Store is ready; feed it events and read values back.
func ExampleStore() {
	var s cache.Store
	bot := discord.User{ID: 1, Username: "bot", Bot: discord.Some(true)}
	s.Apply(&discord.Ready{User: bot, Guilds: []discord.UnavailableGuild{{ID: 10, Unavailable: discord.Some(true)}}})
	s.Apply(&discord.GuildCreate{
		Guild: discord.Guild{ID: 10, Name: "Scurry", OwnerID: 2, Roles: []discord.Role{
			{ID: 10, Name: "@everyone", Permissions: discord.PermissionViewChannel | discord.PermissionSendMessages},
		}},
		Channels: []discord.Channel{{ID: 20, Type: discord.ChannelGuildText, Name: discord.NonNull("general")}},
		Members:  []discord.Member{{User: &bot, Roles: []discord.Snowflake{}}},
	})
	s.Apply(&discord.MessageCreate{GuildID: 10, Message: discord.Message{
		ID: 30, ChannelID: 20, Author: discord.User{ID: 3, Username: "ana"}, Content: "hi"}})

	g, _ := s.Guild(10)
	c, _ := s.Channel(20)
	m, _ := s.Message(20, 30)
	p, _ := s.MemberPermissions(10, 20, 1, time.Now())
	fmt.Println(g.Name, c.Name, m.Author.Username, m.Content)
	fmt.Println(p)
	// Output:
	// Scurry general ana hi
	// VIEW_CHANNEL|SEND_MESSAGES
}

// The permission functions work on plain inputs, without a cache.
func ExampleComputeChannel() {
	s := cache.Subject{
		GuildID: 10, OwnerID: 2, UserID: 5,
		Everyone: discord.PermissionViewChannel | discord.PermissionSendMessages | discord.PermissionEmbedLinks,
		Roles:    []cache.RolePermissions{{ID: 11, Permissions: discord.PermissionAddReactions}},
	}
	readOnly := []discord.PermissionOverwrite{
		{ID: 10, Type: discord.OverwriteRole, Deny: discord.PermissionSendMessages},
	}
	fmt.Println(cache.ComputeChannel(s, discord.ChannelGuildText, readOnly, time.Now()))
	// Output: ADD_REACTIONS|VIEW_CHANNEL
}
