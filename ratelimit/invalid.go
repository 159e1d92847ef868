package ratelimit

import "time"

// invalidSlots is how many slices the rolling window is cut into. Counts leave
// a whole window after the slice they fell in, so the count is never low.
const invalidSlots = 60

// invalidBudget counts 401, 403 and non-shared 429 replies in a rolling window:
// Cloudflare bans an IP that sends Discord too many of them (10,000 per 10
// minutes). At brake, check refuses with a *BudgetError.
type invalidBudget struct {
	limit, brake int
	window, step time.Duration
	counts       [invalidSlots + 1]int
	cur          int64 // the slice now falls in
	total        int
}

func (v *invalidBudget) init(limit, brake int, window time.Duration) {
	*v = invalidBudget{limit: limit, brake: brake, window: window, step: max(window/invalidSlots, 1)}
}

// advance drops the slices that left the window.
func (v *invalidBudget) advance(now time.Duration) {
	s := int64(now / v.step)
	if s <= v.cur {
		return
	}
	n := int64(len(v.counts))
	for i := v.cur + 1; i <= s && i <= v.cur+n; i++ {
		k := i % n
		v.total -= v.counts[k]
		v.counts[k] = 0
	}
	v.cur = s
}

func (v *invalidBudget) add(now time.Duration) {
	v.advance(now)
	v.counts[v.cur%int64(len(v.counts))]++
	v.total++
}

func (v *invalidBudget) count(now time.Duration) int {
	v.advance(now)
	return v.total
}

// check returns a *BudgetError while the count is at or above the brake.
func (v *invalidBudget) check(now time.Duration) error {
	if v.count(now) < v.brake {
		return nil
	}
	// Find when enough old slices will have left for the count to drop below.
	n := int64(len(v.counts))
	left := v.total
	var until time.Duration
	for i := v.cur - n + 1; i <= v.cur; i++ {
		if i < 0 {
			continue
		}
		left -= v.counts[i%n]
		if left < v.brake {
			until = time.Duration(i+n)*v.step - now
			break
		}
	}
	return &BudgetError{Count: v.total, Brake: v.brake, Limit: v.limit, Window: v.window, RetryAfter: max(until, 0)}
}
