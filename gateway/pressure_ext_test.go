package gateway_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

// Every dispatch read from the socket reaches the Handler before Run
// returns, even those still buffered when a fatal close ends the session.
func TestBufferedEventsAreDeliveredOnFatalClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		release := make(chan struct{})
		var got atomic.Int32
		var stopped atomic.Bool
		h := start(t, srv, func(o *gateway.Options) {
			o.Handler = func(_ context.Context, e gateway.Event) {
				if e.Name == testEventName {
					if got.Add(1) == 1 {
						<-release // hold the consumer: the rest stays buffered
					}
				}
			}
			o.OnStatus = func(st gateway.Status, _ error) {
				if st == gateway.StatusDisconnected {
					stopped.Store(true)
				}
			}
		})
		c := h.newConn()
		const n = 50
		dispatchN(t, srv, 0, n)
		synctest.Wait()
		c.Close(4004, "Authentication failed.")
		synctest.Wait() // Run has seen the fatal close and waits for delivery
		if !stopped.Load() {
			t.Fatal("session did not see the close")
		}
		close(release)
		err := h.wait(time.Minute)
		assert.Equal(t, "fatal close code", gateway.CloseCode(err), 4004)
		assert.Equal(t, "events delivered", got.Load(), int32(n))
	})
}

// After op 9 (not resumable) the next IDENTIFY comes 1-5 s later, even when
// earlier connections failed (a connection Discord answered resets the
// backoff).
func TestInvalidSessionWaitIgnoresEarlierFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, func(o *gateway.Options) { o.Backoff.Jitter = -1 })
		c := h.newConn()
		// Five connections in a row that never became ready.
		for range 5 {
			c.Reset()
			c = h.newConn()
		}
		sent := time.Now()
		c.SendInvalidSession(false)
		h.newConn()
		ids := srv.Identifies()
		wait := ids[len(ids)-1].Time.Sub(sent)
		if wait < time.Second || wait > 5*time.Second {
			t.Fatalf("re-identified %v after op 9 false, want 1-5 s", wait)
		}
	})
}

// A zombie connection is closed with 4000 (resumable) and at once: the
// client neither waits for a close reply that a dead link never brings
// (coder/websocket's Close would wait 5 s) nor drops it without a frame.
// The link goes deaf on the client's side: nothing the server sends arrives
// any more, the close reply included, while what the client sends still
// reaches the server, which records the close code.
func TestZombieIsClosedAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		link := &deafLink{srv: srv}
		tr := &http.Transport{DialContext: link.dial}
		t.Cleanup(tr.CloseIdleConnections)
		h := start(t, srv, func(o *gateway.Options) { o.HTTPClient = &http.Client{Transport: tr} })
		c := h.newConn()
		c.StopACKs()
		link.deafen() // this connection only
		var detected time.Time
		if err := srv.Wait(h.ctx(10*time.Minute), func() bool {
			for _, e := range srv.ConnEvents() {
				if e.Kind == discordtest.ConnClosedEvent && e.Conn == c.ID() {
					detected = e.Time
					return true
				}
			}
			return false
		}); err != nil {
			t.Fatal(err)
		}
		beats := framesOp(srv, discord.OpHeartbeat)
		last := beats[len(beats)-1].Time
		// The zombie check fires one interval after the unanswered beat.
		if d := detected.Sub(last); d > interval+time.Second {
			t.Fatalf("closed %v after the unanswered beat, want at most one interval", d)
		}
		c2 := h.newConn()
		assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
		assert.Equal(t, "close codes", closeCodes(srv), []int{4000})
		// The next connection opens as soon as the close frame went out: no
		// wait for the reply.
		var opened time.Time
		for _, e := range srv.ConnEvents() {
			if e.Kind == discordtest.ConnOpened && e.Conn == c2.ID() {
				opened = e.Time
			}
		}
		if d := opened.Sub(detected); d > time.Second {
			t.Fatalf("reconnected %v after the close frame, want no wait for the close reply", d)
		}
	})
}

