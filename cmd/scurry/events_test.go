package main

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
)

// scurry events prints the fake's dispatches as JSON lines, filtered by --only.
func TestEventsPrintsDispatches(t *testing.T) {
	s := discordtest.NewServer(t, &discordtest.Options{Addr: "127.0.0.1:0"})
	g, err := s.SeedGuild(discordtest.GuildSeed{Members: 1})
	assert.Success(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &patternWriter{}
	guildCreate := out.when(`"t":"GUILD_CREATE"`)
	message := out.when(`"content":"hello there"`)
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"events", "--token", s.Token(), "--api-url", s.URL(), "--only", "GUILD_CREATE,MESSAGE_CREATE", "--intents", "GUILDS,GUILD_MESSAGES,MESSAGE_CONTENT"}, out, io.Discard)
	}()
	select {
	case <-guildCreate:
	case code := <-done:
		t.Fatalf("events exited early with %d: %s", code, out.String())
	}
	_, err = s.UserMessage(g.Channels[0], g.Members[0], "hello there")
	assert.Success(t, err)
	<-message
	cancel()
	assert.Equal(t, "exit", <-done, 0)
	if bytes.Contains([]byte(out.String()), []byte(`"t":"READY"`)) {
		t.Fatal("--only let READY through")
	}
}

// patternWriter closes a channel when its output first contains a pattern.
type patternWriter struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	pending map[string]chan struct{}
}

func (w *patternWriter) when(pattern string) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pending == nil {
		w.pending = map[string]chan struct{}{}
	}
	ch := make(chan struct{})
	if bytes.Contains(w.buf.Bytes(), []byte(pattern)) { // already written
		close(ch)
		return ch
	}
	w.pending[pattern] = ch
	return ch
}

func (w *patternWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for pat, ch := range w.pending {
		if bytes.Contains(w.buf.Bytes(), []byte(pat)) {
			close(ch)
			delete(w.pending, pat)
		}
	}
	return len(p), nil
}

func (w *patternWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestEventsFlags(t *testing.T) {
	t.Setenv("DISCORD_TOKEN", "")
	var out, errOut bytes.Buffer
	assert.Equal(t, "no token", run(context.Background(), []string{"events"}, &out, &errOut), 1)
	assert.Contains(t, errOut.String(), "no token")
	assert.Equal(t, "bad intent", run(context.Background(), []string{"events", "--token", "x", "--intents", "NOPE"}, &out, &errOut), 1)
	assert.Contains(t, errOut.String(), `unknown intent "NOPE"`)
}
