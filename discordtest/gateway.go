package discordtest

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
)

// gatewayState is the gateway's bookkeeping; guarded by Server.mu.
type gatewayState struct {
	sessions     map[string]*session
	conns        map[uint64]*Conn
	nextConn     uint64
	shardCount   int
	maxConc      int
	identifyLast map[int]time.Time // identify bucket -> last accepted IDENTIFY
	startTotal   int
	startLeft    int
	startReset   time.Time
	tokenReset   bool                            // session-start budget overrun: token is dead
	memberReqs   map[discord.Snowflake]time.Time // guild -> last "all members" request
}

func (s *Server) initGateway() {
	s.gw = gatewayState{
		sessions:     map[string]*session{},
		conns:        map[uint64]*Conn{},
		shardCount:   s.opts.ShardCount,
		maxConc:      s.opts.MaxConcurrency,
		identifyLast: map[int]time.Time{},
		startTotal:   s.opts.SessionStartTotal,
		startLeft:    s.opts.SessionStartRemaining,
		startReset:   s.now().Add(s.opts.SessionStartResetAfter),
		memberReqs:   map[discord.Snowflake]time.Time{},
	}
}

// GatewayBot returns what GET /gateway/bot answers now.
func (s *Server) GatewayBot() discord.GatewayBot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gatewayBotLocked()
}

func (s *Server) gatewayBotLocked() discord.GatewayBot {
	s.refillStartsLocked()
	return discord.GatewayBot{
		URL:    s.GatewayURL(),
		Shards: s.gw.shardCount,
		SessionStartLimit: discord.SessionStartLimit{
			Total:          s.gw.startTotal,
			Remaining:      s.gw.startLeft,
			ResetAfter:     int(max(0, s.gw.startReset.Sub(s.now())) / time.Millisecond),
			MaxConcurrency: s.gw.maxConc,
		},
	}
}

func (s *Server) refillStartsLocked() {
	if now := s.now(); !now.Before(s.gw.startReset) {
		s.gw.startLeft = s.gw.startTotal
		s.gw.startReset = now.Add(s.opts.SessionStartResetAfter)
	}
}

// SetShardCount changes the recommended shard count GET /gateway/bot returns
// (resharding tests). Live sessions are not affected.
func (s *Server) SetShardCount(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.shardCount = max(1, n)
	s.notifyLocked()
}

// SetSessionStartLimit changes the session-start budget: total, remaining,
// the time until it refills, and max_concurrency (0 keeps the current value).
// It also revives a token that was reset for overrunning the budget.
func (s *Server) SetSessionStartLimit(total, remaining int, resetAfter time.Duration, maxConcurrency int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.startTotal = total
	s.gw.startLeft = remaining
	s.gw.startReset = s.now().Add(resetAfter)
	if maxConcurrency > 0 {
		s.gw.maxConc = maxConcurrency
	}
	s.gw.tokenReset = false
	s.notifyLocked()
}

// serveGateway upgrades a request on /gateway or /gateway/resume and runs the
// connection until it closes.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request, resumeURL bool) {
	// Counted before the upgrade, while the HTTP connection still holds the
	// server's WaitGroup: this goroutine (the reader) and the writer.
	s.wg.Add(2)
	defer s.wg.Done()
	hw := &hijackWatcher{ResponseWriter: w}
	ws, err := websocket.Accept(hw, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // bots send no Origin; nothing to protect here
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		s.wg.Done()
		s.log.Debug("discordtest: websocket upgrade failed", "err", err)
		return
	}
	ws.SetReadLimit(1 << 20) // larger than MaxPayload so oversize gets 4002, not 1009
	q := r.URL.Query()
	c := s.newConn(ws, hw.conn, resumeURL, q.Get("compress"))
	go c.writeLoop()
	c.start(q.Get("v"), q.Get("encoding"))
	c.readLoop()
}

// hijackWatcher remembers the raw connection so a fault can reset it.
type hijackWatcher struct {
	http.ResponseWriter
	conn net.Conn
}

func (h *hijackWatcher) Unwrap() http.ResponseWriter { return h.ResponseWriter }

func (h *hijackWatcher) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	h.conn = c
	return c, brw, err
}

// Conns returns the gateway connections still open, in connection order.
func (s *Server) Conns() []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connsLocked(func(*Conn) bool { return true })
}

// ShardConns returns the open connections whose session is shard id (of any
// shard count), in connection order.
func (s *Server) ShardConns(id int) []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connsLocked(func(c *Conn) bool { return c.sess != nil && c.sess.shard[0] == id })
}

func (s *Server) connsLocked(keep func(*Conn) bool) []*Conn {
	var out []*Conn
	for id := uint64(1); id <= s.gw.nextConn; id++ {
		if c, ok := s.gw.conns[id]; ok && keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// WaitLiveConns waits until at least n connections are live (READY or RESUMED
// sent) and returns them.
func (s *Server) WaitLiveConns(ctx context.Context, n int) ([]*Conn, error) {
	var live []*Conn
	err := s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		live = s.connsLocked(func(c *Conn) bool { return c.state == ConnReady || c.state == ConnResumed })
		return len(live) >= n
	})
	return live, err
}
