package shard

import (
	"errors"
	"fmt"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/ratelimit"
)

// loop is the state of Run's goroutine: everything here is touched by it
// alone.
//
// Resharding, and what it guarantees. A reshard starts the new set while the
// old one keeps delivering (it is postponed while the session start budget
// cannot identify the whole new set, and dropped if the new set is not ready
// long after its identify schedule). The new set's events are buffered; the
// fingerprints (name and a hash of d) of the events the old set delivers are
// recorded, from the moment the new shard of their guild has its identify
// slot (Discord sends it nothing before). The switch comes when (1) every new shard has received READY and
// a GUILD_CREATE for each guild its READY listed, and (2) every old shard has
// caught up with each new shard it shares guilds with: it has delivered an
// event that new shard also received, so everything the old shard got before
// the new one started is delivered (see overlap); or, failing either,
// GuildTimeout after the last new READY. At the switch the old shards are
// retired one by one (each waits for a delivery in progress), then each new
// shard delivers its buffer minus the events whose fingerprint the old set
// delivered, and goes live. For OverlapGrace after the switch the new set's
// live events are still checked against those fingerprints (an event the new
// set received late). The new set's first READY is not delivered, nor a
// GUILD_CREATE it announces for a guild whose GUILD_CREATE was delivered
// before.
//
// Hence every event is delivered exactly once, and in order per guild: before
// the switch by the old set, after it by the new one, with the new set's
// buffered suffix in between. Limits: after a switch forced by GuildTimeout,
// an event still in flight on a lagging old shard with no shared traffic is
// dropped; an event byte-identical to one the old set delivered (same name
// and d, such as two TYPING_STARTs in one second) arriving on the new set
// during the grace is taken for its copy; dedupe is per process, so a custom
// ReshardIDs that moves guilds between processes can repeat or lose events.
// Memory: the overlap holds 8-byte fingerprints (and their shards) of the
// old set's events from each new shard's identify slot to the end of the
// grace, and the new set buffers its events from READY to the switch.
type loop struct {
	m      *Manager
	run    *runState
	check  <-chan time.Time
	guildT *time.Timer
	guildC <-chan time.Time
	limitT *time.Timer // the new set's deadline
	limitC <-chan time.Time
	retryT *time.Timer // a postponed reshard
	retryC <-chan time.Time
	// retryCount and retryWhy are the postponed reshard's.
	retryCount int
	retryWhy   string
	graceT     *time.Timer
	graceC     <-chan time.Time
	fetching   bool
	retiring   *shardSet    // the old set, following until the grace ends
	info       Reshard      // the reshard in progress
	dead       map[int]bool // shards of the active set that stopped (4011)
	// escalations counts new sets that got 4011 in a row.
	escalations int
}

// maxEscalations bounds how many times in a row a new set that gets 4011 is
// replaced by one twice as large.
const maxEscalations = 3

func (l *loop) stopTimers() {
	l.stopTimer(&l.guildT, &l.guildC)
	l.stopTimer(&l.graceT, &l.graceC)
	l.stopTimer(&l.limitT, &l.limitC)
	l.stopTimer(&l.retryT, &l.retryC)
}

func (l *loop) handle(n note) error {
	m := l.m
	m.mu.Lock()
	active, pending := m.active, m.pending
	m.mu.Unlock()
	switch n.kind {
	case noteExit:
		s := n.run.set
		if s.stopping || l.run.ctx.Err() != nil {
			return nil
		}
		err := n.err
		if err == nil {
			err = errors.New("session ended")
		}
		code := closeCode(err)
		log := m.log.With("shard_id", n.run.id, "count", s.count)
		switch {
		case s == pending && code == discord.CloseShardingRequired:
			l.abort()
			if l.escalations >= maxEscalations {
				if len(l.dead) > 0 {
					return fmt.Errorf("shard: resharding to %d shards failed (4011 again) after %d tries: %w", s.count, l.escalations+1, err)
				}
				log.Error("shard: the new set needs more shards too (4011); reshard abandoned", "err", err)
				l.escalations = 0
				break
			}
			l.escalations++
			log.Warn("shard: the new set needs more shards too (4011); trying twice as many", "err", err)
			l.startReshard(s.count*2, "4011")
		case s == active && code == discord.CloseShardingRequired:
			log.Warn("shard: Discord requires more shards (4011); resharding")
			if l.dead == nil {
				l.dead = map[int]bool{}
			}
			l.dead[n.run.id] = true
			if ov := m.ov.Load(); ov != nil && s == ov.old {
				ov.oldStopped(n.run.id)
			}
			l.maybeSwitch()
			if pending == nil {
				l.fetch("4011")
			}
		case s == active || s == pending:
			return fmt.Errorf("shard: shard %d of %d stopped: %w", n.run.id, s.count, err)
		}
	case noteReady:
		r := n.run
		if r.readyNoted || r.set.stopping {
			return nil
		}
		r.readyNoted = true
		r.set.ready++
		m.progress(r.set)
		if r.set == pending && r.set.ready == len(r.set.runs) && l.guildT == nil {
			l.guildT = time.NewTimer(m.opts.GuildTimeout)
			l.guildC = l.guildT.C
		}
	case noteComplete:
		r := n.run
		if r.completeNoted || r.set != pending {
			return nil
		}
		r.completeNoted = true
		r.set.complete++
		l.maybeSwitch()
	case noteCaught:
		if ov := m.ov.Load(); ov != nil && ov.isSwitched() {
			ov.settle()
		} else {
			l.maybeSwitch()
		}
	case noteFetched:
		l.fetching = false
		return l.fetched(n)
	case noteManual:
		l.startReshard(n.count, "manual")
	}
	return nil
}

