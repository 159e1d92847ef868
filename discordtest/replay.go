package discordtest

import (
	"time"

	"github.com/scurrygo/scurry/discord"
)

// session is a gateway session: it outlives its connections so that RESUME
// can replay what a dropped connection missed. Guarded by Server.mu.
type session struct {
	id             string
	shard          [2]int
	intents        discord.Intents
	largeThreshold int
	seq            int64
	buf            []replayEntry // ascending seq; the last `limit` are kept
	limit          int
	conn           *Conn // nil while disconnected
	dead           bool  // invalidated: RESUME gets op 9 false
	disconnectedAt time.Time
}

type replayEntry struct {
	seq  int64
	name string
	d    []byte // shared between sessions; never modified
}

// pushLocked gives the dispatch the next sequence number, keeps it for replay
// and sends it on the live connection, if any.
func (se *session) pushLocked(name string, d []byte) {
	se.seq++
	se.buf = append(se.buf, replayEntry{seq: se.seq, name: name, d: d})
	if len(se.buf) > 2*se.limit { // trim in batches to keep pushes O(1)
		se.buf = append([]replayEntry(nil), se.buf[len(se.buf)-se.limit:]...)
	}
	if se.conn != nil {
		se.conn.enqueueLocked(discord.AppendDispatch(nil, se.seq, name, d))
	}
}

// oldest is the lowest sequence number a RESUME can still replay from.
func (se *session) oldest() int64 {
	if len(se.buf) == 0 {
		return se.seq + 1
	}
	if len(se.buf) > se.limit {
		return se.buf[len(se.buf)-se.limit].seq
	}
	return se.buf[0].seq
}

func (s *Server) expiredLocked(se *session) bool {
	return se.conn == nil && !se.disconnectedAt.IsZero() && s.now().Sub(se.disconnectedAt) > s.opts.SessionTimeout
}

// SessionInfo describes a gateway session for tests.
type SessionInfo struct {
	ID      string
	Shard   [2]int
	Intents discord.Intents
	Seq     int64 // last sequence number sent
	Live    bool  // a connection is attached
	Dead    bool  // invalidated; RESUME gets op 9 false
}

// Sessions returns every session the server still knows, live or resumable.
func (s *Server) Sessions() []SessionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SessionInfo, 0, len(s.gw.sessions))
	for _, se := range s.gw.sessions {
		out = append(out, SessionInfo{ID: se.id, Shard: se.shard, Intents: se.intents, Seq: se.seq, Live: se.conn != nil, Dead: se.dead})
	}
	return out
}

// InvalidateSession ends a session as Discord does when it invalidates one:
// a live connection gets op 9 false, and a later RESUME gets op 9 false too.
// It reports whether the session existed.
func (s *Server) InvalidateSession(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	se, ok := s.gw.sessions[id]
	if !ok {
		return false
	}
	se.dead = true
	if c := se.conn; c != nil {
		c.enqueueLocked(envelope(discord.OpInvalidSession, "false"))
		s.recordConnLocked(c, ConnInvalidated, 0, "session invalidated")
	}
	s.notifyLocked()
	return true
}
