package gateway_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
)

// harness runs one session against a fake Discord inside a synctest bubble.
type harness struct {
	t      *testing.T
	srv    *discordtest.Server
	s      *gateway.Session
	events chan gateway.Event
	cancel context.CancelFunc
	done   chan error
	runErr error
	once   sync.Once

	lastConn uint64 // the last connection newConn returned
}

const testInterval = 10 * time.Second

func newFake(t *testing.T, opts *discordtest.Options) *discordtest.Server {
	t.Helper()
	if opts == nil {
		opts = &discordtest.Options{}
	}
	if opts.HeartbeatInterval == 0 {
		opts.HeartbeatInterval = testInterval
	}
	return discordtest.NewServer(t, opts)
}

// start builds a session against srv (edit tweaks its options) and runs it.
func start(t *testing.T, srv *discordtest.Server, edit func(*gateway.Options)) *harness {
	t.Helper()
	return startWith(t, srv, edit, nil)
}

// startWith is start with a hook that runs on the session before Run.
func startWith(t *testing.T, srv *discordtest.Server, edit func(*gateway.Options), before func(*gateway.Session)) *harness {
	t.Helper()
	h := &harness{t: t, srv: srv, events: make(chan gateway.Event, 100000), done: make(chan error, 1)}
	o := &gateway.Options{
		Token:      srv.Token(),
		URL:        srv.GatewayURL(),
		HTTPClient: srv.Client(),
		Intents:    discord.IntentsAll,
		Handler:    func(_ context.Context, e gateway.Event) { h.events <- e },
	}
	if edit != nil {
		edit(o)
	}
	s, err := gateway.New(o)
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	if before != nil {
		before(s)
	}
	if cs := srv.Conns(); len(cs) > 0 {
		h.lastConn = cs[len(cs)-1].ID()
	}
	h.run()
	t.Cleanup(func() { h.stop() })
	return h
}

func (h *harness) run() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- h.s.Run(ctx) }()
}

// stop cancels Run and returns what it returned.
func (h *harness) stop() error {
	h.once.Do(func() {
		h.cancel()
		h.runErr = <-h.done
	})
	return h.runErr
}

// wait returns Run's error once it returns by itself (fatal close).
func (h *harness) wait(d time.Duration) error {
	h.t.Helper()
	select {
	case err := <-h.done:
		h.once.Do(func() { h.runErr = err })
		return err
	case <-time.After(d):
		h.t.Fatalf("Run did not return within %v", d)
		return nil
	}
}

// next returns the next event, failing after a virtual-time limit.
func (h *harness) next() gateway.Event {
	h.t.Helper()
	select {
	case e := <-h.events:
		return e
	case <-time.After(10 * time.Minute):
		h.t.Fatal("no event within 10 minutes")
		return gateway.Event{}
	}
}

// nextNamed skips events until one named name.
func (h *harness) nextNamed(name string) gateway.Event {
	h.t.Helper()
	for {
		if e := h.next(); e.Name == name {
			return e
		}
	}
}

func (h *harness) ctx(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	h.t.Cleanup(cancel)
	return ctx
}

// newConn waits for a live (READY or RESUMED) connection newer than the last
// one newConn returned, and returns it.
func (h *harness) newConn() *discordtest.Conn {
	h.t.Helper()
	ctx := h.ctx(10 * time.Minute)
	var found *discordtest.Conn
	if err := h.srv.Wait(ctx, func() bool {
		for _, c := range h.srv.Conns() {
			if c.ID() > h.lastConn && (c.State() == discordtest.ConnReady || c.State() == discordtest.ConnResumed) {
				found = c
				return true
			}
		}
		return false
	}); err != nil {
		h.t.Fatalf("no new live connection after #%d: %v", h.lastConn, err)
	}
	h.lastConn = found.ID()
	synctest.Wait() // let the session read everything the server sent
	return found
}

// testEvent is the body of the numbered events tests dispatch.
type testEvent struct {
	N int `json:"n"`
}

const testEventName = "SCURRY_TEST"

func dispatchN(t *testing.T, srv *discordtest.Server, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if err := srv.Dispatch(0, testEventName, testEvent{N: i}); err != nil {
			t.Fatalf("dispatch %d: %v", i, err)
		}
	}
}

func eventN(t *testing.T, e gateway.Event) int {
	t.Helper()
	var v testEvent
	if err := json.Unmarshal(e.Raw, &v); err != nil {
		t.Fatalf("event %s %s: %v", e.Name, e.Raw, err)
	}
	return v.N
}

// collectN reads events until it has seen count numbered test events, and
// checks they are exactly from, from+1, ... with increasing sequences.
func (h *harness) collectN(from, count int) {
	h.t.Helper()
	want := from
	var lastSeq int64
	for want < from+count {
		e := h.next()
		if e.Seq != 0 && e.Name != discord.EventReady && e.Seq <= lastSeq {
			h.t.Fatalf("event %s seq %d after seq %d", e.Name, e.Seq, lastSeq)
		}
		if e.Name == discord.EventReady {
			lastSeq = 0
		}
		if e.Seq != 0 {
			lastSeq = e.Seq
		}
		if e.Name != testEventName {
			continue
		}
		if n := eventN(h.t, e); n != want {
			h.t.Fatalf("got test event %d, want %d", n, want)
		}
		want++
	}
}

func closeCodes(srv *discordtest.Server) []int {
	var codes []int
	for _, e := range srv.ConnEvents() {
		if e.Kind == discordtest.ConnClosedEvent {
			codes = append(codes, e.Code)
		}
	}
	return codes
}

func framesOp(srv *discordtest.Server, op discord.Opcode) []discordtest.Frame {
	var out []discordtest.Frame
	for _, f := range srv.Frames() {
		if f.Op == op {
			out = append(out, f)
		}
	}
	return out
}

func isCloseErr(err error, code int) bool {
	var ce *gateway.CloseError
	return errors.As(err, &ce) && ce.Code == code
}

var _ = strconv.Itoa

// failingClient is an HTTP client whose every dial fails at once.
func failingClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, errors.New("connection refused (test)")
		},
	}}
}
