package ratelimit

import "time"

// bucketID names one bucket state. Before a route's hash is known the state is
// keyed by the route itself; afterwards by the hash, so that every route in the
// hash shares it. The major parameter is always part of the id.
type bucketID struct {
	route string // set while the route's hash is unknown
	hash  string
	major string
}

// bucket is what the limiter believes about one bucket. All fields are guarded
// by RESTLimiter.mu. Times are offsets from the limiter's epoch.
type bucket struct {
	id        bucketID
	known     bool            // a reply has taught limit, remaining and reset
	limit     int             // requests per window
	remaining int             // requests left in the window ending at resetAt
	resetAt   time.Duration   // when the window ends
	reset     time.Time       // its X-RateLimit-Reset, the window's identity; zero when unknown
	unseen    int             // headerless replies taken from remaining in this window
	window    time.Duration   // the longest reset-after seen: about one window
	inflight  int             // permits out and not finished
	lost      []time.Duration // until when each request whose reply never came may still count
	queue     []*waiter       // callers waiting, first come first served
	fwd       *bucket         // set when merged into another bucket
	lastUsed  time.Duration
}

// follow returns the bucket that b was merged into, or b.
func (b *bucket) follow() *bucket {
	for b != nil && b.fwd != nil {
		b = b.fwd
	}
	return b
}

// delay says whether one more request may go now (0, true), after a known
// wait (d, true), or only after an in-flight request finishes (0, false).
// extra counts requests in flight elsewhere that may land in this bucket.
func (b *bucket) delay(now time.Duration, extra int) (time.Duration, bool) {
	inflight := b.inflight + extra
	if !b.known {
		// Nothing learned yet: one at a time until the first reply teaches us,
		// and not at all while requests whose replies were lost may have used
		// up the bucket (its limit guessed from other buckets of the hash).
		if inflight > 0 {
			return 0, false
		}
		if debt, debtEnds := b.debt(now); debt >= max(b.limit, 1) {
			return debtEnds - now, true
		}
		return 0, true
	}
	avail := b.remaining
	if now >= b.resetAt {
		avail = max(b.limit, 1)
	}
	debt, debtEnds := b.debt(now)
	if inflight < avail-debt {
		return 0, true
	}
	var wake time.Duration
	if now < b.resetAt {
		wake = b.resetAt
	}
	if debt > 0 && (wake == 0 || debtEnds < wake) {
		wake = debtEnds
	}
	if wake > 0 {
		return wake - now, true
	}
	return 0, false
}

// lostRequest accounts for a request that was sent but whose reply said
// nothing about this bucket. Discord counted it in the window around the time
// it was sent, which may be this window or, if ours is stale, the next; and a
// reply to a request sent before it does not reflect it. So it is a debt of
// one slot for a full window from now (a bound on the end of whichever window
// it fell in).
func (b *bucket) lostRequest(now time.Duration) {
	w := b.window
	if w <= 0 {
		w = time.Second // nothing known about this bucket: a guess
	}
	b.lost = append(b.lost, now+w)
}

// spentUnseen accounts for a request whose reply arrived at now without
// bucket headers: Discord may have counted it, and the reply does not say.
// The bucket is left exactly as cautious as it was while the request was in
// flight: within the window the request fell in, it keeps using a slot of
// Remaining (the next reply with headers tells the truth again, and if that
// reply turns out to open a new window the slot is carried into it, since the
// request may have landed there); near or after the window's end, where
// Discord may have counted it in either window, it becomes a debt of one slot
// for a window. A bucket never learned (one request at a time, limit unknown)
// stays one at a time.
func (b *bucket) spentUnseen(now time.Duration) {
	if b.known && now < b.resetAt-min(100*time.Millisecond, b.window/4) {
		b.remaining = max(b.remaining-1, 0)
		b.unseen++
		return
	}
	if b.known || b.limit > 0 {
		b.lostRequest(now)
	}
}

