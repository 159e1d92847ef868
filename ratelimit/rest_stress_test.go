package ratelimit_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

// simServer is a tiny model of Discord's buckets: windows start at the first
// request after a reset; routes map to hashes; over-limit requests are 429s.
type simServer struct {
	mu      sync.Mutex
	limit   int
	window  time.Duration
	hashOf  map[string]string
	buckets map[string]*simBucket
	rejects int
	served  int
	// stampReset adds X-RateLimit-Reset (the window's end, in milliseconds
	// as Discord and discordtest send it).
	stampReset bool
}

type simBucket struct {
	remaining int
	reset     time.Time
}

func (s *simServer) serve(key ratelimit.RouteKey) ratelimit.Headers {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	hash := s.hashOf[key.Route]
	id := hash + ":" + key.Major
	b := s.buckets[id]
	if b == nil || !now.Before(b.reset) {
		b = &simBucket{remaining: s.limit, reset: now.Add(s.window)}
		s.buckets[id] = b
	}
	h := ratelimit.Headers{Status: 200, Bucket: hash, Limit: s.limit, ResetAfter: b.reset.Sub(now)}
	if s.stampReset {
		h.Reset = time.UnixMilli(b.reset.UnixMilli())
	}
	if b.remaining == 0 {
		s.rejects++
		h.Status, h.Scope, h.RetryAfter = 429, ratelimit.ScopeUser, b.reset.Sub(now)
		return h
	}
	b.remaining--
	s.served++
	h.Remaining = b.remaining
	return h
}

// TestStressNo429 drives many goroutines over routes that share hashes, with
// random cancellations, never-sent permits and transport errors, and checks
// that the modelled server never rejects a request and nothing stays in
// flight.
func TestStressNo429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &simServer{limit: 3, window: time.Second, buckets: map[string]*simBucket{}, hashOf: map[string]string{
			"POST /channels/{channel_id}/messages":                "A",
			"PATCH /channels/{channel_id}/messages/{message_id}":  "A",
			"DELETE /channels/{channel_id}/messages/{message_id}": "B",
		}}
		routes := []string{"POST /channels/{channel_id}/messages", "PATCH /channels/{channel_id}/messages/{message_id}",
			"DELETE /channels/{channel_id}/messages/{message_id}"}
		var l ratelimit.RESTLimiter
		var wg sync.WaitGroup
		for g := range 60 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(g), 7))
				for range 15 {
					key := ratelimit.RouteKey{Route: routes[rng.IntN(len(routes))], Major: strconv.Itoa(rng.IntN(3))}
					ctx, cancel := context.WithCancel(t.Context())
					if rng.IntN(10) == 0 {
						ctx, cancel = context.WithTimeout(t.Context(), time.Duration(rng.IntN(2000))*time.Millisecond)
					}
					p, err := l.Acquire(ctx, key)
					if err != nil {
						cancel()
						continue
					}
					switch rng.IntN(10) {
					case 0:
						p.Cancel() // never sent
					case 1:
						srv.serve(key) // sent, reply lost
						p.Done(ratelimit.Headers{})
					default:
						p.Done(srv.serve(key))
					}
					cancel()
				}
			})
		}
		wg.Wait()
		synctest.Wait()
		assert.Equal(t, "429s", srv.rejects, 0)
		assert.Equal(t, "in flight", l.Stats().InFlight, 0)
		if srv.served < 500 {
			t.Fatalf("only %d requests served", srv.served)
		}
	})
}