// fetch calls FetchGateway in a goroutine owned by Run.
func (l *loop) fetch(why string) {
	m := l.m
	if m.opts.FetchGateway == nil {
		if why == "4011" {
			l.startReshard(m.ShardCount()*2, why)
		}
		return
	}
	if l.fetching {
		return
	}
	l.fetching = true
	ctx := l.run.ctx
	l.run.wg.Go(func() {
		gb, err := m.opts.FetchGateway(ctx)
		m.post(note{kind: noteFetched, gb: gb, err: err, why: why})
	})
}

func (l *loop) fetched(n note) error {
	m := l.m
	if n.err != nil {
		if l.run.ctx.Err() != nil {
			return nil
		}
		m.log.Warn("shard: fetching /gateway/bot for the resharding check failed", "reason", n.why, "err", n.err)
		if n.why == "4011" {
			l.startReshard(m.ShardCount()*2, n.why)
		}
		return nil
	}
	ssl := n.gb.SessionStartLimit
	if q, ok := m.opts.IdentifyQueue.(*ratelimit.IdentifyQueue); ok && ssl.Total > 0 {
		_ = q.SetBudget(ssl.Total, min(ssl.Remaining, ssl.Total), time.Duration(ssl.ResetAfter)*time.Millisecond)
	}
	cur := m.ShardCount()
	switch n.why {
	case "4011":
		next := n.gb.Shards
		if next <= cur {
			next = cur * 2
		}
		l.startReshard(next, n.why)
	default:
		if NeedsReshard(cur, n.gb.Shards, m.opts.ReshardFullness) {
			l.startReshard(n.gb.Shards, n.why)
		} else {
			m.log.Debug("shard: resharding check: no reshard needed", "count", cur, "recommended", n.gb.Shards)
		}
	}
	return nil
}

// startReshard starts a new set of count shards alongside the active one.
func (l *loop) startReshard(count int, why string) {
	m := l.m
	m.mu.Lock()
	active, pending := m.active, m.pending
	m.mu.Unlock()
	if pending != nil {
		m.log.Info("shard: reshard already in progress", "to", pending.count, "asked", count)
		return
	}
	if count == active.count {
		return
	}
	l.endGrace()
	oldIDs := make([]int, len(active.runs))
	for i, r := range active.runs {
		oldIDs[i] = r.id
	}
	var ids []int
	if m.opts.ReshardIDs != nil {
		ids = m.opts.ReshardIDs(active.count, count, oldIDs)
	} else {
		count, ids = defaultReshardIDs(active.count, count, oldIDs)
	}
	if err := ValidateShards(ids, count); err != nil {
		m.log.Error("shard: reshard abandoned: ReshardIDs returned bad ids", "err", err)
		return
	}
	if q, ok := m.opts.IdentifyQueue.(*ratelimit.IdentifyQueue); ok {
		if on, left, resetAt := q.Budget(); on && left < len(ids) {
			// Starting now would buffer the new set's events until the
			// reset; the old set serves meanwhile.
			m.log.Warn("shard: reshard postponed until the session start budget resets",
				"remaining", left, "needed", len(ids), "reset_at", resetAt)
			l.stopTimer(&l.retryT, &l.retryC)
			l.retryT = time.NewTimer(time.Until(resetAt))
			l.retryC, l.retryCount, l.retryWhy = l.retryT.C, count, why
			return
		}
	}
	s, err := m.newSet(l.run, count, ids, true)
	if err != nil {
		m.log.Error("shard: reshard abandoned", "err", err)
		return
	}
	l.info = Reshard{OldCount: active.count, NewCount: count, OldIDs: oldIDs, NewIDs: ids, Reason: why}
	m.log.Info("shard: resharding: starting the new set alongside the old one",
		"from", active.count, "to", count, "shards", len(ids), "reason", why)
	ov := newOverlap(active, s, func() { m.post(note{kind: noteCaught}) })
	// The guilds of shards Discord closed with 4011 have no session: the new
	// shards that cover them identify first, and take them over on READY.
	var first []int
	for a := range l.dead {
		for _, c := range ov.byOld[a] {
			if r := s.byID[c.newID]; r != nil && !r.first {
				r.first = true
				first = append(first, c.newID)
			}
		}
	}
	s.first = newIdentifyGate(first, m.opts.maxConcurrency())
	m.ov.Store(ov)
	m.mu.Lock()
	m.pending = s
	m.mu.Unlock()
	s.start()
	m.progress(s)
	// A new set that is not ready long after its identify schedule says it
	// should be (a budget taken by another process, an outage) is dropped
	// rather than buffering events without end.
	rounds := (len(ids) + m.opts.maxConcurrency() - 1) / m.opts.maxConcurrency()
	limit := 2*time.Duration(rounds)*m.opts.spacing() + m.opts.GuildTimeout + time.Minute
	l.stopTimer(&l.limitT, &l.limitC)
	l.limitT = time.NewTimer(limit)
	l.limitC = l.limitT.C
}

