package discordtest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
)

func TestWorldViewReactionsAndDispatchLog(t *testing.T) {
	s := NewServer(t, nil)
	g, err := s.SeedGuild(GuildSeed{Name: "view", Members: 3, TextChannels: 2})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.UserMessage(g.Channels[0], g.Members[0], "not logged") // before RecordDispatches
	s.RecordDispatches()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	watched := s.WatchDispatches(ctx)

	w := s.World()
	if len(w) != 1 || w[0].Name != "view" || len(w[0].Channels) != 2 || len(w[0].Members) != 4 {
		t.Fatalf("world %+v", w)
	}
	bots := 0
	for _, m := range w[0].Members {
		if m.Bot {
			bots++
		}
		if m.Name == "" {
			t.Fatalf("member %v has no name", m.ID)
		}
	}
	if bots != 1 {
		t.Fatalf("%d bots among members, want 1", bots)
	}

	id, err := s.UserMessage(g.Channels[0], g.Members[1], "hello")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UserReaction(g.Channels[0], id, g.Members[2], "👍"); err != nil {
		t.Fatal(err)
	}
	if err := s.UserReaction(g.Channels[0], id, g.Members[2], "👍"); err != nil { // twice: no-op
		t.Fatal(err)
	}
	raw, ok := s.Message(g.Channels[0], id)
	if !ok || !bytes.Contains(raw, []byte(`"count":1`)) || !bytes.Contains(raw, []byte(`"me":false`)) {
		t.Fatalf("message after a reaction: %s", raw)
	}
	if _, ok := s.Message(g.Channels[1], id); ok {
		t.Fatal("a message was found in another channel")
	}
	for _, bad := range []struct{ ch, msg, user uint64 }{
		{1, uint64(id), uint64(g.Members[0])}, {uint64(g.Channels[0]), 1, uint64(g.Members[0])}, {uint64(g.Channels[0]), uint64(id), 1},
	} {
		if err := s.UserReaction(discord.Snowflake(bad.ch), discord.Snowflake(bad.msg), discord.Snowflake(bad.user), "👍"); err == nil {
			t.Fatalf("reaction %+v accepted", bad)
		}
	}
	if err := s.UserReaction(g.Channels[0], id, g.Members[2], "thumbsup"); err == nil {
		t.Fatal("an ASCII word was accepted as an emoji")
	}

	var names []string
	for d := range watched {
		names = append(names, d.Name)
		if len(names) == 2 {
			break
		}
	}
	if names[0] != "MESSAGE_CREATE" || names[1] != "MESSAGE_REACTION_ADD" {
		t.Fatalf("watched %v", names)
	}
	log := s.Dispatches()
	if len(log) != 2 || log[0].GuildID != g.ID || log[0].Sessions != 0 || bytes.Contains(log[0].Raw, []byte(before.String())) {
		t.Fatalf("dispatch log %+v", log)
	}
}
