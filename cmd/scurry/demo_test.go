package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// matchWriter signals when the output matches re with every number group > 0.
type matchWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	re   *regexp.Regexp
	seen chan struct{}
	once sync.Once
}

func (w *matchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for _, m := range w.re.FindAllStringSubmatch(w.buf.String(), -1) {
		ok := true
		for _, g := range m[1:] {
			if n, _ := strconv.Atoi(g); n == 0 {
				ok = false
			}
		}
		if ok {
			w.once.Do(func() { close(w.seen) })
		}
	}
	return len(p), nil
}

func (w *matchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// The demo starts the fake, connects every shard, and the example bot answers
// messages, slash commands and buttons from the simulated users.
func TestDemoAnswers(t *testing.T) {
	t.Setenv("DISCORD_TOKEN", "")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &matchWriter{re: regexp.MustCompile(`shards 2/2 ready .*answered: (\d+) !ping, (\d+) slash\+buttons`), seen: make(chan struct{})}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"demo", "--duration", "0", "--guilds", "2", "--members", "50", "--rate", "200"}, out, io.Discard)
	}()
	select {
	case <-out.seen:
	case code := <-done:
		t.Fatalf("demo exited early with %d: %s", code, out.String())
	}
	cancel()
	assert.Equal(t, "exit", <-done, 0)
	assert.Contains(t, out.String(), "scurry demo: stopped after")
	assert.Contains(t, out.String(), "0 answered 429")
}

func TestDemoFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, "bad flag", run(context.Background(), []string{"demo", "--nope"}, &out, &errOut), 2)
	assert.Equal(t, "negative", run(context.Background(), []string{"demo", "--duration", "-1s"}, &out, &errOut), 1)
	assert.Equal(t, "shards", run(context.Background(), []string{"demo", "--shards", "0"}, &out, &errOut), 1)
}
