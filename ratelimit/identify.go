package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/scurrygo/scurry/internal/logdefault"
)

// DefaultIdentifyWindow is how long one identify bucket stays closed after an
// IDENTIFY: Discord allows max_concurrency identifies per 5 seconds, one per
// bucket (reference 2.11, 2.12).
const DefaultIdentifyWindow = 5 * time.Second

// DefaultIdentifyMargin is the default allowance added to the window between
// two IDENTIFYs of one bucket, counted from the moment the first was sent: it
// covers the jitter between when a client writes an IDENTIFY and when Discord
// stamps it (the network, Discord's own queues). It is absolute, not a share
// of the window: over a 5 s window it costs 1% per round.
const DefaultIdentifyMargin = 50 * time.Millisecond

// DefaultBudgetPeriod is the length of the session start budget window
// (1000 IDENTIFYs per 24 h, reference 2.7). After a reset the queue assumes
// the next one comes this much later, until SetBudget says otherwise.
const DefaultBudgetPeriod = 24 * time.Hour

// ErrInvalidIdentify is wrapped by the errors NewIdentifyQueue, SetBudget and
// Wait return for bad arguments (negative shard ids, counts or durations).
var ErrInvalidIdentify = errors.New("ratelimit: invalid identify queue argument")

// IdentifyQueueOptions configures NewIdentifyQueue. A nil *IdentifyQueueOptions
// means all defaults. The fields mirror session_start_limit from
// GET /gateway/bot (discord.SessionStartLimit), converted to Go types.
type IdentifyQueueOptions struct {
	// MaxConcurrency is session_start_limit.max_concurrency: the number of
	// identify buckets; shard s identifies in bucket s % MaxConcurrency.
	// Defaults to 1.
	MaxConcurrency int
	// Window is how long a bucket stays closed after an identify. Defaults to
	// DefaultIdentifyWindow (5 s); tests scale it down.
	Window time.Duration
	// Margin is an absolute allowance added to Window between two identifies
	// of one bucket. Discord times an IDENTIFY when it arrives, and the delay
	// between sending and arriving varies (network, scheduling on both ends);
	// without an allowance a fast IDENTIFY after a slow one can land inside
	// the window and get op 9. Windows count from the send a caller reports
	// with IdentifySent (see there), so the margin only covers that jitter,
	// not the time a session takes between its grant and its write. Defaults
	// to DefaultIdentifyMargin (50 ms), or Window/20 when that is smaller
	// (windows scaled down in tests); negative means none.
	Margin time.Duration
	// Total is session_start_limit.total. Zero disables the session start
	// budget (the queue then only spaces identifies); Remaining and ResetAfter
	// must then be zero too.
	Total int
	// Remaining is session_start_limit.remaining: identifies allowed before the
	// budget resets. Must be between 0 and Total.
	Remaining int
	// ResetAfter is session_start_limit.reset_after: when the budget refills to
	// Total, counted from NewIdentifyQueue.
	ResetAfter time.Duration
	// BudgetPeriod is the budget window assumed after a reset. Defaults to
	// DefaultBudgetPeriod (24 h).
	BudgetPeriod time.Duration
	// Logger receives a warning when identifies wait for a budget reset.
	// Defaults to Warn and above as text on stderr, as in every scurry
	// package; slog.New(slog.DiscardHandler) silences it.
	Logger *slog.Logger
}

// IdentifyQueue hands out IDENTIFY slots the way Discord requires: one per
// shard_id % max_concurrency bucket per window, all buckets in parallel, in
// shard-id order within a bucket (a waiting shard with a lower id goes first),
// and never more than the session start budget allows: when the remaining
// count reaches zero, waiters sleep until the reset, and the queue logs why;
// a budget too short for every bucket head ready at once goes to the lowest
// shard ids. Slots in a bucket are Window plus Margin apart, counted from the
// previous grant, or, for a caller that reports its send with IdentifySent,
// from that send: a bucket's next grant is then no earlier than the reported
// send plus Window plus Margin.
//
// It is passive: it starts no goroutines, and each Wait sleeps on its own
// timer. It uses the time package's clock, which testing/synctest fakes.
// It is safe for concurrent use. The zero value is a ready queue with one
// bucket, a 5 s window (plus the 50 ms margin) and no budget; it satisfies
// gateway.IdentifyQueue.
type IdentifyQueue struct {
	mu          sync.Mutex
	initialized bool
	window      time.Duration
	margin      time.Duration // < 0: none; 0: default
	period      time.Duration
	log         *slog.Logger
	buckets     []identifyBucket
	seq         uint64

	budgeted    bool
	total       int
	remaining   int
	resetAt     time.Time
	loggedReset time.Time
	granted     int
	// confirming is set once a caller has reported a send (IdentifySent):
	// from then on a grant holds its bucket until its send is reported.
	confirming bool
}

