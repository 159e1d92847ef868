package discordtest

import (
	"context"
	"net"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
)

// ConnState is where a gateway connection is in its life.
type ConnState int

const (
	// ConnWaiting: HELLO sent; no IDENTIFY or RESUME accepted yet.
	ConnWaiting ConnState = iota
	// ConnReady: IDENTIFY accepted and READY sent.
	ConnReady
	// ConnResumed: RESUME accepted, missed dispatches replayed, RESUMED sent.
	ConnResumed
	// ConnClosed: the connection is gone.
	ConnClosed
)

func (c ConnState) String() string {
	switch c {
	case ConnWaiting:
		return "waiting"
	case ConnReady:
		return "ready"
	case ConnResumed:
		return "resumed"
	case ConnClosed:
		return "closed"
	}
	return "ConnState(?)"
}

// CloseReset is the code recorded for a connection that ended without a close
// frame (a TCP reset or a dropped pipe), by either side.
const CloseReset = -1

// Conn is one gateway connection as the server sees it. Its methods observe it
// or inject faults; all are safe for concurrent use, and calling them after the
// connection closed does nothing.
type Conn struct {
	s         *Server
	id        uint64
	ws        *websocket.Conn
	raw       net.Conn
	resumeURL bool
	compress  string
	enc       compressor // used by the writer goroutine only
	ctx       context.Context
	cancel    context.CancelFunc

	// guarded by s.mu
	state       ConnState
	sess        *session
	sends       []time.Time
	noACK       bool
	delay       time.Duration
	queue       []outFrame
	wake        chan struct{}
	closing     bool
	closeCode   int
	closeReason string
	hb          *time.Timer
}

type outFrame struct {
	data   []byte
	raw    bool // send as is, bypassing compression
	close  bool
	code   int
	reason string
}

func (s *Server) newConn(ws *websocket.Conn, raw net.Conn, resumeURL bool, compress string) *Conn {
	c := &Conn{s: s, ws: ws, raw: raw, resumeURL: resumeURL, compress: compress, wake: make(chan struct{}, 1)}
	c.ctx, c.cancel = context.WithCancel(s.ctx)
	enc, err := newCompressor(compress)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.nextConn++
	c.id = s.gw.nextConn
	s.gw.conns[c.id] = c
	c.enc = enc
	s.recordConnLocked(c, ConnOpened, 0, "")
	if err != nil {
		c.closeLocked(discord.CloseDecodeError, err.Error())
	}
	return c
}

// start sends HELLO (or closes for a bad URL) and arms the heartbeat timeout.
func (c *Conn) start(v, encoding string) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case encoding != "" && encoding != "json":
		c.closeLocked(discord.CloseDecodeError, "encoding "+encoding+" is not supported by discordtest; use json")
		return
	case v != "10" && v != "9":
		c.closeLocked(discord.CloseInvalidAPIVersion, "invalid API version "+v)
		return
	}
	hello := `{"heartbeat_interval":` + strconv.FormatInt(s.opts.HeartbeatInterval.Milliseconds(), 10) + `}`
	c.enqueueLocked(envelope(discord.OpHello, hello))
	c.hb = time.AfterFunc(s.opts.HeartbeatTimeout, c.heartbeatTimeout)
}

func (c *Conn) heartbeatTimeout() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.closeLocked(discord.CloseUnknownError, "heartbeat timeout")
}

// maxQueued bounds a connection's unsent frames: a client that stops reading
// is dropped (close 4000) instead of growing the server without end.
const maxQueued = 1 << 17

// enqueueLocked queues one payload for the writer.
func (c *Conn) enqueueLocked(p []byte) {
	if c.closing {
		return
	}
	if len(c.queue) >= maxQueued {
		c.queue = nil
		c.closeLocked(discord.CloseUnknownError, "Client is not reading: too many queued payloads.")
		return
	}
	c.queue = append(c.queue, outFrame{data: p})
	c.wakeWriter()
}

