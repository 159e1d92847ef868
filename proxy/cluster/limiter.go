package cluster

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/nats-io/nats.go"

	"github.com/scurrygo/scurry/ratelimit"
)

// maxRemoteWait bounds one remote wait when the caller's ctx has no deadline;
// the requester then simply asks again.
const maxRemoteWait = 10 * time.Second

// Acquire implements ratelimit.Limiter: on the owner, the local limiter; on
// another node, a permit requested from the owner over NATS; while NATS is
// unreachable, the fallback limiter at FallbackShare of the global limit.
// While no node owns the token (a handover), it waits for one.
func (t *tokenState) Acquire(ctx context.Context, key ratelimit.RouteKey) (ratelimit.Permit, error) {
	n := t.n
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if n.checkConn() {
			return t.fallback.Acquire(ctx, key)
		}
		if local, startAt := t.ownerLimiter(); local != nil {
			return t.acquireLocal(ctx, local, startAt, key)
		}
		p, err, again := t.remote(ctx, key)
		if !again {
			return p, err
		}
		// No owner answered (a handover, or no serving node yet): nudge our
		// lease loop and look again shortly.
		select {
		case n.kick <- struct{}{}:
		default:
		}
		tm := time.NewTimer(20 * time.Millisecond)
		select {
		case <-ctx.Done():
			tm.Stop()
			return nil, ctx.Err()
		case <-tm.C:
		}
	}
}

// remote asks the owner for a permit. again is true when nobody answered in
// time and the caller should look again.
func (t *tokenState) remote(ctx context.Context, key ratelimit.RouteKey) (p ratelimit.Permit, err error, again bool) {
	n := t.n
	wait := maxRemoteWait
	dl, hasDeadline := ctx.Deadline()
	if hasDeadline {
		wait = min(wait, time.Until(dl))
		if wait <= 0 {
			return nil, context.DeadlineExceeded, false
		}
	}
	body, _ := json.Marshal(&acquireRequest{Route: key.Route, Major: key.Major, Exempt: key.Exempt, Wait: int64(wait)})
	// The owner answers within wait; the margin covers the round trip. A
	// timeout means the owner died: ask again (a new owner takes the lease).
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), wait+time.Second)
	defer cancel()
	msg, err := requestUntil(ctx, rctx, n.o.Conn, n.subject(t.id, "acquire"), body)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err(), false
		}
		return nil, nil, true
	}
	var rep acquireReply
	if err := json.Unmarshal(msg.Data, &rep); err != nil {
		return nil, nil, true
	}
	switch rep.Refused {
	case "":
		if rep.ID == "" {
			return nil, nil, true
		}
		return &remotePermit{t: t, id: rep.ID}, nil, false
	case refusedWait:
		return nil, &ratelimit.WaitError{Route: key.Route, Wait: time.Duration(rep.Wait), Global: rep.Global}, false
	case refusedBudget:
		return nil, &ratelimit.BudgetError{Count: rep.Count, Brake: rep.Brake, Limit: rep.Limit,
			Window: time.Duration(rep.Window), RetryAfter: time.Duration(rep.Wait)}, false
	case refusedDeadline:
		if hasDeadline {
			return nil, fmt.Errorf("cluster: %s: %w", key.Route, context.DeadlineExceeded), false
		}
		return nil, nil, true
	}
	return nil, nil, true // the owner is losing its lease; ask the next one
}

// requestUntil sends a request and waits for the reply until rctx ends, or
// ctx (the caller's) is cancelled.
func requestUntil(ctx, rctx context.Context, nc *nats.Conn, subj string, body []byte) (*nats.Msg, error) {
	rc, cancel := context.WithCancel(rctx)
	defer cancel()
	unhook := context.AfterFunc(ctx, cancel)
	defer unhook()
	return nc.RequestWithContext(rc, subj, body)
}

// remotePermit is a permit granted by another node; its end is reported back.
type remotePermit struct {
	t    *tokenState
	id   string
	once atomic.Bool
}

func (p *remotePermit) Done(h ratelimit.Headers) {
	if p.once.CompareAndSwap(false, true) {
		p.send(doneMessage{ID: p.id, Headers: toWire(h)})
	}
}

func (p *remotePermit) Cancel() {
	if p.once.CompareAndSwap(false, true) {
		p.send(doneMessage{ID: p.id, Cancel: true})
	}
}

// send publishes the report; when NATS is down the owner counts the permit
// as spent after PermitTimeout, which is the conservative reading.
func (p *remotePermit) send(d doneMessage) {
	b, _ := json.Marshal(&d)
	_ = p.t.n.o.Conn.Publish(p.t.n.subject(p.t.id, "done"), b)
}

// Stats reports the token's limiter state when this node owns it, for
// proxy.Handler.TokenStats; other nodes report the fallback's (zero) state.
func (t *tokenState) Stats() ratelimit.RESTStats {
	if local, _ := t.ownerLimiter(); local != nil {
		return local.Stats()
	}
	return t.fallback.Stats()
}
