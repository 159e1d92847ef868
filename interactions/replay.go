package interactions

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

// ErrReplayed is returned (and answered with 401) when a correctly signed
// request arrives a second time within the timestamp window: Discord sends
// each interaction once, so a repeat is somebody replaying captured traffic.
var ErrReplayed = errors.New("interactions: request replayed")

// replayCache remembers the signatures of accepted requests until their
// timestamp leaves the window, after which the freshness check refuses them
// anyway. Only verified signatures are stored, so its size follows Discord's
// traffic, not an attacker's; past max entries (after dropping expired ones)
// new signatures are not recorded and the check fails open.
type replayCache struct {
	mu      sync.Mutex
	seen    map[[ed25519.SignatureSize]byte]time.Time // signature → expiry
	max     int
	inserts int
}

func newReplayCache(max int) *replayCache {
	return &replayCache{seen: make(map[[ed25519.SignatureSize]byte]time.Time), max: max}
}

// admit records sigHex, valid until expires, and reports whether it was new.
func (c *replayCache) admit(sigHex string, now, expires time.Time) bool {
	var key [ed25519.SignatureSize]byte
	if n, err := hex.Decode(key[:], []byte(sigHex)); err != nil || n != len(key) {
		return true // Verify already refused malformed signatures
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if exp, ok := c.seen[key]; ok && now.Before(exp) {
		return false
	}
	c.inserts++
	if len(c.seen) >= c.max || c.inserts%1024 == 0 {
		for k, exp := range c.seen {
			if !now.Before(exp) {
				delete(c.seen, k)
			}
		}
	}
	if len(c.seen) < c.max {
		c.seen[key] = expires
	}
	return true
}