type identifyBucket struct {
	next    time.Time         // earliest time of the next identify
	waiters []*identifyWaiter // sorted by (shard, seq); the head is next in line
	// A grant holds the bucket until its holder reports the send (or, if it
	// never does, until holdEnd), so that the window counts from the send.
	held    bool
	holder  int
	holdEnd time.Time
}

type identifyWaiter struct {
	shard int
	seq   uint64
	wake  chan struct{} // capacity 1: a signal is never lost, never blocks
}

func (w *identifyWaiter) before(o *identifyWaiter) bool {
	if w.shard != o.shard {
		return w.shard < o.shard
	}
	return w.seq < o.seq
}

// NewIdentifyQueue returns a queue configured by opts (nil for defaults). It
// returns an error wrapping ErrInvalidIdentify for negative values or a
// Remaining above Total.
func NewIdentifyQueue(opts *IdentifyQueueOptions) (*IdentifyQueue, error) {
	var o IdentifyQueueOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case o.MaxConcurrency < 0:
		return nil, fmt.Errorf("%w: MaxConcurrency %d is negative", ErrInvalidIdentify, o.MaxConcurrency)
	case o.Window < 0:
		return nil, fmt.Errorf("%w: Window %v is negative", ErrInvalidIdentify, o.Window)
	case o.BudgetPeriod < 0:
		return nil, fmt.Errorf("%w: BudgetPeriod %v is negative", ErrInvalidIdentify, o.BudgetPeriod)
	}
	if err := checkBudget(o.Total, o.Remaining, o.ResetAfter); err != nil {
		return nil, err
	}
	q := &IdentifyQueue{window: o.Window, margin: o.Margin, period: o.BudgetPeriod, log: o.Logger}
	q.buckets = make([]identifyBucket, max(o.MaxConcurrency, 1))
	q.init()
	q.setBudget(o.Total, o.Remaining, o.ResetAfter, time.Now())
	return q, nil
}

func checkBudget(total, remaining int, resetAfter time.Duration) error {
	switch {
	case total < 0:
		return fmt.Errorf("%w: session start Total %d is negative", ErrInvalidIdentify, total)
	case remaining < 0:
		return fmt.Errorf("%w: session start Remaining %d is negative", ErrInvalidIdentify, remaining)
	case remaining > total:
		return fmt.Errorf("%w: session start Remaining %d exceeds Total %d", ErrInvalidIdentify, remaining, total)
	case resetAfter < 0:
		return fmt.Errorf("%w: session start ResetAfter %v is negative", ErrInvalidIdentify, resetAfter)
	}
	return nil
}

// init fills in defaults; q.mu is held or q is not shared yet.
func (q *IdentifyQueue) init() {
	if q.initialized {
		return
	}
	q.initialized = true
	if q.window == 0 {
		q.window = DefaultIdentifyWindow
	}
	switch {
	case q.margin == 0:
		q.margin = min(DefaultIdentifyMargin, q.window/20)
	case q.margin < 0:
		q.margin = 0
	}
	if q.period == 0 {
		q.period = DefaultBudgetPeriod
	}
	if q.log == nil {
		q.log = logdefault.New()
	}
	if len(q.buckets) == 0 {
		q.buckets = make([]identifyBucket, 1)
	}
}

// SetBudget replaces the session start budget with fresh values from
// GET /gateway/bot (total, remaining, reset_after). Total 0 disables the
// budget. Waiters re-evaluate at once.
func (q *IdentifyQueue) SetBudget(total, remaining int, resetAfter time.Duration) error {
	if err := checkBudget(total, remaining, resetAfter); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	q.setBudget(total, remaining, resetAfter, time.Now())
	q.signalHeads()
	return nil
}

func (q *IdentifyQueue) setBudget(total, remaining int, resetAfter time.Duration, now time.Time) {
	q.budgeted = total > 0
	q.total, q.remaining = total, remaining
	q.resetAt = now.Add(resetAfter)
}

// Budget reports the session start budget as the queue sees it: whether one
// is enforced, the identifies left and when it refills.
func (q *IdentifyQueue) Budget() (enforced bool, remaining int, resetAt time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	q.refill(time.Now())
	return q.budgeted, q.remaining, q.resetAt
}

