package gateway

import (
	"io"
	"net/http"
	"sync/atomic"
)

// Closing a zombie connection. Reference 2.6 asks for a close code other
// than 1000 (the session stays resumable) and the connection cannot answer
// the close handshake, so waiting for its reply only delays the reconnect.
// coder/websocket has no call that writes a close frame without then
// waiting up to 5 s for the reply (Conn.Close), or that drops the
// connection without a frame (Conn.CloseNow). So each dial goes through
// tapTransport, which wraps the upgraded connection (the 101 response body
// coder/websocket reads and writes) in a closeTap. runConn arms the tap and
// calls Close: the write that carries the close frame closes the connection
// right after the frame went out, and Close's wait for the reply ends at
// once on the closed connection.

// closeFrameByte is the first byte of a client's close frame: FIN and
// opcode 8 (RFC 6455 5.2). A client frame is masked, so no other frame
// coder/websocket flushes starts with it unless a long frame's middle does;
// then the connection is merely dropped early, which is what closing
// without a frame does anyway.
const closeFrameByte = 0x88

// closeTap is the upgraded connection under a websocket. Safe for the
// concurrent use coder/websocket makes of it (one reader, one writer).
type closeTap struct {
	io.ReadWriteCloser
	armed atomic.Bool // the next close frame written closes the connection
}

func (t *closeTap) Write(p []byte) (int, error) {
	n, err := t.ReadWriteCloser.Write(p)
	if t.armed.Load() && len(p) > 0 && p[0] == closeFrameByte {
		_ = t.ReadWriteCloser.Close()
	}
	return n, err
}

// tapTransport is one dial's RoundTripper: it wraps the body of a 101
// answer in a closeTap and remembers it. next is the transport of
// Options.HTTPClient (http.DefaultTransport when nil).
type tapTransport struct {
	next http.RoundTripper
	tap  atomic.Pointer[closeTap]
}

func (rt *tapTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rt.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		return resp, err
	}
	if rwc, ok := resp.Body.(io.ReadWriteCloser); ok {
		t := &closeTap{ReadWriteCloser: rwc}
		rt.tap.Store(t)
		resp.Body = t
	}
	return resp, nil
}

// tappedClient returns a copy of c whose transport taps the websocket it
// dials, with that transport.
func tappedClient(c *http.Client) (*http.Client, *tapTransport) {
	tc := *c
	rt := &tapTransport{next: c.Transport}
	if rt.next == nil {
		rt.next = http.DefaultTransport
	}
	tc.Transport = rt
	return &tc, rt
}
