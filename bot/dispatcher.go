package bot

import (
	"context"
	"errors"
	"runtime/debug"
	"sync"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// ErrStopped is returned by work submitted after the dispatcher began to stop.
var ErrStopped = errors.New("bot: dispatcher stopped")

// lane is one ordered queue: a guild's events, or its interactions, which
// have their own lane so that they never wait behind the guild's other
// handlers (guild 0 holds the events without a guild).
type lane struct {
	guild discord.Snowflake
	fast  bool // INTERACTION_CREATE
}

// job is one queued event. Its handlers are called from index from on, by
// dispatcherConfig.handle for a job with an item (it), else by run; each call
// is reported to the worker (begin/end), and they stop early when begin says
// the worker was detached. done, if set, is called exactly once, after the last
// handler of the event returned or was abandoned (never for an event dropped
// at the shutdown deadline): the hook through which a durable event source
// acknowledges an event.
type job struct {
	run   func(ctx context.Context, from int, w *worker)
	done  func()
	from  int
	size  int64 // bytes counted against dispatcherConfig.maxBytes
	shard int
	name  string // event name, for reports
	it    *item  // the event (nil in dispatcher tests)
}

// dispatcherConfig is what a dispatcher needs; zero fields take safe
// minimums (limit and queueCap 1, no timeout, no byte bound).
type dispatcherConfig struct {
	limit          int           // handler calls running at once
	queueCap       int           // a lane with more queued events is reported stalled
	maxBytes       int64         // total queued bytes before submit waits; 0: no bound
	handlerTimeout time.Duration // a call running longer is abandoned; 0: never
	maxAbandoned   int           // abandoned calls still running before no more are abandoned
	parent         context.Context
	stats          *Stats
	onPanic        func(j *job, v any, stack []byte)
	onAbandon      func(j *job, handler string, elapsed time.Duration)
	onStall        func(l lane, shard, queued int, stalled bool)
	handle         func(ctx context.Context, it *item, from int, w *worker) // runs jobs with an item
}

// dispatcher runs jobs in order per lane and different lanes concurrently,
// at most limit calls at a time.
//
// Each lane with pending work has one worker goroutine that drains the lane's
// queue and exits when it is empty, so idle guilds cost nothing. A handler
// call that runs past handlerTimeout is abandoned: its worker is detached
// (it finishes that call on its own goroutine, then exits), its concurrency
// slot is released, and a new worker goes on with the rest of the event's
// handlers and the lane's queue. At most maxAbandoned abandoned calls run at
// once; past that a stuck call keeps its lane (and it is reported once).
// submit never waits for one lane: it waits only while the queued events of
// all lanes pass maxBytes.
//
// The zero value is not usable; use newDispatcher. stop must be called.
type dispatcher struct {
	cfg    dispatcherConfig
	ctx    context.Context // passed to handlers; cancelled at the shutdown deadline
	cancel context.CancelFunc
	slots  chan struct{}

	mu        sync.Mutex
	queues    map[lane]*keyQueue
	workers   map[*worker]struct{} // attached workers
	bytes     int64
	room      chan struct{} // closed and replaced when bytes drop while someone waits
	roomWait  bool
	abandoned int // detached calls still running
	stopping  bool
	idle      chan struct{} // closed when stopping and no attached worker is left
	stalled   int
}

type keyQueue struct {
	items   []*job
	head    int
	stalled bool
	shard   int
}

func (q *keyQueue) len() int { return len(q.items) - q.head }

func (q *keyQueue) pop() *job {
	j := q.items[q.head]
	q.items[q.head] = nil
	q.head++
	if q.head > 64 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	return j
}

func (q *keyQueue) pushFront(j *job) {
	if q.head > 0 {
		q.head--
		q.items[q.head] = j
		return
	}
	q.items = append(q.items, nil)
	copy(q.items[1:], q.items)
	q.items[0] = j
}

// worker drains one lane. Its call fields are guarded by mu (the order is
// d.mu, then w.mu).
type worker struct {
	d   *dispatcher
	key lane
	q   *keyQueue

	mu       sync.Mutex
	busy     bool
	detached bool
	overdue  bool // reported as past the timeout but not abandoned (bound reached)
	atStop   bool // detached by stop's deadline, not by the timeout
	job      *job
	index    int
	handler  string
	since    time.Time
	timer    *time.Timer
}

func newDispatcher(cfg dispatcherConfig) *dispatcher {
	cfg.limit = max(cfg.limit, 1)
	cfg.queueCap = max(cfg.queueCap, 1)
	if cfg.parent == nil {
		cfg.parent = context.Background()
	}
	if cfg.stats == nil {
		cfg.stats = new(Stats)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(cfg.parent))
	return &dispatcher{
		cfg:     cfg,
		ctx:     ctx,
		cancel:  cancel,
		slots:   make(chan struct{}, cfg.limit),
		queues:  make(map[lane]*keyQueue),
		workers: make(map[*worker]struct{}),
		room:    make(chan struct{}),
		idle:    make(chan struct{}),
	}
}

// submit queues j behind every earlier job of its lane. It waits only while
// the total queued bytes are over the bound; if ctx ends while it waits, the
// job is queued anyway (the shard is stopping and hands over what it already
// read, which its own buffer bounds). It fails only after stop began.
func (d *dispatcher) submit(ctx context.Context, key lane, j *job) error {
	d.mu.Lock()
	for d.cfg.maxBytes > 0 && d.bytes > 0 && d.bytes+j.size > d.cfg.maxBytes && !d.stopping {
		d.roomWait = true
		room := d.room
		d.mu.Unlock()
		select {
		case <-room:
		case <-ctx.Done():
		}
		d.mu.Lock()
		if ctx.Err() != nil {
			break
		}
	}
	if d.stopping {
		d.mu.Unlock()
		return ErrStopped
	}
	q := d.queues[key]
	if q == nil {
		q = &keyQueue{shard: j.shard}
		d.queues[key] = q
		d.startLocked(key, q)
	}
	q.items = append(q.items, j)
	d.bytes += j.size
	d.cfg.stats.QueuedBytes.Store(d.bytes)
	var stall bool
	if q.len() > d.cfg.queueCap && !q.stalled {
		q.stalled, stall = true, true
		d.stalled++
		d.cfg.stats.StalledGuilds.Store(int64(d.stalled))
	}
	n := q.len()
	d.mu.Unlock()
	if stall && d.cfg.onStall != nil {
		d.cfg.onStall(key, j.shard, n, true)
	}
	return nil
}

// startLocked starts a worker for q; d.mu is held.
func (d *dispatcher) startLocked(key lane, q *keyQueue) {
	w := &worker{d: d, key: key, q: q}
	d.workers[w] = struct{}{}
	go w.loop()
}

func (w *worker) loop() {
	d := w.d
	defer func() {
		w.mu.Lock()
		if w.timer != nil {
			w.timer.Stop()
		}
		w.mu.Unlock()
	}()
	for {
		d.mu.Lock()
		if _, attached := d.workers[w]; !attached || w.q.len() == 0 {
			if attached {
				if d.queues[w.key] == w.q {
					delete(d.queues, w.key)
				}
				d.unstallLocked(w.q)
				d.detachLocked(w)
			}
			d.mu.Unlock()
			return
		}
		j := w.q.pop()
		d.bytes -= j.size
		d.cfg.stats.QueuedBytes.Store(d.bytes)
		if d.roomWait {
			d.roomWait = false
			close(d.room)
			d.room = make(chan struct{})
		}
		var unstall bool
		if w.q.stalled && w.q.len() <= d.cfg.queueCap/2 {
			unstall = true
			d.unstallLocked(w.q)
		}
		d.mu.Unlock()
		if unstall && d.cfg.onStall != nil {
			d.cfg.onStall(w.key, w.q.shard, w.q.len(), false)
		}

		select {
		case d.slots <- struct{}{}:
		case <-d.ctx.Done():
			if j.from == 0 { // a continuation's event reached a handler already
				d.cfg.stats.Dropped.Add(1)
			}
			continue
		}
		w.mu.Lock()
		w.job = j
		w.mu.Unlock()
		d.runJob(w, j)
		w.mu.Lock()
		detached, atStop := w.detached, w.atStop
		w.busy, w.job = false, nil
		if w.timer != nil {
			w.timer.Stop()
		}
		w.mu.Unlock()
		if atStop {
			return
		}
		if detached {
			// The call was abandoned: the slot and the job (its later
			// handlers, its done) went to another worker.
			d.mu.Lock()
			d.abandoned--
			d.mu.Unlock()
			d.cfg.stats.AbandonedRunning.Add(-1)
			return
		}
		<-d.slots
		if j.done != nil {
			j.done()
		}
	}
}

// unstallLocked clears q's stalled mark; d.mu is held.
func (d *dispatcher) unstallLocked(q *keyQueue) {
	if q.stalled {
		q.stalled = false
		d.stalled--
		d.cfg.stats.StalledGuilds.Store(int64(d.stalled))
	}
}

// detachLocked removes w from the attached workers; d.mu is held.
func (d *dispatcher) detachLocked(w *worker) {
	delete(d.workers, w)
	if d.stopping && len(d.workers) == 0 {
		select {
		case <-d.idle:
		default:
			close(d.idle)
		}
	}
}

func (d *dispatcher) runJob(w *worker, j *job) {
	defer func() {
		if v := recover(); v != nil && d.cfg.onPanic != nil {
			d.cfg.onPanic(j, v, debug.Stack())
		}
	}()
	if j.it != nil {
		d.cfg.handle(d.ctx, j.it, j.from, w)
		return
	}
	j.run(d.ctx, j.from, w)
}

// begin says that the call of handler index i (named name) starts. It
// returns false when the worker was detached: the caller must stop, another
// worker runs the rest of the event. A nil worker (tests, direct calls)
// always says yes.
func (w *worker) begin(i int, name string) bool {
	if w == nil {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.detached {
		return false
	}
	w.busy, w.index, w.handler, w.since, w.overdue = true, i, name, time.Now(), false
	if t := w.d.cfg.handlerTimeout; t > 0 {
		if w.timer == nil {
			w.timer = time.AfterFunc(t, w.expire)
		} else {
			w.timer.Reset(t)
		}
	}
	return true
}

// end says that the call begun last returned.
func (w *worker) end() {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.busy = false // an armed timer finds the worker idle and does nothing
	w.mu.Unlock()
}

// expire runs when a call may have passed the handler timeout: it abandons
// the call (see dispatcher) unless it returned meanwhile.
func (w *worker) expire() {
	d := w.d
	d.mu.Lock()
	w.mu.Lock()
	timeout := d.cfg.handlerTimeout
	if w.detached || !w.busy || w.job == nil || time.Since(w.since) < timeout || d.ctx.Err() != nil {
		w.mu.Unlock()
		d.mu.Unlock()
		return
	}
	j, idx, name, elapsed := w.job, w.index, w.handler, time.Since(w.since)
	if d.abandoned >= d.cfg.maxAbandoned {
		report := !w.overdue
		w.overdue = true
		w.timer.Reset(timeout) // look again later
		w.mu.Unlock()
		d.mu.Unlock()
		if report && d.cfg.onAbandon != nil {
			d.cfg.onAbandon(j, name, -elapsed) // negative: over time, not abandoned
		}
		return
	}
	w.detached = true
	w.mu.Unlock()
	d.abandoned++
	d.detachLocked(w)
	cont := *j
	cont.from, cont.size = idx+1, 0
	// An attached worker's queue stays registered until it empties it, so
	// the rest of the event goes first in that same queue.
	w.q.pushFront(&cont)
	d.startLocked(w.key, w.q)
	<-d.slots // the detached call no longer counts against the limit
	d.mu.Unlock()
	d.cfg.stats.HandlersAbandoned.Add(1)
	d.cfg.stats.AbandonedRunning.Add(1)
	if d.cfg.onAbandon != nil {
		d.cfg.onAbandon(j, name, elapsed)
	}
}

// stopReport says what stop left behind at its deadline.
type stopReport struct {
	Abandoned []string // "EVENT guild G: handler" of calls still running
	Dropped   int      // queued events none of whose handlers started
}

// stop refuses new work and lets queued and running jobs finish until ctx
// ends. Then it cancels the handlers' context, drops what is still queued,
// detaches the workers still in a call (they exit when the call returns) and
// returns at once, naming those calls. It never waits past ctx.
func (d *dispatcher) stop(ctx context.Context) (stopReport, error) {
	d.mu.Lock()
	d.stopping = true
	if d.roomWait {
		d.roomWait = false
		close(d.room)
		d.room = make(chan struct{})
	}
	if len(d.workers) == 0 {
		select {
		case <-d.idle:
		default:
			close(d.idle)
		}
	}
	d.mu.Unlock()
	select {
	case <-d.idle:
		d.cancel()
		return stopReport{}, nil
	case <-ctx.Done():
	}
	d.cancel()
	var rep stopReport
	d.mu.Lock()
	for _, q := range d.queues {
		for i := q.head; i < len(q.items); i++ {
			if q.items[i].from == 0 { // a continuation's event reached a handler already
				rep.Dropped++
			}
			q.items[i] = nil
		}
		q.items, q.head = q.items[:0], 0
	}
	clear(d.queues)
	for w := range d.workers {
		w.mu.Lock()
		if w.busy && w.job != nil {
			rep.Abandoned = append(rep.Abandoned, describeCall(w.job.name, w.key.guild, w.handler))
		}
		w.detached, w.atStop = true, true
		w.mu.Unlock()
		delete(d.workers, w)
	}
	d.bytes = 0
	d.cfg.stats.QueuedBytes.Store(0)
	d.mu.Unlock()
	d.cfg.stats.Dropped.Add(uint64(rep.Dropped))
	return rep, errors.New("bot: handlers still running at the shutdown deadline were abandoned")
}

func describeCall(event string, guild discord.Snowflake, handler string) string {
	return event + " guild " + guild.String() + ": " + handler
}

// stalledGuilds lists the lanes over queueCap (interaction lanes merged
// into their guild).
func (d *dispatcher) stalledGuilds() []StalledGuild {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []StalledGuild
	for k, q := range d.queues {
		if q.stalled {
			out = append(out, StalledGuild{Guild: k.guild, Shard: q.shard, Queued: q.len()})
		}
	}
	return out
}
