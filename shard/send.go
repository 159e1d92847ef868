package shard

import (
	"context"
	"errors"
	"fmt"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// Commands go to the session of the delivering set that owns the guild
// (ShardFor). Each session applies its own send limit (120 per 60 s) and
// waits until it is ready, bounded by ctx. During a reshard commands go to
// the old set until the switch.

// SessionFor returns the gateway session that receives guildID's events (0
// for events without a guild: shard 0). It fails with ErrNotRunning before
// Run and after it returns, and with an error wrapping ErrNotHere when the
// guild's shard belongs to another process.
func (m *Manager) SessionFor(guildID discord.Snowflake) (*gateway.Session, error) {
	r, err := m.runFor(guildID)
	if err != nil {
		return nil, err
	}
	return sessionOf(r)
}

// SessionByID returns the session of shard id in the delivering set.
func (m *Manager) SessionByID(id int) (*gateway.Session, error) {
	m.mu.Lock()
	s, running := m.active, m.state == 1
	m.mu.Unlock()
	if !running || s == nil {
		return nil, ErrNotRunning
	}
	r := s.byID[id]
	if r == nil {
		return nil, fmt.Errorf("%w: shard %d of %d is not run here", ErrNotHere, id, s.count)
	}
	return sessionOf(r)
}

func sessionOf(r *shardRun) (*gateway.Session, error) {
	if g := r.sess.Gateway(); g != nil {
		return g, nil
	}
	return nil, fmt.Errorf("shard: shard %d has no gateway session", r.id)
}

func (m *Manager) runFor(guildID discord.Snowflake) (*shardRun, error) {
	m.mu.Lock()
	s, running := m.active, m.state == 1
	m.mu.Unlock()
	if !running || s == nil {
		return nil, ErrNotRunning
	}
	id := shardFor(guildID, s.count)
	r := s.byID[id]
	if r == nil {
		return nil, fmt.Errorf("%w: guild %v is on shard %d of %d", ErrNotHere, guildID, id, s.count)
	}
	return r, nil
}

// UpdatePresence sends the presence to every shard this process runs. It
// returns the errors of the shards that failed, joined.
func (m *Manager) UpdatePresence(ctx context.Context, p discord.PresenceUpdate) error {
	m.mu.Lock()
	s, running := m.active, m.state == 1
	m.mu.Unlock()
	if !running || s == nil {
		return ErrNotRunning
	}
	var errs []error
	for _, r := range s.runs {
		g, err := sessionOf(r)
		if err == nil {
			err = g.UpdatePresence(ctx, p)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("shard %d: %w", r.id, err))
		}
	}
	return errors.Join(errs...)
}

// RequestGuildMembers sends op 8 on the shard of req.GuildID; the chunks
// arrive as GUILD_MEMBERS_CHUNK events. See FetchGuildMembers.
func (m *Manager) RequestGuildMembers(ctx context.Context, req discord.RequestGuildMembers) error {
	g, err := m.SessionFor(req.GuildID)
	if err != nil {
		return err
	}
	return g.RequestGuildMembers(ctx, req)
}

// FetchGuildMembers sends op 8 on the shard of req.GuildID and collects every
// chunk of the answer (gateway.Session.FetchGuildMembers).
func (m *Manager) FetchGuildMembers(ctx context.Context, req discord.RequestGuildMembers) ([]gateway.Event, error) {
	g, err := m.SessionFor(req.GuildID)
	if err != nil {
		return nil, err
	}
	return g.FetchGuildMembers(ctx, req)
}

// UpdateVoiceState sends op 4 on the shard of v.GuildID.
func (m *Manager) UpdateVoiceState(ctx context.Context, v discord.VoiceStateUpdateCommand) error {
	g, err := m.SessionFor(v.GuildID)
	if err != nil {
		return err
	}
	return g.UpdateVoiceState(ctx, v)
}
