package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/ratelimit"
)

// conn is one websocket connection. Its fields are shared by the reader, the
// heartbeater, senders and runConn as marked.
type conn struct {
	ws      *websocket.Conn
	ctx     context.Context // ends when the connection is being torn down
	limiter ratelimit.SendLimiter
	hello   chan time.Duration // reader -> runConn, first HELLO
	hbNow   chan struct{}      // reader -> heartbeater, server asked (op 1)

	sentAt  atomic.Int64 // unix ns of the last heartbeat
	pending atomic.Bool  // the last heartbeat is not ACKed yet
	blocked atomic.Bool  // the reader waits for buffer space
	stalls  atomic.Uint64
	frames  atomic.Uint64 // messages read: any proves the connection alive

	// Reader-only until runConn's wg.Wait.
	readAt   time.Time // when the message being handled was read
	gen      uint64
	readyAt  time.Time
	interval time.Duration
}

const (
	writeTimeout = 10 * time.Second
	// identifyWindow is how long one identify bucket stays used (reference 2.12).
	identifyWindow = 5 * time.Second
)

// write sends one payload. It does not use the caller's ctx: coder/websocket
// tears the connection down when a write's ctx ends, and one caller giving up
// must not cost everyone the connection.
func (c *conn) write(b []byte) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), writeTimeout)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, b)
}

// runConn dials url, runs one connection until it ends, closes it and waits
// for its goroutines.
func (s *Session) runConn(ctx context.Context, resume bool, wsURL string) connResult {
	res := connResult{resumed: resume}
	s.setStatus(StatusConnecting, nil)
	s.metrics.connects.Add(1)
	dctx, cancel := context.WithTimeout(ctx, s.opts.HandshakeTimeout)
	client, tapped := tappedClient(s.opts.HTTPClient)
	ws, _, err := websocket.Dial(dctx, wsURL, &websocket.DialOptions{HTTPClient: client})
	cancel()
	if err != nil {
		res.cause = &dialError{url: redactURL(wsURL), err: err}
		return res
	}
	ws.SetReadLimit(int64(s.opts.MaxMessageSize))
	s.inf.reset()

	cctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	c := &conn{
		ws:    ws,
		ctx:   cctx,
		hello: make(chan time.Duration, 1),
		hbNow: make(chan struct{}, 1),
	}
	s.mu.Lock()
	c.gen = s.gen
	s.mu.Unlock()

	var wg sync.WaitGroup
	wg.Go(func() { stop(s.readLoop(c)) })
	hs := time.NewTimer(s.opts.HandshakeTimeout)
	select {
	case iv := <-c.hello:
		c.interval = iv
		wg.Go(func() {
			if err := s.heartbeatLoop(c, iv); err != nil {
				stop(err)
			}
		})
		if err := s.handshake(c, resume); err != nil {
			stop(err)
		}
	case <-cctx.Done():
	case <-hs.C:
		stop(&dialError{url: redactURL(wsURL), err: fmt.Errorf("no HELLO within %v", s.opts.HandshakeTimeout)})
	}
	hs.Stop()
	<-cctx.Done()
	res.cause = context.Cause(cctx)
	s.unsetReady(c)
	if errors.Is(res.cause, ErrZombie) {
		// No close handshake can come back on a dead connection: send the
		// close frame (4000, resumable) and close the connection right
		// after it, without waiting for a reply (closetap.go). Without a
		// tap (a transport that does not hand over the connection) drop it.
		if t := tapped.tap.Load(); t != nil {
			t.armed.Store(true)
			code, reason := s.closeCodeFor(ctx, res.cause)
			_ = ws.Close(code, reason)
		} else {
			_ = ws.CloseNow()
		}
	} else {
		code, reason := s.closeCodeFor(ctx, res.cause)
		_ = ws.Close(code, reason) // also ends the reader's blocking read
	}
	wg.Wait()
	res.ready = !c.readyAt.IsZero()
	res.healthy = res.ready && time.Since(c.readyAt) >= c.interval
	var inv *invalidSessionError
	if !resume && !res.ready && errors.As(res.cause, &inv) && !inv.resumable {
		// Discord refused this connection's IDENTIFY.
		if q, ok := s.opts.IdentifyQueue.(IdentifyRefusalNoter); ok {
			q.IdentifyRefused(s.opts.ShardID)
		}
	}
	return res
}

