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
// long after its identify schedule). The guilds an old and a new shard share
// form a cell (see overlap): Discord sends the cell's events to both, and
// one side, its leader, delivers them while the other keeps what it got and
// the leader has not delivered. Every cell starts led by the old set. A
// cell changes hands, the side taking over delivering what it kept first:
//   - when its leader starts a new session (a READY after op 9 or a
//     non-resumable close): the events Discord sent while that shard had no
//     session exist only on the other side, so the other side takes the
//     cell if its session receives it (an old shard's cell goes to a new
//     shard that has its identify slot; a new shard's goes back to its old
//     shard, after the first READY, if that one still runs);
//   - when an old shard stops for good (4011): its cells go to the new
//     shards that cover them, which identify before the rest of the new set
//     and take the cells on READY, so those guilds go without events for
//     about one identify round rather than until the whole set is ready;
//   - at the switch, and after it, once a cell is caught up (below);
//   - back to the old set when the reshard is abandoned.
//
// The switch comes when (1) every new shard has received READY and a
// GUILD_CREATE for each guild its READY listed, and (2) every cell still led
// by an old shard is caught up: the old shard has delivered an event that
// the new shard received in its current session, so it has delivered
// everything that session lacks (both streams are ordered); a new READY
// starts that proof again. Or, failing either, GuildTimeout after the last
// new READY. At the switch the new set delivers what it kept outside the
// cells and goes live, caught-up cells change hands, and cells not caught up
// yet stay with the old set until they are. The old set then follows: until
// OverlapGrace has passed it keeps receiving, so that a new session
// invalidated around the switch gets its gap filled from it; then the cells
// still led by the old set change hands and the old set stops.
//
// Hence every event Discord sent to a live session of either set (one not
// invalidated before it received the event) reaches the handler once, and
// events of one guild arrive in the order Discord sent them. The new set's
// READY is delivered only if the old set never delivered one; a GUILD_CREATE
// a new session's READY announces only for a guild whose GUILD_CREATE was
// not delivered before; an old session that re-identifies delivers its
// GUILD_CREATEs while it leads its cells, as without a reshard.
//
// Limits. Events Discord never sent (a guild while neither of its shards
// had a session: both invalidated at once, or the old shard closed with
// 4011 before the new one identified) cannot be delivered. A cell forced
// over by GuildTimeout or by the end of the grace while its old shard lags
// can lose what that shard still had in flight and the new session lacks
// (only if the new session was invalidated, or never proved itself caught
// up); the log says how many cells were not caught up. An event
// byte-identical to another of the same guild (same name and d, such as two
// TYPING_STARTs in one second) can be taken for its copy. Events without a
// guild id the manager can read are checked against the old set's by
// content only, and delivered by the new set at the switch. Dedupe is per
// process, so a custom ReshardIDs that moves guilds between processes can
// repeat or lose events. Memory: each cell holds 8-byte fingerprints of the
// events one side delivered and the other has not received (until the end
// of the grace, stale ones from a gap included), and the follower's events
// not yet delivered (a lagging leader's backlog).
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
	s.first = newIdentifyGate(first, m.opts.maxConcurrency(), m.opts.spacing())
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
		log := l.m.log.Debug
		if behind > 0 {
			log = l.m.log.Warn // events an old shard still had in flight may be lost
		}
		log("shard: overlap ended", "duplicates_dropped", ov.dropped.Load(), "cells_not_caught_up", behind)
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
