package discordtest

import (
	"io"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// stampConn is a TCP connection read with recvmsg, keeping the kernel's
// receive stamp (SO_TIMESTAMPNS) of the last bytes read. One goroutine reads
// it at a time (the HTTP server, then the websocket reader); every other
// method is the TCP connection's. It does not embed *net.TCPConn, so that no
// io.Copy reads the socket past Read.
type stampConn struct {
	tc   *net.TCPConn
	rc   syscall.RawConn
	oob  []byte
	last atomic.Int64 // unix ns of the last stamp; 0: none yet
}

func (c *stampConn) Write(p []byte) (int, error)        { return c.tc.Write(p) }
func (c *stampConn) Close() error                       { return c.tc.Close() }
func (c *stampConn) LocalAddr() net.Addr                { return c.tc.LocalAddr() }
func (c *stampConn) RemoteAddr() net.Addr               { return c.tc.RemoteAddr() }
func (c *stampConn) SetDeadline(d time.Time) error      { return c.tc.SetDeadline(d) }
func (c *stampConn) SetReadDeadline(d time.Time) error  { return c.tc.SetReadDeadline(d) }
func (c *stampConn) SetWriteDeadline(d time.Time) error { return c.tc.SetWriteDeadline(d) }
func (c *stampConn) SetLinger(sec int) error            { return c.tc.SetLinger(sec) }

// newStampConn turns on receive stamps for tc; nil if the kernel refuses.
func newStampConn(tc *net.TCPConn) net.Conn {
	rc, err := tc.SyscallConn()
	if err != nil {
		return nil
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1)
	}); err != nil || serr != nil {
		return nil
	}
	return &stampConn{tc: tc, rc: rc, oob: make([]byte, syscall.CmsgSpace(int(unsafe.Sizeof(syscall.Timespec{}))))}
}

func (c *stampConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var (
		n, oobn int
		rerr    error
	)
	err := c.rc.Read(func(fd uintptr) bool {
		n, oobn, _, _, rerr = syscall.Recvmsg(int(fd), p, c.oob, 0)
		return rerr != syscall.EAGAIN
	})
	if err == nil && rerr != nil {
		err = &net.OpError{Op: "read", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: os.NewSyscallError("recvmsg", rerr)}
	}
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	// A read without a stamp (the kernel turns stamping on a little after
	// the first socket asks) clears the last one: an old stamp must not date
	// new bytes.
	c.last.Store(0)
	if oobn > 0 {
		c.stamp(c.oob[:oobn])
	}
	return n, nil
}

// stamp keeps the receive time found in a recvmsg's control data.
func (c *stampConn) stamp(oob []byte) {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return
	}
	for _, m := range msgs {
		if m.Header.Level == syscall.SOL_SOCKET && m.Header.Type == syscall.SO_TIMESTAMPNS &&
			len(m.Data) >= int(unsafe.Sizeof(syscall.Timespec{})) {
			ts := (*syscall.Timespec)(unsafe.Pointer(&m.Data[0]))
			c.last.Store(ts.Nano())
		}
	}
}

func (c *stampConn) lastRx() (time.Time, bool) {
	ns := c.last.Load()
	if ns == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, ns), true
}

// keepStamping asks for receive stamps on the listening socket too: the
// kernel then stamps for as long as the server listens, instead of turning
// stamping off and on again as connections come and go (each turn takes
// effect a little late, leaving reads without stamps).
func keepStamping(l net.Listener) {
	tl, ok := l.(*net.TCPListener)
	if !ok {
		return
	}
	if rc, err := tl.SyscallConn(); err == nil {
		_ = rc.Control(func(fd uintptr) {
			_ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1)
		})
	}
}
