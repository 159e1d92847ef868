package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

func TestUsageAndUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, "no args", run(context.Background(), nil, &out, &errOut), 2)
	assert.Contains(t, out.String(), "sandbox")
	assert.Equal(t, "help", run(context.Background(), []string{"help"}, &out, &errOut), 0)
	assert.Equal(t, "unknown", run(context.Background(), []string{"nope"}, &out, &errOut), 2)
	assert.Contains(t, errOut.String(), `unknown command "nope"`)
}

func TestSandboxFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, "bad flag", run(context.Background(), []string{"sandbox", "--nope"}, &out, &errOut), 2)
	assert.Equal(t, "not loopback", run(context.Background(), []string{"sandbox", "--addr", "0.0.0.0:0"}, &out, &errOut), 1)
	assert.Contains(t, errOut.String(), "not a loopback address")
	assert.Equal(t, "negative", run(context.Background(), []string{"sandbox", "--guilds", "-1"}, &out, &errOut), 1)
	assert.Equal(t, "flag help", run(context.Background(), []string{"sandbox", "-h"}, &out, &errOut), 0)
}

// lineWriter signals when a line containing want has been written.
type lineWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestSandboxServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lineWriter{want: "Guild ", seen: make(chan struct{})}
	done := make(chan int)
	go func() { done <- run(ctx, []string{"sandbox", "--guilds", "2", "--members", "3"}, out, io.Discard) }()
	select {
	case <-out.seen:
	case code := <-done:
		t.Fatalf("sandbox exited early with %d: %s", code, out.String())
	}
	var rest string
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "REST" {
			rest = f[2]
		}
	}
	req, _ := http.NewRequest("GET", rest+"/gateway", nil)
	req.Header.Set("User-Agent", "DiscordBot (test, 1)")
	res, err := http.DefaultClient.Do(req)
	assert.Success(t, err)
	res.Body.Close()
	assert.Equal(t, "status", res.StatusCode, 200)
	cancel()
	assert.Equal(t, "exit", <-done, 0)
	assert.Contains(t, out.String(), "stopping")
}
