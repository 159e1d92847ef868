package shard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/ratelimit"
)

// Errors of Manager's methods.
var (
	// ErrNotRunning is returned by calls that need Run to be in progress.
	ErrNotRunning = errors.New("shard: manager is not running")
	// ErrRunOnce is returned by a second call of Run: a Manager runs once.
	ErrRunOnce = errors.New("shard: Run was already called")
	// ErrNotHere is wrapped when a guild belongs to a shard this process does
	// not run.
	ErrNotHere = errors.New("shard: guild is on a shard this process does not run")
)

// Manager runs a set of shards: one gateway session per shard id, each
// identifying through the IdentifyQueue, with events delivered to one
// Handler, and resharding without downtime when Discord asks for more shards.
//
// A Manager is created with NewManager, which connects nothing, and runs once
// with Run. Its methods are safe for concurrent use, including from the
// handler.
type Manager struct {
	token   string
	opts    Options
	log     *slog.Logger
	factory sessionFactory

	ov atomic.Pointer[overlap] // non-nil from a reshard's start to the end of its grace

	readyDelivered atomic.Bool // a READY reached the handler

	guildMu sync.Mutex
	known   map[discord.Snowflake]struct{} // guilds whose GUILD_CREATE was delivered

	mu      sync.Mutex
	state   int // 0 created, 1 running, 2 done
	active  *shardSet
	pending *shardSet
	count   int

	noteMu  sync.Mutex
	notes   []note
	noteSig chan struct{}
}

// NewManager checks opts (see Options) and returns a Manager that has not
// connected anything yet. Missing gateway data, a zero or negative shard
// count, shard ids out of range or repeated, and an empty token are errors
// (ErrNoGateway, ErrInvalidShards, ErrNoToken); the token never appears in
// errors or logs.
func NewManager(token string, opts *Options) (*Manager, error) {
	o, err := opts.withDefaults(token)
	if err != nil {
		return nil, err
	}
	m := &Manager{token: token, opts: o, log: o.Logger, factory: gatewaySession,
		count: o.ShardCount, noteSig: make(chan struct{}, 1)}
	// Check the session options (URL, intents, compression, what
	// Options.Session sets) now rather than when Run starts.
	probe := &shardRun{id: o.ShardIDs[0], set: &shardSet{m: m, count: o.ShardCount}}
	if _, err := gatewaySession(m, probe); err != nil {
		return nil, fmt.Errorf("shard: session options: %w", err)
	}
	return m, nil
}

// ShardCount returns the shard count of the set that delivers events.
func (m *Manager) ShardCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.count
}

// ShardIDs returns the shard ids this process runs in the delivering set.
func (m *Manager) ShardIDs() []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active == nil {
		return append([]int(nil), m.opts.ShardIDs...)
	}
	ids := make([]int, len(m.active.runs))
	for i, r := range m.active.runs {
		ids[i] = r.id
	}
	return ids
}

// ShardFor returns the shard id that receives guildID's events under the
// current shard count (shard 0 for 0, events without a guild).
func (m *Manager) ShardFor(guildID discord.Snowflake) int {
	return shardFor(guildID, m.ShardCount())
}

// Shards returns a snapshot of the delivering set's shards, by id, each with
// the stalled guilds Options.StalledGuilds reports for it.
func (m *Manager) Shards() []ShardInfo {
	m.mu.Lock()
	s := m.active
	m.mu.Unlock()
	if s == nil {
		return nil
	}
	stalled := m.stalledByShard(s.count)
	out := make([]ShardInfo, len(s.runs))
	for i, r := range s.runs {
		out[i] = r.info()
		out[i].StalledGuilds = stalled[r.id]
	}
	return out
}

// Shard returns a snapshot of shard id of the delivering set.
func (m *Manager) Shard(id int) (ShardInfo, bool) {
	m.mu.Lock()
	s := m.active
	m.mu.Unlock()
	if s == nil || s.byID[id] == nil {
		return ShardInfo{}, false
	}
	in := s.byID[id].info()
	in.StalledGuilds = m.stalledByShard(s.count)[id]
	return in, true
}

// States returns the resumable state of each session of the delivering set,
// by shard id (sessions without a gateway session are left out). Saved when
// the process stops (with gateway.Options.KeepSession set through
// Options.Session) and given back through Options.Session on the next start,
// they let the new process RESUME instead of identifying.
func (m *Manager) States() map[int]gateway.SessionState {
	m.mu.Lock()
	s := m.active
	m.mu.Unlock()
	out := map[int]gateway.SessionState{}
	if s == nil {
		return out
	}
	for _, r := range s.runs {
		if g := r.sess.Gateway(); g != nil {
			out[r.id] = g.State()
		}
	}
	return out
}

