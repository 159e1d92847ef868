package rest_test

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/rest"
)

// TestNoGoroutinesLeft: Client starts no goroutines of its own, whatever the
// outcome of a call (success, error reply, retries, multipart, cancellation).
// Every synctest-based test checks the same for the whole bubble (including
// the fake): synctest.Test fails when goroutines outlive the test.
func TestNoGoroutinesLeft(t *testing.T) {
	n := 0
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n++
		switch n % 4 {
		case 0:
			w.WriteHeader(200)
			w.Write([]byte(`{}`))
		case 1:
			w.WriteHeader(404)
			w.Write([]byte(`{"code":10008,"message":"Unknown Message"}`))
		case 2:
			w.WriteHeader(502)
		case 3:
			w.Header().Set("X-RateLimit-Scope", "shared")
			w.WriteHeader(429)
			w.Write([]byte(`{"retry_after":0.001}`))
		}
	}, nil)
	before := runtime.NumGoroutine()
	for i := range 50 {
		ctx, cancel := context.WithCancel(t.Context())
		if i%5 == 4 {
			cancel()
		}
		c.Do(ctx, &rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"}, Body: map[string]string{"content": "x"},
			Files: []rest.File{rest.NewFileFunc("a", 3, func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader("abc")), nil
			})}})
		c.Do(ctx, &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}})
		cancel()
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Fatalf("%d goroutines before, %d after", before, after)
	}
}
