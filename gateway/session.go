package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
)

// Session is one gateway connection's whole life (one shard): it dials,
// identifies or resumes, heartbeats, decompresses, and reconnects on every
// path of reference section 2, until its ctx ends or Discord closes with a
// code that reconnecting cannot fix.
//
// Goroutines: Run owns all of them and waits for them before returning. Per
// connection there is a reader (frames, control opcodes, dispatches into the
// buffer) and a heartbeater; with Options.Handler, one more goroutine delivers
// events in order. No goroutine is started per event.
//
// Slow consumers: dispatches wait in a buffer of Options.BufferSize. When it
// is full the reader stops reading frames (backpressure) until the consumer
// catches up; heartbeats keep going from their own goroutine, and a missing
// ACK is not counted as a zombie while the reader is held up, since the ACK
// may be waiting unread behind dispatches. If the consumer stays stuck long
// enough, Discord may give up on the connection and close it; the session
// then resumes and Discord replays what was missed, so no event is lost, only
// late. The sequence sent in heartbeats and RESUME only counts dispatches that
// reached the buffer.
//
// All methods are safe for concurrent use. Run may be called once.
type Session struct {
	opts    Options
	baseURL string
	log     *slog.Logger
	rnd     func() float64 // [0,1); tests replace it
	events  chan *Event    // pointers: an idle buffer costs 8 bytes a slot, not 96
	done    chan struct{}  // closed when Run returns
	running atomic.Bool

	metrics metrics
	inf     inflater // reader goroutine only; created by Run
	// lastIdentify is when this session last sent IDENTIFY (runConn only).
	lastIdentify time.Time
	waiting      atomic.Int32
	// seq is the last sequence that reached the buffer, for heartbeats and
	// RESUME. delivered packs gen and the last sequence handed to the
	// consumer (see markDelivered), for State.
	seq       atomic.Int64
	delivered atomic.Uint64

	mu        sync.Mutex
	sessionID string
	resumeURL string
	gen       uint64 // bumped on every READY
	status    Status
	statusErr error
	runErr    error
	cur       *conn         // the ready connection, or nil
	readyCh   chan struct{} // closed while a connection is ready
	waiters   map[string]*memberWaiter
}

// SessionState is what it takes to resume a session, possibly from another
// process. Sequence is the last dispatch handed to the consumer, so resuming
// from it replays anything that was still buffered.
type SessionState struct {
	ID        string `json:"session_id"`
	Sequence  int64  `json:"seq"`
	ResumeURL string `json:"resume_gateway_url"`
}

// Status is where a session is in its life.
type Status uint8

// Session statuses.
const (
	StatusIdle         Status = iota // New returned; Run not called yet
	StatusConnecting                 // dialing and waiting for HELLO
	StatusIdentifying                // waiting for an IDENTIFY slot, or for READY
	StatusResuming                   // RESUME sent, waiting for RESUMED
	StatusReady                      // READY or RESUMED received
	StatusDisconnected               // connection lost; waiting to reconnect
	StatusStopped                    // Run returned
)