// stopTimer stops *t and clears it and its channel.
func (l *loop) stopTimer(t **time.Timer, c *<-chan time.Time) {
	if *t != nil {
		(*t).Stop()
	}
	*t, *c = nil, nil
}

// reshardTooSlow drops a new set that did not get ready in time.
func (l *loop) reshardTooSlow() {
	m := l.m
	m.mu.Lock()
	pending := m.pending
	m.mu.Unlock()
	if pending == nil {
		return
	}
	m.log.Error("shard: reshard abandoned: the new set did not get ready in time",
		"count", pending.count, "ready", pending.ready, "complete", pending.complete, "shards", len(pending.runs))
	l.abort()
	if len(l.dead) > 0 {
		l.fetch("4011") // guilds are unserved: try again
	}
}

// maybeSwitch switches when every new shard has its guilds and every old
// shard has caught up with the new shards it shares guilds with.
func (l *loop) maybeSwitch() {
	m := l.m
	m.mu.Lock()
	pending := m.pending
	m.mu.Unlock()
	if pending == nil || pending.complete < len(pending.runs) {
		return
	}
	ov := m.ov.Load()
	if ov == nil || len(ov.behind()) > 0 {
		return
	}
	l.switchSets("guilds received, old set caught up")
}

// switchSets moves delivery from the active set to the pending one.
func (l *loop) switchSets(why string) {
	m := l.m
	m.mu.Lock()
	old, next := m.active, m.pending
	m.mu.Unlock()
	if next == nil {
		return
	}
	l.stopTimer(&l.guildT, &l.guildC)
	l.stopTimer(&l.limitT, &l.limitC)
	if hook := m.opts.BeforeSwitch; hook != nil {
		if err := hook(l.run.ctx, l.info); err != nil {
			m.log.Warn("shard: reshard cancelled by BeforeSwitch", "err", err)
			l.abort()
			return
		}
	}
	ov := m.ov.Load()
	for _, r := range old.runs {
		r.retire()
	}
	ov.markSwitched()
	ov.settle()
	for _, r := range next.runs {
		r.goLive()
	}
	m.mu.Lock()
	m.active, m.pending, m.count = next, nil, next.count
	m.mu.Unlock()
	// The old set follows until the grace ends: a new session invalidated
	// around the switch gets its gap filled from it.
	l.retiring = old
	l.dead, l.escalations = nil, 0
	l.graceT = time.NewTimer(m.opts.OverlapGrace)
	l.graceC = l.graceT.C
	m.log.Info("shard: resharded", "from", old.count, "to", next.count, "why", why,
		"took", time.Since(next.started))
	if hook := m.opts.AfterSwitch; hook != nil {
		hook(l.info)
	}
}

// abort stops the pending set; the active one keeps delivering.
func (l *loop) abort() {
	m := l.m
	m.mu.Lock()
	s := m.pending
	m.pending = nil
	m.mu.Unlock()
	// Cells the new set took over (an old shard's gap) go back first.
	if ov := m.ov.Load(); ov != nil {
		ov.handoverAll(ov.all(), sideOld, nil)
		m.ov.Store(nil)
	}
	if s != nil {
		s.stop()
	}
	l.stopTimer(&l.guildT, &l.guildC)
	l.stopTimer(&l.limitT, &l.limitC)
}

// endGrace stops checking the new set's events against the old set's.
func (l *loop) endGrace() {
	l.stopTimer(&l.graceT, &l.graceC)
	if ov := l.m.ov.Load(); ov != nil {
		// Cells an invalidated new session gave back go to the new set for
		// good, before the overlap ends (see abort for why in this order).
		behind := len(ov.behind())
		ov.handoverAll(ov.all(), sideNew, nil)
		l.m.ov.Store(nil)
		l.m.log.Debug("shard: overlap ended", "duplicates_dropped", ov.dropped.Load(), "cells_not_caught_up", behind)
	}
	if l.retiring != nil {
		l.retiring.stop()
		l.retiring = nil
	}
}

// timeoutSwitch switches after GuildTimeout even if some guild or some old
// shard is still behind (a guild that stays unavailable, an old shard with
// no traffic to prove it caught up), saying so in the log.
func (l *loop) timeoutSwitch() {
	m := l.m
	m.mu.Lock()
	pending := m.pending
	m.mu.Unlock()
	if pending == nil {
		return
	}
	var behind []*cell
	if ov := m.ov.Load(); ov != nil {
		behind = ov.behind()
	}
	m.log.Warn("shard: switching to the new shard set after GuildTimeout",
		"guilds_complete", pending.complete, "shards", len(pending.runs), "pairs_not_caught_up", len(behind))
	l.switchSets("timeout")
}
