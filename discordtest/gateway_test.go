package discordtest

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestReadyAndGuildCreate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{HeartbeatInterval: 45 * time.Second})
		g1, err := s.SeedGuild(GuildSeed{Members: 3, Roles: 2})
		assert.Success(t, err)
		g2, err := s.SeedGuild(GuildSeed{Name: "second"})
		assert.Success(t, err)

		c := dialRaw(t, s, gw(s, ""))
		hello := c.read()
		assert.Equal(t, "op", hello.Op, discord.OpHello)
		var h discord.Hello
		assert.Success(t, json.Unmarshal(hello.D, &h))
		assert.Equal(t, "interval", h.HeartbeatInterval, 45000)

		c.send(discord.OpIdentify, identify(s, discord.IntentGuilds, nil))
		p := c.readDispatch("READY")
		var r readyWire
		assert.Success(t, json.Unmarshal(p.D, &r))
		assert.Equal(t, "v", r.V, 10)
		assert.Equal(t, "bot", r.User.ID, s.BotUser())
		assert.Equal(t, "application", r.Application.ID, s.BotUser())
		assert.Equal(t, "shard", r.Shard, [2]int{0, 1})
		assert.Equal(t, "resume url", r.ResumeGatewayURL, s.ResumeURL())
		assert.Equal(t, "guilds", len(r.Guilds), 2)
		assert.Equal(t, "unavailable", r.Guilds[0].Unavailable, true)
		if r.SessionID == "" || r.ResumeGatewayURL == s.GatewayURL() {
			t.Fatalf("bad session %q / resume url %q", r.SessionID, r.ResumeGatewayURL)
		}

		seen := map[discord.Snowflake]bool{}
		for range 2 {
			gc := c.read()
			assert.Equal(t, "t", gc.T, "GUILD_CREATE")
			var g struct {
				ID          discord.Snowflake `json:"id"`
				MemberCount int               `json:"member_count"`
				Channels    []struct {
					ID discord.Snowflake `json:"id"`
				} `json:"channels"`
				Roles []struct {
					ID discord.Snowflake `json:"id"`
				} `json:"roles"`
			}
			assert.Success(t, json.Unmarshal(gc.D, &g))
			seen[g.ID] = true
			if g.ID == g1.ID {
				assert.Equal(t, "members", g.MemberCount, 4)
				assert.Equal(t, "roles", len(g.Roles), 3)
				assert.Equal(t, "channels", len(g.Channels), 1)
			}
		}
		assert.Equal(t, "both guilds", seen[g1.ID] && seen[g2.ID], true)
		assert.Equal(t, "conns", len(s.Conns()), 1)
		assert.Equal(t, "state", s.Conns()[0].State(), ConnReady)
	})
}

func TestHeartbeatACKAndServerHeartbeatRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		c, _ := ready(t, s, "", 0, nil)
		c.send(discord.OpHeartbeat, 1)
		assert.Equal(t, "ack", c.read().Op, discord.OpHeartbeatACK)
		c.sendRaw([]byte(`{"op":1,"d":null}`))
		assert.Equal(t, "ack for null", c.read().Op, discord.OpHeartbeatACK)

		s.Conns()[0].RequestHeartbeat()
		assert.Equal(t, "server op 1", c.read().Op, discord.OpHeartbeat)

		s.Conns()[0].StopACKs()
		c.send(discord.OpHeartbeat, 1)
		s.Conns()[0].RequestHeartbeat() // a frame to read instead of an ACK
		assert.Equal(t, "no ack while zombie", c.read().Op, discord.OpHeartbeat)
	})
}

// A client that stops heartbeating is closed after the timeout, and its
// session stays resumable.
func TestHeartbeatTimeoutCloses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{HeartbeatInterval: time.Second})
		c, r := ready(t, s, "", 0, nil)
		start := time.Now()
		c.expectClose(discord.CloseUnknownError)
		if d := time.Since(start); d < time.Second || d > 2*time.Second {
			t.Fatalf("closed after %v, want 1.5s", d)
		}
		c2 := dialRaw(t, s, s.ResumeURL()+"?v=10&encoding=json")
		c2.read()
		c2.send(discord.OpResume, discord.Resume{Token: s.Token(), SessionID: r.SessionID, Seq: 1})
		c2.readDispatch("RESUMED")
	})
}
