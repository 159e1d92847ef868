package discordtest

import (
	"github.com/coder/websocket"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// handle processes one frame the client sent.
func (c *Conn) handle(typ websocket.MessageType, data []byte) {
	s := c.s
	now := c.arrival()
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.closing {
		return
	}
	f := Frame{Time: now, Conn: c.id, Op: -1, Size: len(data)}
	p, perr := discord.ScanPayload(data)
	if perr == nil {
		f.Op, f.T = p.Op, p.T
	}
	defer func() {
		f.Shard = c.shardLocked()
		s.rec.frames = append(s.rec.frames, f)
		s.notifyLocked()
	}()

	// The send limit counts every payload, whatever it is.
	cut := now.Add(-s.opts.SendWindow)
	i := 0
	for i < len(c.sends) && !c.sends[i].After(cut) {
		i++
	}
	c.sends = append(c.sends[i:], now)
	switch {
	case len(c.sends) > s.opts.SendLimit:
		c.closeLocked(discord.CloseRateLimited, "You are being rate limited.")
		return
	case typ != websocket.MessageText:
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: binary frames are not accepted with encoding=json.")
		return
	case len(data) > s.opts.MaxPayload:
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: payload too large.")
		return
	case perr != nil:
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload.")
		return
	}
	live := c.state == ConnReady || c.state == ConnResumed
	switch p.Op {
	case discord.OpHeartbeat:
		c.heartbeatLocked(p.D)
	case discord.OpIdentify:
		if live {
			c.closeLocked(discord.CloseAlreadyAuthenticated, "Already authenticated.")
			return
		}
		c.identifyLocked(p.D, now)
	case discord.OpResume:
		if live {
			c.closeLocked(discord.CloseAlreadyAuthenticated, "Already authenticated.")
			return
		}
		c.resumeLocked(p.D)
	case discord.OpPresenceUpdate, discord.OpVoiceStateUpdate, discord.OpRequestGuildMembers,
		discord.OpRequestSoundboardSounds, discord.OpRequestChannelInfo:
		if !live {
			c.closeLocked(discord.CloseNotAuthenticated, "Not authenticated.")
			return
		}
		c.commandLocked(p.Op, p.D)
	default:
		c.closeLocked(discord.CloseUnknownOpcode, "Unknown opcode.")
	}
}

func (c *Conn) shardLocked() [2]int {
	if c.sess == nil {
		return [2]int{-1, -1}
	}
	return c.sess.shard
}

func (c *Conn) heartbeatLocked(d jsontext.Value) {
	if k := d.Kind(); k != 'n' && k != '0' && len(d) != 0 {
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: heartbeat d must be a sequence number or null.")
		return
	}
	if c.hb != nil {
		c.hb.Reset(c.s.opts.HeartbeatTimeout)
	}
	if !c.noACK {
		c.enqueueLocked(envelope(discord.OpHeartbeatACK, ""))
	}
}

// decodeStrict decodes d and reports false (after closing with 4002) on error.
func (c *Conn) decodeLocked(d jsontext.Value, v any) bool {
	if len(d) == 0 || d.Kind() != '{' {
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: d must be an object.")
		return false
	}
	if err := json.Unmarshal(d, v); err != nil {
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: "+trimErr(err))
		return false
	}
	return true
}

func trimErr(err error) string {
	m := err.Error()
	if len(m) > 100 {
		m = m[:100]
	}
	return m
}
