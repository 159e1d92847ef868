package ratelimit_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

func TestSendLimiterZeroValueIsDiscordLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.SendLimiter
		for i := range 110 {
			if d := l.Reserve(ratelimit.SendNormal); d != 0 {
				t.Fatalf("normal send %d had to wait %v", i, d)
			}
		}
		d := l.Reserve(ratelimit.SendNormal)
		assert.Equal(t, "111th normal send waits a full window", d, 60*time.Second)
		for i := range 10 {
			if d := l.Reserve(ratelimit.SendHigh); d != 0 {
				t.Fatalf("high send %d had to wait %v", i, d)
			}
		}
		assert.Equal(t, "121st send waits", l.Reserve(ratelimit.SendHigh), 60*time.Second)
		assert.Equal(t, "used", l.Used(), 120)
		time.Sleep(60 * time.Second)
		assert.Equal(t, "window passed", l.Used(), 0)
	})
}

func TestSendLimiterSlidingWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l, err := ratelimit.NewSendLimiter(&ratelimit.SendLimiterOptions{Limit: 4, Window: 10 * time.Second, Reserved: 1})
		assert.Success(t, err)
		ctx := t.Context()
		start := time.Now()
		var at []time.Duration
		for range 7 {
			assert.Success(t, l.Wait(ctx, ratelimit.SendNormal))
			at = append(at, time.Since(start))
		}
		// 3 normal slots per 10 s window: 0,0,0 then 10,10,10 then 20.
		assert.Equal(t, "send times", at, []time.Duration{0, 0, 0, 10 * time.Second, 10 * time.Second, 10 * time.Second, 20 * time.Second})
		// At 20 s the window holds one send: two more normal ones fit, then
		// only the reserved slot, for a high-priority send.
		assert.Equal(t, "normal", l.Reserve(ratelimit.SendNormal), time.Duration(0))
		assert.Equal(t, "normal", l.Reserve(ratelimit.SendNormal), time.Duration(0))
		assert.Equal(t, "normal must wait", l.Reserve(ratelimit.SendNormal), 10*time.Second)
		assert.Equal(t, "reserved slot", l.Reserve(ratelimit.SendHigh), time.Duration(0))
		assert.Equal(t, "now full", l.Reserve(ratelimit.SendHigh), 10*time.Second)
	})
}

func TestSendLimiterNeverExceedsLimitInAnyWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l ratelimit.SendLimiter
		ctx := t.Context()
		var times []time.Time
		for i := range 500 {
			p := ratelimit.SendNormal
			if i%7 == 0 {
				p = ratelimit.SendHigh
			}
			assert.Success(t, l.Wait(ctx, p))
			times = append(times, time.Now())
			if i%13 == 0 {
				time.Sleep(time.Duration(i%5) * time.Second)
			}
		}
		for i := range times {
			j := i
			for j < len(times) && times[j].Sub(times[i]) < 60*time.Second {
				j++
			}
			if j-i > 120 {
				t.Fatalf("%d sends within 60 s starting at send %d", j-i, i)
			}
		}
	})
}

func TestSendLimiterWaitFailsFastPastDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l, err := ratelimit.NewSendLimiter(&ratelimit.SendLimiterOptions{Limit: 1, Window: time.Minute, Reserved: -1})
		assert.Success(t, err)
		assert.Success(t, l.Wait(t.Context(), ratelimit.SendNormal))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		err = l.Wait(ctx, ratelimit.SendNormal)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ratelimit.ErrSendLimit)
		assert.Equal(t, "failed without waiting", time.Since(start), time.Duration(0))
		assert.Equal(t, "nothing taken", l.Used(), 1)

		ctx2, cancel2 := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- l.Wait(ctx2, ratelimit.SendNormal) }()
		synctest.Wait()
		cancel2()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled wait returned %v", err)
		}
	})
}

func TestSendLimiterReset(t *testing.T) {
	var l ratelimit.SendLimiter
	for range 120 {
		l.Reserve(ratelimit.SendHigh)
	}
	l.Reset()
	assert.Equal(t, "after reset", l.Reserve(ratelimit.SendNormal), time.Duration(0))
}

func TestSendLimiterOptionsValidated(t *testing.T) {
	for _, o := range []ratelimit.SendLimiterOptions{
		{Limit: -1},
		{Window: -time.Second},
		{Limit: 5, Reserved: 5},
	} {
		_, err := ratelimit.NewSendLimiter(&o)
		assert.Error(t, err)
		assert.Contains(t, err.Error(), "ratelimit: ")
	}
}

// BenchmarkSendLimiterReserve measures the decision on a full Discord-sized
// limiter (the common case under a burst: the answer is "wait").
func BenchmarkSendLimiterReserve(b *testing.B) {
	var l ratelimit.SendLimiter
	for range 120 {
		l.Reserve(ratelimit.SendHigh)
	}
	b.ReportAllocs()
	for b.Loop() {
		if l.Reserve(ratelimit.SendNormal) == 0 {
			b.Fatal("slot granted on a full limiter")
		}
	}
}
