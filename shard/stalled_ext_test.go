package shard_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// The guilds Options.StalledGuilds reports show in the status of the shard
// that owns each (once, sorted), and leave it when no longer reported.
func TestShardStatusReportsStalledGuilds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{ShardCount: 4, MaxConcurrency: 4, IdentifyWindow: 10 * time.Millisecond})
		var mu sync.Mutex
		var stalled []discord.Snowflake
		var progress func(shard.Progress)
		m := managerFor(t, s, shard.Options{
			OnProgress: func(p shard.Progress) { progress(p) },
			StalledGuilds: func() []discord.Snowflake {
				mu.Lock()
				defer mu.Unlock()
				return append([]discord.Snowflake(nil), stalled...)
			},
		})
		_, stop := runUntilReady(t, m, func(context.Context, gateway.Event) {}, &progress)
		synctest.Wait() // the sessions mark themselves ready after READY
		for _, in := range m.Shards() {
			assert.Equal(t, "nothing stalled", in.StalledGuilds, []discord.Snowflake(nil))
		}
		// Guild ids on shards 1 and 3 of 4 ((id >> 22) % 4), one reported
		// twice (a guild can have two queues: messages and interactions).
		g1a, g1b, g3 := discord.Snowflake(5<<22), discord.Snowflake(1<<22), discord.Snowflake(7<<22)
		mu.Lock()
		stalled = []discord.Snowflake{g3, g1a, g1b, g1a}
		mu.Unlock()
		got := map[int][]discord.Snowflake{}
		for _, in := range m.Shards() {
			if in.StalledGuilds != nil {
				got[in.ID] = in.StalledGuilds
			}
		}
		assert.Equal(t, "by shard", got, map[int][]discord.Snowflake{1: {g1b, g1a}, 3: {g3}})
		in, ok := m.Shard(3)
		assert.Equal(t, "shard 3 found", ok, true)
		assert.Equal(t, "Shard(3)", in.StalledGuilds, []discord.Snowflake{g3})
		assert.Equal(t, "shard 3 still ready", in.Status, gateway.StatusReady)
		mu.Lock()
		stalled = nil
		mu.Unlock()
		in, _ = m.Shard(1)
		assert.Equal(t, "caught up", in.StalledGuilds, []discord.Snowflake(nil))
		assert.ErrorIs(t, stop(), context.Canceled)
	})
}
