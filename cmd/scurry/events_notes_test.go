package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
)

// scurry events reports the shards' progress on stderr while they start,
// and says once that contents are blank without MESSAGE_CONTENT.
func TestEventsProgressAndContentNote(t *testing.T) {
	s := discordtest.NewServer(t, &discordtest.Options{Addr: "127.0.0.1:0", ShardCount: 2, IdentifyWindow: 50e6})
	var g discordtest.SeededGuild
	for i := range 2 {
		sg, err := s.SeedGuild(discordtest.GuildSeed{Members: 1, Shard: [2]int{i, 2}})
		assert.Success(t, err)
		g = sg
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out, errOut := &patternWriter{}, &patternWriter{}
	allReady := errOut.when("all 2 shard(s) ready")
	note := errOut.when("MESSAGE_CONTENT is not in --intents")
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"events", "--token", s.Token(), "--api-url", s.URL(), "--intents", "GUILDS,GUILD_MESSAGES"}, out, errOut)
	}()
	select {
	case <-allReady:
	case code := <-done:
		t.Fatalf("events exited early with %d: %s", code, errOut.String())
	}
	var last string
	for range 2 {
		id, err := s.UserMessage(g.Channels[0], g.Members[0], "secret words")
		assert.Success(t, err)
		last = id.String()
	}
	second := out.when(`"id":"` + last + `"`) // both messages have been printed once this one has
	<-note
	<-second
	cancel()
	assert.Equal(t, "exit", <-done, 0)
	e := errOut.String()
	assert.Contains(t, e, "starting 2 shard(s)")
	assert.Contains(t, e, "shards 1/2 ready")
	assert.Equal(t, "notes about MESSAGE_CONTENT", strings.Count(e, "MESSAGE_CONTENT is not in"), 1)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(line, `{"shard":`) {
			t.Fatalf("stdout has a line that is not an event: %q", line)
		}
	}
	if strings.Contains(out.String(), "secret words") {
		t.Fatal("the fake sent content without MESSAGE_CONTENT")
	}
}

// A refused token says it is invalid and where to get a new one.
func TestEventsBadToken(t *testing.T) {
	s := discordtest.NewServer(t, &discordtest.Options{Addr: "127.0.0.1:0"})
	var out, errOut bytes.Buffer
	assert.Equal(t, "exit", run(t.Context(), []string{"events", "--token", "not-the-token", "--api-url", s.URL()}, &out, &errOut), 1)
	assert.Contains(t, errOut.String(), "401")
	assert.Contains(t, errOut.String(), "the bot token is invalid")
	assert.Contains(t, errOut.String(), "https://discord.com/developers/applications")
	if strings.Contains(errOut.String(), "not-the-token") {
		t.Fatal("the token was printed")
	}
}
