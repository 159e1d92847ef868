package natsbroker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

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

// storedState is the value of a session key: the state and when its last
// event was handed to the publisher (0 when unknown: written by an older
// version, or by a gateway.StateStore user other than the publisher).
type storedState struct {
	gateway.SessionState
	AfterNS int64 `json:"after_ns,omitempty"`
}

// LoadState returns the stored state of a shard, or the zero state.
func (s *StateStore) LoadState(ctx context.Context, shardID int) (gateway.SessionState, error) {
	st, _, err := s.LoadStateAfter(ctx, shardID)
	return st, err
}

// LoadStateAfter returns the stored state of a shard and when the event at
// its Sequence was handed to the publisher (zero when not recorded): every
// later event of the session was stored in the stream after that instant.
func (s *StateStore) LoadStateAfter(ctx context.Context, shardID int) (gateway.SessionState, time.Time, error) {
	e, err := s.kv.Get(ctx, shardKey(shardID))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return gateway.SessionState{}, time.Time{}, nil
	}
	if err != nil {
		return gateway.SessionState{}, time.Time{}, fmt.Errorf("natsbroker: load session of shard %d: %w", shardID, err)
	}
	var st storedState
	if err := json.Unmarshal(e.Value(), &st); err != nil {
		return gateway.SessionState{}, time.Time{}, fmt.Errorf("natsbroker: stored session of shard %d is malformed: %w", shardID, err)
	}
	var after time.Time
	if st.AfterNS > 0 {
		after = time.Unix(0, st.AfterNS)
	}
	return st.SessionState, after, nil
}

// SaveState stores the state of a shard.
func (s *StateStore) SaveState(ctx context.Context, shardID int, st gateway.SessionState) error {
	return s.SaveStateAfter(ctx, shardID, st, time.Time{})
}

// SaveStateAfter stores the state of a shard and when the event at its
// Sequence was handed to the publisher (zero: unknown).
func (s *StateStore) SaveStateAfter(ctx context.Context, shardID int, st gateway.SessionState, after time.Time) error {
	v := storedState{SessionState: st}
	if !after.IsZero() {
		v.AfterNS = after.UnixNano()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, shardKey(shardID), b); err != nil {
		return fmt.Errorf("natsbroker: save session of shard %d: %w", shardID, err)
	}
	return nil
}
