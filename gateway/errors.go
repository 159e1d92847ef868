package gateway

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
)

// Errors returned by a Session. All can be matched with errors.Is.
var (
	// ErrStopped: the session is not running (Run returned or never started).
	ErrStopped = errors.New("gateway: session stopped")
	// ErrAlreadyRunning: Run was called on a session that is running or ran.
	ErrAlreadyRunning = errors.New("gateway: Run called more than once")
	// ErrPayloadTooLarge: a command would exceed 4096 bytes; it was not sent.
	ErrPayloadTooLarge = errors.New("gateway: payload larger than 4096 bytes")
	// ErrSessionInvalidated: the session was replaced by a new IDENTIFY while
	// waiting for member chunks, which the new session will never send.
	ErrSessionInvalidated = errors.New("gateway: session invalidated")
	// ErrBadPayload: Discord sent a frame that is not a valid gateway payload;
	// the session reconnects.
	ErrBadPayload = errors.New("gateway: bad payload from Discord")
	// ErrZombie: no HEARTBEAT_ACK came between two heartbeats; the session
	// closes the connection with 4000 and resumes.
	ErrZombie = errors.New("gateway: no heartbeat ACK (zombied connection)")
	// ErrReconnectRequested: Discord sent op 7 RECONNECT.
	ErrReconnectRequested = errors.New("gateway: Discord asked to reconnect")
)

// CloseError is Discord closing the connection with a code. Run returns one
// (wrapped) for codes after which reconnecting cannot help: 4004 and
// 4010-4014. Its message says what to fix.
type CloseError struct {
	Code   int
	Reason string
	// Info is the reference's entry for Code: its name, what the session
	// does about it and, for fatal codes, what to fix.
	Info discord.CloseCodeInfo
}

func newCloseError(code int, reason string) *CloseError {
	return &CloseError{Code: code, Reason: reason, Info: discord.LookupCloseCode(code)}
}

func (e *CloseError) Error() string {
	s := "gateway: closed by Discord with " + strconv.Itoa(e.Code) + " (" + e.Info.Name + ")"
	if e.Reason != "" && e.Reason != e.Info.Name {
		s += ": " + strconv.Quote(e.Reason)
	}
	if e.Info.Fix != "" {
		s += "; to fix: " + e.Info.Fix
	}
	return s
}

// Fatal reports whether the session stops after this close.
func (e *CloseError) Fatal() bool { return e.Info.Action == discord.CloseFatal }

// CloseCode returns the gateway close code carried by err (a *CloseError or a
// websocket close), or -1 if there is none.
func CloseCode(err error) int {
	var ce *CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	var wce websocket.CloseError
	if errors.As(err, &wce) {
		return int(wce.Code)
	}
	return -1
}

// invalidSessionError is op 9.
type invalidSessionError struct{ resumable bool }

func (e *invalidSessionError) Error() string {
	return "gateway: invalid session (resumable: " + strconv.FormatBool(e.resumable) + ")"
}

// dialError wraps a failure to open the websocket or to get HELLO.
type dialError struct {
	url string // without query
	err error
}

func (e *dialError) Error() string { return fmt.Sprintf("gateway: connect to %s: %v", e.url, e.err) }
func (e *dialError) Unwrap() error { return e.err }
