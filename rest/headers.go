package rest

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// maxHeaderWait caps durations read from headers, so a garbled value cannot
// park a bucket for years.
const maxHeaderWait = 24 * time.Hour

// parseHeaders reads the rate-limit headers of a reply. Malformed values are
// treated as absent, never as an error: the limiter then learns nothing from
// them and stays conservative.
func parseHeaders(status int, h http.Header) ratelimit.Headers {
	out := ratelimit.Headers{Status: status}
	out.Bucket = h.Get("X-RateLimit-Bucket")
	if n, ok := parseCount(h.Get("X-RateLimit-Limit")); ok && n > 0 {
		if r, ok := parseCount(h.Get("X-RateLimit-Remaining")); ok {
			out.Limit, out.Remaining = n, min(r, n)
		}
	}
	if d, ok := parseSeconds(h.Get("X-RateLimit-Reset-After")); ok {
		out.ResetAfter = d
	}
	if s := h.Get("X-RateLimit-Reset"); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1e11 {
			sec, frac := math.Modf(f)
			out.Reset = time.Unix(int64(sec), int64(frac*1e9))
		}
	}
	if d, ok := parseSeconds(h.Get("Retry-After")); ok {
		out.RetryAfter = d
	}
	out.Global = strings.EqualFold(h.Get("X-RateLimit-Global"), "true")
	switch s := ratelimit.Scope(strings.ToLower(h.Get("X-RateLimit-Scope"))); s {
	case ratelimit.ScopeUser, ratelimit.ScopeGlobal, ratelimit.ScopeShared:
		out.Scope = s
	}
	if out.Scope == ratelimit.ScopeGlobal {
		out.Global = true
	}
	return out
}

func parseCount(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// parseSeconds reads a non-negative, possibly fractional number of seconds.
func parseSeconds(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return secondsToDuration(f), true
}

func secondsToDuration(f float64) time.Duration {
	if f <= 0 || math.IsNaN(f) {
		return 0
	}
	if f >= maxHeaderWait.Seconds() {
		return maxHeaderWait
	}
	// Round up to the millisecond: waiting a hair long is harmless, short is
	// a 429. The epsilon keeps float error (0.123*1000 = 123.00000000000001)
	// from adding a whole millisecond to values Discord sends in ms.
	return time.Duration(math.Ceil(f*1000-1e-6)) * time.Millisecond
}
