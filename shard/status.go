package shard

import (
	"slices"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// ShardInfo is a snapshot of one shard, as Manager.Shards and Manager.Shard
// report it.
type ShardInfo struct {
	ID    int
	Count int // the shard count this session identified with
	// Status is the session's: connecting, identifying, resuming, ready,
	// disconnected (waiting to reconnect) or stopped.
	Status gateway.Status
	// Latency is the last heartbeat round trip; 0 before the first ACK.
	Latency time.Duration
	// Err is the error that stopped the shard when Status is
	// gateway.StatusStopped (nil when the manager stopped it).
	Err error
	// StalledGuilds are this shard's guilds whose delivered events the
	// consumer reports it has not caught up with (Options.StalledGuilds; with
	// package bot: a guild queue over bot.Options.QueuePerGuild). The session
	// may look healthy while they wait. Sorted, each once; nil when none or
	// without Options.StalledGuilds. Guild 0 (events without a guild) counts
	// on shard 0, as ShardFor places it.
	StalledGuilds []discord.Snowflake
}

// Progress is what Options.OnProgress receives while a shard set starts: at
// the first start of Run and again while resharding.
type Progress struct {
	// Count is the shard count of the set that is starting.
	Count int
	// Ready is how many of this process's Total shards have received READY.
	Ready, Total int
	// Remaining estimates the time until all Total are ready, from the identify
	// schedule: the longest line of not-yet-ready shards in one identify bucket,
	// one window per shard after the first.
	Remaining time.Duration
	// Resharding is true when the set starting is a new set replacing a
	// running one.
	Resharding bool
}

// stalledByShard asks Options.StalledGuilds and groups its answer by the
// shard of a count-shard set that owns each guild; nil without the hook.
func (m *Manager) stalledByShard(count int) map[int][]discord.Snowflake {
	if m.opts.StalledGuilds == nil {
		return nil
	}
	gs := m.opts.StalledGuilds()
	if len(gs) == 0 {
		return nil
	}
	out := make(map[int][]discord.Snowflake)
	for _, g := range gs {
		id := shardFor(g, count)
		out[id] = append(out[id], g)
	}
	for id, l := range out {
		slices.Sort(l)
		out[id] = slices.Compact(l)
	}
	return out
}
