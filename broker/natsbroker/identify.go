package natsbroker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// IdentifyOptions configures NewIdentifyQueue; the fields mirror
// session_start_limit of GET /gateway/bot.
type IdentifyOptions struct {
	// MaxConcurrency is the number of identify buckets (shard_id %
	// MaxConcurrency). Default 1.
	MaxConcurrency int
	// Window is how long a bucket stays closed after an IDENTIFY. Default
	// 5 s. Margin is added between two of one bucket: it absorbs the time
	// between a slot's grant and the IDENTIFY reaching Discord, which varies
	// more across processes than inside one. Default Window/20, at least
	// 100 ms; negative means none.
	Window time.Duration
	Margin time.Duration
	// Total, Remaining and ResetAfter seed the shared session-start budget
	// the first time any process of the deployment creates it. Total 0: no
	// budget.
	Total, Remaining int
	ResetAfter       time.Duration
	// BudgetPeriod is assumed between two budget resets. Default 24 h.
	BudgetPeriod time.Duration
	Logger       *slog.Logger
}

// IdentifyQueue hands out IDENTIFY slots across any number of processes,
// through the KV bucket <stream>_identify: one IDENTIFY per bucket per
// window, and the shared session-start budget. Each slot is taken with a
// compare-and-set on the bucket's key, so two processes never get the same
// window. It satisfies shard.IdentifyQueue and gateway.IdentifyQueue.
//
// The windows are measured with the processes' clocks: processes on
// different machines need synchronised clocks (NTP), and Margin absorbs the
// rest. It is safe for concurrent use.
type IdentifyQueue struct {
	kv   jetstream.KeyValue
	opts IdentifyOptions
}

type budget struct {
	Remaining int   `json:"remaining"`
	Reset     int64 `json:"reset_unix_nano"`
}

// NewIdentifyQueue opens the identify bucket of s.
func NewIdentifyQueue(ctx context.Context, s *Stream, o IdentifyOptions) (*IdentifyQueue, error) {
	if o.MaxConcurrency < 0 || o.Window < 0 || o.Total < 0 || o.Remaining < 0 || o.Remaining > o.Total || o.ResetAfter < 0 {
		return nil, fmt.Errorf("natsbroker: IdentifyOptions out of range: MaxConcurrency %d, Window %v, Total %d, Remaining %d, ResetAfter %v",
			o.MaxConcurrency, o.Window, o.Total, o.Remaining, o.ResetAfter)
	}
	if o.MaxConcurrency == 0 {
		o.MaxConcurrency = 1
	}
	if o.Window == 0 {
		o.Window = 5 * time.Second
	}
	if o.Margin == 0 {
		o.Margin = max(o.Window/20, 100*time.Millisecond)
	}
	if o.Margin < 0 {
		o.Margin = 0
	}
	if o.BudgetPeriod <= 0 {
		o.BudgetPeriod = 24 * time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	kv, err := s.kv(ctx, "identify", 0)
	if err != nil {
		return nil, err
	}
	q := &IdentifyQueue{kv: kv, opts: o}
	if o.Total > 0 {
		b, _ := json.Marshal(budget{Remaining: o.Remaining, Reset: time.Now().Add(o.ResetAfter).UnixNano()})
		if _, err := kv.Create(ctx, "budget", b); err != nil && !errors.Is(err, jetstream.ErrKeyExists) {
			return nil, fmt.Errorf("natsbroker: identify budget: %w", err)
		}
	}
	return q, nil
}

// MaxConcurrency is the bucket count (for the shard manager's estimates).
func (q *IdentifyQueue) MaxConcurrency() int { return q.opts.MaxConcurrency }

// Spacing is the time between two identifies of one bucket.
func (q *IdentifyQueue) Spacing() time.Duration { return q.opts.Window + q.opts.Margin }

// Wait blocks until shardID may send IDENTIFY, or ctx ends.
func (q *IdentifyQueue) Wait(ctx context.Context, shardID int) error {
	if shardID < 0 {
		return fmt.Errorf("natsbroker: shard id %d is negative", shardID)
	}
	if q.opts.Total > 0 {
		if err := q.takeBudget(ctx); err != nil {
			return err
		}
	}
	key := "bucket." + strconv.Itoa(shardID%q.opts.MaxConcurrency)
	spacing := q.Spacing()
	for {
		now := time.Now()
		e, err := q.kv.Get(ctx, key)
		var wait time.Duration
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			if _, err := q.kv.Create(ctx, key, stamp(now)); err == nil {
				return nil
			}
		case err != nil:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			wait = 100 * time.Millisecond
		default:
			last, _ := strconv.ParseInt(string(e.Value()), 10, 64)
			next := time.Unix(0, last).Add(spacing)
			if !now.Before(next) {
				if _, err := q.kv.Update(ctx, key, stamp(now), e.Revision()); err == nil {
					return nil
				}
				continue // another process took it: read again
			}
			wait = next.Sub(now)
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return err
		}
	}
}

func stamp(t time.Time) []byte { return []byte(strconv.FormatInt(t.UnixNano(), 10)) }

func (q *IdentifyQueue) takeBudget(ctx context.Context) error {
	for {
		e, err := q.kv.Get(ctx, "budget")
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("natsbroker: identify budget: %w", err)
		}
		var b budget
		if err := json.Unmarshal(e.Value(), &b); err != nil {
			return fmt.Errorf("natsbroker: identify budget is malformed: %w", err)
		}
		now := time.Now()
		if b.Remaining <= 0 && now.UnixNano() >= b.Reset {
			b = budget{Remaining: q.opts.Total, Reset: now.Add(q.opts.BudgetPeriod).UnixNano()}
		}
		if b.Remaining <= 0 {
			wait := time.Unix(0, b.Reset).Sub(now)
			q.opts.Logger.Warn("natsbroker: session start budget spent; identifies wait for the reset", "wait", wait)
			if err := sleepCtx(ctx, wait); err != nil {
				return err
			}
			continue
		}
		b.Remaining--
		nb, _ := json.Marshal(b)
		if _, err := q.kv.Update(ctx, "budget", nb, e.Revision()); err == nil {
			return nil
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
