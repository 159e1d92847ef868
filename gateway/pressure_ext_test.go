package gateway_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
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

// A zombie connection is dropped at once, without waiting for a close
// handshake that a dead peer never answers, and the session resumes.
func TestZombieIsDroppedAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		c.StopACKs()
		c.SetDelay(time.Hour) // the peer sends nothing more, close reply included
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
		if gap := detected.Sub(last); gap > interval*3/2 {
			t.Fatalf("zombie closed %v after the last heartbeat", gap)
		}
		c2 := h.newConn()
		assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
		// Dropped, not closed with a handshake (which keeps the session
		// resumable just the same: reference 2.9, no close code).
		assert.Equal(t, "close codes", closeCodes(srv), []int{-1})
		// The zombie check fires one interval after the unanswered beat;
		// the close must not add the 5 s handshake wait on top.
		if d := detected.Sub(last); d > interval+time.Second {
			t.Fatalf("closed %v after the unanswered beat, want at most one interval", d)
		}
	})
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
