package ratelimit_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// The ring of send times grows on demand (an idle connection keeps a few
// entries); with sends and expiries interleaved at random, so that it grows
// while wrapped, Reserve answers exactly what a plain list of the sends in
// the window says.
func TestSendLimiterGrowsLikeAList(t *testing.T) {
	const limit, reserved, window = 40, 4, 10 * time.Second
	now := time.Unix(0, 0)
	l, err := ratelimit.NewSendLimiter(&ratelimit.SendLimiterOptions{Limit: limit, Window: window, Reserved: reserved,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	var sends []time.Time // the model
	for step := range 20000 {
		now = now.Add(time.Duration(rnd.IntN(int(window / 15))))
		for len(sends) > 0 && !now.Before(sends[0].Add(window)) {
			sends = sends[1:]
		}
		p, allowed := ratelimit.SendNormal, limit-reserved
		if rnd.IntN(4) == 0 {
			p, allowed = ratelimit.SendHigh, limit
		}
		var want time.Duration
		if len(sends) < allowed {
			sends = append(sends, now)
		} else {
			want = sends[len(sends)-allowed].Add(window).Sub(now)
		}
		if got := l.Reserve(p); got != want {
			t.Fatalf("step %d: Reserve = %v, want %v (%d in window)", step, got, want, len(sends))
		}
		if got := l.Used(); got != len(sends) {
			t.Fatalf("step %d: Used = %d, want %d", step, got, len(sends))
		}
	}
}
