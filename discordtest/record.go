package discordtest

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// Frame is one gateway payload the server received, stamped with the
// server's clock.
type Frame struct {
	Time  time.Time
	Conn  uint64
	Shard [2]int         // the connection's session shard; {-1,-1} before IDENTIFY/RESUME
	Op    discord.Opcode // -1 when the frame could not be decoded
	T     string
	Size  int
}

// IdentifyRecord is one IDENTIFY that passed validation and reached the
// identify-bucket check.
type IdentifyRecord struct {
	Time     time.Time
	Conn     uint64
	Shard    [2]int
	Bucket   int    // shard_id % max_concurrency
	Accepted bool   // false: op 9 (bucket busy) or token reset (budget overrun)
	Reason   string // why it was refused
}

// ConnEventKind names what happened to a connection.
type ConnEventKind int

// Connection events.
const (
	ConnOpened        ConnEventKind = iota // upgrade done, HELLO queued
	ConnIdentified                         // READY sent
	ConnResumedEvent                       // RESUMED sent
	ConnInvalidated                        // op 9 sent
	ConnClosedEvent                        // closed; Code is the close code or CloseReset
	ConnReconnectSent                      // op 7 sent
)

func (k ConnEventKind) String() string {
	return [...]string{"opened", "identified", "resumed", "invalidated", "closed", "reconnect sent"}[k]
}

// ConnEvent is one entry of the connection log.
type ConnEvent struct {
	Time      time.Time
	Conn      uint64
	Kind      ConnEventKind
	Shard     [2]int
	SessionID string
	ResumeURL bool // the connection came in on the resume URL
	Code      int  // for ConnClosedEvent
	Reason    string
}

// Request is one REST request the server answered.
type Request struct {
	Time           time.Time
	Method         string
	Path           string // as sent, without the /api/v10 (or v9) prefix and the query
	Query          string // the raw query, without "?"
	Route          string // the route template, like "/channels/{channel_id}/messages"; "" if unknown
	Bucket         string // X-RateLimit-Bucket given, if any
	Header         http.Header
	AuditLogReason string // X-Audit-Log-Reason, URL-decoded
	Status         int
	Scope          string      // on 429: "user", "global", "shared" or "ban"
	RateLimit      http.Header // the answer's X-RateLimit-* and Retry-After headers (nil when none)
}

// RateLimitCounts counts the 429s the server sent, by scope.
type RateLimitCounts struct {
	User, Global, Shared, Ban int
}

type records struct {
	frames     []Frame
	identifies []IdentifyRecord
	conns      []ConnEvent
	requests   []Request
	resumes    int
	dispatched int
	limited    RateLimitCounts
	responses  []InteractionResponse
	dispatches []Dispatched // only after RecordDispatches
}

func (s *Server) recordConnLocked(c *Conn, kind ConnEventKind, code int, reason string) {
	e := ConnEvent{Time: s.now(), Conn: c.id, Kind: kind, Shard: c.shardLocked(), ResumeURL: c.resumeURL, Code: code, Reason: reason}
	if c.sess != nil {
		e.SessionID = c.sess.id
	}
	s.rec.conns = append(s.rec.conns, e)
	s.notifyLocked()
}

// Frames returns every gateway payload received so far.
func (s *Server) Frames() []Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.frames)
}

// Identifies returns every IDENTIFY that reached the bucket check, accepted
// or not, in order.
func (s *Server) Identifies() []IdentifyRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.identifies)
}

// ConnEvents returns the connection log.
func (s *Server) ConnEvents() []ConnEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.conns)
}

// Requests returns every REST request answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.requests)
}

// Resumes returns how many RESUMEs succeeded.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.resumes
}

// RateLimited returns the 429s sent so far, by scope.
func (s *Server) RateLimited() RateLimitCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.limited
}

// ResetRecords clears the frame, identify, connection and request logs and
// the counters (state such as sessions and buckets is kept).
func (s *Server) ResetRecords() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec = records{}
	s.notifyLocked()
}

