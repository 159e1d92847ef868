package ratelimit

import (
	"context"
	"time"
)

// Limiter decides when a REST request may be sent. rest.Client calls Acquire
// before every attempt and reports the outcome on the returned Permit, so the
// state can live anywhere: RESTLimiter keeps it in memory, a REST proxy can
// keep it in one process for many clients.
//
// Contract, which ratelimittest.Run checks:
//   - Acquire blocks until the request may be sent, ctx ends, or the wait is
//     known to pass ctx's deadline. In the last two cases it returns an error for
//     which errors.Is(err, ctx.Err()) or errors.Is(err, context.DeadlineExceeded)
//     holds, and holds no slot.
//   - Every Permit returned must be finished exactly once, with Done (the
//     request was sent) or Cancel (it was not). Later calls are ignored.
//   - Implementations are safe for concurrent use.
type Limiter interface {
	Acquire(ctx context.Context, key RouteKey) (Permit, error)
}

// Permit is the right to send one request. Finish it exactly once.
type Permit interface {
	// Done reports that the request was sent, with the response's headers.
	// After a transport error pass Headers{} (Status 0): the request may or may
	// not have reached Discord, so its slot stays counted until the bucket
	// resets.
	Done(h Headers)
	// Cancel reports that the request was never sent, giving its slots back.
	Cancel()
}

// RouteKey identifies what a request is limited by: the route (method and path
// template, minor ids collapsed) and the value of its major parameter.
type RouteKey struct {
	// Route is the method and the path template, e.g.
	// "POST /channels/{channel_id}/messages". Routes are mapped to Discord's
	// bucket hashes as replies arrive.
	Route string
	// Major is the value of the major parameter(s): a channel id, guild id,
	// "webhook_id/webhook_token" or an interaction token. Empty for routes
	// without one.
	Major string
	// Exempt marks routes that do not count against the global limit (the
	// interaction callback and the interaction webhook routes).
	Exempt bool
}

// Scope is the X-RateLimit-Scope of a 429.
type Scope string

// The scopes Discord sends on a 429.
const (
	ScopeUser   Scope = "user"   // the bot's own per-route limit
	ScopeGlobal Scope = "global" // the bot's global limit
	ScopeShared Scope = "shared" // a per-resource limit shared with others; not our fault
)

// Headers is what a response says about rate limits, parsed by package rest.
// The zero value means "no response" (a transport error).
type Headers struct {
	// Status is the HTTP status code; 0 when no response arrived.
	Status int
	// Bucket is X-RateLimit-Bucket, the opaque id of the bucket the route is in.
	Bucket string
	// Limit is X-RateLimit-Limit; 0 when the header is absent, which means the
	// response carries no bucket information.
	Limit int
	// Remaining is X-RateLimit-Remaining.
	Remaining int
	// ResetAfter is X-RateLimit-Reset-After, measured from when the response
	// arrived. It is preferred over Reset because it does not depend on clocks
	// agreeing.
	ResetAfter time.Duration
	// Reset is X-RateLimit-Reset, used only when ResetAfter is absent.
	Reset time.Time
	// RetryAfter is how long a 429 asks to wait (retry_after from the body, or
	// the Retry-After header).
	RetryAfter time.Duration
	// Global is X-RateLimit-Global (or "global": true in a 429 body).
	Global bool
	// Scope is X-RateLimit-Scope; empty when absent.
	Scope Scope
}
