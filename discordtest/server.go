package discordtest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// Server is a fake Discord: REST API, gateway and an in-memory world. Create it
// with NewServer (tests) or Start (tools); all methods are safe for concurrent
// use. Close stops every goroutine the server started and waits for them.
type Server struct {
	opts Options
	log  *slog.Logger
	now  func() time.Time
	// realClock: Options.Now was left to time.Now, so kernel arrival stamps
	// (stamp.go) share its clock.
	realClock bool

	srv       *http.Server
	tcp       net.Listener // nil when InMemory
	pipe      *pipeListener
	host      string
	transport *http.Transport
	client    *http.Client
	routes    []*route

	ctx    context.Context // ends when Close starts
	cancel context.CancelFunc
	wg     sync.WaitGroup // serve loops and gateway connections
	closed sync.Once

	rl rateState // REST limiter state, its own lock

	mu      sync.Mutex // guards everything below
	changed chan struct{}
	gw      gatewayState
	world   world
	rec     records
	faults  faultState
	logDisp bool // RecordDispatches was called
}

// NewServer starts a Server and registers its Close with tb.Cleanup. It fails
// the test if the server cannot start. opts may be nil.
func NewServer(tb testing.TB, opts *Options) *Server {
	tb.Helper()
	s, err := Start(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Start starts a Server outside of a test (for example `scurry sandbox`). The
// caller must call Close.
func Start(opts *Options) (*Server, error) {
	o := opts.withDefaults()
	if time.Now().Year() < 2010 { // inside a testing/synctest bubble
		o.InMemory = true
	}
	s := &Server{opts: o, log: o.Logger, now: o.Now, changed: make(chan struct{}), realClock: opts == nil || opts.Now == nil}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.pipe = newPipeListener()
	s.host = "discordtest.invalid"
	if !o.InMemory {
		l, err := net.Listen("tcp", o.Addr)
		if err != nil {
			return nil, fmt.Errorf("discordtest: listen on %s: %w", o.Addr, err)
		}
		s.tcp = l
		keepStamping(l)
		s.host = l.Addr().String()
	}
	s.initGateway()
	s.initWorld()
	s.routes = buildRoutes(o.SpecOnly)
	s.srv = &http.Server{
		Handler:  http.HandlerFunc(s.serveHTTP),
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		// http.Server.Close does not wait for connection goroutines (one may
		// be in its 500 ms lingering close); count them so Close can.
		ConnState: func(_ net.Conn, st http.ConnState) {
			switch st {
			case http.StateNew:
				s.wg.Add(1)
			case http.StateClosed, http.StateHijacked:
				s.wg.Done()
			}
		},
	}
	s.transport = &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return s.pipe.dial(ctx)
		},
		MaxIdleConnsPerHost: 256,
		DisableCompression:  true,
	}
	s.client = &http.Client{Transport: s.transport}
	listeners := []net.Listener{s.pipe}
	if s.tcp != nil {
		listeners = append(listeners, stampedListener{s.tcp})
	}
	for _, l := range listeners {
		s.wg.Go(func() {
			if err := s.srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Warn("discordtest: serve stopped", "err", err)
			}
		})
	}
	return s, nil
}

// Close stops the server: it drops every gateway connection (without a close
// frame), ends stalled requests, closes the listeners and waits for all of the
// server's goroutines. It is idempotent.
func (s *Server) Close() error {
	s.closed.Do(func() {
		s.cancel()
		s.mu.Lock()
		conns := make([]*Conn, 0, len(s.gw.conns))
		for _, c := range s.gw.conns {
			conns = append(conns, c)
		}
		s.mu.Unlock()
		for _, c := range conns {
			c.Reset()
		}
		s.srv.Close()
		s.transport.CloseIdleConnections()
		s.wg.Wait()
	})
	return nil
}

// Token returns the bot token the server accepts (without "Bot ").
func (s *Server) Token() string { return s.opts.Token }

// URL returns the REST base, like "http://127.0.0.1:PORT/api/v10". With
// InMemory the host is "discordtest.invalid", reachable only through Client.
func (s *Server) URL() string { return "http://" + s.host + "/api/v10" }

// GatewayURL returns the gateway URL that GET /gateway and /gateway/bot return,
// like "ws://127.0.0.1:PORT/gateway". Clients add ?v=10&encoding=json&compress=….
func (s *Server) GatewayURL() string { return "ws://" + s.host + "/gateway" }

// ResumeURL returns the resume_gateway_url sent in READY: a distinct URL served
// by the same server.
func (s *Server) ResumeURL() string { return "ws://" + s.host + "/gateway/resume" }

// Client returns an *http.Client whose connections are in-memory pipes to the
// server, whatever host the URL names. It works for REST and for websocket
// dials (websocket.DialOptions.HTTPClient), including inside testing/synctest.
// The server owns it: Close closes its idle connections.
func (s *Server) Client() *http.Client { return s.client }

// Transport returns the in-memory transport under Client, for callers who
// wrap it (logging, metrics) or build their own *http.Client.
func (s *Server) Transport() http.RoundTripper { return s.transport }

// DialContext opens an in-memory connection to the server, for callers who
// build their own transport. network and addr are ignored.
func (s *Server) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return s.pipe.dial(ctx)
}

// BotUser returns the bot user's id (also the application id).
func (s *Server) BotUser() discord.Snowflake { return s.world.botID }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/api/"):
		s.serveREST(w, r)
	case p == "/gateway" || p == "/gateway/":
		s.serveGateway(w, r, false)
	case p == "/gateway/resume" || p == "/gateway/resume/":
		s.serveGateway(w, r, true)
	default:
		writeError(w, http.StatusNotFound, 0, "404: Not Found", nil)
	}
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait blocks until cond returns true or ctx ends. cond is evaluated at once
// and again after every change the server records (frames, connections,
// requests, identifies, world changes); it runs without the server's lock, so
// it may call any Server method. Tests use Wait instead of sleeping.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("discordtest: wait: %w", context.Cause(ctx))
		case <-s.ctx.Done():
			return errors.New("discordtest: wait: server closed")
		}
	}
}