func (c *Conn) wakeWriter() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// closeLocked asks the writer to close with code after the frames already
// queued. Codes that end the session (1000/1001 do not: only the client's own
// 1000/1001 do) invalidate it.
func (c *Conn) closeLocked(code int, reason string) {
	if c.closing || c.state == ConnClosed {
		return
	}
	if len(reason) > 120 { // a close frame's reason holds at most 123 bytes
		reason = reason[:120]
	}
	c.closing, c.closeCode, c.closeReason = true, code, reason
	c.s.log.Debug("discordtest: closing gateway connection", "conn", c.id, "code", code, "reason", reason)
	if c.hb != nil {
		c.hb.Stop()
	}
	if c.sess != nil && sessionEndingCode(code) {
		c.sess.dead = true
	}
	c.queue = append(c.queue, outFrame{close: true, code: code, reason: reason})
	c.wakeWriter()
}

func sessionEndingCode(code int) bool {
	switch code {
	case discord.CloseAuthenticationFailed, discord.CloseInvalidSeq, discord.CloseSessionTimedOut,
		discord.CloseInvalidShard, discord.CloseShardingRequired, discord.CloseInvalidAPIVersion,
		discord.CloseInvalidIntents, discord.CloseDisallowedIntents, discord.CloseNotAuthenticated:
		return true
	}
	return false
}

func (c *Conn) writeLoop() {
	defer c.s.wg.Done()
	defer func() {
		if c.enc != nil {
			c.enc.close()
		}
	}()
	s := c.s
	for {
		s.mu.Lock()
		for len(c.queue) == 0 {
			s.mu.Unlock()
			select {
			case <-c.wake:
			case <-c.ctx.Done():
				return
			}
			s.mu.Lock()
		}
		items, delay := c.queue, c.delay
		c.queue = nil
		s.mu.Unlock()
		for _, f := range items {
			if f.close {
				if err := c.ws.Close(websocket.StatusCode(f.code), f.reason); err != nil {
					c.ws.CloseNow() // e.g. a code that cannot be sent (1005, 1006)
				}
				return
			}
			if delay > 0 {
				t := time.NewTimer(delay)
				select {
				case <-t.C:
				case <-c.ctx.Done():
					t.Stop()
					return
				}
			}
			typ, data := websocket.MessageText, f.data
			if c.enc != nil {
				typ = websocket.MessageBinary
				if !f.raw {
					var err error
					if data, err = c.enc.compress(data); err != nil {
						s.log.Warn("discordtest: compress failed", "conn", c.id, "err", err)
						c.ws.CloseNow()
						return
					}
				}
			}
			if err := c.ws.Write(c.ctx, typ, data); err != nil {
				return
			}
		}
	}
}

func (c *Conn) readLoop() {
	for {
		typ, data, err := c.ws.Read(c.ctx)
		if err != nil {
			c.finish(err)
			return
		}
		c.handle(typ, data)
	}
}

// finish records the end of the connection and detaches its session.
func (c *Conn) finish(err error) {
	s := c.s
	s.mu.Lock()
	if c.state != ConnClosed {
		code, byClient := CloseReset, false
		switch {
		case c.closing:
			code = c.closeCode
		case websocket.CloseStatus(err) != -1:
			code, byClient = int(websocket.CloseStatus(err)), true
		}
		c.state = ConnClosed
		c.closing = true
		if c.hb != nil {
			c.hb.Stop()
		}
		delete(s.gw.conns, c.id)
		if se := c.sess; se != nil && se.conn == c {
			se.conn = nil
			se.disconnectedAt = s.now()
			if byClient && (code == 1000 || code == 1001) {
				se.dead = true // the client ended the session on purpose
			}
		}
		reason := c.closeReason
		if byClient {
			reason = "closed by client"
		}
		s.recordConnLocked(c, ConnClosedEvent, code, reason)
	}
	s.mu.Unlock()
	c.cancel()
	c.ws.CloseNow()
}

// envelope builds a non-dispatch payload as Discord sends it.
func envelope(op discord.Opcode, d string) []byte {
	b := []byte(`{"t":null,"s":null,"op":`)
	b = strconv.AppendInt(b, int64(op), 10)
	b = append(b, `,"d":`...)
	if d == "" {
		d = "null"
	}
	b = append(b, d...)
	return append(b, '}')
}
