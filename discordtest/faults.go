package discordtest

import (
	"time"

	"github.com/scurrygo/scurry/discord"
)

// ID returns the connection's number (1, 2, … in accept order).
func (c *Conn) ID() uint64 { return c.id }

// ResumeURL reports whether the client connected to the resume URL.
func (c *Conn) ResumeURL() bool { return c.resumeURL }

// Compression returns the compress parameter the client asked for.
func (c *Conn) Compression() string { return c.compress }

// State returns the connection's state.
func (c *Conn) State() ConnState {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.state
}

// Shard returns the session's [id, count], or {-1, -1} before IDENTIFY/RESUME.
func (c *Conn) Shard() [2]int {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.shardLocked()
}

// SessionID returns the session's id, or "" before IDENTIFY/RESUME.
func (c *Conn) SessionID() string {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.sess == nil {
		return ""
	}
	return c.sess.id
}

// Close closes the connection with a close frame carrying code, after the
// frames already queued. Codes after which Discord requires a new session
// (4003, 4004, 4007, 4009, 4010-4014) also invalidate the session; any other
// code, 1000 and 1001 included, leaves it resumable. Codes that cannot be
// sent in a close frame (1005, 1006) drop the connection without one; use
// Reset for that.
func (c *Conn) Close(code int, reason string) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.closeLocked(code, reason)
}

// Reset drops the connection at once without a close frame: a TCP reset on a
// loopback connection, a closed pipe in memory. The session stays resumable.
func (c *Conn) Reset() {
	c.s.mu.Lock()
	if c.state != ConnClosed && !c.closing {
		c.closing, c.closeCode, c.closeReason = true, CloseReset, "reset"
		if c.hb != nil {
			c.hb.Stop()
		}
	}
	c.s.mu.Unlock()
	if tc, ok := c.raw.(interface{ SetLinger(int) error }); ok {
		tc.SetLinger(0) // makes Close send RST
	}
	if c.raw != nil {
		c.raw.Close()
	}
	c.ws.CloseNow()
}

// SendReconnect sends op 7 RECONNECT. Discord closes the connection itself a
// few seconds later; tests that want that call Close afterwards.
func (c *Conn) SendReconnect() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.enqueueLocked(envelope(discord.OpReconnect, ""))
	c.s.recordConnLocked(c, ConnReconnectSent, 0, "op 7 sent")
}

// SendInvalidSession sends op 9 with d = resumable. With false the session is
// invalidated too, so a RESUME of it gets op 9 false.
func (c *Conn) SendInvalidSession(resumable bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	d := "false"
	if resumable {
		d = "true"
	} else if c.sess != nil {
		c.sess.dead = true
	}
	c.enqueueLocked(envelope(discord.OpInvalidSession, d))
	c.s.recordConnLocked(c, ConnInvalidated, 0, "op 9 "+d+" sent")
}

// RequestHeartbeat sends op 1, asking the client for an immediate heartbeat.
func (c *Conn) RequestHeartbeat() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.enqueueLocked(envelope(discord.OpHeartbeat, ""))
}

// StopACKs makes the server stop answering heartbeats (op 11), so the client
// sees a zombie connection. StartACKs undoes it.
func (c *Conn) StopACKs() { c.setNoACK(true) }

// StartACKs resumes answering heartbeats.
func (c *Conn) StartACKs() { c.setNoACK(false) }

func (c *Conn) setNoACK(v bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.noACK = v
}

// SetDelay delays every frame the server sends afterwards by d (0 stops).
func (c *Conn) SetDelay(d time.Duration) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.delay = d
}

// SendRaw sends data as the next message, bypassing compression: on a
// compressed connection it corrupts the stream, on a plain one it is a text
// frame with whatever data holds.
func (c *Conn) SendRaw(data []byte) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if !c.closing {
		c.queue = append(c.queue, outFrame{data: append([]byte(nil), data...), raw: true})
		c.wakeWriter()
	}
}

// Corrupt sends a frame the client cannot decode (see SendRaw).
func (c *Conn) Corrupt() { c.SendRaw([]byte("\x00\xffnot a gateway payload{")) }

// Dispatch sends an event to this connection's session only (numbered and
// kept for RESUME like any dispatch). It does nothing before IDENTIFY/RESUME.
func (c *Conn) Dispatch(name string, d any) error {
	raw, err := marshalD(d)
	if err != nil {
		return err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.sess != nil && !c.closing {
		c.sess.pushLocked(name, raw)
		c.s.notifyLocked()
	}
	return nil
}
