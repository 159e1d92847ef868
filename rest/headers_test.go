package rest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
)

func TestParseHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "3")
	h.Set("X-RateLimit-Reset", "1470173023.123")
	h.Set("X-RateLimit-Reset-After", "1.2341")
	h.Set("X-RateLimit-Bucket", "abcd1234")
	h.Set("Retry-After", "2")
	h.Set("X-RateLimit-Scope", "shared")
	got := parseHeaders(429, h)
	if d := got.Reset.Sub(time.Unix(1470173023, 123000000)); d < -time.Microsecond || d > time.Microsecond {
		t.Fatalf("Reset %v", got.Reset)
	}
	got.Reset = time.Time{}
	assert.Equal(t, "headers", got, ratelimit.Headers{
		Status: 429, Bucket: "abcd1234", Limit: 5, Remaining: 3,
		ResetAfter: 1235 * time.Millisecond, RetryAfter: 2 * time.Second, Scope: ratelimit.ScopeShared,
	})
	h.Set("X-RateLimit-Scope", "global")
	if !parseHeaders(429, h).Global {
		t.Fatal("scope global did not set Global")
	}
}

func TestParseHeadersGarbage(t *testing.T) {
	for _, v := range []string{"", "-1", "NaN", "Inf", "1e400", "abc", "0x10", " 5"} {
		h := http.Header{}
		for _, k := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
			"X-RateLimit-Reset-After", "Retry-After"} {
			h.Set(k, v)
		}
		got := parseHeaders(200, h)
		if got.Limit < 0 || got.Remaining < 0 || got.ResetAfter < 0 || got.RetryAfter < 0 ||
			got.ResetAfter > maxHeaderWait || got.RetryAfter > maxHeaderWait {
			t.Fatalf("%q parsed to %+v", v, got)
		}
	}
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "9") // more than the limit: clamp
	assert.Equal(t, "clamped", parseHeaders(200, h).Remaining, 5)
	h.Set("X-RateLimit-Reset-After", "99999999")
	assert.Equal(t, "capped", parseHeaders(200, h).ResetAfter, maxHeaderWait)
}

func FuzzParseHeaders(f *testing.F) {
	f.Add("5", "4", "1.5", "1700000000.5", "2", "user")
	f.Add("", "", "", "", "", "")
	f.Add("1", "0", "0.001", "x", "1e9", "shared")
	f.Fuzz(func(t *testing.T, limit, remaining, resetAfter, reset, retry, scope string) {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset-After", resetAfter)
		h.Set("X-RateLimit-Reset", reset)
		h.Set("Retry-After", retry)
		h.Set("X-RateLimit-Scope", scope)
		got := parseHeaders(429, h)
		if got.Limit < 0 || got.Remaining < 0 || got.Remaining > max(got.Limit, 0) && got.Limit > 0 {
			t.Fatalf("bad counts %+v", got)
		}
		if got.ResetAfter < 0 || got.ResetAfter > maxHeaderWait || got.RetryAfter < 0 || got.RetryAfter > maxHeaderWait {
			t.Fatalf("bad durations %+v", got)
		}
	})
}

func TestFlattenErrors(t *testing.T) {
	tree := `{"_errors":[{"code":"TOP","message":"top"}],
		"components":{"0":{"components":{"1":{"custom_id":{"_errors":[{"code":"A","message":"a"},{"code":"B","message":"b"}]}}}}},
		"content":{"_errors":[{"code":"C","message":"c"}]}}`
	got := flattenErrors([]byte(tree))
	assert.Equal(t, "flattened", got, []FieldError{
		{Path: "", Code: "TOP", Message: "top"},
		{Path: "components.0.components.1.custom_id", Code: "A", Message: "a"},
		{Path: "components.0.components.1.custom_id", Code: "B", Message: "b"},
		{Path: "content", Code: "C", Message: "c"},
	})
	assert.Equal(t, "string", got[1].String(), "components.0.components.1.custom_id: A a")
}

func FuzzErrorBody(f *testing.F) {
	f.Add([]byte(`{"code":50035,"message":"Invalid Form Body","errors":{"a":{"_errors":[{"code":"X","message":"y"}]}}}`))
	f.Add([]byte(`<html>`))
	f.Add([]byte(`{"errors":{"a":{"b":{"c":{"_errors":[1,2]}}}}}`))
	f.Add([]byte(strings.Repeat(`{"a":`, 100)))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, _ := parseErrorBody(400, "POST", "/x", body)
		if e == nil || e.Status != 400 || e.Error() == "" {
			t.Fatalf("bad error %+v", e)
		}
	})
}

func TestSecondsToDurationExactMillis(t *testing.T) {
	for ms := 1; ms < 100000; ms++ {
		s := strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
		d, ok := parseSeconds(s)
		if !ok || d != time.Duration(ms)*time.Millisecond {
			t.Fatalf("%s parsed to %v", s, d)
		}
	}
	d, _ := parseSeconds("0.0001")
	assert.Equal(t, "sub-millisecond rounds up", d, time.Millisecond)
}
