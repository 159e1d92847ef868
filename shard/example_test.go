package shard_test

import (
	"context"
	"fmt"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// Run two shards against the fake Discord, wait until they are ready, and
// receive an event on the shard of its guild.
func ExampleManager() {
	fake, err := discordtest.Start(&discordtest.Options{ShardCount: 2, MaxConcurrency: 2, IdentifyWindow: 10 * time.Millisecond})
	if err != nil {
		panic(err)
	}
	defer fake.Close()
	guild, _ := fake.SeedGuild(discordtest.GuildSeed{Name: "example", Shard: [2]int{1, 2}})

	gb := fake.GatewayBot() // what GET /gateway/bot answers; bot and cmd fetch it with rest
	ready := make(chan struct{})
	m, err := shard.NewManager(fake.Token(), &shard.Options{
		Gateway:        &gb,
		HTTPClient:     fake.Client(),
		IdentifyWindow: 10 * time.Millisecond,
		OnProgress: func(p shard.Progress) {
			if p.Ready == p.Total {
				fmt.Printf("%d of %d shards ready\n", p.Ready, p.Total)
				close(ready)
			}
		},
	})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, func(ctx context.Context, e gateway.Event) {
			if e.Name == discord.EventMessageCreate {
				fmt.Printf("shard %d: %s\n", e.Shard, e.Name)
				close(got)
			}
		})
	}()
	<-ready
	fmt.Println("guild is on shard", m.ShardFor(guild.ID))
	_ = fake.Dispatch(guild.ID, discord.EventMessageCreate, map[string]any{
		"id": "1", "guild_id": guild.ID, "channel_id": guild.Channels[0], "content": "hi", "type": 0,
	})
	<-got
	cancel()
	fmt.Println(<-done)
	// Output:
	// 2 of 2 shards ready
	// guild is on shard 1
	// shard 1: MESSAGE_CREATE
	// context canceled
}
