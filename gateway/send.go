package gateway

import (
	"context"
	"fmt"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/ratelimit"
)

// Sending: every command waits until the session is ready (ctx bounds the
// wait), then for a slot of the connection's send limiter (120 per 60 s with
// slots held back for heartbeats, so a burst never trips close 4008 nor
// delays a heartbeat). A payload over 4096 bytes is refused before anything
// is sent. Commands are safe for concurrent use.

// UpdatePresence sends Update Presence (op 3). Discord also limits presence
// updates to 5 per 20 s; the session does not enforce that.
func (s *Session) UpdatePresence(ctx context.Context, p discord.PresenceUpdate) error {
	if p.Activities == nil {
		p.Activities = []discord.Activity{}
	}
	return s.Send(ctx, discord.OpPresenceUpdate, &p)
}

// UpdateVoiceState sends Update Voice State (op 4); a nil ChannelID leaves
// voice.
func (s *Session) UpdateVoiceState(ctx context.Context, v discord.VoiceStateUpdateCommand) error {
	if v.GuildID == 0 {
		return fmt.Errorf("gateway: update voice state needs a GuildID")
	}
	return s.Send(ctx, discord.OpVoiceStateUpdate, &v)
}

// RequestGuildMembers sends Request Guild Members (op 8) without waiting for
// the answer; the chunks arrive as GUILD_MEMBERS_CHUNK dispatches. See
// FetchGuildMembers to collect them.
func (s *Session) RequestGuildMembers(ctx context.Context, req discord.RequestGuildMembers) error {
	if req.GuildID == 0 {
		return fmt.Errorf("gateway: request guild members needs a GuildID")
	}
	if req.Query == nil && len(req.UserIDs) == 0 {
		return errNoMemberQuery
	}
	if len(req.Nonce) > 32 {
		return fmt.Errorf("gateway: member request nonce is %d bytes; Discord ignores nonces over 32", len(req.Nonce))
	}
	return s.Send(ctx, discord.OpRequestGuildMembers, &req)
}

// RequestSoundboardSounds sends Request Soundboard Sounds (op 31); the
// answer is one SOUNDBOARD_SOUNDS dispatch per guild.
func (s *Session) RequestSoundboardSounds(ctx context.Context, req discord.RequestSoundboardSounds) error {
	if len(req.GuildIDs) == 0 {
		return fmt.Errorf("gateway: request soundboard sounds needs GuildIDs")
	}
	return s.Send(ctx, discord.OpRequestSoundboardSounds, &req)
}

// RequestChannelInfo sends Request Channel Info (op 43); the answer is a
// CHANNEL_INFO dispatch.
func (s *Session) RequestChannelInfo(ctx context.Context, req discord.RequestChannelInfo) error {
	if req.GuildID == 0 || len(req.Fields) == 0 {
		return fmt.Errorf("gateway: request channel info needs a GuildID and Fields")
	}
	return s.Send(ctx, discord.OpRequestChannelInfo, &req)
}

// Send sends a command with opcode op and payload d (encoded as JSON), for
// commands this package has no method for. Heartbeat, Identify and Resume
// belong to the session and are refused, as are receive-only opcodes.
func (s *Session) Send(ctx context.Context, op discord.Opcode, d any) error {
	switch {
	case op == discord.OpHeartbeat || op == discord.OpIdentify || op == discord.OpResume:
		return fmt.Errorf("gateway: %v is sent by the session itself", op)
	case op == discord.OpDispatch || op == discord.OpReconnect || op == discord.OpInvalidSession ||
		op == discord.OpHello || op == discord.OpHeartbeatACK:
		return fmt.Errorf("gateway: %v cannot be sent by a client", op)
	}
	db, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("gateway: encode %v: %w", op, err)
	}
	b := discord.AppendPayload(make([]byte, 0, len(db)+20), op, db)
	if len(b) > MaxPayloadSize {
		return fmt.Errorf("%w: %v payload is %d bytes", ErrPayloadTooLarge, op, len(b))
	}
	for {
		c, err := s.waitReady(ctx)
		if err != nil {
			return fmt.Errorf("gateway: send %v: %w", op, err)
		}
		// Wait for a slot of this connection, but stop waiting if the
		// connection ends: its limiter dies with it.
		wctx, cancel := context.WithCancel(ctx)
		stop := context.AfterFunc(c.ctx, cancel)
		err = c.limiter.Wait(wctx, ratelimit.SendNormal)
		stop()
		cancel()
		if err != nil {
			if c.ctx.Err() != nil && ctx.Err() == nil {
				continue // the connection ended while we waited: use the next
			}
			return fmt.Errorf("gateway: send %v: %w", op, err)
		}
		if c.ctx.Err() != nil {
			continue
		}
		if err := c.write(b); err != nil {
			return fmt.Errorf("gateway: send %v: %w", op, err)
		}
		return nil
	}
}
