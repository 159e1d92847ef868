package bot

import (
	"context"
	"sync"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
)

// GuildOrigin says why a GUILD_CREATE came. Handlers read it with
// GuildCreateOrigin(ctx).
type GuildOrigin uint8

// Guild origins.
const (
	GuildOriginUnknown  GuildOrigin = iota // not a GUILD_CREATE, or a session resumed without READY
	GuildFromReady                         // listed in READY: loaded at the start of a session
	GuildJoined                            // the bot joined the guild now
	GuildAvailableAgain                    // back from an outage (after GUILD_DELETE with unavailable)
)

func (o GuildOrigin) String() string {
	switch o {
	case GuildFromReady:
		return "from-ready"
	case GuildJoined:
		return "joined"
	case GuildAvailableAgain:
		return "available-again"
	}
	return "unknown"
}

// GuildCreateOrigin tells, in a GUILD_CREATE handler, whether the guild was
// loaded at the start of the session, joined now, or is back from an outage.
func GuildCreateOrigin(ctx context.Context) GuildOrigin {
	if m := metaOf(ctx); m != nil {
		return m.origin
	}
	return GuildOriginUnknown
}

// GuildsReady is a signal scurry adds to the events: the GUILD_CREATE of
// every guild listed in a shard's READY has been received (their handlers
// may still be running), or Options.GuildsReadyTimeout passed without a new
// one and Unavailable lists the guilds still missing. It comes once per
// READY (so again after a re-identify), on the queue of events without a
// guild. Register with On(c, func(ctx, *bot.GuildsReady) error).
type GuildsReady struct {
	Shard       int
	Guilds      int                 // guilds listed in READY
	Unavailable []discord.Snowflake // listed but not received before the timeout
}

// EventGuildsReady is GuildsReady's event name; no Discord dispatch has it.
const EventGuildsReady = "SCURRY_GUILDS_READY"

// EventName implements discord.Event.
func (*GuildsReady) EventName() string { return EventGuildsReady }

// shardTrack follows one shard's READY and GUILD_CREATEs.
type shardTrack struct {
	pending map[discord.Snowflake]struct{} // listed in READY, not created yet
	listed  int
	outage  map[discord.Snowflake]struct{} // GUILD_DELETE unavailable
	timer   *time.Timer
	gen     int // bumped on every READY
}

// tracker holds every shard's shardTrack.
type tracker struct {
	mu     sync.Mutex
	shards map[int]*shardTrack
	closed bool
}

// track updates the shard's view and returns a GUILD_CREATE's origin. It
// runs in the shard's delivery goroutine, in order.
func (c *Client) track(d *dispatcher, ev shardEvent) GuildOrigin {
	switch ev.Name {
	case discord.EventReady, discord.EventGuildCreate, discord.EventGuildDelete:
	default:
		return GuildOriginUnknown
	}
	t := &c.tracker
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return GuildOriginUnknown
	}
	if t.shards == nil {
		t.shards = map[int]*shardTrack{}
	}
	st := t.shards[ev.Shard]
	if st == nil {
		st = &shardTrack{outage: map[discord.Snowflake]struct{}{}}
		t.shards[ev.Shard] = st
	}
	switch ev.Name {
	case discord.EventReady:
		ids := readyGuildIDs(ev)
		st.gen++
		st.pending = make(map[discord.Snowflake]struct{}, len(ids))
		for _, id := range ids {
			st.pending[id] = struct{}{}
		}
		st.listed = len(ids)
		c.armGuildsReady(d, ev.Shard, st)
		return GuildOriginUnknown
	case discord.EventGuildDelete:
		var g discord.UnavailableGuild
		if json.Unmarshal(ev.Raw, &g) == nil && g.Unavailable.Or(false) {
			st.outage[g.ID] = struct{}{}
		}
		return GuildOriginUnknown
	}
	id := discord.DispatchGuildID(ev.Name, ev.Raw)
	if ev.Data != nil {
		id = discord.EventGuildID(ev.Data)
	}
	if _, ok := st.pending[id]; ok {
		delete(st.pending, id)
		c.armGuildsReady(d, ev.Shard, st)
		return GuildFromReady
	}
	if _, ok := st.outage[id]; ok {
		delete(st.outage, id)
		return GuildAvailableAgain
	}
	return GuildJoined
}

// armGuildsReady fires the signal when nothing is pending, else (re)starts
// the timeout; t.mu is held.
func (c *Client) armGuildsReady(d *dispatcher, shard int, st *shardTrack) {
	if st.timer != nil {
		st.timer.Stop()
		st.timer = nil
	}
	if st.pending == nil {
		return
	}
	if len(st.pending) == 0 {
		st.pending = nil
		c.signalGuildsReady(d, &GuildsReady{Shard: shard, Guilds: st.listed})
		return
	}
	gen := st.gen
	st.timer = time.AfterFunc(c.opts.GuildsReadyTimeout, func() {
		t := &c.tracker
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.closed || st.gen != gen || st.pending == nil {
			return
		}
		gr := &GuildsReady{Shard: shard, Guilds: st.listed}
		for id := range st.pending {
			gr.Unavailable = append(gr.Unavailable, id)
		}
		st.pending, st.timer = nil, nil
		c.signalGuildsReady(d, gr)
	})
}

// signalGuildsReady queues the signal on the queue of events without a
// guild. It never waits (the caller may hold the tracker's lock).
func (c *Client) signalGuildsReady(d *dispatcher, gr *GuildsReady) {
	if !c.wantsDecode(EventGuildsReady) {
		return
	}
	it := &item{ev: Event{Shard: gr.Shard, Name: EventGuildsReady, Data: gr, ReceivedAt: time.Now()}}
	it.job = job{size: 256, shard: gr.Shard, name: EventGuildsReady, it: it}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // never wait on the byte bound: a signal is small
	_ = d.submit(ctx, lane{}, &it.job)
}

// closeTracker stops the timers; later events are not tracked.
func (c *Client) closeTracker() {
	t := &c.tracker
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	for _, st := range t.shards {
		if st.timer != nil {
			st.timer.Stop()
		}
	}
}

// readyGuildIDs lists READY's guilds.
func readyGuildIDs(ev shardEvent) []discord.Snowflake {
	var gs []discord.UnavailableGuild
	if r, ok := ev.Data.(*discord.Ready); ok {
		gs = r.Guilds
	} else {
		var r struct {
			Guilds []discord.UnavailableGuild `json:"guilds"`
		}
		if json.Unmarshal(ev.Raw, &r) != nil {
			return nil
		}
		gs = r.Guilds
	}
	ids := make([]discord.Snowflake, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	return ids
}
