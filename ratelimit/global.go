package ratelimit

import "time"

// globalLimit paces the bot-wide limit. Each of limit slots is free, in flight,
// or remembers when its last reply arrived; a request may start only on a slot
// whose reply arrived at least one window ago. Because a reply arrives after
// Discord counted the request, no window-long interval of Discord's clock ever
// holds more than limit requests, whichever way Discord aligns its window and
// however latency jitters.
//
// Replies arrive in time order, so the released slots form a sorted queue and
// every operation is O(1).
type globalLimit struct {
	limit       int // <= 0: no pacing
	window      time.Duration
	free        int       // slots never used (or given back)
	released    timeQueue // reply times of finished requests, oldest first
	pausedUntil time.Duration
	changed     chan struct{} // closed when a slot is released; nil if nobody waits
	// queue holds the callers waiting for a slot, first come first served.
	// Only the head waits on a timer or on changed; the others wait for a
	// nudge, which the head sends when it takes its slot or leaves.
	queue []*waiter
}

// noSlot marks a permit that took a free slot (nothing to put back in order).
const noSlot = time.Duration(-1 << 62)

func (g *globalLimit) init(limit int, window time.Duration) {
	g.limit, g.window, g.free = limit, window, max(limit, 0)
}

// delay says whether a request may start now (0, true), after a known wait
// (d, true), or when the returned channel closes (0, false).
func (g *globalLimit) delay(now time.Duration) (time.Duration, bool, <-chan struct{}) {
	if now < g.pausedUntil {
		return g.pausedUntil - now, true, nil
	}
	if g.limit <= 0 || g.free > 0 {
		return 0, true, nil
	}
	if g.released.len() == 0 {
		if g.changed == nil {
			g.changed = make(chan struct{})
		}
		return 0, false, g.changed
	}
	if at := g.released.front() + g.window; at > now {
		return at - now, true, nil
	}
	return 0, true, nil
}

// take claims a slot; call only after delay said 0, true. It returns what to
// hand back to restore.
func (g *globalLimit) take() (bool, time.Duration) {
	if g.limit <= 0 {
		return false, 0
	}
	if g.free > 0 {
		g.free--
		return true, noSlot
	}
	return true, g.released.popFront()
}

// release records that a request's reply arrived at now.
func (g *globalLimit) release(now time.Duration) {
	g.released.pushBack(now)
	g.broadcast()
}

// restore gives a slot back as it was (the request was never sent).
func (g *globalLimit) restore(prev time.Duration) {
	if prev == noSlot {
		g.free++
	} else {
		g.released.pushFront(prev) // it was the oldest, and still is
	}
	g.broadcast()
}

func (g *globalLimit) broadcast() {
	if g.changed != nil {
		close(g.changed)
		g.changed = nil
	}
}

// join queues a new waiter for a global slot.
func (g *globalLimit) join() *waiter {
	w := &waiter{wake: make(chan struct{}, 1)}
	g.queue = append(g.queue, w)
	return w
}

// leave removes w (nil is ignored) from the queue and, if it was the head,
// nudges the next one.
func (g *globalLimit) leave(w *waiter) {
	if w == nil {
		return
	}
	for i, q := range g.queue {
		if q == w {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			if i == 0 && len(g.queue) > 0 {
				select {
				case g.queue[0].wake <- struct{}{}:
				default:
				}
			}
			return
		}
	}
}

func (g *globalLimit) pause(until time.Duration) {
	g.pausedUntil = max(g.pausedUntil, until)
}

// timeQueue is a growable ring of durations.
type timeQueue struct {
	buf   []time.Duration
	head  int
	count int
}

func (q *timeQueue) len() int { return q.count }

func (q *timeQueue) front() time.Duration { return q.buf[q.head] }

func (q *timeQueue) grow() {
	if q.count < len(q.buf) {
		return
	}
	nb := make([]time.Duration, max(8, 2*len(q.buf)))
	for i := range q.count {
		nb[i] = q.buf[(q.head+i)%len(q.buf)]
	}
	q.buf, q.head = nb, 0
}

func (q *timeQueue) pushBack(d time.Duration) {
	q.grow()
	q.buf[(q.head+q.count)%len(q.buf)] = d
	q.count++
}

func (q *timeQueue) pushFront(d time.Duration) {
	q.grow()
	q.head = (q.head - 1 + len(q.buf)) % len(q.buf)
	q.buf[q.head] = d
	q.count++
}

func (q *timeQueue) popFront() time.Duration {
	d := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.count--
	return d
}
