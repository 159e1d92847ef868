package discordtest

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateState holds the REST limiter: per-bucket windows keyed by bucket hash
// and major parameter, the global window per token, the invalid-request
// budget and the ban. Its own lock, never held with Server.mu.
type rateState struct {
	mu          sync.Mutex
	buckets     map[string]*bucketState
	globals     map[string][]time.Time // by Authorization value: request times in the rolling window
	invalid     []time.Time
	bannedUntil time.Time
	overrides   map[string]limitOverride // by route bucket name
	globalLimit int
	globalWin   time.Duration
}

type bucketState struct {
	remaining int
	reset     time.Time
}

type limitOverride struct {
	limit  int
	window time.Duration
}

// bucketHash is the opaque X-RateLimit-Bucket for a bucket name.
func bucketHash(name string) string {
	sum := sha256.Sum256([]byte("discordtest bucket " + name))
	return hex.EncodeToString(sum[:16])
}

// SetRouteLimit changes the limit and window of one route bucket at runtime;
// bucket is the bucket name of the route table (see Routes) or its hash.
func (s *Server) SetRouteLimit(bucket string, limit int, window time.Duration) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	if s.rl.overrides == nil {
		s.rl.overrides = map[string]limitOverride{}
	}
	for _, rt := range s.routes {
		if rt.Bucket == bucket || rt.hash == bucket {
			s.rl.overrides[rt.Bucket] = limitOverride{limit, window}
		}
	}
}

// SetGlobalLimit changes the global limit at runtime.
func (s *Server) SetGlobalLimit(limit int, window time.Duration) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	s.rl.globalLimit, s.rl.globalWin = limit, window
}

// Unban lifts a ban and clears the invalid-request count.
func (s *Server) Unban() {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	s.rl.bannedUntil, s.rl.invalid = time.Time{}, nil
}

// InvalidRequests returns the 401/403/429 answers counted in the current
// invalid-request window.
func (s *Server) InvalidRequests() int {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	s.trimInvalidLocked(s.now())
	return len(s.rl.invalid)
}

func (s *Server) trimInvalidLocked(now time.Time) {
	cut := now.Add(-s.opts.InvalidRequestWindow)
	i := 0
	for i < len(s.rl.invalid) && !s.rl.invalid[i].After(cut) {
		i++
	}
	s.rl.invalid = s.rl.invalid[i:]
}

// banned reports whether the client is banned and for how long.
func (s *Server) banned(now time.Time) (time.Duration, bool) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	if now.Before(s.rl.bannedUntil) {
		return s.rl.bannedUntil.Sub(now), true
	}
	return 0, false
}

// countInvalid adds one 401/403/429 answer and bans past the limit.
func (s *Server) countInvalid(now time.Time) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	s.trimInvalidLocked(now)
	s.rl.invalid = append(s.rl.invalid, now)
	if len(s.rl.invalid) >= s.opts.InvalidRequestLimit {
		s.rl.bannedUntil = now.Add(s.opts.BanDuration)
	}
}

// takeGlobal spends one request of the global limit for this token. The
// window is rolling: at most GlobalLimit requests in any GlobalWindow, the
// strictest reading of Discord's "50 requests per second" (which does not say
// how its window is aligned), so a client that passes here passes there.
func (s *Server) takeGlobal(key string, now time.Time) (time.Duration, bool) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	if s.rl.globals == nil {
		s.rl.globals = map[string][]time.Time{}
		if s.rl.globalLimit == 0 {
			s.rl.globalLimit, s.rl.globalWin = s.opts.GlobalLimit, s.opts.GlobalWindow
		}
	}
	times := s.rl.globals[key]
	cut := now.Add(-s.rl.globalWin)
	i := 0
	for i < len(times) && !times[i].After(cut) {
		i++
	}
	times = times[i:]
	if len(times) >= s.rl.globalLimit {
		s.rl.globals[key] = times
		return times[len(times)-s.rl.globalLimit].Add(s.rl.globalWin).Sub(now), false
	}
	s.rl.globals[key] = append(times, now)
	return 0, true
}

// peekBucket sets the X-RateLimit headers of the route's bucket as they
// stand, spending nothing (forced shared-scope 429s carry them).
func (s *Server) peekBucket(h http.Header, rt *route, major string, now time.Time) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	limit, window := s.bucketLimitLocked(rt)
	remaining, reset := limit, now.Add(window)
	if b := s.rl.buckets[rt.hash+":"+major]; b != nil && now.Before(b.reset) {
		remaining, reset = b.remaining, b.reset
	}
	setBucketHeaders(h, rt, limit, remaining, reset, now)
}

func (s *Server) bucketLimitLocked(rt *route) (int, time.Duration) {
	limit, window := rt.Limit, rt.Window
	if s.opts.RouteWindow > 0 {
		window = s.opts.RouteWindow
	}
	if o, ok := s.rl.overrides[rt.Bucket]; ok {
		limit, window = o.limit, o.window
	}
	return limit, window
}

func setBucketHeaders(h http.Header, rt *route, limit, remaining int, reset, now time.Time) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", formatUnix(reset))
	h.Set("X-RateLimit-Reset-After", seconds(reset.Sub(now)))
	h.Set("X-RateLimit-Bucket", rt.hash)
}

// takeBucket spends one request of the route's bucket for this major value
// and sets the X-RateLimit headers. It returns false (and the wait) when the
// bucket is empty.
func (s *Server) takeBucket(h http.Header, rt *route, major string, now time.Time) (time.Duration, bool) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	if s.rl.buckets == nil {
		s.rl.buckets = map[string]*bucketState{}
	}
	limit, window := s.bucketLimitLocked(rt)
	key := rt.hash + ":" + major
	b := s.rl.buckets[key]
	if b == nil || !now.Before(b.reset) {
		b = &bucketState{remaining: limit, reset: now.Add(window)}
		s.rl.buckets[key] = b
	}
	ok := b.remaining > 0
	if ok {
		b.remaining--
	}
	setBucketHeaders(h, rt, limit, b.remaining, b.reset, now)
	return b.reset.Sub(now), ok
}

// seconds formats a duration as Discord does: seconds with 3 decimals,
// rounded up so that waiting that long is always enough.
func seconds(d time.Duration) string {
	ms := math.Ceil(float64(d) / float64(time.Millisecond))
	return strconv.FormatFloat(ms/1000, 'f', 3, 64)
}

type rateLimitBody struct {
	Message    string  `json:"message"`
	RetryAfter float64 `json:"retry_after"`
	Global     bool    `json:"global"`
	Code       int     `json:"code,omitzero"`
}

// write429 answers a rate-limited request with scope "user", "global" or
// "shared".
func write429(w http.ResponseWriter, scope string, retry time.Duration) {
	h := w.Header()
	global := scope == "global"
	if global {
		h.Set("X-RateLimit-Global", "true")
	}
	h.Set("X-RateLimit-Scope", scope)
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
	ra, _ := strconv.ParseFloat(seconds(retry), 64)
	msg := "You are being rate limited."
	writeJSON(w, http.StatusTooManyRequests, rateLimitBody{Message: msg, RetryAfter: ra, Global: global})
}

// writeBan answers like Cloudflare does for a banned client: 429 with an
// error page, no rate-limit headers.
func writeBan(w http.ResponseWriter, retry time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.WriteHeader(http.StatusTooManyRequests)
	w.Write([]byte("error code: 1015"))
}

// formatUnix formats a time as Unix seconds with 3 decimals.
func formatUnix(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', 3, 64)
}
