package natsbroker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// A worker's gateway commands reach the process that owns the shard: the
// presence goes out on the shard's connection, a member request returns its
// chunks, and Discord's RATE_LIMITED answer comes back as an error.
func TestCommandsReachOwningProcess(t *testing.T) {
	const shards = 2
	e := newEnv(t, 2, shards)
	g, err := e.srv.SeedGuild(discordtest.GuildSeed{Members: 5, Shard: [2]int{1, shards}})
	assert.Success(t, err)
	e.gateway("g", shard.AllShards(shards), shards)
	assert.Success(t, e.srv.WaitIdentified(t.Context(), shards))
	cmds, err := natsbroker.NewCommands(e.nc, e.st, shards)
	assert.Success(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	// The shards identified, so the owner's manager runs; the session sends
	// once its connection is ready.
	assert.Success(t, cmds.UpdatePresence(ctx, 1, discord.PresenceUpdate{Status: discord.StatusIdle, Activities: []discord.Activity{}}))
	_, err = e.srv.WaitFrame(ctx, func(f discordtest.Frame) bool { return f.Op == discord.OpPresenceUpdate && f.Shard[0] == 1 })
	assert.Success(t, err)

	chunks, err := cmds.FetchGuildMembers(ctx, discord.RequestGuildMembers{GuildID: g.ID, Query: new(string)})
	assert.Success(t, err)
	if len(chunks) == 0 {
		t.Fatal("no member chunks")
	}
	_, err = cmds.FetchGuildMembers(ctx, discord.RequestGuildMembers{GuildID: g.ID, Query: new(string)})
	var rl *gateway.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("second all-members request: err = %v, want RATE_LIMITED", err)
	}
}
