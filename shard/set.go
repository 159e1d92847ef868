package shard

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// session is what the manager needs from one shard's connection; the
// gateway adapter (session.go) implements it over *gateway.Session.
type session interface {
	// Run blocks until ctx ends (any error) or the session stops for good.
	Run(ctx context.Context) error
	// Status returns the session's status and last heartbeat round trip.
	Status() (gateway.Status, time.Duration)
	// Gateway returns the gateway session, or nil (tests).
	Gateway() *gateway.Session
}

// sessionFactory builds the session of r; the session must call
// r.onDispatch for every dispatch, in order, from one goroutine at a time.
type sessionFactory func(m *Manager, r *shardRun) (session, error)

// runState is what one call of Run shares with its shard sets.
type runState struct {
	ctx     context.Context
	handler Handler
	wg      *sync.WaitGroup
}

// shardSet is the sessions of one shard count run by this process.
type shardSet struct {
	m         *Manager
	run       *runState
	count     int
	runs      []*shardRun // sorted by id
	byID      map[int]*shardRun
	replacing bool // started by a reshard, to replace the active set
	// first, if set, makes some shards identify before the others of their
	// bucket (those covering guilds no session serves after a 4011).
	first   *identifyGate
	cancel  context.CancelFunc
	started time.Time

	// Loop-only fields (touched by Run's goroutine alone).
	stopping bool
	ready    int
	complete int
}

// shardRun is one shard of a set.
type shardRun struct {
	id   int
	set  *shardSet
	sess session

	// mu is held while an event is delivered and guards the delivery state.
	mu       sync.Mutex
	mode     mode
	buf      []buffered
	sawReady bool
	initial  map[discord.Snowflake]struct{} // the last READY's guilds awaiting GUILD_CREATE

	// epoch counts the READYs received: each starts a new session.
	epoch atomic.Uint64
	// gone is set once the session has returned (stopped for good).
	gone atomic.Bool
	// first: this shard identifies before the others of its bucket.
	first bool

	// resumes is set when the session starts by resuming a saved state.
	resumes bool

	// granted is set once the session got its first identify slot: from then
	// on Discord may send it events.
	granted atomic.Bool

	// Loop-only.
	readyNoted, completeNoted bool

	stMu   sync.Mutex
	exited bool
	err    error
}

func (m *Manager) newSet(run *runState, count int, ids []int, replacing bool) (*shardSet, error) {
	s := &shardSet{m: m, run: run, count: count, byID: make(map[int]*shardRun, len(ids)),
		replacing: replacing, started: time.Now()}
	for _, id := range ids {
		r := &shardRun{id: id, set: s}
		if replacing {
			r.mode = modeBuffer
		}
		sess, err := m.factory(m, r)
		if err != nil {
			return nil, fmt.Errorf("shard: shard %d of %d: %w", id, count, err)
		}
		r.sess = sess
		s.runs = append(s.runs, r)
		s.byID[id] = r
	}
	return s, nil
}

// start runs every session of s in its own goroutine, owned by run.wg. The
// identify queue decides when each one identifies; a session connects
// Options.DialAhead rounds before its estimated slot, so that thousands of
// shards do not all dial at once and then sit waiting.
func (s *shardSet) start() {
	ctx, cancel := context.WithCancel(s.run.ctx)
	s.cancel = cancel
	delays := s.m.dialDelays(s.runs)
	for i, r := range s.runs {
		s.run.wg.Go(func() {
			err := r.runSession(ctx, delays[i])
			r.gone.Store(true)
			if r.first {
				s.first.release(r.id)
			}
			r.stMu.Lock()
			r.exited, r.err = true, err
			r.stMu.Unlock()
			s.m.post(note{kind: noteExit, run: r, err: err})
		})
	}
}

// stop cancels every session of s; Run waits for them before it returns.
func (s *shardSet) stop() {
	s.stopping = true
	if s.cancel != nil {
		s.cancel()
	}
}

// identifyQueue is the manager's queue, noting when r gets a slot.
func (r *shardRun) identifyQueue() IdentifyQueue { return grantNoter{r} }

type grantNoter struct{ r *shardRun }

func (g grantNoter) Wait(ctx context.Context, shardID int) error {
	r := g.r
	if gate := r.set.first; gate != nil && !r.first {
		if err := gate.wait(ctx, r.id); err != nil {
			return err
		}
	}
	if err := r.set.m.opts.IdentifyQueue.Wait(ctx, shardID); err != nil {
		return err
	}
	r.granted.Store(true)
	if r.first {
		r.set.first.release(r.id)
	}
	return nil
}

// IdentifyRefused passes a refused IDENTIFY on to the manager's queue, if it
// learns from them (gateway.IdentifyRefusalNoter).
func (g grantNoter) IdentifyRefused(shardID int) {
	if q, ok := g.r.set.m.opts.IdentifyQueue.(gateway.IdentifyRefusalNoter); ok {
		q.IdentifyRefused(shardID)
	}
}

// IdentifySent passes the session's send report on to the manager's queue,
// if it takes one (gateway.IdentifySender).
func (g grantNoter) IdentifySent(shardID int, at time.Time) {
	if q, ok := g.r.set.m.opts.IdentifyQueue.(gateway.IdentifySender); ok {
		q.IdentifySent(shardID, at)
	}
}

func (r *shardRun) runSession(ctx context.Context, delay time.Duration) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("shard: shard %d panicked: %v\n%s", r.id, v, debug.Stack())
		}
	}()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return r.sess.Run(ctx)
}

// dialDelays says when each shard of runs (sorted by id) starts: a shard that
// is p-th in line in its identify bucket (shards marked first, then by id)
// expects its slot after p spacings, and connects DialAhead spacings before
// that.
func (m *Manager) dialDelays(runs []*shardRun) []time.Duration {
	out := make([]time.Duration, len(runs))
	if m.opts.DialAhead < 0 {
		return out
	}
	mc, spacing := m.opts.maxConcurrency(), m.opts.spacing()
	line := map[int]int{}
	for _, first := range []bool{true, false} { // shards that identify first lead their line
		for i, r := range runs {
			if r.resumes || r.first != first {
				continue // RESUME takes no identify slot
			}
			b := IdentifyBucket(r.id, mc)
			if p := line[b] - m.opts.DialAhead; p > 0 {
				out[i] = time.Duration(p) * spacing
			}
			line[b]++
		}
	}
	return out
}

func (r *shardRun) info() ShardInfo {
	in := ShardInfo{ID: r.id, Count: r.set.count}
	r.stMu.Lock()
	exited, err := r.exited, r.err
	r.stMu.Unlock()
	if exited {
		in.Status, in.Err = gateway.StatusStopped, err
		if errors.Is(err, context.Canceled) {
			in.Err = nil // stopped by the manager
		}
		return in
	}
	in.Status, in.Latency = r.sess.Status()
	return in
}