// deafLink dials the fake; deafen makes the last connection deaf: what the
// server sends is read and thrown away on the client's side (a link dead
// one way), until the client closes it.
type deafLink struct {
	srv  *discordtest.Server
	last atomic.Pointer[deafConn]
}

func (l *deafLink) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := l.srv.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	dc := &deafConn{Conn: c, closed: make(chan struct{})}
	l.last.Store(dc)
	return dc, nil
}

func (l *deafLink) deafen() { l.last.Load().deaf.Store(true) }

type deafConn struct {
	net.Conn
	deaf      atomic.Bool
	closeOnce sync.Once
	closed    chan struct{}
}

// Read passes data on until the connection is deaf; then it discards what
// arrives, and an error (the server closing its end after the close
// handshake) waits until the client closes the connection.
func (c *deafConn) Read(p []byte) (int, error) {
	for {
		n, err := c.Conn.Read(p)
		if !c.deaf.Load() {
			return n, err
		}
		if err != nil {
			<-c.closed
			return 0, net.ErrClosed
		}
	}
}

func (c *deafConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

const interval = testInterval

// A reader that is slow (here: the server's frames arrive late, though the
// ACKs come) is not a zombie when any frame arrived since the last beat.
func TestSlowReaderIsNotAZombie(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		// The link now carries one frame per quarter interval, and 40
		// dispatches are queued ahead of the next ACKs: for ten intervals
		// no ACK arrives, but a frame arrives every quarter interval.
		c.SetDelay(interval / 4)
		dispatchN(t, srv, 0, 40)
		h.collectN(0, 40)
		time.Sleep(3 * interval)
		synctest.Wait()
		assert.Equal(t, "connections", h.s.Metrics().Connects, uint64(1))
		assert.Equal(t, "acks arrive again", h.s.Metrics().HeartbeatACKs > 3, true)
	})
}

// With the session start budget exhausted the session opens no websocket
// until the reset, and says so once each way.
func TestExhaustedBudgetWaitsWithoutConnecting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		q, err := ratelimit.NewIdentifyQueue(&ratelimit.IdentifyQueueOptions{MaxConcurrency: 1, Total: 1000, Remaining: 0, ResetAfter: 30 * time.Minute})
		assert.Success(t, err)
		var logs bytes.Buffer
		h := start(t, srv, func(o *gateway.Options) {
			o.IdentifyQueue = q
			o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		})
		time.Sleep(29 * time.Minute)
		synctest.Wait()
		assert.Equal(t, "connections while exhausted", len(srv.Conns()), 0)
		h.newConn()
		assert.Equal(t, "connections", len(srv.Conns()), 1)
		assert.Equal(t, "identifies", len(srv.Identifies()), 1)
		out := logs.String()
		assert.Equal(t, "waiting logged once", strings.Count(out, "budget exhausted"), 1)
		assert.Equal(t, "reset logged once", strings.Count(out, "budget reset"), 1)
	})
}

// Without Options.Logger, warnings go to stderr (as with every scurry
// package's default logger); Info records do not.
func TestWarningsOnStderrByDefault(t *testing.T) {
	r, w, err := os.Pipe()
	assert.Success(t, err)
	old := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = old }()
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, func(o *gateway.Options) { o.Logger = nil })
		c := h.newConn()
		c.Reset() // a lost connection: Warn
		c = h.newConn()
		c.SendReconnect() // asked to reconnect: Info
		h.newConn()
		assert.ErrorIs(t, h.stop(), context.Canceled)
	})
	os.Stderr = old
	assert.Success(t, w.Close())
	out, err := io.ReadAll(r)
	assert.Success(t, err)
	assert.Contains(t, string(out), "level=WARN msg=\"gateway: connection lost; reconnecting\"")
	if strings.Contains(string(out), "level=INFO") {
		t.Fatalf("Info records on stderr by default:\n%s", out)
	}
	if strings.Contains(string(out), discordtest.DefaultToken) {
		t.Fatal("token on stderr")
	}
}
