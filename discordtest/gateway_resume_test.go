package discordtest

import (
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func resumeAt(t *testing.T, s *Server, url, session string, seq int64) *rawConn {
	t.Helper()
	if !strings.Contains(url, "?") {
		url += "?v=10&encoding=json"
	}
	c := dialRaw(t, s, url)
	if p := c.read(); p.Op != discord.OpHello {
		t.Fatalf("op %d, want HELLO", p.Op)
	}
	c.send(discord.OpResume, discord.Resume{Token: s.Token(), SessionID: session, Seq: seq})
	return c
}

// Dispatches sent while the client was away are replayed in order at the
// resume URL, then RESUMED, then live events continue the sequence.
func TestResumeReplaysMissedDispatches(t *testing.T) {
	for _, compress := range []string{"", "&compress=zlib-stream", "&compress=zstd-stream"} {
		t.Run("compress="+compress, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := NewServer(t, nil)
				g, _ := s.SeedGuild(GuildSeed{})
				c, r := ready(t, s, compress, discord.IntentGuilds, nil)
				last := c.readDispatch("GUILD_CREATE").S // seq 2
				for i := range 3 {
					assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID, "n": i}))
				}
				assert.Equal(t, "live seq", c.read().S, last+1)
				last++
				s.Conns()[0].Reset()
				synctest.Wait()
				for i := 3; i < 6; i++ {
					assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID, "n": i}))
				}
				c2 := resumeAt(t, s, r.ResumeGatewayURL+"?v=10&encoding=json"+compress, r.SessionID, last)
				for want := last + 1; want <= 8; want++ {
					p := c2.read()
					assert.Equal(t, "replayed t", p.T, "GUILD_UPDATE")
					assert.Equal(t, "replayed seq", p.S, want)
				}
				p := c2.read()
				assert.Equal(t, "resumed", p.T, "RESUMED")
				assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID}))
				assert.Equal(t, "after resume", c2.read().S, p.S+1)
				assert.Equal(t, "resumes", s.Resumes(), 1)
				e, err := s.WaitConnEvent(bg(t), func(e ConnEvent) bool { return e.Kind == ConnResumedEvent })
				assert.Success(t, err)
				assert.Equal(t, "at resume url", e.ResumeURL, true)
			})
		})
	}
}

func TestResumeFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{SessionTimeout: time.Minute})
		c, r := ready(t, s, "", 0, nil)
		c.ws.CloseNow()
		synctest.Wait()

		// A seq ahead of the session is invalid.
		resumeAt(t, s, s.ResumeURL(), r.SessionID, 99).expectClose(4007)
		// An unknown session gets op 9 false.
		p := resumeAt(t, s, s.ResumeURL(), "nope", 1).read()
		assert.Equal(t, "op", p.Op, discord.OpInvalidSession)
		assert.Equal(t, "d", string(p.D), "false")
		// A session past its timeout is gone.
		time.Sleep(2 * time.Minute)
		p = resumeAt(t, s, s.ResumeURL(), r.SessionID, 1).read()
		assert.Equal(t, "expired", p.Op, discord.OpInvalidSession)
	})
}

// A client closing with 1000 ends its session; any other code keeps it.
func TestClientClose1000EndsSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxConcurrency: 2})
		c, r := ready(t, s, "", 0, &[2]int{0, 2})
		c.ws.Close(1000, "bye")
		_, err := s.WaitConnEvent(bg(t), func(e ConnEvent) bool { return e.Kind == ConnClosedEvent && e.Code == 1000 })
		assert.Success(t, err)
		p := resumeAt(t, s, s.ResumeURL(), r.SessionID, 1).read()
		assert.Equal(t, "after 1000", p.Op, discord.OpInvalidSession)

		c2, r2 := ready(t, s, "", 0, &[2]int{1, 2})
		c2.ws.Close(4000, "zombie")
		_, err = s.WaitConnEvent(bg(t), func(e ConnEvent) bool { return e.Kind == ConnClosedEvent && e.Code == 4000 })
		assert.Success(t, err)
		resumeAt(t, s, s.ResumeURL(), r2.SessionID, 1).readDispatch("RESUMED")
	})
}

func TestFaultOps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		c, r := ready(t, s, "", 0, nil)
		conn := s.Conns()[0]
		conn.SendReconnect()
		assert.Equal(t, "op 7", c.read().Op, discord.OpReconnect)
		conn.SendInvalidSession(true)
		p := c.read()
		assert.Equal(t, "op 9", p.Op, discord.OpInvalidSession)
		assert.Equal(t, "resumable", string(p.D), "true")
		conn.SendInvalidSession(false)
		assert.Equal(t, "op 9 false", string(c.read().D), "false")
		c.ws.CloseNow()
		p = resumeAt(t, s, s.ResumeURL(), r.SessionID, 1).read()
		assert.Equal(t, "session invalidated", p.Op, discord.OpInvalidSession)
	})
}

func TestDelayAndCorrupt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		c, _ := ready(t, s, "&compress=zlib-stream", 0, nil)
		conn := s.Conns()[0]
		conn.SetDelay(3 * time.Second)
		start := time.Now()
		conn.RequestHeartbeat()
		c.read()
		if d := time.Since(start); d != 3*time.Second {
			t.Fatalf("delayed by %v, want 3s", d)
		}
		conn.SetDelay(0)
		conn.Corrupt()
		if _, _, err := c.next(); err == nil {
			t.Fatal("corrupt frame decoded")
		}
	})
}

// The replay buffer keeps ReplayLimit dispatches; an older RESUME gets op 9.
func TestReplayLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{ReplayLimit: 10})
		c, r := ready(t, s, "", 0, nil)
		c.ws.CloseNow()
		synctest.Wait()
		for i := range 25 {
			assert.Success(t, s.Dispatch(0, "USER_UPDATE", map[string]any{"id": strconv.Itoa(i)}))
		}
		p := resumeAt(t, s, s.ResumeURL(), r.SessionID, 1).read()
		assert.Equal(t, "too old", p.Op, discord.OpInvalidSession)
		c2 := resumeAt(t, s, s.ResumeURL(), r.SessionID, 16)
		assert.Equal(t, "first replayed", c2.read().S, int64(17))
	})
}
