package cluster

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
)

// tokenState is one token on one node: a ratelimit.Limiter that routes each
// Acquire to the owner's limiter (local when this node owns the lease,
// remote otherwise) or to the fallback while NATS is unreachable.
type tokenState struct {
	n        *Node
	id       string
	global   proxy.Global
	fallback *ratelimit.RESTLimiter

	mu         sync.Mutex
	owner      bool
	rev        uint64
	leaseUntil time.Time              // owner: stop serving after this without a renewal
	local      *ratelimit.RESTLimiter // owner: the token's state
	startAt    time.Time              // owner: first grant not before this
	subs       []*nats.Subscription
	held       map[string]heldPermit
	seq        uint64
}

type heldPermit struct {
	p       ratelimit.Permit
	expires time.Time
}

func (t *tokenState) isOwner() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.owner && time.Now().Before(t.leaseUntil)
}

// lease renews the lease this node holds, or tries to take a free one.
func (t *tokenState) lease() {
	n := t.n
	ctx, cancel := context.WithTimeout(n.ctx, n.o.LeaseTTL/3)
	defer cancel()
	t.mu.Lock()
	owner, rev := t.owner, t.rev
	t.mu.Unlock()
	// The server stamps the entry after sent, so it expires after
	// sent+LeaseTTL: serving until sent+3/4 LeaseTTL leaves a quarter of the
	// TTL between this node's last grant and anyone else's first.
	sent := time.Now()
	if owner {
		nrev, err := n.kv.Update(ctx, t.id, []byte(n.o.Name), rev)
		switch {
		case err == nil:
			t.mu.Lock()
			if t.owner && t.rev == rev {
				t.rev, t.leaseUntil = nrev, sent.Add(n.o.LeaseTTL*3/4)
			}
			t.mu.Unlock()
		case errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyNotFound) ||
			errors.Is(err, jetstream.ErrKeyDeleted):
			// A renewal that timed out here may have been applied there: if
			// the entry still names this node, adopt its revision and keep
			// the state; the next renewal extends the lease.
			if e, gerr := n.kv.Get(ctx, t.id); gerr == nil && string(e.Value()) == n.o.Name {
				t.mu.Lock()
				if t.owner && t.rev == rev {
					t.rev = e.Revision()
				}
				t.mu.Unlock()
				return
			}
			t.lose("the lease was taken or expired")
		default:
			// A timeout or a lost connection: past leaseUntil this node grants
			// nothing (ownerLimiter), but it keeps its limiter's state and
			// resumes if a later renewal at the same revision succeeds, which
			// proves nobody else held the lease meanwhile.
			n.o.Logger.Debug("cluster: lease renewal failed", slog.String("token", t.id), slog.String("error", err.Error()))
		}
		return
	}
	if n.o.Conn.Status() != nats.CONNECTED {
		return
	}
	nrev, err := n.kv.Create(ctx, t.id, []byte(n.o.Name))
	if err != nil {
		return // held by another node (or unreachable): ask it
	}
	t.take(nrev, sent)
}

// take makes this node the owner: a fresh limiter, which learns buckets one
// request at a time, and no grant before one global window has passed, so
// the previous owner's last window is not doubled.
func (t *tokenState) take(rev uint64, sent time.Time) {
	n := t.n
	local, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: t.global.Limit, GlobalWindow: t.global.Window})
	if err != nil {
		return
	}
	t.mu.Lock()
	t.owner, t.rev, t.local = true, rev, local
	t.leaseUntil = sent.Add(n.o.LeaseTTL * 3 / 4)
	t.startAt = time.Now().Add(t.global.Window)
	t.held = make(map[string]heldPermit)
	t.mu.Unlock()
	sa, err1 := n.o.Conn.Subscribe(n.subject(t.id, "acquire"), t.serveAcquire)
	sd, err2 := n.o.Conn.Subscribe(n.subject(t.id, "done"), t.serveDone)
	if err1 != nil || err2 != nil {
		for _, s := range []*nats.Subscription{sa, sd} {
			if s != nil {
				s.Unsubscribe()
			}
		}
		t.lose("subscribe failed")
		return
	}
	t.mu.Lock()
	t.subs = []*nats.Subscription{sa, sd}
	t.mu.Unlock()
	n.o.Conn.Flush()
	n.o.Metrics.LeaseOwned(t.id, true)
	n.o.Logger.Info("cluster: took the lease", slog.String("token", t.id), slog.String("node", n.o.Name))
}

// lose gives up ownership (the lease lapsed or was taken).
func (t *tokenState) lose(why string) {
	if _, ok := t.release(); ok {
		t.n.o.Logger.Warn("cluster: lost the lease", slog.String("token", t.id), slog.String("node", t.n.o.Name),
			slog.String("why", why))
	}
}

// release stops serving; it returns the lease's revision and whether this
// node was the owner.
func (t *tokenState) release() (uint64, bool) {
	t.mu.Lock()
	was, rev, subs := t.owner, t.rev, t.subs
	t.owner, t.local, t.subs, t.held = false, nil, nil, nil
	t.mu.Unlock()
	for _, s := range subs {
		s.Unsubscribe()
	}
	if was {
		t.n.o.Metrics.LeaseOwned(t.id, false)
	}
	return rev, was
}