// Granted reports how many identify slots Wait has handed out.
func (q *IdentifyQueue) Granted() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.granted
}

// MaxConcurrency reports the number of buckets.
func (q *IdentifyQueue) MaxConcurrency() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	return len(q.buckets)
}

// Spacing reports how long a bucket stays closed after an identify: the
// window plus the margin.
func (q *IdentifyQueue) Spacing() time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	return q.window + q.margin
}

// Wait blocks until shardID may send IDENTIFY, and takes that slot (and one
// unit of the session start budget). The caller must identify right after it
// returns nil, and should then report the send with IdentifySent; a slot is
// never given back.
//
// Wait returns early with ctx's error if ctx ends first, giving up its place
// in line. If ctx has a deadline that the estimated slot time would pass, Wait
// fails at once with an error for which errors.Is(err,
// context.DeadlineExceeded) holds, instead of sleeping until the deadline.
// A negative shardID is an error wrapping ErrInvalidIdentify.
func (q *IdentifyQueue) Wait(ctx context.Context, shardID int) error {
	if shardID < 0 {
		return fmt.Errorf("%w: shard id %d is negative", ErrInvalidIdentify, shardID)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	q.mu.Lock()
	q.init()
	b := &q.buckets[shardID%len(q.buckets)]
	q.seq++
	w := &identifyWaiter{shard: shardID, seq: q.seq, wake: make(chan struct{}, 1)}
	b.insert(w)
	if b.waiters[0] != w {
		// A lower id now heads the bucket: the old head must re-evaluate.
		q.signalHeads()
	}
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		now := time.Now()
		q.refill(now)
		wait, ok := q.evaluate(b, w, now)
		if ok {
			b.remove(w)
			b.next = q.nextSlot(b.next, now)
			b.held, b.holder, b.holdEnd = true, shardID, now.Add(q.holdFor())
			if q.budgeted {
				q.remaining--
			}
			q.granted++
			q.signalHeads()
			q.mu.Unlock()
			return nil
		}
		if deadline, has := ctx.Deadline(); has {
			if at := q.estimate(b, w, now); at.After(deadline) {
				b.remove(w)
				q.signalHeads()
				q.mu.Unlock()
				return fmt.Errorf("ratelimit: identify slot for shard %d expected in %v, after the context deadline: %w",
					shardID, at.Sub(now), context.DeadlineExceeded)
			}
		}
		q.mu.Unlock()

		var fire <-chan time.Time
		if wait > 0 {
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			fire = timer.C
		}
		select {
		case <-ctx.Done():
			q.mu.Lock()
			b.remove(w)
			q.signalHeads()
			q.mu.Unlock()
			return ctx.Err()
		case <-w.wake:
		case <-fire:
		}
		q.mu.Lock()
	}
}

// IdentifySent reports that the IDENTIFY of shardID, whose slot Wait granted,
// was written at at (a zero at: it was never sent). The bucket's next grant is
// then no earlier than at plus Window plus Margin: the window counts from
// what Discord will time, not from the grant, however long the caller took
// between the two. After the first report the queue expects one for every
// grant: a bucket stays closed after a grant until its send is reported, or,
// for a caller that never reports (it crashed between grant and send), for
// at most two spacings. A caller that never reports at all gets windows
// counted from its grants. Safe for concurrent use; it never blocks.
func (q *IdentifyQueue) IdentifySent(shardID int, at time.Time) {
	if shardID < 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	q.confirming = true
	b := &q.buckets[shardID%len(q.buckets)]
	if !at.IsZero() {
		if next := at.Add(q.window + q.margin); next.After(b.next) {
			b.next = next
		}
	}
	if b.held && b.holder == shardID {
		b.held = false
		q.signalHeads()
	}
}

// IdentifyRefused reports that Discord refused shardID's IDENTIFY (op 9
// before READY): as Discord timed them, two IDENTIFYs of a bucket came
// closer than the window although the queue spaced their sends by the
// window plus the margin, so the jitter between send and arrival is larger
// than the margin allows for. The queue doubles its margin (adding at least
// 10 ms, and keeping it at most Window/20, the old 5%) for every bucket from
// now on, and logs it. Safe for concurrent use; it never blocks.
func (q *IdentifyQueue) IdentifyRefused(shardID int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	old := q.margin
	q.margin = max(old, min(max(2*old, old+10*time.Millisecond), q.window/20))
	if q.margin > old {
		q.log.Warn("identify: Discord refused an IDENTIFY; widening the identify margin",
			"shard_id", shardID, "margin", q.margin, "was", old)
	}
}