func (s Status) String() string {
	switch s {
	case StatusIdle:
		return "idle"
	case StatusConnecting:
		return "connecting"
	case StatusIdentifying:
		return "identifying"
	case StatusResuming:
		return "resuming"
	case StatusReady:
		return "ready"
	case StatusDisconnected:
		return "disconnected"
	case StatusStopped:
		return "stopped"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// New returns a session; it starts nothing (call Run). opts must not be nil.
func New(opts *Options) (*Session, error) {
	if opts == nil {
		return nil, errors.New("gateway: Options are required (Token and URL)")
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	base, err := gatewayURL(o.URL, o.Compression)
	if err != nil {
		return nil, err
	}
	s := &Session{
		opts:    o,
		baseURL: base,
		log:     o.Logger.With("shard_id", o.ShardID),
		rnd:     rand.Float64,
		events:  make(chan *Event, o.BufferSize),
		done:    make(chan struct{}),
		readyCh: make(chan struct{}),
		waiters: map[string]*memberWaiter{},
	}
	if st := o.State; st.ID != "" {
		s.sessionID, s.resumeURL = st.ID, st.ResumeURL
		s.seq.Store(st.Sequence)
		s.delivered.Store(uint64(st.Sequence) & seqMask)
	}
	return s, nil
}

// State returns what a new Session needs to resume this one (Options.State).
// ID is empty when there is no resumable session.
func (s *Session) State() SessionState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessionID == "" {
		return SessionState{}
	}
	d := s.delivered.Load()
	var seq int64
	if d>>genShift == s.gen {
		seq = int64(d & seqMask)
	}
	return SessionState{ID: s.sessionID, Sequence: seq, ResumeURL: s.resumeURL}
}

// Status returns the session's status and, once stopped, why.
func (s *Session) Status() (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status, s.statusErr
}

func (s *Session) setStatus(st Status, err error) {
	s.mu.Lock()
	changed := s.status != st
	s.status, s.statusErr = st, err
	s.mu.Unlock()
	if changed {
		s.log.Debug("gateway: status", "status", st.String())
		if s.opts.OnStatus != nil {
			s.opts.OnStatus(st, err)
		}
	}
}

// Run connects and keeps the session alive until ctx ends (it then returns
// ctx.Err()) or Discord closes with a fatal code (it returns a *CloseError).
// Reconnecting, resuming and re-identifying happen inside. It may be called
// once; it waits for every goroutine it started before returning.
func (s *Session) Run(ctx context.Context) (err error) {
	if !s.running.CompareAndSwap(false, true) {
		return ErrAlreadyRunning
	}
	defer func() {
		s.mu.Lock()
		s.runErr = err
		s.cur = nil
		if !s.opts.KeepSession || ctx.Err() == nil {
			// Closed with 1000, or by a fatal code: the session is gone.
			s.sessionID, s.resumeURL = "", ""
		}
		s.mu.Unlock()
		s.failWaiters(ErrStopped)
		s.setStatus(StatusStopped, err)
		close(s.done)
	}()
	inf, err := newInflater(s.opts.Compression, s.opts.MaxMessageSize, s.opts.MaxZstdWindow)
	if err != nil {
		return err
	}
	s.inf = inf
	defer inf.close()
	if h := s.opts.Handler; h != nil {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { s.deliverLoop(ctx, stop) })
		defer func() { close(stop); wg.Wait() }()
	}
	fails := 0 // consecutive connections that did not get healthy
	for {
		resume, url := s.target()
		if !resume {
			if err := s.waitBudget(ctx); err != nil {
				return err
			}
		}
		r := s.runConn(ctx, resume, url)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.setStatus(StatusDisconnected, r.cause)
		// A connection that stayed up a heartbeat interval resets the
		// backoff; one that reached READY/RESUMED but dropped soon after
		// reconnects at once the first time, then backs off.
		backoffStep := 0
		var inv *invalidSessionError
		switch {
		case errors.As(r.cause, &inv):
			// Discord answered the handshake: the connection worked, so
			// earlier failures do not stretch the documented 1-5 s wait.
			fails = 0
		case r.healthy:
			fails = 0
		case r.ready:
			fails++
			backoffStep = fails - 1
		default:
			fails++
			backoffStep = fails
		}
		delay, stop := s.decide(r, backoffStep)
		if stop != nil {
			return stop
		}
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
	}
}

// budgeter is what a queue tells about the session start budget
// (*ratelimit.IdentifyQueue has it).
type budgeter interface {
	Budget() (enforced bool, remaining int, resetAt time.Time)
}

// waitBudget waits, before a connection that will identify, until the
// IdentifyQueue's session start budget has a start left, so that no
// websocket is opened (and held or retried) while none can identify. It logs
// once when it starts waiting and once when it goes on.
func (s *Session) waitBudget(ctx context.Context) error {
	b, ok := s.opts.IdentifyQueue.(budgeter)
	if !ok {
		return nil
	}
	waited := false
	for {
		on, left, resetAt := b.Budget()
		wait := time.Until(resetAt)
		if !on || left > 0 || wait <= 0 {
			break
		}
		if !waited {
			waited = true
			s.setStatus(StatusIdentifying, nil)
			s.log.Warn("gateway: session start budget exhausted; waiting for its reset before connecting",
				"reset_in", wait.Round(time.Second), "reset_at", resetAt)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	if waited {
		s.log.Warn("gateway: session start budget reset; connecting")
	}
	return nil
}

// target says whether the next connection resumes, and where it goes.
func (s *Session) target() (resume bool, url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessionID == "" {
		return false, s.baseURL
	}
	if s.resumeURL != "" {
		if u, err := gatewayURL(s.resumeURL, s.opts.Compression); err == nil {
			return true, u
		}
		s.log.Warn("gateway: unusable resume_gateway_url; resuming at the gateway URL", "resume_url", s.resumeURL)
		s.resumeURL = ""
	}
	return true, s.baseURL
}

// connResult is how one connection ended.
type connResult struct {
	cause   error
	resumed bool // it tried to RESUME
	ready   bool // it received READY or RESUMED
	healthy bool // it became ready and stayed up at least one heartbeat interval
}

// decide applies reference 2.9/2.10 to how a connection ended: it returns the
// delay before the next connection (from the backoff step, see backoff), or
// the error that stops Run.
func (s *Session) decide(r connResult, fails int) (time.Duration, error) {
	cause := r.cause
	delay := s.backoff(fails)
	var ce *CloseError
	var inv *invalidSessionError
	var de *dialError
	switch {
	case errors.Is(cause, ErrZstdWindow):
		return 0, cause // every new stream would declare the same window
	case errors.As(cause, &ce):
		switch ce.Info.Action {
		case discord.CloseFatal:
			return 0, ce // Run returns it; not logged twice
		case discord.CloseReidentify:
			s.log.Info("gateway: session closed; identifying anew", "code", ce.Code)
			s.clearSession()
		default:
			s.log.Info("gateway: connection closed; resuming", "code", ce.Code, "reason", ce.Reason)
		}
	case errors.As(cause, &inv):
		if inv.resumable {
			s.log.Info("gateway: invalid session (resumable); resuming")
		} else {
			s.log.Info("gateway: invalid session; identifying anew after 1-5 s")
			s.clearSession()
			// Reference 2.9: wait a random 1-5 s before a fresh IDENTIFY.
			delay = max(delay, time.Second+time.Duration(s.rnd()*float64(4*time.Second)))
		}
	case errors.As(cause, &de):
		s.log.Warn("gateway: connect failed", "error", cause, "retry_in", delay)
		if r.resumed {
			// Forget the resume URL: resume through the main gateway URL.
			s.mu.Lock()
			s.resumeURL = ""
			s.mu.Unlock()
		}
	case errors.Is(cause, ErrZombie), errors.Is(cause, ErrReconnectRequested):
		s.log.Info("gateway: reconnecting", "reason", cause)
	default:
		s.log.Warn("gateway: connection lost; reconnecting", "error", cause, "retry_in", delay)
	}
	return delay, nil
}

// backoff is the delay before the next connection after fails consecutive
// unhealthy ones.
func (s *Session) backoff(fails int) time.Duration {
	if fails == 0 {
		return 0
	}
	b := s.opts.Backoff
	d := b.Max
	if fails < 31 {
		if x := b.Base << (fails - 1); x > 0 && x < b.Max {
			d = x
		}
	}
	return d - time.Duration(s.rnd()*b.Jitter*float64(d))
}

// clearSession forgets the session (after which the next connection
// identifies) and fails member requests that cannot complete any more.
func (s *Session) clearSession() {
	s.mu.Lock()
	s.sessionID, s.resumeURL = "", ""
	s.mu.Unlock()
	s.seq.Store(0)
	s.failWaiters(ErrSessionInvalidated)
}

func (s *Session) stoppedErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.runErr != nil {
		return fmt.Errorf("%w: %w", ErrStopped, s.runErr)
	}
	return ErrStopped
}

// closeCodeFor picks the close code for ending a connection because of cause.
// Anything but 1000/1001 keeps the session resumable (reference 2.9).
func (s *Session) closeCodeFor(ctx context.Context, cause error) (websocket.StatusCode, string) {
	var inv *invalidSessionError
	switch {
	case ctx.Err() != nil && !s.opts.KeepSession:
		return websocket.StatusNormalClosure, "shutting down"
	case errors.As(cause, &inv) && !inv.resumable:
		return websocket.StatusNormalClosure, "invalid session"
	case errors.Is(cause, ErrZombie):
		return 4000, "zombied connection"
	}
	return 4000, "reconnecting"
}
