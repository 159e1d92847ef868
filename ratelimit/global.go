package ratelimit

import "time"

// Global slot values besides a release time.
const (
	slotFree     = time.Duration(-1 << 62) // never used: available at once
	slotInFlight = time.Duration(1<<63 - 1)
)

// globalLimit paces the bot-wide limit. It keeps one slot per request allowed
// in a window, each holding when its last request's reply arrived (or
// slotInFlight). A request may start only on a slot released at least one
// window ago. Because a reply arrives after Discord counted the request, no
// window-long interval of Discord's clock ever holds more than limit requests,
// whichever way Discord aligns its window and however latency jitters.
type globalLimit struct {
	limit       int // <= 0: no pacing
	window      time.Duration
	slots       []time.Duration
	pausedUntil time.Duration // a global 429 asked us to stop until then
	changed     chan struct{} // closed when a slot is released; nil if nobody waits
}

func (g *globalLimit) init(limit int, window time.Duration) {
	g.limit, g.window = limit, window
	if limit > 0 {
		g.slots = make([]time.Duration, limit)
		for i := range g.slots {
			g.slots[i] = slotFree
		}
	}
}

// delay says whether a request may start now (0, true), after a known wait
// (d, true), or when the returned channel closes (0, false).
func (g *globalLimit) delay(now time.Duration) (time.Duration, bool, <-chan struct{}) {
	if now < g.pausedUntil {
		return g.pausedUntil - now, true, nil
	}
	if g.limit <= 0 {
		return 0, true, nil
	}
	oldest := g.slots[g.oldest()]
	if oldest == slotInFlight {
		if g.changed == nil {
			g.changed = make(chan struct{})
		}
		return 0, false, g.changed
	}
	if at := oldest + g.window; at > now {
		return at - now, true, nil
	}
	return 0, true, nil
}

func (g *globalLimit) oldest() int {
	i := 0
	for j, s := range g.slots {
		if s < g.slots[i] {
			i = j
		}
	}
	return i
}

// take marks the oldest slot in flight; call only after delay said 0, true.
func (g *globalLimit) take() (int, time.Duration) {
	if g.limit <= 0 {
		return -1, 0
	}
	i := g.oldest()
	prev := g.slots[i]
	g.slots[i] = slotInFlight
	return i, prev
}

// release records that slot i's reply arrived at now.
func (g *globalLimit) release(i int, now time.Duration) {
	if g.slots[i] == slotInFlight {
		g.slots[i] = now
	}
	g.broadcast()
}

// restore gives slot i back as it was (the request was never sent).
func (g *globalLimit) restore(i int, prev time.Duration) {
	if g.slots[i] == slotInFlight {
		g.slots[i] = prev
	}
	g.broadcast()
}

func (g *globalLimit) broadcast() {
	if g.changed != nil {
		close(g.changed)
		g.changed = nil
	}
}

func (g *globalLimit) pause(until time.Duration) {
	g.pausedUntil = max(g.pausedUntil, until)
}
