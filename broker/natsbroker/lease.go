package natsbroker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Leases are exclusive, expiring claims on names (a shard, a partition) in
// the KV bucket <stream>_leases, whose entries expire after the TTL unless
// renewed. A process holds a lease by renewing it every TTL/3; a process that
// dies loses its leases one TTL later, and a standby waiting in Acquire takes
// them over. Leases is safe for concurrent use.
type Leases struct {
	kv    jetstream.KeyValue
	owner string
	ttl   time.Duration
	log   *slog.Logger
}

// ErrLeaseLost is what Hold's lost channel stands for: a lease could not be
// renewed (another owner took it, or NATS was unreachable for a whole TTL).
var ErrLeaseLost = errors.New("natsbroker: lease lost")

// NewLeases opens the lease bucket. owner identifies this process and must be
// unique among live processes; a restarted process that keeps its owner id
// takes its own leases back at once instead of waiting for them to expire.
// Every process of a deployment must use the same ttl (default 10 s).
func NewLeases(ctx context.Context, s *Stream, owner string, ttl time.Duration, log *slog.Logger) (*Leases, error) {
	if owner == "" {
		return nil, errors.New("natsbroker: lease owner id is empty")
	}
	if ttl == 0 {
		ttl = 10 * time.Second
	}
	if ttl < 100*time.Millisecond {
		return nil, fmt.Errorf("natsbroker: lease TTL %v is below 100ms", ttl)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	kv, err := s.kv(ctx, "leases", ttl)
	if err != nil {
		return nil, err
	}
	return &Leases{kv: kv, owner: owner, ttl: ttl, log: log}, nil
}

// Held is a set of leases taken by Acquire.
type Held struct {
	l    *Leases
	revs map[string]uint64
}

// Acquire blocks until it holds every lease in keys at once, or ctx ends.
// When some are held by another owner it releases the ones it took and tries
// again a little later, so that two processes racing for one range never
// split it and wait for each other.
func (l *Leases) Acquire(ctx context.Context, keys []string) (*Held, error) {
	for {
		revs, err := l.tryAll(ctx, keys)
		if err == nil {
			return &Held{l: l, revs: revs}, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		wait := l.ttl/4 + time.Duration(rand.Int64N(int64(l.ttl/8)+1))
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

func (l *Leases) tryAll(ctx context.Context, keys []string) (map[string]uint64, error) {
	revs := make(map[string]uint64, len(keys))
	for _, k := range keys {
		rev, err := l.take(ctx, k)
		if err != nil {
			for k, rev := range revs {
				_ = l.kv.Delete(ctx, k, jetstream.LastRevision(rev))
			}
			return nil, err
		}
		revs[k] = rev
	}
	return revs, nil
}

func (l *Leases) take(ctx context.Context, key string) (uint64, error) {
	rev, err := l.kv.Create(ctx, key, []byte(l.owner))
	if err == nil {
		return rev, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return 0, err
	}
	e, gerr := l.kv.Get(ctx, key)
	if gerr != nil {
		return 0, err
	}
	if string(e.Value()) == l.owner {
		return l.kv.Update(ctx, key, []byte(l.owner), e.Revision())
	}
	return 0, fmt.Errorf("natsbroker: lease %s held by %s", key, e.Value())
}

// Hold renews the leases every TTL/3 until ctx ends, then releases them
// (unless release is false: a process handing its shards to a restart with
// the same owner id keeps them). The returned channel is closed if a lease
// is lost; Hold then stops renewing the others too. The returned wait func
// blocks until the renewal goroutine has stopped.
func (h *Held) Hold(ctx context.Context, release bool) (lost <-chan struct{}, wait func()) {
	lc := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(h.l.ttl / 3)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-ctx.Done():
				if release {
					rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
					for k, rev := range h.revs {
						_ = h.l.kv.Delete(rctx, k, jetstream.LastRevision(rev))
					}
					cancel()
				}
				return
			case <-t.C:
			}
			ok := true
			for k, rev := range h.revs {
				rctx, cancel := context.WithTimeout(ctx, h.l.ttl/3)
				nrev, err := h.l.kv.Update(rctx, k, []byte(h.l.owner), rev)
				cancel()
				if err != nil {
					ok = false
					var apiErr *jetstream.APIError
					if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
						// The revision moved. Under load a renewal can time out
						// here after the server applied it, or the key can lapse
						// with nobody taking it: then the lease is still ours.
						nrev, held, sure := h.reclaim(ctx, k)
						if held {
							h.revs[k], ok = nrev, true
							continue
						}
						if !sure {
							// The check itself timed out (load): try
							// again on the next tick; a whole TTL of
							// failures ends in reclaimAll below.
							break
						}
						h.l.log.Error("natsbroker: lease taken by another owner", "lease", k)
						close(lc)
						<-ctx.Done()
						return
					}
					if ctx.Err() == nil {
						h.l.log.Warn("natsbroker: cannot renew lease", "lease", k, "error", err)
					}
					break // the other leases are renewed on the next tick
				}
				h.revs[k] = nrev
			}
			if ok {
				last = time.Now()
			} else if time.Since(last) >= h.l.ttl && !h.reclaimAll(ctx) {
				h.l.log.Error("natsbroker: leases expired while NATS was unreachable")
				close(lc)
				<-ctx.Done()
				return
			}
		}
	}()
	return lc, func() { <-done }
}

// reclaim finds out whether key, whose revision moved under a renewal, is
// still this owner's: its value names this owner (a renewal the server
// applied after the client gave up waiting), or it lapsed and nobody else
// created it since (Create is atomic, so a standby that took it wins). It
// returns the revision to renew from. sure is false when NATS did not
// answer (a timeout under load): nothing is known either way.
func (h *Held) reclaim(ctx context.Context, key string) (rev uint64, held, sure bool) {
	rctx, cancel := context.WithTimeout(ctx, h.l.ttl/3)
	defer cancel()
	e, err := h.l.kv.Get(rctx, key)
	switch {
	case err == nil && string(e.Value()) == h.l.owner:
		h.l.log.Warn("natsbroker: lease renewal answered late; still held", "lease", key)
		return e.Revision(), true, true
	case err == nil:
		return 0, false, true // another owner's name
	case errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted):
		rev, cerr := h.l.kv.Create(rctx, key, []byte(h.l.owner))
		if cerr == nil {
			h.l.log.Warn("natsbroker: lease lapsed under load and was taken back; nobody else had taken it", "lease", key)
			return rev, true, true
		}
		var apiErr *jetstream.APIError
		if errors.Is(cerr, jetstream.ErrKeyExists) || (errors.As(cerr, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence) {
			return 0, false, true // a standby created it first
		}
	}
	return 0, false, false
}

// reclaimAll reclaims every lease (see reclaim) after renewals failed for a
// whole TTL (slow replies under load rather than NATS gone): true when all
// are still this owner's.
func (h *Held) reclaimAll(ctx context.Context) bool {
	for k := range h.revs {
		nrev, held, _ := h.reclaim(ctx, k)
		if !held {
			return false
		}
		h.revs[k] = nrev
	}
	return true
}
