package main

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// demoWorld is the fake Discord's population and the simulated users acting
// in it.
type demoWorld struct {
	s      *discordtest.Server
	guilds []discordtest.SeededGuild
	rng    *rand.Rand // used only by simulate's goroutine
	recent map[discord.Snowflake][]discord.Snowflake

	messages, pings, tops, reactions, slash, buttons atomic.Uint64
}

func seedDemoWorld(s *discordtest.Server, cfg demoConfig) (*demoWorld, error) {
	w := &demoWorld{s: s, rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)),
		recent: make(map[discord.Snowflake][]discord.Snowflake)}
	for i := range cfg.guilds {
		g, err := s.SeedGuild(discordtest.GuildSeed{Name: "demo guild " + strconv.Itoa(i+1),
			Members: cfg.members, TextChannels: cfg.channels, Roles: 5, Nicknames: true})
		if err != nil {
			return nil, err
		}
		w.guilds = append(w.guilds, g)
	}
	return w, nil
}

var chat = []string{"hello!", "anyone here?", "nice bot", "what's up", "lol", "good morning", "brb", "gg"}

// simulate performs about rate user actions per second until ctx ends.
func (w *demoWorld) simulate(ctx context.Context, rate int) {
	const tick = 20 * time.Millisecond
	t := time.NewTicker(tick)
	defer t.Stop()
	budget := 0.0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		budget += float64(rate) * tick.Seconds()
		for ; budget >= 1; budget-- {
			w.act()
		}
	}
}

// act performs one random user action. Errors (a full fake, a stopped server)
// are not interesting to the demo and are skipped.
func (w *demoWorld) act() {
	g := w.guilds[w.rng.IntN(len(w.guilds))]
	ch := g.Channels[w.rng.IntN(len(g.Channels))]
	user := g.Members[w.rng.IntN(len(g.Members))]
	switch r := w.rng.IntN(100); {
	case r < 45:
		w.post(g, ch, user, chat[w.rng.IntN(len(chat))], &w.messages)
	case r < 55:
		w.post(g, ch, user, "!ping", &w.pings)
	case r < 58:
		w.post(g, ch, user, "!top", &w.tops)
	case r < 78:
		ids := w.recent[ch]
		if len(ids) == 0 {
			return
		}
		msg := ids[w.rng.IntN(len(ids))]
		emoji := []string{"👍", "🎉", "❤️"}[w.rng.IntN(3)]
		err := w.s.Dispatch(g.ID, discord.EventMessageReactionAdd, map[string]any{
			"user_id": user.String(), "channel_id": ch.String(), "message_id": msg.String(),
			"guild_id": g.ID.String(), "emoji": map[string]any{"id": nil, "name": emoji},
			"burst": false, "type": 0,
		})
		if err == nil {
			w.reactions.Add(1)
		}
	case r < 90:
		_, err := w.s.TriggerInteraction(discordtest.InteractionSeed{GuildID: g.ID, ChannelID: ch, UserID: user,
			Data: map[string]any{"id": "1", "name": "roll", "type": 1,
				"options": []any{map[string]any{"name": "sides", "type": 4, "value": 2 + w.rng.IntN(99)}}}})
		if err == nil {
			w.slash.Add(1)
		}
	default:
		ids := w.recent[ch]
		if len(ids) == 0 {
			return
		}
		_, err := w.s.TriggerInteraction(discordtest.InteractionSeed{Type: 3, GuildID: g.ID, ChannelID: ch, UserID: user,
			MessageID: ids[len(ids)-1],
			Data:      map[string]any{"custom_id": "reroll:20", "component_type": 2}})
		if err == nil {
			w.buttons.Add(1)
		}
	}
}

func (w *demoWorld) post(g discordtest.SeededGuild, ch, user discord.Snowflake, text string, n *atomic.Uint64) {
	id, err := w.s.UserMessage(ch, user, text)
	if err != nil {
		return
	}
	n.Add(1)
	ids := append(w.recent[ch], id)
	if len(ids) > 20 {
		ids = ids[len(ids)-20:]
	}
	w.recent[ch] = ids
}