// sweep counts permits never reported back as spent.
func (t *tokenState) sweep() {
	now := time.Now()
	var expired []ratelimit.Permit
	t.mu.Lock()
	for id, h := range t.held {
		if now.After(h.expires) {
			expired = append(expired, h.p)
			delete(t.held, id)
		}
	}
	t.mu.Unlock()
	for _, p := range expired {
		p.Done(ratelimit.Headers{})
	}
}

// ownerLimiter returns the local limiter and when it may first grant, or nil
// when this node is not the owner.
func (t *tokenState) ownerLimiter() (*ratelimit.RESTLimiter, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.owner || !time.Now().Before(t.leaseUntil) {
		return nil, time.Time{}
	}
	return t.local, t.startAt
}

// serveAcquire answers a remote Acquire (on its own goroutine, since it may
// wait).
func (t *tokenState) serveAcquire(m *nats.Msg) {
	var req acquireRequest
	if err := json.Unmarshal(m.Data, &req); err != nil || req.Route == "" || req.Wait <= 0 {
		return // not ours to answer; the requester times out
	}
	n := t.n
	if !n.track() {
		return
	}
	go func() {
		defer n.wg.Done()
		ctx, cancel := context.WithTimeout(n.ctx, time.Duration(min(req.Wait, int64(time.Minute))))
		defer cancel()
		var rep acquireReply
		local, startAt := t.ownerLimiter()
		p, err := t.acquireLocal(ctx, local, startAt, ratelimit.RouteKey{Route: req.Route, Major: req.Major, Exempt: req.Exempt})
		if err == nil {
			t.mu.Lock()
			if !t.owner || t.local != local || !time.Now().Before(t.leaseUntil) {
				// The lease lapsed while this request waited: the grant may
				// overlap the next owner's. Give it back; the requester asks
				// the next owner.
				t.mu.Unlock()
				p.Cancel()
				b, _ := json.Marshal(&acquireReply{Refused: refusedOther, Message: "lease lapsed"})
				m.Respond(b)
				return
			}
			t.seq++
			rep.ID = n.o.Name + "-" + strconv.FormatUint(t.seq, 36)
			t.held[rep.ID] = heldPermit{p: p, expires: time.Now().Add(n.o.PermitTimeout)}
			t.mu.Unlock()
		} else {
			rep = refusal(err)
		}
		b, _ := json.Marshal(&rep)
		if err := m.Respond(b); err != nil && rep.ID != "" {
			t.finish(rep.ID, doneMessage{Cancel: true})
		}
	}()
}

// acquireLocal waits on the owner's limiter, not before startAt.
func (t *tokenState) acquireLocal(ctx context.Context, local *ratelimit.RESTLimiter, startAt time.Time, key ratelimit.RouteKey) (ratelimit.Permit, error) {
	if local == nil {
		return nil, errNotOwner
	}
	if d := time.Until(startAt); d > 0 {
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return nil, &ratelimit.WaitError{Route: key.Route, Wait: d, Global: true}
		}
		tm := time.NewTimer(d)
		select {
		case <-ctx.Done():
			tm.Stop()
			return nil, ctx.Err()
		case <-tm.C:
		}
	}
	p, err := local.Acquire(ctx, key)
	if err != nil {
		return nil, err
	}
	if l, _ := t.ownerLimiter(); l != local {
		p.Cancel() // the lease lapsed during the wait
		return nil, errNotOwner
	}
	return p, nil
}

var errNotOwner = errors.New("cluster: not the owner")

func refusal(err error) acquireReply {
	var (
		we *ratelimit.WaitError
		be *ratelimit.BudgetError
	)
	switch {
	case errors.As(err, &we):
		return acquireReply{Refused: refusedWait, Wait: int64(we.Wait), Global: we.Global}
	case errors.As(err, &be):
		return acquireReply{Refused: refusedBudget, Wait: int64(be.RetryAfter), Count: be.Count, Brake: be.Brake,
			Limit: be.Limit, Window: int64(be.Window)}
	case errors.Is(err, context.DeadlineExceeded):
		return acquireReply{Refused: refusedDeadline}
	}
	return acquireReply{Refused: refusedOther, Message: err.Error()}
}

// serveDone finishes a permit reported back by its requester.
func (t *tokenState) serveDone(m *nats.Msg) {
	var d doneMessage
	if err := json.Unmarshal(m.Data, &d); err != nil || d.ID == "" {
		return
	}
	t.finish(d.ID, d)
}

func (t *tokenState) finish(id string, d doneMessage) {
	t.mu.Lock()
	h, ok := t.held[id]
	delete(t.held, id)
	t.mu.Unlock()
	if !ok {
		return // unknown, expired, or granted by a previous owner
	}
	if d.Cancel {
		h.p.Cancel()
		return
	}
	h.p.Done(fromWire(d.Headers))
}
