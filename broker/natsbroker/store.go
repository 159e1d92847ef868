package natsbroker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/gateway"
)

// StateStore keeps each shard's gateway.SessionState in the KV bucket
// <stream>_sessions under shard.<id>. It implements gateway.StateStore and is
// safe for concurrent use.
type StateStore struct {
	kv jetstream.KeyValue
}

var _ gateway.StateStore = (*StateStore)(nil)

// NewStateStore opens (or creates) the session bucket of s.
func NewStateStore(ctx context.Context, s *Stream) (*StateStore, error) {
	kv, err := s.kv(ctx, "sessions", 0)
	if err != nil {
		return nil, err
	}
	return &StateStore{kv: kv}, nil
}

func shardKey(id int) string { return "shard." + strconv.Itoa(id) }

// LoadState returns the stored state of a shard, or the zero state.
func (s *StateStore) LoadState(ctx context.Context, shardID int) (gateway.SessionState, error) {
	e, err := s.kv.Get(ctx, shardKey(shardID))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return gateway.SessionState{}, nil
	}
	if err != nil {
		return gateway.SessionState{}, fmt.Errorf("natsbroker: load session of shard %d: %w", shardID, err)
	}
	var st gateway.SessionState
	if err := json.Unmarshal(e.Value(), &st); err != nil {
		return gateway.SessionState{}, fmt.Errorf("natsbroker: stored session of shard %d is malformed: %w", shardID, err)
	}
	return st, nil
}

// SaveState stores the state of a shard.
func (s *StateStore) SaveState(ctx context.Context, shardID int, st gateway.SessionState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, shardKey(shardID), b); err != nil {
		return fmt.Errorf("natsbroker: save session of shard %d: %w", shardID, err)
	}
	return nil
}
