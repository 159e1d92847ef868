package discordtest

import (
	"net"
	"time"
)

// Arrival stamps. Discord stamps a client's frames on its own machines, which
// the client's CPU use cannot delay. The fake often shares a machine (and a
// few cores) with the client it tests, and a frame's reader goroutine may wait
// for a CPU: a time.Now taken after the read is then late by that wait, and
// an IDENTIFY sent a whole window after the previous one of its bucket can be
// stamped too early relative to it, or too late. So on Linux the TCP listener
// asks the kernel to stamp each received segment (SO_TIMESTAMPNS), and a
// frame's time is the stamp of the last read that brought its bytes: when it
// reached the fake's machine. (One limit: the kernel merges segments that wait
// unread in its queue and keeps the later stamp, so a frame followed closely
// by another while its reader is delayed is dated at the second's arrival.) Elsewhere, for in-memory connections, and with
// Options.Now set, frames are stamped with the server's clock after the read.

// rxStamper is a connection that knows when its last received bytes arrived.
type rxStamper interface {
	// lastRx returns the kernel's arrival time of the bytes the last Read
	// returned, if the kernel gave one.
	lastRx() (time.Time, bool)
}

// stampedListener wraps l so that its TCP connections stamp arrivals where
// the platform can (see newStampConn); other connections pass unchanged.
type stampedListener struct{ net.Listener }

func (l stampedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		if sc := newStampConn(tc); sc != nil {
			return sc, nil
		}
	}
	return c, nil
}

// arrival is when the frame just read by c's reader reached the server: the
// kernel's stamp when there is one and the server runs on the real clock,
// else the server's clock now.
func (c *Conn) arrival() time.Time {
	if c.s.realClock {
		if st, ok := c.raw.(rxStamper); ok {
			if t, ok := st.lastRx(); ok {
				return t
			}
		}
	}
	return c.s.now()
}