// handshake sends RESUME, or IDENTIFY after taking a slot from the queue.
func (s *Session) handshake(c *conn, resume bool) error {
	if resume {
		s.setStatus(StatusResuming, nil)
		s.mu.Lock()
		d := discord.Resume{Token: s.opts.Token, SessionID: s.sessionID, Seq: s.seq.Load()}
		s.mu.Unlock()
		return s.sendHigh(c, discord.OpResume, &d)
	}
	s.setStatus(StatusIdentifying, nil)
	if q := s.opts.IdentifyQueue; q != nil {
		if err := q.Wait(c.ctx, s.opts.ShardID); err != nil {
			return fmt.Errorf("gateway: waiting for an identify slot: %w", err)
		}
		if qs, ok := q.(IdentifySender); ok {
			// Report the send on every path, so the bucket's window counts
			// from it (a failed write may have sent the bytes too).
			defer func() { qs.IdentifySent(s.opts.ShardID, s.lastIdentify) }()
		}
	} else if !s.lastIdentify.IsZero() {
		// Without a queue, at least keep this session's own IDENTIFYs in
		// its bucket's 5 s window, or Discord answers op 9.
		if d := identifyWindow - time.Since(s.lastIdentify); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-c.ctx.Done():
				t.Stop()
				return context.Cause(c.ctx)
			case <-t.C:
			}
		}
	}
	d := discord.Identify{
		Token:          s.opts.Token,
		Properties:     s.opts.Properties,
		LargeThreshold: s.opts.LargeThreshold,
		Presence:       s.opts.Presence,
		Intents:        s.opts.Intents,
	}
	if s.opts.ShardCount > 0 {
		d.Shard = &[2]int{s.opts.ShardID, s.opts.ShardCount}
	}
	s.seq.Store(0)
	err := s.sendHigh(c, discord.OpIdentify, &d)
	// Discord times the IDENTIFY when it arrives: count from the write.
	s.lastIdentify = time.Now()
	if err != nil {
		return err
	}
	s.metrics.identifies.Add(1)
	return nil
}

// sendHigh sends one of the session's own payloads, using the reserved slots.
func (s *Session) sendHigh(c *conn, op discord.Opcode, d any) error {
	db, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("gateway: encode %v: %w", op, err)
	}
	if err := c.limiter.Wait(c.ctx, ratelimit.SendHigh); err != nil {
		return err
	}
	if err := c.write(discord.AppendPayload(make([]byte, 0, len(db)+20), op, db)); err != nil {
		return fmt.Errorf("gateway: send %v: %w", op, err)
	}
	return nil
}

// readLoop reads frames until the connection fails or Discord asks for a
// reconnect; its error is why the connection ends.
func (s *Session) readLoop(c *conn) error {
	for {
		_, r, err := c.ws.Reader(context.Background())
		if err != nil {
			if code := websocket.CloseStatus(err); code != -1 {
				var wce websocket.CloseError
				errors.As(err, &wce)
				return newCloseError(int(code), wce.Reason)
			}
			return fmt.Errorf("gateway: read: %w", err)
		}
		if err := s.readOne(c, r); err != nil {
			return err
		}
	}
}

// readOne reads, inflates and handles one message. Its buffers come from
// the pools (inflate.go) and go back once the message is handled (handlePayload copies
// what it keeps), so an idle connection holds none while it waits.
func (s *Session) readOne(c *conn, r io.Reader) error {
	rb := getBuf(&readPool)
	defer putBuf(&readPool, rb)
	msg, err := readMessage(r, (*rb)[:0])
	*rb = msg[:0] // keep what it grew to
	if errors.Is(err, websocket.ErrMessageTooBig) {
		return fmt.Errorf("gateway: a message from Discord exceeds Options.MaxMessageSize (%d bytes): %w", s.opts.MaxMessageSize, err)
	}
	if err != nil {
		return fmt.Errorf("gateway: read: %w", err)
	}
	c.readAt = time.Now()
	c.frames.Add(1)
	s.metrics.bytesIn.Add(uint64(len(msg)))
	payload, err := s.inf.push(msg)
	defer s.inf.release()
	if err != nil || payload == nil {
		return err
	}
	s.metrics.bytesInflated.Add(uint64(len(payload)))
	return s.handlePayload(c, payload)
}

