package shard

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// Handler receives every event of the shards a Manager runs, as the
// gateway session delivered it (e.Shard is the shard id). It is called from
// one goroutine per shard at a time, in the order the shard received the
// events (during a reshard, see the loop type in reshard.go, a shard's kept
// events may be delivered from the manager's goroutine, still one at a time
// for that shard), so it must be safe for concurrent use across shards; it
// should return quickly (hand work to a dispatcher), since a slow handler
// delays that shard's later events (never its heartbeats), and return when
// ctx ends. e.Raw is owned by the event. A panic in the handler is logged
// and the event skipped.
type Handler func(ctx context.Context, e gateway.Event)

// delivery modes of a shard, for events outside the overlap's cells (all
// events when no reshard is in progress).
type mode uint8

const (
	modeLive    mode = iota // events go to the handler
	modeBuffer              // a new set during resharding: events are kept for the switch
	modeRetired             // an old set after the switch: events are dropped
)

// readyGuilds reads the guild ids of READY's guilds array.
func readyGuilds(raw jsontext.Value) map[discord.Snowflake]struct{} {
	var r struct {
		Guilds []struct {
			ID discord.Snowflake `json:"id"`
		} `json:"guilds"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil
	}
	out := make(map[discord.Snowflake]struct{}, len(r.Guilds))
	for _, g := range r.Guilds {
		out[g.ID] = struct{}{}
	}
	return out
}

// objectID reads the guild of a GUILD_CREATE without decoding it.
func objectID(raw jsontext.Value) discord.Snowflake {
	return discord.DispatchGuildID(discord.EventGuildCreate, raw)
}

// sessionBound reports whether an event is sent to one session only (its
// start, or the answer to a command sent on it), so that the other shard set
// never receives a copy.
func sessionBound(name string) bool {
	switch name {
	case discord.EventReady, discord.EventResumed, discord.EventGuildMembersChunk:
		return true
	}
	return false
}

// buffered is an event a new-set shard keeps until the switch: an event
// outside the overlap's cells (see overlap.cellOf).
type buffered struct {
	ev     gateway.Event
	unread bool // its guild could not be read: check it against the old set's
}

// onDispatch is the callback a shard's session calls for every dispatch, in
// order, from the session's own goroutine. Handovers a new READY calls for
// run after the shard's lock is released (see overlap's locking).
func (r *shardRun) onDispatch(d gateway.Event) {
	if after := r.dispatch(d); after != nil {
		after()
	}
}

func (r *shardRun) dispatch(d gateway.Event) (after func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.set.m
	ov := m.ov.Load()
	var s side
	inOv := false
	if ov != nil {
		s, inOv = ov.sideOf(r)
	}
	initial := false
	switch d.Name {
	case discord.EventReady:
		// Every READY starts a new session: the events Discord sent while
		// the shard had none are missing from its stream.
		guilds := readyGuilds(d.Raw)
		r.epoch.Add(1)
		r.initial = guilds
		if !r.sawReady {
			r.sawReady = true
			m.post(note{kind: noteReady, run: r})
		}
		if len(guilds) == 0 {
			m.post(note{kind: noteComplete, run: r})
		}
		if inOv {
			after = ov.onReady(r, s, guilds)
		}
		if r.set.replacing && (r.epoch.Load() == 1 || r.mode == modeBuffer) {
			// A new set's READY, before the switch or its first: the user
			// saw READY from the old set, unless that set never delivered
			// one. A later READY, once the set delivers, is as usual.
			if !m.readyDelivered.Load() {
				r.deliver(d)
			}
			return after
		}
	case discord.EventResumed:
		if !r.sawReady && !r.set.replacing {
			// A session resumed from a saved state: ready without READY.
			r.sawReady = true
			m.post(note{kind: noteReady, run: r})
		}
	case discord.EventGuildCreate:
		g := objectID(d.Raw)
		if _, ok := r.initial[g]; ok {
			delete(r.initial, g)
			initial = true
			if len(r.initial) == 0 {
				m.post(note{kind: noteComplete, run: r})
			}
		}
	}
	unread := false
	if inOv {
		var c *cell
		if c, unread = ov.cellOf(r, s, d); c != nil {
			ov.route(r, s, c, cellItem{ev: d, fp: fingerprint(d.Name, d.Raw), epoch: r.epoch.Load()}, initial)
			return after
		}
	}
	switch r.mode {
	case modeRetired:
		return after
	case modeBuffer:
		r.buf = append(r.buf, buffered{d, unread})
		return after
	}
	if unread {
		fp := fingerprint(d.Name, d.Raw)
		if s == sideOld {
			ov.recordMisc(fp)
		} else if ov.takeMisc(fp) {
			return after // delivered by the old set already
		}
	}
	r.deliver(d)
	return after
}

// deliver hands d to the handler, noting a delivered READY or GUILD_CREATE;
// r.mu is held.
func (r *shardRun) deliver(d gateway.Event) {
	m := r.set.m
	switch d.Name {
	case discord.EventGuildCreate:
		m.addKnownGuild(objectID(d.Raw))
	case discord.EventReady:
		m.readyDelivered.Store(true)
	}
	r.callHandler(d)
}

// deliverCreate delivers a GUILD_CREATE a new set's READY announced, unless
// the user has seen that guild's GUILD_CREATE already; r.mu is held.
func (r *shardRun) deliverCreate(d gateway.Event) {
	if !r.set.m.knownGuild(objectID(d.Raw)) {
		r.deliver(d)
	}
}

// callHandler runs the handler; a panic in it is logged with its stack and
// the shard goes on with the next event, as net/http does for a handler.
func (r *shardRun) callHandler(d gateway.Event) {
	defer func() {
		if v := recover(); v != nil {
			r.set.m.log.Error("shard: event handler panicked", "shard_id", r.id, "event", d.Name,
				"seq", d.Seq, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	r.set.run.handler(r.set.run.ctx, d)
}

// goLive delivers the events a new-set shard kept outside the overlap's
// cells, minus those the old set delivered, and makes it live.
func (r *shardRun) goLive() {
	r.mu.Lock()
	defer r.mu.Unlock()
	ov := r.set.m.ov.Load()
	for _, b := range r.buf {
		if ov != nil && b.unread && ov.takeMisc(fingerprint(b.ev.Name, b.ev.Raw)) {
			continue
		}
		r.deliver(b.ev)
	}
	r.buf = nil
	r.mode = modeLive
}

// retire makes the shard drop every later event outside the overlap's cells
// (its cells follow the new set until the end of the grace). It waits for a
// delivery in progress to finish.
func (r *shardRun) retire() {
	r.mu.Lock()
	r.mode = modeRetired
	r.mu.Unlock()
}