// holdFor is how long a grant holds its bucket waiting for its send report.
// Before any report it equals the spacing, so callers that never report are
// spaced from their grants, as before.
func (q *IdentifyQueue) holdFor() time.Duration {
	if q.confirming {
		return 2 * (q.window + q.margin)
	}
	return q.window + q.margin
}

// nextSlot returns when a bucket opens again after a grant at now for the
// slot that opened at slot. A grant that comes late by at most the margin
// (a timer fired late, the goroutine waited for a CPU) is counted from its
// slot, so lateness does not pile up over many rounds; the next grant is
// still at least a full window after this one.
func (q *IdentifyQueue) nextSlot(slot, now time.Time) time.Time {
	if late := now.Sub(slot); late >= 0 && late <= q.margin {
		return slot.Add(q.window + q.margin)
	}
	return now.Add(q.window + q.margin)
}

// evaluate decides whether w may identify now. If not, wait > 0 is how long
// until it should look again; wait == 0 means only a signal can change things.
func (q *IdentifyQueue) evaluate(b *identifyBucket, w *identifyWaiter, now time.Time) (wait time.Duration, ok bool) {
	if b.waiters[0] != w {
		return 0, false // a lower shard id goes first
	}
	if b.held {
		if now.Before(b.holdEnd) {
			return b.holdEnd.Sub(now), false // or until IdentifySent signals
		}
		b.held = false // never reported: count from the grant
	}
	if now.Before(b.next) {
		return b.next.Sub(now), false
	}
	if !q.budgeted {
		return 0, true
	}
	if q.remaining == 0 {
		if !q.loggedReset.Equal(q.resetAt) {
			q.loggedReset = q.resetAt
			q.log.Warn("identify: session start budget used up, waiting for its reset before identifying",
				"shard_id", w.shard, "total", q.total, "reset_in", q.resetAt.Sub(now))
		}
		return q.resetAt.Sub(now), false
	}
	// Heads of other buckets that are ready too and come before w get the
	// budget first, so a short budget goes to the lowest shard ids.
	ahead := 0
	for i := range q.buckets {
		o := &q.buckets[i]
		if o == b || len(o.waiters) == 0 || now.Before(o.next) {
			continue
		}
		if o.waiters[0].before(w) {
			ahead++
		}
	}
	if ahead >= q.remaining {
		return 0, false
	}
	return 0, true
}

// estimate returns when w is expected to get its slot: after the waiters
// ahead of it in its bucket, and after the budget reset if the budget left
// does not cover them.
func (q *IdentifyQueue) estimate(b *identifyBucket, w *identifyWaiter, now time.Time) time.Time {
	pos := b.index(w)
	at := b.next
	if at.Before(now) {
		at = now
	}
	at = at.Add(time.Duration(pos) * (q.window + q.margin))
	if q.budgeted && q.remaining <= pos && at.Before(q.resetAt) {
		at = q.resetAt
	}
	return at
}

// refill restores the budget once its reset time has passed.
func (q *IdentifyQueue) refill(now time.Time) {
	if q.budgeted && !now.Before(q.resetAt) {
		if q.remaining < q.total {
			q.log.Info("identify: session start budget reset", "total", q.total)
		}
		q.remaining = q.total
		q.resetAt = now.Add(q.period)
		q.signalHeads()
	}
}

// signalHeads wakes the head of every bucket to re-evaluate: after a grant or
// a departure, the budget and the order of ready heads may have changed.
func (q *IdentifyQueue) signalHeads() {
	for i := range q.buckets {
		if ws := q.buckets[i].waiters; len(ws) > 0 {
			select {
			case ws[0].wake <- struct{}{}:
			default:
			}
		}
	}
}

func (b *identifyBucket) insert(w *identifyWaiter) {
	i := sort.Search(len(b.waiters), func(i int) bool { return w.before(b.waiters[i]) })
	b.waiters = append(b.waiters, nil)
	copy(b.waiters[i+1:], b.waiters[i:])
	b.waiters[i] = w
}

func (b *identifyBucket) index(w *identifyWaiter) int {
	i := sort.Search(len(b.waiters), func(i int) bool { return !b.waiters[i].before(w) })
	if i < len(b.waiters) && b.waiters[i] == w {
		return i
	}
	return -1
}

func (b *identifyBucket) remove(w *identifyWaiter) {
	if i := b.index(w); i >= 0 {
		b.waiters = append(b.waiters[:i], b.waiters[i+1:]...)
	}
}