// debt returns how many lost requests may still count in a current window,
// and when the first of them stops counting.
func (b *bucket) debt(now time.Duration) (int, time.Duration) {
	if len(b.lost) == 0 {
		return 0, 0
	}
	live := b.lost[:0]
	next := time.Duration(0)
	for _, until := range b.lost {
		if until > now {
			live = append(live, until)
			if next == 0 || until < next {
				next = until
			}
		}
	}
	b.lost = live
	return len(live), next
}

// update applies the bucket headers of a reply that arrived at now.
//
// The reply's window is identified by X-RateLimit-Reset: every reply of one
// window carries the same value however late it arrives, and comparing two
// values of the server's clock needs no agreement with ours. Only when a reply
// (or the state) lacks it is the window guessed from now + Reset-After, which
// a reply delayed in transit pushes later than the window really ends.
//
// A new window's Remaining is the server's count after this request. Every
// other permit of this limiter that may have landed in that window without
// being counted there is either still in flight (delay subtracts inflight),
// a debt (a lost reply), or a headerless reply that took a slot of the old
// window (unseen): that last one is carried over, so adopting a new window
// never allows more than the permits already handed out leave.
func (b *bucket) update(h Headers, now time.Duration, resetAfter time.Duration) {
	newReset := now + resetAfter
	b.window = max(b.window, resetAfter)
	switch b.windowOf(h.Reset, now, newReset) {
	case windowNew:
		// A new window: its reply is the truth, less what it cannot know.
		b.remaining = max(h.Remaining-b.unseen, 0)
		b.resetAt = newReset
		b.reset = h.Reset
		b.unseen = 0
	case windowSame:
		// Same window, replies in any order: remaining only goes down.
		b.remaining = min(b.remaining, h.Remaining)
		b.resetAt = max(b.resetAt, newReset)
		if b.reset.IsZero() {
			b.reset = h.Reset
		}
	case windowOld:
		// A late reply from a window that already ended: nothing new.
	}
	b.limit = h.Limit
	b.known = true
}

// windowAge says where a reply's window stands against the one the bucket
// holds.
type windowAge int

const (
	windowSame windowAge = iota
	windowNew
	windowOld
)

// windowOf classifies a reply with X-RateLimit-Reset reset (zero if absent)
// that arrived at now and whose window ends by newReset on our clock.
// Windows of one bucket follow each other at least a window apart, so resets
// closer than the tolerance name the same window.
func (b *bucket) windowOf(reset time.Time, now, newReset time.Duration) windowAge {
	tol := min(100*time.Millisecond, b.window/4)
	if !b.known {
		return windowNew
	}
	if !reset.IsZero() && !b.reset.IsZero() {
		switch d := reset.Sub(b.reset); {
		case d > tol:
			return windowNew
		case d < -tol:
			return windowOld
		case now >= b.resetAt:
			// The window we hold is over here (resetAt bounds its end from
			// above): a reply of it, however late, changes nothing.
			return windowOld
		default:
			return windowSame
		}
	}
	// No identity to compare: guess from when the window would end here.
	switch {
	case now >= b.resetAt || newReset > b.resetAt+tol:
		return windowNew
	case newReset < b.resetAt-tol:
		return windowOld
	default:
		return windowSame
	}
}

// nudgeHead tells the first waiter to look again.
func (b *bucket) nudgeHead() {
	if len(b.queue) > 0 {
		select {
		case b.queue[0].wake <- struct{}{}:
		default:
		}
	}
}

