package cluster

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/nats-io/nats.go"

	"github.com/scurrygo/scurry/ratelimit"
)

// Acquire implements ratelimit.Limiter: on the owner, the local limiter; on
// another node, a permit requested from the owner over NATS; while NATS is
// unreachable, the fallback limiter at FallbackShare of the global limit.
// While no node owns the token (a handover), it waits for one.
//
// A remote wait is asked for in chunks of at most LeaseTTL/2, so that a
// requester whose owner died notices within LeaseTTL and asks the next one.
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
			p, err := t.acquireLocal(ctx, local, startAt, key)
			if !errors.Is(err, errNotOwner) {
				return p, err
			}
			continue // lost the lease while waiting: ask the next owner
		}
		p, pause, err := t.remote(ctx, key)
		if pause == 0 {
			return p, err
		}
		// No owner answered (a handover, or no serving node yet), or the
		// owner said the wait is longer than this chunk: nudge our lease loop
		// and ask again after pause.
		select {
		case n.kick <- struct{}{}:
		default:
		}
		tm := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			tm.Stop()
			return nil, ctx.Err()
		case <-tm.C:
		}
	}
}

// remote asks the owner for a permit. pause is non-zero when the caller
// should ask again after it.
func (t *tokenState) remote(ctx context.Context, key ratelimit.RouteKey) (p ratelimit.Permit, pause time.Duration, err error) {
	const retry = 20 * time.Millisecond
	n := t.n
	chunk := n.o.LeaseTTL / 2
	wait := chunk
	dl, hasDeadline := ctx.Deadline()
	if hasDeadline {
		wait = min(wait, time.Until(dl))
		if wait <= 0 {
			return nil, 0, context.DeadlineExceeded
		}
	}
	final := !hasDeadline || time.Until(dl) <= chunk // the owner's refusal is the caller's answer
	body, _ := json.Marshal(&acquireRequest{Route: key.Route, Major: key.Major, Exempt: key.Exempt, Wait: int64(wait)})
	// The owner answers within wait; the margin covers the round trip. A
	// timeout means the owner died: ask again (a new owner takes the lease).
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), wait+n.o.LeaseTTL/4)
	defer cancel()
	msg, err := requestUntil(ctx, rctx, n.o.Conn, n.subject(t.id, "acquire"), body)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		return nil, retry, nil
	}
	var rep acquireReply
	if err := json.Unmarshal(msg.Data, &rep); err != nil {
		return nil, retry, nil
	}
	switch rep.Refused {
	case "":
		if rep.ID == "" {
			return nil, retry, nil
		}
		return &remotePermit{t: t, id: rep.ID}, 0, nil
	case refusedWait:
		w := time.Duration(rep.Wait)
		if hasDeadline && w > time.Until(dl) {
			return nil, 0, &ratelimit.WaitError{Route: key.Route, Wait: w, Global: rep.Global}
		}
		return nil, max(retry, min(w-retry, chunk)), nil
	case refusedBudget:
		return nil, 0, &ratelimit.BudgetError{Count: rep.Count, Brake: rep.Brake, Limit: rep.Limit,
			Window: time.Duration(rep.Window), RetryAfter: time.Duration(rep.Wait)}
	case refusedDeadline:
		if final && hasDeadline {
			return nil, 0, fmt.Errorf("cluster: %s: %w", key.Route, context.DeadlineExceeded)
		}
		return nil, time.Millisecond, nil
	}
	return nil, retry, nil // the owner is losing its lease; ask the next one
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
