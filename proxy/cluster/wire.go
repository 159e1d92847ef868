package cluster

import (
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// acquireRequest asks the owner of a token for a permit.
type acquireRequest struct {
	Route  string `json:"r"`
	Major  string `json:"m,omitzero"`
	Exempt bool   `json:"x,omitzero"`
	// Wait is how long the owner may wait for the permit, in ns; past it the
	// owner answers with a refusal and the requester asks again or gives up.
	Wait int64 `json:"w"`
}

// Refusal kinds of an acquireReply.
const (
	refusedWait     = "wait"     // ratelimit.WaitError: the wait is known to pass the deadline
	refusedBudget   = "budget"   // ratelimit.BudgetError: the invalid-request brake is on
	refusedDeadline = "deadline" // the owner waited the whole budget
	refusedOther    = "error"
)

// acquireReply answers an acquireRequest: a permit id, or why not.
type acquireReply struct {
	ID      string `json:"id,omitzero"`
	Refused string `json:"refused,omitzero"`
	Wait    int64  `json:"wait,omitzero"` // ns
	Global  bool   `json:"global,omitzero"`
	Count   int    `json:"count,omitzero"`
	Brake   int    `json:"brake,omitzero"`
	Limit   int    `json:"limit,omitzero"`
	Window  int64  `json:"window,omitzero"`
	Message string `json:"msg,omitzero"`
}

// doneMessage reports a permit's end back to the owner.
type doneMessage struct {
	ID      string      `json:"id"`
	Cancel  bool        `json:"cancel,omitzero"`
	Headers wireHeaders `json:"h,omitzero"`
}

// wireHeaders is ratelimit.Headers on the wire (durations in ns, Reset in
// Unix ns).
type wireHeaders struct {
	Status     int    `json:"s,omitzero"`
	Bucket     string `json:"b,omitzero"`
	Limit      int    `json:"l,omitzero"`
	Remaining  int    `json:"rem,omitzero"`
	ResetAfter int64  `json:"ra,omitzero"`
	Reset      int64  `json:"rs,omitzero"`
	RetryAfter int64  `json:"retry,omitzero"`
	Global     bool   `json:"g,omitzero"`
	Scope      string `json:"sc,omitzero"`
}

func toWire(h ratelimit.Headers) wireHeaders {
	w := wireHeaders{Status: h.Status, Bucket: h.Bucket, Limit: h.Limit, Remaining: h.Remaining,
		ResetAfter: int64(h.ResetAfter), RetryAfter: int64(h.RetryAfter), Global: h.Global, Scope: string(h.Scope)}
	if !h.Reset.IsZero() {
		w.Reset = h.Reset.UnixNano()
	}
	return w
}

// fromWire converts back, clamping what a peer sends: negative durations and
// counts are dropped, as rest does with malformed headers.
func fromWire(w wireHeaders) ratelimit.Headers {
	const maxWait = int64(24 * time.Hour)
	h := ratelimit.Headers{Status: w.Status, Bucket: w.Bucket, Global: w.Global}
	if w.Limit > 0 && w.Remaining >= 0 {
		h.Limit, h.Remaining = w.Limit, min(w.Remaining, w.Limit)
	}
	if w.ResetAfter > 0 {
		h.ResetAfter = time.Duration(min(w.ResetAfter, maxWait))
	}
	if w.RetryAfter > 0 {
		h.RetryAfter = time.Duration(min(w.RetryAfter, maxWait))
	}
	if w.Reset > 0 {
		h.Reset = time.Unix(0, w.Reset)
	}
	switch s := ratelimit.Scope(w.Scope); s {
	case ratelimit.ScopeUser, ratelimit.ScopeGlobal, ratelimit.ScopeShared:
		h.Scope = s
	}
	if h.Status < 0 || h.Status > 999 {
		h.Status = 0
	}
	return h
}
