package rest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// Error is an error reply from Discord: the HTTP status, Discord's JSON error
// code and message, and the field errors of the request body flattened to
// paths. Its Is compares Code (or Status when the target's Code is 0), so the
// sentinels below match real replies:
//
//	if errors.Is(err, rest.ErrUnknownMessage) { return nil } // already gone
type Error struct {
	Status  int          // HTTP status code
	Code    int          // Discord's JSON error code; 0 when the body had none
	Message string       // Discord's message, or the HTTP status text
	Errors  []FieldError // what was wrong with which field, in the order Discord listed them
	Method  string       // the request's method
	Route   string       // the request's path template (never the filled path, which may hold tokens)
}

// FieldError is one leaf of Discord's nested "errors" tree.
type FieldError struct {
	Path    string // e.g. "embeds.0.title"; empty for a request-level error
	Code    string // e.g. "BASE_TYPE_REQUIRED"
	Message string
}

func (f FieldError) String() string {
	if f.Path == "" {
		return f.Code + " " + f.Message
	}
	return f.Path + ": " + f.Code + " " + f.Message
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rest: ")
	if e.Method != "" || e.Route != "" {
		b.WriteString(e.Method + " " + e.Route + ": ")
	}
	b.WriteString(strconv.Itoa(e.Status))
	if e.Message != "" {
		b.WriteString(" " + e.Message)
	}
	if e.Code != 0 {
		b.WriteString(" (code " + strconv.Itoa(e.Code) + ")")
	}
	for i, f := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	if e.Status == 401 {
		b.WriteString("; " + UnauthorizedHint)
	}
	return b.String()
}

// UnauthorizedHint is what a 401 means for a bot and where to get a new
// token; *Error adds it to the message of every 401.
const UnauthorizedHint = "the bot token is invalid (mistyped, or reset): copy a new one from " +
	"https://discord.com/developers/applications, your application, Bot, Reset Token"

// Is reports whether target is an *Error with the same Code, or, when the
// target's Code is 0, the same Status.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	if t.Code != 0 {
		return e.Code == t.Code
	}
	return t.Status != 0 && e.Status == t.Status
}

// Sentinels for common replies; match them with errors.Is.
var (
	ErrUnauthorized                   = &Error{Status: http.StatusUnauthorized, Message: "401: Unauthorized"}
	ErrForbidden                      = &Error{Status: http.StatusForbidden, Message: "403: Forbidden"}
	ErrNotFound                       = &Error{Status: http.StatusNotFound, Message: "404: Not Found"}
	ErrUnknownChannel                 = &Error{Code: 10003, Message: "Unknown Channel"}
	ErrUnknownGuild                   = &Error{Code: 10004, Message: "Unknown Guild"}
	ErrUnknownMember                  = &Error{Code: 10007, Message: "Unknown Member"}
	ErrUnknownMessage                 = &Error{Code: 10008, Message: "Unknown Message"}
	ErrUnknownRole                    = &Error{Code: 10011, Message: "Unknown Role"}
	ErrUnknownUser                    = &Error{Code: 10013, Message: "Unknown User"}
	ErrUnknownEmoji                   = &Error{Code: 10014, Message: "Unknown Emoji"}
	ErrUnknownWebhook                 = &Error{Code: 10015, Message: "Unknown Webhook"}
	ErrUnknownBan                     = &Error{Code: 10026, Message: "Unknown Ban"}
	ErrUnknownInteraction             = &Error{Code: 10062, Message: "Unknown interaction"}
	ErrUnknownApplicationCommand      = &Error{Code: 10063, Message: "Unknown application command"}
	ErrInteractionAlreadyAcknowledged = &Error{Code: 40060, Message: "Interaction has already been acknowledged"}
	ErrMissingAccess                  = &Error{Code: 50001, Message: "Missing Access"}
	ErrCannotSendEmptyMessage         = &Error{Code: 50006, Message: "Cannot send an empty message"}
	ErrCannotSendToUser               = &Error{Code: 50007, Message: "Cannot send messages to this user"}
	ErrMissingPermissions             = &Error{Code: 50013, Message: "Missing Permissions"}
	ErrInvalidFormBody                = &Error{Code: 50035, Message: "Invalid Form Body"}
)

// RateLimitError is returned when honouring a rate limit would take longer
// than the caller allows: past the context's deadline, beyond
// Options.MaxRateLimitWait, or after the retries ran out. errors.Is(err,
// context.DeadlineExceeded) holds when the deadline was the reason.
type RateLimitError struct {
	Method     string
	Route      string          // path template
	RetryAfter time.Duration   // the wait that was refused
	Global     bool            // the global limit, not the route's bucket
	Scope      ratelimit.Scope // X-RateLimit-Scope of the 429, if one arrived
	Reason     string          // why the wait was refused
	Err        error           // the limiter's error, if it refused
}

func (e *RateLimitError) Error() string {
	what := "route"
	if e.Global {
		what = "global"
	}
	return fmt.Sprintf("rest: %s %s: rate limited (%s, retry after %v): %s", e.Method, e.Route, what, e.RetryAfter, e.Reason)
}

func (e *RateLimitError) Unwrap() error { return e.Err }

// ErrInvalidRequest is matched by every *InputError: a request refused before
// anything was sent.
var ErrInvalidRequest = errors.New("rest: invalid request")

// InputError says which field of a request broke which of Discord's limits.
// Nothing was sent. errors.Is(err, ErrInvalidRequest) holds.
type InputError struct {
	Op      string // the call, e.g. "create message"
	Field   string // e.g. "content", "embeds[3].fields[2].value", "files[1]"
	Problem string
}

func (e *InputError) Error() string {
	if e.Field == "" {
		return "rest: " + e.Op + ": " + e.Problem
	}
	return "rest: " + e.Op + ": " + e.Field + ": " + e.Problem
}

func (e *InputError) Is(target error) bool { return target == ErrInvalidRequest }

func inputErr(op, field, format string, args ...any) error {
	return &InputError{Op: op, Field: field, Problem: fmt.Sprintf(format, args...)}
}
