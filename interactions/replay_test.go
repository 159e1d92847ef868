package interactions

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
)

func sigHex(n byte) string {
	var b [64]byte
	b[0] = n
	return hex.EncodeToString(b[:])
}

func TestReplayCacheExpiresAndStaysBounded(t *testing.T) {
	c := newReplayCache(2)
	t0 := time.Unix(1_700_000_000, 0)
	assert.Equal(t, "new", c.admit(sigHex(1), t0, t0.Add(time.Minute)), true)
	assert.Equal(t, "replay", c.admit(sigHex(1), t0.Add(time.Second), t0.Add(time.Minute)), false)
	assert.Equal(t, "after expiry", c.admit(sigHex(1), t0.Add(2*time.Minute), t0.Add(3*time.Minute)), true)
	assert.Equal(t, "second", c.admit(sigHex(2), t0.Add(2*time.Minute), t0.Add(3*time.Minute)), true)
	// Full with live entries: a third is admitted but not recorded.
	assert.Equal(t, "third", c.admit(sigHex(3), t0.Add(2*time.Minute), t0.Add(3*time.Minute)), true)
	assert.Equal(t, "size bound", len(c.seen), 2)
	assert.Equal(t, "unrecorded third repeats", c.admit(sigHex(3), t0.Add(2*time.Minute), t0.Add(3*time.Minute)), true)
	// Once the old ones expire, room is made.
	assert.Equal(t, "fourth", c.admit(sigHex(4), t0.Add(4*time.Minute), t0.Add(5*time.Minute)), true)
	assert.Equal(t, "fourth replay", c.admit(sigHex(4), t0.Add(4*time.Minute), t0.Add(5*time.Minute)), false)
	assert.Equal(t, "malformed is left to Verify", c.admit("zz", t0, t0), true)
}
