package shard

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// fakeHub is a minimal in-process Discord for the manager's unit tests: it
// routes guild events to every live session whose [id, count] owns the guild
// (so two shard sets both get them during a reshard), with a per-session
// delivery lag. The real-protocol tests use discordtest.
type fakeHub struct {
	mu       sync.Mutex
	guilds   []discord.Snowflake
	sessions map[*fakeSession]bool
	// lag delays a session's deliveries (virtual time).
	lag func(id, count int) time.Duration
	// fail, if it returns an error for a shard, makes its Run return it
	// right after identifying.
	fail func(id, count int) error
	sent int
}

type fakeItem struct {
	at time.Time
	ev gateway.Event
}

type fakeSession struct {
	hub       *fakeHub
	r         *shardRun
	id, count int
	queue     IdentifyQueue

	mu    sync.Mutex
	inbox []fakeItem
	sig   chan struct{}
	ready bool
	seq   int64
}

func newFakeHub(guilds int) *fakeHub {
	h := &fakeHub{sessions: map[*fakeSession]bool{}}
	for i := range guilds {
		// Spread guild ids over shards: (id >> 22) is i+1.
		h.guilds = append(h.guilds, discord.Snowflake(uint64(i+1)<<22|uint64(i)))
	}
	return h
}

func (h *fakeHub) factory(m *Manager, r *shardRun) (session, error) {
	return &fakeSession{hub: h, r: r, id: r.id, count: r.set.count, queue: r.identifyQueue(),
		sig: make(chan struct{}, 1)}, nil
}

func (h *fakeHub) owns(s *fakeSession, guild discord.Snowflake) bool {
	if guild == 0 {
		return s.id == 0
	}
	return shardFor(guild, s.count) == s.id
}

// dispatch sends an event to every live session that owns guild.
func (h *fakeHub) dispatch(guild discord.Snowflake, name string, d string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent++
	for s := range h.sessions {
		if h.owns(s, guild) {
			s.push(name, d)
		}
	}
}

func (h *fakeHub) live() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sessions)
}

func (s *fakeSession) push(name, d string) {
	s.mu.Lock()
	s.seq++
	s.inbox = append(s.inbox, fakeItem{at: time.Now(), ev: gateway.Event{
		Shard: s.id, Seq: s.seq, Name: name, Raw: jsontext.Value(d)}})
	s.mu.Unlock()
	select {
	case s.sig <- struct{}{}:
	default:
	}
}

func (s *fakeSession) Gateway() *gateway.Session { return nil }

func (s *fakeSession) Status() (gateway.Status, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ready {
		return gateway.StatusReady, time.Millisecond
	}
	return gateway.StatusIdentifying, 0
}

func (s *fakeSession) Run(ctx context.Context) error {
	if err := s.queue.Wait(ctx, s.id); err != nil {
		return err
	}
	h := s.hub
	if h.fail != nil {
		if err := h.fail(s.id, s.count); err != nil {
			return err
		}
	}
	h.mu.Lock()
	var mine []discord.Snowflake
	for _, g := range h.guilds {
		if h.owns(s, g) {
			mine = append(mine, g)
		}
	}
	ready := `{"session_id":"x","guilds":[`
	for i, g := range mine {
		if i > 0 {
			ready += ","
		}
		ready += fmt.Sprintf(`{"id":"%d","unavailable":true}`, g)
	}
	s.push(discord.EventReady, ready+"]}")
	for _, g := range mine {
		s.push(discord.EventGuildCreate, fmt.Sprintf(`{"id":"%d","name":"g"}`, g))
	}
	h.sessions[s] = true
	h.mu.Unlock()
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.sessions, s)
		h.mu.Unlock()
	}()
	var lag time.Duration
	if h.lag != nil {
		lag = h.lag(s.id, s.count)
	}
	for {
		s.mu.Lock()
		var it fakeItem
		ok := len(s.inbox) > 0
		if ok {
			it = s.inbox[0]
		}
		s.mu.Unlock()
		if !ok {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-s.sig:
			}
			continue
		}
		if wait := time.Until(it.at.Add(lag)); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		s.mu.Lock()
		s.inbox = s.inbox[1:]
		s.mu.Unlock()
		s.r.onDispatch(it.ev)
	}
}
