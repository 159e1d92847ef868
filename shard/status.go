package shard

import (
	"time"

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