// readMessage reads one websocket message into buf (the read limit set on
// the connection bounds it).
func readMessage(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, make([]byte, max(1024, cap(buf)))...)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func (s *Session) handlePayload(c *conn, payload []byte) error {
	p, err := discord.ScanPayload(payload)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadPayload, err)
	}
	switch p.Op {
	case discord.OpDispatch:
		return s.handleDispatch(c, p)
	case discord.OpHeartbeat:
		select {
		case c.hbNow <- struct{}{}:
		default: // one is already due
		}
	case discord.OpHeartbeatACK:
		s.ack(c)
	case discord.OpHello:
		var h discord.Hello
		if err := json.Unmarshal(p.D, &h); err != nil || h.HeartbeatInterval <= 0 {
			return fmt.Errorf("%w: HELLO without a positive heartbeat_interval: %s", ErrBadPayload, truncate(p.D))
		}
		select {
		case c.hello <- time.Duration(h.HeartbeatInterval) * time.Millisecond:
		default: // a second HELLO changes nothing
		}
	case discord.OpReconnect:
		return ErrReconnectRequested
	case discord.OpInvalidSession:
		var resumable bool
		if err := json.Unmarshal(p.D, &resumable); err != nil {
			return fmt.Errorf("%w: INVALID_SESSION d must be a boolean: %s", ErrBadPayload, truncate(p.D))
		}
		return &invalidSessionError{resumable: resumable}
	default:
		s.log.Debug("gateway: ignoring unknown opcode", "op", int(p.Op))
	}
	return nil
}

func (s *Session) handleDispatch(c *conn, p discord.Payload) error {
	if p.T == "" {
		return fmt.Errorf("%w: dispatch without an event name", ErrBadPayload)
	}
	if p.S != 0 && p.S <= s.seq.Load() {
		// Already received on this session (a replay overlap): drop it so
		// the consumer never sees an event twice.
		s.metrics.duplicates.Add(1)
		return nil
	}
	e := Event{Shard: s.opts.ShardID, Seq: p.S, Name: p.T, ReceivedAt: c.readAt, gen: c.gen}
	switch p.T {
	case discord.EventReady:
		var rd struct {
			SessionID string `json:"session_id"`
			ResumeURL string `json:"resume_gateway_url"`
		}
		if err := json.Unmarshal(p.D, &rd); err != nil || rd.SessionID == "" {
			return fmt.Errorf("%w: READY without a session_id (%v)", ErrBadPayload, err)
		}
		s.mu.Lock()
		s.sessionID, s.resumeURL = rd.SessionID, rd.ResumeURL
		s.gen++
		c.gen = s.gen
		s.mu.Unlock()
		s.delivered.Store(c.gen << genShift)
		e.gen = c.gen
	case discord.EventResumed:
		s.metrics.resumes.Add(1)
	}
	e.Raw = append(make([]byte, 0, len(p.D)), p.D...)
	if s.waiting.Load() > 0 && (p.T == discord.EventGuildMembersChunk || p.T == discord.EventRateLimited) {
		s.feedWaiters(&e)
	}
	select {
	case s.events <- &e:
	default:
		c.stalls.Add(1)
		c.blocked.Store(true)
		select {
		case s.events <- &e:
			c.blocked.Store(false)
		case <-c.ctx.Done():
			c.blocked.Store(false)
			return context.Cause(c.ctx)
		}
	}
	s.metrics.events.Add(1)
	if p.S != 0 {
		s.seq.Store(p.S)
	}
	if p.T == discord.EventReady || p.T == discord.EventResumed {
		c.readyAt = time.Now()
		s.setReady(c)
	}
	return nil
}

func (s *Session) setReady(c *conn) {
	s.mu.Lock()
	s.cur = c
	select {
	case <-s.readyCh:
	default:
		close(s.readyCh)
	}
	s.mu.Unlock()
	s.setStatus(StatusReady, nil)
}

func (s *Session) unsetReady(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == c {
		s.cur = nil
		s.readyCh = make(chan struct{})
	}
}

// waitReady returns the ready connection, waiting for one if needed.
func (s *Session) waitReady(ctx context.Context) (*conn, error) {
	for {
		s.mu.Lock()
		c, ch := s.cur, s.readyCh
		s.mu.Unlock()
		if c != nil && c.ctx.Err() == nil {
			return c, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.done:
			return nil, s.stoppedErr()
		}
	}
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(bad url)"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}

func truncate(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}
