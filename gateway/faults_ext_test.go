package gateway_test

import (
	"fmt"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

// connEvents returns the connection log entries of kind k.
func connEvents(srv *discordtest.Server, k discordtest.ConnEventKind) []discordtest.ConnEvent {
	var out []discordtest.ConnEvent
	for _, e := range srv.ConnEvents() {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

func TestZombieIsClosedAndResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		dispatchN(t, srv, 0, 10)
		h.collectN(0, 10)
		c.StopACKs()
		// Events sent while the connection is a zombie and while it is
		// down are replayed on RESUME: none lost, none twice.
		dispatchN(t, srv, 10, 20)
		c2 := h.newConn()
		dispatchN(t, srv, 20, 30)
		h.collectN(10, 20)
		assert.Equal(t, "second connection resumed", c2.State(), discordtest.ConnResumed)
		assert.Equal(t, "at the resume URL", c2.ResumeURL(), true)
		assert.Equal(t, "zombie closed with a resumable code", closeCodes(srv), []int{4000})
		assert.Equal(t, "one identify", len(srv.Identifies()), 1)
		m := h.s.Metrics()
		assert.Equal(t, "resumes", m.Resumes, uint64(1))
		assert.Equal(t, "reconnects", m.Reconnects, uint64(1))
	})
}

func TestReconnectOpcodeResumesAtResumeURL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		id := c.SessionID()
		dispatchN(t, srv, 0, 5)
		c.SendReconnect()
		dispatchN(t, srv, 5, 10)
		c2 := h.newConn()
		h.collectN(0, 10)
		assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
		assert.Equal(t, "at the resume URL", c2.ResumeURL(), true)
		assert.Equal(t, "session kept", c2.SessionID(), id)
		synctest.Wait() // the fake has recorded the first connection's close
		if codes := closeCodes(srv); len(codes) == 0 || codes[0] == 1000 || codes[0] == 1001 {
			t.Fatalf("closed with %v, which ends the session", codes)
		}
	})
}

func TestInvalidSessionResumable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		c.SendInvalidSession(true)
		c2 := h.newConn()
		assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
		assert.Equal(t, "one identify", len(srv.Identifies()), 1)
	})
}

func TestInvalidSessionNotResumableWaitsThenIdentifies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		dispatchN(t, srv, 0, 3)
		h.collectN(0, 3)
		sent := time.Now()
		c.SendInvalidSession(false)
		c2 := h.newConn()
		assert.Equal(t, "identified afresh", c2.State(), discordtest.ConnReady)
		if c2.SessionID() == c.SessionID() {
			t.Fatal("same session after op 9 false")
		}
		ids := srv.Identifies()
		assert.Equal(t, "two identifies", len(ids), 2)
		wait := ids[1].Time.Sub(sent)
		if wait < time.Second || wait > 5*time.Second {
			t.Fatalf("re-identified %v after op 9 false, want 1-5 s", wait)
		}
		e := h.nextNamed(discord.EventReady)
		assert.Equal(t, "new session's READY is seq 1", e.Seq, int64(1))
		assert.Equal(t, "state follows the new session", h.s.State().ID, c2.SessionID())
	})
}

func TestCloseCodeOutcomes(t *testing.T) {
	resume := []int{1000, 1001, 4000, 4001, 4002, 4005, 4008, 4999}
	reidentify := []int{4003, 4007, 4009}
	fatal := []int{4004, 4010, 4011, 4012, 4013, 4014}
	for _, code := range slices.Concat(resume, reidentify, fatal) {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newFake(t, nil)
				h := start(t, srv, nil)
				c := h.newConn()
				c.Close(code, "test close")
				switch {
				case slices.Contains(fatal, code):
					err := h.wait(time.Hour)
					if !isCloseErr(err, code) || gateway.CloseCode(err) != code {
						t.Fatalf("Run returned %v, want a *CloseError %d", err, code)
					}
					assert.Contains(t, err.Error(), "to fix: ")
					st, serr := h.s.Status()
					assert.Equal(t, "status", st, gateway.StatusStopped)
					assert.Equal(t, "status error", gateway.CloseCode(serr), code)
					// Fatal codes never reconnect.
					time.Sleep(time.Hour)
					assert.Equal(t, "connections", len(connEvents(srv, discordtest.ConnOpened)), 1)
				case slices.Contains(reidentify, code):
					c2 := h.newConn()
					assert.Equal(t, "identified", c2.State(), discordtest.ConnReady)
					assert.Equal(t, "identifies", len(srv.Identifies()), 2)
					assert.Equal(t, "not at the resume URL", c2.ResumeURL(), false)
				default:
					c2 := h.newConn()
					assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
					assert.Equal(t, "identifies", len(srv.Identifies()), 1)
				}
			})
		})
	}
}

func TestNetworkDropResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		dispatchN(t, srv, 0, 5)
		c.Reset()
		dispatchN(t, srv, 5, 10)
		c2 := h.newConn()
		h.collectN(0, 10)
		assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
	})
}

func TestCorruptFrameReconnects(t *testing.T) {
	for _, comp := range []gateway.Compression{gateway.CompressZstd, gateway.CompressZlib, gateway.CompressNone} {
		t.Run(string(comp), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newFake(t, nil)
				h := start(t, srv, func(o *gateway.Options) { o.Compression = comp })
				c := h.newConn()
				dispatchN(t, srv, 0, 5)
				c.Corrupt()
				dispatchN(t, srv, 5, 10)
				c2 := h.newConn()
				h.collectN(0, 10)
				assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
				synctest.Wait() // the fake has recorded the first connection's close
				if codes := closeCodes(srv); len(codes) == 0 || codes[0] == 1000 || codes[0] == 1001 {
					t.Fatalf("closed with %v after a bad frame", codes)
				}
			})
		})
	}
}

func TestFailedResumeIdentifiesAtMainURL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		c := h.newConn()
		h.nextNamed(discord.EventReady)
		srv.InvalidateSession(c.SessionID())
		c.Reset()
		// The RESUME gets op 9 false; the session identifies anew at the
		// main gateway URL (the resume URL is forgotten).
		c2 := h.newConn()
		assert.Equal(t, "identified", c2.State(), discordtest.ConnReady)
		assert.Equal(t, "main URL", c2.ResumeURL(), false)
		opened := connEvents(srv, discordtest.ConnOpened)
		if !opened[1].ResumeURL {
			t.Fatalf("resume attempt not at the resume URL: %+v", srv.ConnEvents())
		}
		h.nextNamed(discord.EventReady)
		assert.Equal(t, "state", h.s.State().ID, c2.SessionID())
	})
}

func TestReconnectBackoffWhenGatewayDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, func(o *gateway.Options) {
			o.URL = "ws://127.0.0.1:1/gateway" // nothing listens; the client dials through srv anyway
			o.HTTPClient = failingClient()
			o.Backoff = gateway.Backoff{Base: time.Second, Max: 16 * time.Second, Jitter: 0.5}
		})
		var st []gateway.Status
		deadline := time.Now().Add(5 * time.Minute)
		for time.Now().Before(deadline) {
			s, _ := h.s.Status()
			st = append(st, s)
			time.Sleep(time.Second)
		}
		m := h.s.Metrics()
		// 1+2+4+8+16+16... seconds at most, at least half of that with jitter:
		// over 5 minutes between 19 and 40 attempts; no hot loop.
		if m.Connects < 10 || m.Connects > 45 {
			t.Fatalf("%d connection attempts in 5 minutes", m.Connects)
		}
		assert.Equal(t, "never ready", slices.Contains(st, gateway.StatusReady), false)
	})
}
