package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// `scurry sandbox` prints the page's URL first; the page and its API answer
// there, and --ui-addr "" turns the page off.
func TestSandboxServesThePage(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &lineWriter{want: "Guild ", seen: make(chan struct{})}
	done := make(chan int)
	go func() { done <- run(ctx, []string{"sandbox", "--members", "2"}, out, io.Discard) }()
	select {
	case <-out.seen:
	case code := <-done:
		t.Fatalf("sandbox exited early with %d: %s", code, out.String())
	}
	var page string
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Open" {
			page = f[1]
		}
	}
	if !strings.HasPrefix(page, "http://127.0.0.1:") {
		t.Fatalf("no page URL printed:\n%s", out.String())
	}
	for path, want := range map[string]string{"": "<title>scurry sandbox</title>", "app.js": "EventSource", "api/world": `"guilds":[{`} {
		res, err := http.Get(page + path)
		assert.Success(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, "status of /"+path, res.StatusCode, 200)
		assert.Contains(t, string(body), want)
	}
	cancel()
	assert.Equal(t, "exit", <-done, 0)

	var errOut strings.Builder
	assert.Equal(t, "page on a public address", run(t.Context(), []string{"sandbox", "--ui-addr", "0.0.0.0:0"}, io.Discard, &errOut), 1)
	assert.Contains(t, errOut.String(), "--ui-addr")
}
