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

// The demo stops at --duration, says so while it drains, and its summary
// counts the interaction responses Discord accepted: the same number the
// fake recorded, whatever the handlers did.
func TestDemoStopsAtDurationAndCountsAccepted(t *testing.T) {
	t.Setenv("DISCORD_TOKEN", "")
	var out bytes.Buffer
	code := run(t.Context(), []string{"demo", "--duration", "3s", "--guilds", "1", "--members", "20", "--shards", "1", "--rate", "100"}, &out, io.Discard)
	assert.Equal(t, "exit", code, 0)
	s := out.String()
	assert.Contains(t, s, "scurry demo: --duration 3s reached; stopping")
	recorded := regexp.MustCompile(`fake Discord recorded (\d+) interaction responses`).FindStringSubmatch(s)
	answered := regexp.MustCompile(`bot answered \d+ !ping, (\d+) slash commands and buttons`).FindStringSubmatch(s)
	if recorded == nil || answered == nil {
		t.Fatalf("summary without the counts:\n%s", s)
	}
	if recorded[1] != answered[1] || recorded[1] == "0" {
		t.Fatalf("the summary says %s answered, the fake recorded %s:\n%s", answered[1], recorded[1], s)
	}
}