// IdentifyBucketViolations returns pairs of accepted identifies that share a
// bucket and are closer than the identify window. The server refuses such
// identifies itself, so a non-empty result means the window was changed
// while the test ran.
func (s *Server) IdentifyBucketViolations() [][2]IdentifyRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	last := map[int]IdentifyRecord{}
	var out [][2]IdentifyRecord
	for _, r := range s.rec.identifies {
		if !r.Accepted {
			continue
		}
		if p, ok := last[r.Bucket]; ok && r.Time.Sub(p.Time) < s.opts.IdentifyWindow {
			out = append(out, [2]IdentifyRecord{p, r})
		}
		last[r.Bucket] = r
	}
	return out
}

// WaitIdentified waits until at least n IDENTIFYs have been accepted.
func (s *Server) WaitIdentified(ctx context.Context, n int) error {
	return s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		k := 0
		for _, r := range s.rec.identifies {
			if r.Accepted {
				k++
			}
		}
		return k >= n
	})
}

// WaitResumed waits until at least n RESUMEs have succeeded.
func (s *Server) WaitResumed(ctx context.Context, n int) error {
	return s.Wait(ctx, func() bool { return s.Resumes() >= n })
}

// WaitConnEvent waits for the first event in the connection log (from the
// start) that match accepts, and returns it.
func (s *Server) WaitConnEvent(ctx context.Context, match func(ConnEvent) bool) (ConnEvent, error) {
	var found ConnEvent
	from := 0 // entries already looked at
	err := s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if from > len(s.rec.conns) { // ResetRecords
			from = 0
		}
		for ; from < len(s.rec.conns); from++ {
			if match(s.rec.conns[from]) {
				found = s.rec.conns[from]
				return true
			}
		}
		return false
	})
	return found, err
}

// WaitFrame waits for the first received frame (from the start) that match
// accepts, and returns it.
func (s *Server) WaitFrame(ctx context.Context, match func(Frame) bool) (Frame, error) {
	var found Frame
	from := 0 // entries already looked at
	err := s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if from > len(s.rec.frames) { // ResetRecords
			from = 0
		}
		for ; from < len(s.rec.frames); from++ {
			if match(s.rec.frames[from]) {
				found = s.rec.frames[from]
				return true
			}
		}
		return false
	})
	return found, err
}

// WaitRequest waits for the first REST request (from the start) that match
// accepts, and returns it.
func (s *Server) WaitRequest(ctx context.Context, match func(Request) bool) (Request, error) {
	var found Request
	from := 0 // entries already looked at
	err := s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if from > len(s.rec.requests) { // ResetRecords
			from = 0
		}
		for ; from < len(s.rec.requests); from++ {
			if match(s.rec.requests[from]) {
				found = s.rec.requests[from]
				return true
			}
		}
		return false
	})
	return found, err
}

// WatchConnEvents returns a channel that receives every connection event
// recorded from now on, in order. The channel is closed when ctx ends or the
// server closes; the goroutine feeding it belongs to the server (Close waits
// for it) and blocks, without dropping events, while the reader is slow.
func (s *Server) WatchConnEvents(ctx context.Context) <-chan ConnEvent {
	return watch(s, ctx, func() []ConnEvent { return s.rec.conns })
}

// WatchRequests is WatchConnEvents for REST requests.
func (s *Server) WatchRequests(ctx context.Context) <-chan Request {
	return watch(s, ctx, func() []Request { return s.rec.requests })
}

// WatchFrames is WatchConnEvents for gateway frames received.
func (s *Server) WatchFrames(ctx context.Context) <-chan Frame {
	return watch(s, ctx, func() []Frame { return s.rec.frames })
}

// watch follows one record log (log is called with s.mu held).
func watch[T any](s *Server, ctx context.Context, log func() []T) <-chan T {
	ch := make(chan T)
	if s.ctx.Err() != nil {
		close(ch)
		return ch
	}
	s.mu.Lock()
	next := len(log())
	s.mu.Unlock()
	s.wg.Go(func() {
		defer close(ch)
		for {
			var batch []T
			s.Wait(ctx, func() bool {
				s.mu.Lock()
				defer s.mu.Unlock()
				all := log()
				if next > len(all) { // ResetRecords cleared the log
					next = 0
				}
				batch = slices.Clone(all[next:])
				next = len(all)
				return len(batch) > 0
			})
			if len(batch) == 0 {
				return // ctx ended or the server closed
			}
			for _, e := range batch {
				select {
				case ch <- e:
				case <-ctx.Done():
					return
				case <-s.ctx.Done():
					return
				}
			}
		}
	})
	return ch
}
