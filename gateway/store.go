package gateway

import "context"

// StateStore keeps the SessionState of shards outside the process, so that a
// restarted or replacing process RESUMEs them instead of identifying again
// (distributed mode: broker/natsbroker keeps them in a JetStream KV bucket).
//
// Contract: SaveState is called by whoever knows how far events are durable
// (in distributed mode, the publisher, with Sequence never ahead of the last
// event the stream acknowledged); LoadState returns the zero SessionState and
// a nil error when nothing is stored for the shard. Both must be safe for
// concurrent use and return ctx's error when ctx ends first. The state is
// handed back to a new Session through Options.State.
type StateStore interface {
	LoadState(ctx context.Context, shardID int) (SessionState, error)
	SaveState(ctx context.Context, shardID int, st SessionState) error
}