// nudgeAll tells every waiter to look again (the bucket moved).
func (b *bucket) nudgeAll() {
	for _, w := range b.queue {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// resolve returns the bucket a request on key uses, creating it if needed, or
// nil when the route has no per-route limit. Called with mu held.
func (l *RESTLimiter) resolve(key RouteKey) *bucket {
	unknown := bucketID{route: key.Route, major: key.Major}
	rs, ok := l.routes[key.Route]
	if !ok {
		return l.bucket(unknown)
	}
	if rs.unlimited {
		return nil
	}
	id := bucketID{hash: rs.hash, major: key.Major}
	if b := l.buckets[id]; b != nil {
		return b
	}
	if b := l.buckets[unknown]; b != nil {
		// A request sent before the hash was learned is still out on the
		// route-keyed state: carry it over.
		l.rename(b, id)
		return b
	}
	return l.bucket(id)
}

// bucket returns the state for id, creating an unknown one. A new bucket of
// a known hash starts with the limit and window other buckets of the hash
// showed (still one request at a time until its own first reply).
func (l *RESTLimiter) bucket(id bucketID) *bucket {
	b := l.buckets[id]
	if b == nil {
		b = &bucket{id: id}
		if t, ok := l.hashes[id.hash]; ok && id.hash != "" {
			b.limit, b.window = t.limit, t.window
		}
		l.buckets[id] = b
	}
	return b
}

// hashInfo is what one bucket of a hash showed: Discord uses the same limit
// and window for every major parameter of a hash.
type hashInfo struct {
	limit  int
	window time.Duration
}

func (l *RESTLimiter) rename(b *bucket, id bucketID) {
	delete(l.buckets, b.id)
	b.id = id
	l.buckets[id] = b
	b.nudgeAll()
}

// learn records that route is in bucket hash and returns the state that b (the
// bucket the request used, possibly nil) now lives in.
func (l *RESTLimiter) learn(route, major, hash string, b *bucket) *bucket {
	l.routes[route] = routeState{hash: hash}
	id := bucketID{hash: hash, major: major}
	t := l.buckets[id]
	switch {
	case b == nil:
		if t == nil {
			if u := l.buckets[bucketID{route: route, major: major}]; u != nil {
				l.rename(u, id)
				return u
			}
			t = l.bucket(id)
		}
		return t
	case b.id == id:
		return b
	case t == nil:
		l.rename(b, id)
		return b
	default:
		// Both exist: b's route shares a bucket with routes already known.
		delete(l.buckets, b.id)
		t.inflight += b.inflight
		b.inflight = 0
		b.fwd = t
		b.nudgeAll()
		return t
	}
}

// observe applies a finished request's reply. b is the bucket it used (after
// merges), nil on an unlimited route. Called with mu held.
func (l *RESTLimiter) observe(key RouteKey, b *bucket, h Headers, now time.Duration, probe bool) {
	if h.Status == 0 {
		// No reply: the request may have been counted, in this window or the
		// next. A request of a route not learned yet may have been counted in
		// any bucket of its major parameter. (An error reply without bucket
		// headers, like a 401, was refused before any bucket was spent.)
		if b != nil {
			b.lostRequest(now)
		}
		if probe {
			for _, o := range l.buckets {
				if !o.probing() && o.id.major == key.Major && o != b {
					o.lostRequest(now)
				}
			}
		}
		return
	}
	shared := h.Scope == ScopeShared
	if h.Status == 401 || h.Status == 403 || (h.Status == 429 && !shared) {
		l.invalid.add(now)
	}
	if h.Status == 429 {
		switch {
		case h.Global || h.Scope == ScopeGlobal:
			l.global.pause(now + max(h.RetryAfter, time.Millisecond))
		case shared:
			// Someone else's use of a shared resource: our view stands.
		default:
			if h.Bucket != "" {
				b = l.learn(key.Route, key.Major, h.Bucket, b)
			} else if b == nil {
				delete(l.routes, key.Route)
				b = l.resolve(key)
			}
			if h.Limit > 0 {
				b.limit = h.Limit
			}
			b.limit = max(b.limit, 1)
			b.known = true
			b.remaining = 0
			if !h.Reset.IsZero() && (b.reset.IsZero() || h.Reset.Sub(b.reset) > min(100*time.Millisecond, b.window/4)) {
				// The 429 names a later window: it is the one now empty.
				b.reset = h.Reset
				b.unseen = 0
			}
			b.resetAt = max(b.resetAt, now+max(h.RetryAfter, h.ResetAfter, time.Millisecond))
			b.window = max(b.window, h.RetryAfter, h.ResetAfter)
		}
		return
	}
	if h.Limit <= 0 {
		if _, ok := l.routes[key.Route]; !ok && b != nil && !b.known && h.Status < 300 {
			// A success without bucket headers on a route we never learned: it
			// has no per-route limit. Let everyone queued on it go. (Error
			// replies without headers teach nothing: the route stays one at a
			// time.)
			l.routes[key.Route] = routeState{unlimited: true}
			if b.inflight == 0 {
				delete(l.buckets, b.id)
			}
			b.nudgeAll()
			return
		}
		// A reply without bucket headers (a 5xx from a gateway or proxy in
		// front of Discord, an error page) says nothing about the bucket, but
		// Discord may have counted the request before it failed: keep the
		// slot it held spent, as it was while the request was in flight.
		if b != nil {
			b.spentUnseen(now)
		}
		return
	}
	if h.Bucket != "" {
		b = l.learn(key.Route, key.Major, h.Bucket, b)
	} else if b == nil {
		delete(l.routes, key.Route)
		b = l.resolve(key)
	}
	resetAfter := h.ResetAfter
	if resetAfter <= 0 && !h.Reset.IsZero() {
		resetAfter = max(0, h.Reset.Sub(l.now()))
	}
	b.update(h, now, resetAfter)
	if b.id.hash != "" {
		l.hashes[b.id.hash] = hashInfo{limit: b.limit, window: b.window}
	}
}

// probing reports whether b is the state of a route whose bucket hash is not
// known yet: its requests may land in any bucket of the same major parameter.
func (b *bucket) probing() bool { return b.id.route != "" }

// extra is how many requests of not-yet-learned routes with b's major
// parameter are in flight: any of them may be spending b's quota.
func (l *RESTLimiter) extra(b *bucket) int {
	if b.probing() {
		return 0
	}
	return l.probes[b.id.major]
}

// guard delays the first request of a route not learned yet until no bucket
// of the same major parameter is exhausted, because the route may turn out to
// share one of them (Discord says which only in the reply). It costs a wait
// once per route; it saves a 429. The channel, when returned, closes on the
// next permit finished anywhere.
func (l *RESTLimiter) guard(major string, now time.Duration) (time.Duration, bool, <-chan struct{}) {
	if l.optimistic {
		return 0, true, nil
	}
	var wait time.Duration
	for _, o := range l.buckets {
		if o.probing() || o.id.major != major {
			continue
		}
		d, timed := o.delay(now, l.probes[major])
		if !timed {
			if l.changed == nil {
				l.changed = make(chan struct{})
			}
			return 0, false, l.changed
		}
		wait = max(wait, d)
	}
	return wait, true, nil
}

// finished is called whenever a permit ends: it releases probe accounting and
// wakes what waits on it.
func (l *RESTLimiter) finished(p *permit) {
	if p.probe {
		if l.probes[p.key.Major]--; l.probes[p.key.Major] <= 0 {
			delete(l.probes, p.key.Major)
		}
		for _, o := range l.buckets {
			if o.id.major == p.key.Major {
				o.nudgeHead()
			}
		}
	}
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// maybeSweep drops idle buckets once a minute, so a bot that touches many
// channels does not keep every bucket forever.
func (l *RESTLimiter) maybeSweep(now time.Duration) {
	if now < l.sweepAt {
		return
	}
	l.sweepAt = now + time.Minute
	for id, b := range l.buckets {
		if b.inflight == 0 && len(b.queue) == 0 && now >= b.resetAt && now-b.lastUsed > 5*time.Minute {
			delete(l.buckets, id)
		}
	}
}