// Reshard asks the running manager to move to count shards now, with the
// same zero-downtime switch as an automatic reshard. It returns once the
// request is queued; the hooks tell when the switch happens.
func (m *Manager) Reshard(count int) error {
	if count < 1 {
		return fmt.Errorf("%w: shard count %d must be at least 1", ErrInvalidShards, count)
	}
	m.mu.Lock()
	running := m.state == 1
	m.mu.Unlock()
	if !running {
		return ErrNotRunning
	}
	m.post(note{kind: noteManual, count: count})
	return nil
}

// Run starts this process's shards, delivers their events to h, keeps them
// running (sessions reconnect and resume by themselves), reshards when needed,
// and blocks until ctx ends or a shard stops for good. It stops every session
// and waits for every goroutine it started before returning. It returns
// ctx's error when ctx ends, and the shard's error (wrapping the gateway's
// close error, e.g. 4014 disallowed intents) when one stops for good.
func (m *Manager) Run(ctx context.Context, h Handler) error {
	if h == nil {
		return errors.New("shard: Run needs a non-nil Handler")
	}
	m.mu.Lock()
	if m.state != 0 {
		m.mu.Unlock()
		return ErrRunOnce
	}
	m.state = 1
	m.mu.Unlock()

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
		m.mu.Lock()
		m.state = 2
		m.mu.Unlock()
	}()
	run := &runState{ctx: ctx, handler: h, wg: &wg}
	first, err := m.newSet(run, m.opts.ShardCount, m.opts.ShardIDs, false)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.active = first
	m.mu.Unlock()
	m.log.Info("shard: starting", "count", first.count, "shards", len(first.runs))
	first.start()
	m.progress(first)

	l := &loop{m: m, run: run}
	defer l.stopTimers()
	if m.opts.FetchGateway != nil && m.opts.ReshardInterval > 0 {
		t := time.NewTicker(m.opts.ReshardInterval)
		defer t.Stop()
		l.check = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.check:
			l.fetch("check")
		case <-l.guildC:
			l.guildC = nil
			l.timeoutSwitch()
		case <-l.graceC:
			l.endGrace()
		case <-l.limitC:
			l.limitT, l.limitC = nil, nil
			l.reshardTooSlow()
		case <-l.retryC:
			l.retryT, l.retryC = nil, nil
			l.startReshard(l.retryCount, l.retryWhy)
		case <-m.noteSig:
			for _, n := range m.takeNotes() {
				if err := l.handle(n); err != nil {
					return err
				}
			}
		}
	}
}

// note is a message from a shard goroutine (or a method) to Run's loop.
type note struct {
	kind  noteKind
	run   *shardRun
	err   error
	count int
	gb    discord.GatewayBot
	why   string
}

type noteKind uint8

const (
	noteExit     noteKind = iota // a session returned
	noteReady                    // a shard received its first READY
	noteComplete                 // ... and the GUILD_CREATE of every guild READY listed
	noteFetched                  // FetchGateway returned
	noteManual                   // Reshard was called
	noteCaught                   // a pair of old and new shards caught up
)

// post queues n for Run's loop. It never blocks, so a shard may post while
// holding its delivery lock.
func (m *Manager) post(n note) {
	m.noteMu.Lock()
	m.notes = append(m.notes, n)
	m.noteMu.Unlock()
	select {
	case m.noteSig <- struct{}{}:
	default:
	}
}

func (m *Manager) takeNotes() []note {
	m.noteMu.Lock()
	defer m.noteMu.Unlock()
	ns := m.notes
	m.notes = nil
	return ns
}

func (m *Manager) knownGuild(id discord.Snowflake) bool {
	m.guildMu.Lock()
	defer m.guildMu.Unlock()
	_, ok := m.known[id]
	return ok
}

func (m *Manager) addKnownGuild(id discord.Snowflake) {
	m.guildMu.Lock()
	if m.known == nil {
		m.known = map[discord.Snowflake]struct{}{}
	}
	m.known[id] = struct{}{}
	m.guildMu.Unlock()
}

// progress reports a starting set's progress to Options.OnProgress.
func (m *Manager) progress(s *shardSet) {
	if m.opts.OnProgress == nil {
		return
	}
	mc := m.opts.maxConcurrency()
	lines := make(map[int]int)
	longest := 0
	for _, r := range s.runs {
		if !r.readyNoted {
			b := IdentifyBucket(r.id, mc)
			lines[b]++
			longest = max(longest, lines[b])
		}
	}
	var left time.Duration
	if longest > 0 {
		left = time.Duration(longest-1) * m.opts.spacing()
	}
	if q, ok := m.opts.IdentifyQueue.(*ratelimit.IdentifyQueue); ok {
		if on, remaining, resetAt := q.Budget(); on && remaining < len(s.runs)-s.ready {
			left = max(left, time.Until(resetAt))
		}
	}
	m.opts.OnProgress(Progress{Count: s.count, Ready: s.ready, Total: len(s.runs),
		Remaining: left, Resharding: s.replacing})
}
