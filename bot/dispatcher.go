package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/scurrygo/scurry/discord"
)

// ErrStopped is returned by work submitted after the dispatcher began to stop.
var ErrStopped = errors.New("bot: dispatcher stopped")

// dispatcher runs tasks in order per key (a guild ID; 0 for events without a
// guild) and runs different keys concurrently, at most limit tasks at a time.
//
// Each key with pending work has one worker goroutine that drains that key's
// queue and exits when it is empty, so idle guilds cost nothing. A task that
// blocks forever holds one of the limit slots and stalls only its own key's
// queue. When a key's queue reaches queueCap, submit blocks (back-pressure to
// the shard that delivered the event); the gateway keeps heartbeating from its
// own goroutine, so a full queue never kills a session.
//
// The zero value is not usable; use newDispatcher. stop must be called to
// release the workers; it waits for them.
type dispatcher struct {
	limit    int
	queueCap int
	onPanic  func(key discord.Snowflake, v any, stack []byte)

	ctx    context.Context // passed to tasks; cancelled when stop gives up waiting
	cancel context.CancelFunc
	slots  chan struct{}
	wg     sync.WaitGroup

	mu       sync.Mutex
	queues   map[discord.Snowflake]*keyQueue
	stopping bool
}

type task func(ctx context.Context)

type keyQueue struct {
	items   []task
	head    int
	notFull chan struct{} // closed and replaced when an item is taken from a full queue
}

func (q *keyQueue) len() int { return len(q.items) - q.head }

func newDispatcher(limit, queueCap int, onPanic func(discord.Snowflake, any, []byte)) *dispatcher {
	if limit < 1 {
		limit = 1
	}
	if queueCap < 1 {
		queueCap = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &dispatcher{
		limit:    limit,
		queueCap: queueCap,
		onPanic:  onPanic,
		ctx:      ctx,
		cancel:   cancel,
		slots:    make(chan struct{}, limit),
		queues:   make(map[discord.Snowflake]*keyQueue),
	}
}

// submit queues t behind every earlier task of the same key. It blocks only
// while that key's queue is full, until ctx ends or the dispatcher stops.
func (d *dispatcher) submit(ctx context.Context, key discord.Snowflake, t task) error {
	d.mu.Lock()
	for {
		if d.stopping {
			d.mu.Unlock()
			return ErrStopped
		}
		q := d.queues[key]
		if q == nil {
			q = &keyQueue{notFull: make(chan struct{})}
			d.queues[key] = q
			q.items = append(q.items, t)
			d.wg.Add(1)
			go d.work(key, q)
			d.mu.Unlock()
			return nil
		}
		if q.len() < d.queueCap {
			q.items = append(q.items, t)
			d.mu.Unlock()
			return nil
		}
		wait := q.notFull
		d.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		case <-d.ctx.Done():
			return ErrStopped
		}
		d.mu.Lock()
	}
}

// work drains one key's queue. The queue stays registered while the worker
// runs, so later submits append to it instead of starting a second worker.
func (d *dispatcher) work(key discord.Snowflake, q *keyQueue) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		if q.len() == 0 {
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		full := q.len() >= d.queueCap
		t := q.items[q.head]
		q.items[q.head] = nil
		q.head++
		if q.head > 64 && q.head*2 > len(q.items) {
			n := copy(q.items, q.items[q.head:])
			clear(q.items[n:])
			q.items, q.head = q.items[:n], 0
		}
		if full {
			close(q.notFull)
			q.notFull = make(chan struct{})
		}
		d.mu.Unlock()

		if d.ctx.Err() != nil {
			continue // stop gave up waiting: drop what is left without running it
		}
		select {
		case d.slots <- struct{}{}:
		case <-d.ctx.Done():
			continue
		}
		d.run(key, t)
		<-d.slots
	}
}

func (d *dispatcher) run(key discord.Snowflake, t task) {
	defer func() {
		if v := recover(); v != nil && d.onPanic != nil {
			d.onPanic(key, v, debug.Stack())
		}
	}()
	t(d.ctx)
}

// stop refuses new work, lets queued and running tasks finish until ctx ends,
// then cancels the tasks' context, drops what is still queued and waits for
// the workers to return. It returns an error when ctx ended first.
func (d *dispatcher) stop(ctx context.Context) error {
	d.mu.Lock()
	d.stopping = true
	d.mu.Unlock()

	done := make(chan struct{})
	go func() {
		d.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		d.cancel()
		return nil
	case <-ctx.Done():
	}
	d.cancel()
	<-done
	return fmt.Errorf("bot: handlers still running at shutdown deadline were cancelled: %w", ctx.Err())
}
