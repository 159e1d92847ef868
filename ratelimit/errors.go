package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrInvalidRequestBudget is matched (errors.Is) by the *BudgetError that
// Acquire returns while the invalid-request brake is on.
var ErrInvalidRequestBudget = errors.New("ratelimit: invalid-request budget nearly spent")

// ErrInvalidRESTOptions is matched by errors from NewRESTLimiter about bad options.
var ErrInvalidRESTOptions = errors.New("ratelimit: invalid REST limiter options")

// WaitError is returned by Acquire when the wait it knows it needs would end
// after the context's deadline. Nothing is held when it is returned.
// errors.Is(err, context.DeadlineExceeded) holds for it.
type WaitError struct {
	// Route is the route template that was asked for.
	Route string
	// Wait is how long Acquire would have had to wait.
	Wait time.Duration
	// Global is true when the wait came from the global limit, false for the
	// route's bucket.
	Global bool
}

func (e *WaitError) Error() string {
	what := "bucket of " + e.Route
	if e.Global {
		what = "global limit"
	}
	return fmt.Sprintf("ratelimit: %s needs a wait of %v, past the context deadline", what, e.Wait)
}

// Is reports true for context.DeadlineExceeded: the caller's deadline would have
// been exceeded.
func (e *WaitError) Is(target error) bool { return target == context.DeadlineExceeded }

// BudgetError is returned by Acquire while the invalid-request brake is on: so
// many 401, 403 and (non-shared) 429 replies arrived within the window that one
// more batch could get the IP banned by Cloudflare (Discord bans at 10,000 per
// 10 minutes). The fix is upstream: a bad token, missing permissions or ignored
// limits. errors.Is(err, ErrInvalidRequestBudget) holds.
type BudgetError struct {
	Count  int           // invalid replies counted in the window
	Brake  int           // the count at which the brake engages
	Limit  int           // Discord's ban threshold
	Window time.Duration // length of the rolling window
	// RetryAfter is when the count is expected to fall below the brake again.
	RetryAfter time.Duration
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("ratelimit: %d invalid requests (401/403/429) in the last %v, brake at %d, ban at %d: "+
		"refusing to send for %v to avoid a Cloudflare ban (check the token, permissions and rate limits)",
		e.Count, e.Window, e.Brake, e.Limit, e.RetryAfter)
}

// Is reports true for ErrInvalidRequestBudget.
func (e *BudgetError) Is(target error) bool { return target == ErrInvalidRequestBudget }
