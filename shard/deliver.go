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
// one goroutine per shard, in the order the shard received the events, so it
// must be safe for concurrent use across shards; it should return quickly
// (hand work to a dispatcher), since a slow handler delays that shard's later
// events (never its heartbeats), and return when ctx ends. e.Raw is owned by
// the event. A panic in the handler is logged and the event skipped.
type Handler func(ctx context.Context, e gateway.Event)

// delivery modes of a shard.
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

// buffered is an event a new-set shard keeps until the switch. guild is set
// for a GUILD_CREATE announced by the shard's first READY.
type buffered struct {
	ev    gateway.Event
	guild discord.Snowflake
}

// onDispatch is the callback a shard's session calls for every dispatch, in
// order, from the session's own goroutine.
func (r *shardRun) onDispatch(d gateway.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var initial, created discord.Snowflake
	switch d.Name {
	case discord.EventReady:
		if !r.sawReady {
			r.sawReady = true
			r.initial = readyGuilds(d.Raw)
			if ov := r.set.m.ov.Load(); ov != nil && r.set.replacing {
				for g := range r.initial {
					ov.link(shardFor(g, ov.oldCount), r.id)
				}
			}
			r.set.m.post(note{kind: noteReady, run: r})
			if len(r.initial) == 0 {
				r.set.m.post(note{kind: noteComplete, run: r})
			}
			if r.set.replacing && r.set.m.readyDelivered.Load() {
				return // the user saw READY from the old set
			}
		}
	case discord.EventResumed:
		if !r.sawReady && !r.set.replacing {
			// A session resumed from a saved state: ready without READY.
			r.sawReady = true
			r.set.m.post(note{kind: noteReady, run: r})
		}
	case discord.EventGuildCreate:
		created = objectID(d.Raw)
		if _, ok := r.initial[created]; ok {
			delete(r.initial, created)
			if r.set.replacing {
				initial = created
			}
			if len(r.initial) == 0 {
				r.set.m.post(note{kind: noteComplete, run: r})
			}
		}
	}
	switch r.mode {
	case modeRetired:
		return
	case modeBuffer:
		r.buf = append(r.buf, buffered{d, initial})
		if ov := r.set.m.ov.Load(); ov != nil && initial == 0 {
			ov.buffered(fingerprint(d.Name, d.Raw), r.id)
		}
		return
	}
	r.deliverLive(d, initial, created)
}

// deliverLive delivers d unless it repeats what the old set delivered; r.mu
// is held. initial is the guild of a GUILD_CREATE announced by a new set's
// READY, created the guild of any GUILD_CREATE.
func (r *shardRun) deliverLive(d gateway.Event, initial, created discord.Snowflake) {
	m := r.set.m
	if initial != 0 && m.knownGuild(initial) {
		return // the old set delivered this guild already
	}
	if ov := m.ov.Load(); ov != nil {
		fp := fingerprint(d.Name, d.Raw)
		if r.set.dedupe.Load() {
			if ov.consume(fp) {
				return // delivered by the old set already
			}
		} else if ov.wanted(d) {
			ov.record(fp, r.id)
		}
	}
	if created != 0 {
		m.addKnownGuild(created)
	}
	if d.Name == discord.EventReady {
		m.readyDelivered.Store(true)
	}
	r.callHandler(d)
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

// goLive delivers the buffered events of a new-set shard, minus those the old
// set delivered, and makes it live.
func (r *shardRun) goLive() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.buf {
		var created discord.Snowflake
		if b.ev.Name == discord.EventGuildCreate {
			created = objectID(b.ev.Raw)
		}
		r.deliverLive(b.ev, b.guild, created)
	}
	r.buf = nil
	r.mode = modeLive
}

// retire makes the shard drop every later event. It waits for a delivery in
// progress to finish.
func (r *shardRun) retire() {
	r.mu.Lock()
	r.mode = modeRetired
	r.mu.Unlock()
}
