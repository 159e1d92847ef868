package ratelimit

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
)

// A reported send moves the window: the next grant of the bucket comes no
// earlier than the send plus the window plus the margin, however late the
// send was after its grant.
func TestIdentifyWindowCountsFromSend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window, margin, lag = time.Second, 20 * time.Millisecond, 300 * time.Millisecond
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{MaxConcurrency: 2, Window: window, Margin: margin})
		assert.Success(t, err)
		start := time.Now()
		assert.Success(t, q.Wait(t.Context(), 0))
		granted := make(chan time.Duration, 1)
		go func() {
			assert.Success(t, q.Wait(t.Context(), 2)) // same bucket as 0
			granted <- time.Since(start)
		}()
		time.Sleep(lag) // shard 0's session is slow to write its IDENTIFY
		q.IdentifySent(0, time.Now())
		assert.Equal(t, "next grant", <-granted, lag+window+margin)

		// Bucket 1 was never used: a grant at once, unaffected.
		t1 := time.Now()
		assert.Success(t, q.Wait(t.Context(), 1))
		assert.Equal(t, "other bucket waited", time.Since(t1), time.Duration(0))
	})
}

// Once a caller reports sends, a grant holds its bucket until its send is
// reported, even past the spacing; a grant never reported lapses after two
// spacings, so a crashed session cannot close a bucket for good.
func TestIdentifyHoldUntilSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window, margin = time.Second, 10 * time.Millisecond
		spacing := window + margin
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: window, Margin: margin})
		assert.Success(t, err)
		assert.Success(t, q.Wait(t.Context(), 0))
		q.IdentifySent(0, time.Now()) // the queue now expects reports

		start := time.Now()
		assert.Success(t, q.Wait(t.Context(), 1))
		assert.Equal(t, "second grant", time.Since(start), spacing)

		// Shard 1 takes 1.5 spacings to write: shard 2 waits for the report.
		got := make(chan time.Duration, 1)
		go func() {
			assert.Success(t, q.Wait(t.Context(), 2))
			got <- time.Since(start)
		}()
		time.Sleep(spacing * 3 / 2)
		synctest.Wait()
		select {
		case d := <-got:
			t.Fatalf("shard 2 granted at %v, before shard 1 reported its send", d)
		default:
		}
		q.IdentifySent(1, time.Now())
		assert.Equal(t, "third grant", <-got, spacing+spacing*3/2+spacing)

		// Shard 2 never reports: shard 3 gets its slot two spacings after
		// shard 2's grant.
		t2 := time.Now()
		assert.Success(t, q.Wait(t.Context(), 3))
		assert.Equal(t, "after a lapsed hold", time.Since(t2), 2*spacing)
	})
}

// A caller that never reports sends keeps the old behaviour: windows count
// from the grants.
func TestIdentifyWithoutReportsCountsFromGrants(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = time.Second
		q, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: window})
		assert.Success(t, err)
		assert.Equal(t, "default margin", q.Spacing(), window+window/20)
		start := time.Now()
		for range 3 {
			assert.Success(t, q.Wait(t.Context(), 0))
		}
		assert.Equal(t, "third grant", time.Since(start), 2*q.Spacing())
	})
}

// The default margin is absolute: 50 ms at Discord's 5 s window.
func TestIdentifyDefaultMarginIsAbsolute(t *testing.T) {
	var q IdentifyQueue
	assert.Equal(t, "zero value spacing", q.Spacing(), DefaultIdentifyWindow+DefaultIdentifyMargin)
	q2, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: 10 * time.Second})
	assert.Success(t, err)
	assert.Equal(t, "10 s window", q2.Spacing(), 10*time.Second+DefaultIdentifyMargin)
}

// A refused IDENTIFY widens the margin: doubled, at least 10 ms more, at most
// a twentieth of the window (never below a margin set larger).
func TestIdentifyRefusedWidensMargin(t *testing.T) {
	q, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: time.Second, Margin: 2 * time.Millisecond})
	assert.Success(t, err)
	for _, want := range []time.Duration{12, 24, 48, 50, 50} {
		q.IdentifyRefused(0)
		assert.Equal(t, "spacing", q.Spacing(), time.Second+want*time.Millisecond)
	}
	big, err := NewIdentifyQueue(&IdentifyQueueOptions{Window: time.Second, Margin: 80 * time.Millisecond})
	assert.Success(t, err)
	big.IdentifyRefused(0)
	assert.Equal(t, "a larger margin stays", big.Spacing(), time.Second+80*time.Millisecond)
}
