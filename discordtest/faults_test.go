package discordtest

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// A zombie connection: the server stops ACKing; a client that follows the
// reference closes with a non-1000 code and resumes without losing events.
func TestZombieThenResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{HeartbeatInterval: time.Second})
		g, _ := s.SeedGuild(GuildSeed{})
		c, r := ready(t, s, "", discord.IntentGuilds, nil)
		last := c.readDispatch("GUILD_CREATE").S
		conn := s.Conns()[0]
		assert.Equal(t, "shard", conn.Shard(), [2]int{0, 1})
		assert.Equal(t, "session", conn.SessionID(), r.SessionID)
		assert.Equal(t, "compression", conn.Compression(), "")
		assert.Equal(t, "not resume url", conn.ResumeURL(), false)
		conn.StopACKs()
		c.send(discord.OpHeartbeat, last)
		assert.Success(t, conn.Dispatch("GUILD_UPDATE", map[string]any{"id": g.ID}))
		p := c.read() // the dispatch, but no ACK
		assert.Equal(t, "no ack", p.T, "GUILD_UPDATE")
		last = p.S
		assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID, "missed": true}))
		c.ws.Close(4000, "zombie") // the client's zombie handling
		_, err := s.WaitConnEvent(bg(t), func(e ConnEvent) bool { return e.Kind == ConnClosedEvent && e.Code == 4000 })
		assert.Success(t, err)
		c2 := resumeAt(t, s, r.ResumeGatewayURL, r.SessionID, last)
		assert.Equal(t, "missed event", c2.read().S, last+1)
		c2.readDispatch("RESUMED")
		live, err := s.WaitLiveConns(bg(t), 1)
		assert.Success(t, err)
		live[0].StartACKs()
		c2.send(discord.OpHeartbeat, last+2)
		assert.Equal(t, "acks again", c2.read().Op, discord.OpHeartbeatACK)
		assert.Equal(t, "state", live[0].State().String(), "resumed")
	})
}

func TestSetShardCountAndSessions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		s.SetShardCount(4)
		assert.Equal(t, "shards", s.GatewayBot().Shards, 4)
		c, r := ready(t, s, "", 0, nil)
		infos := s.Sessions()
		assert.Equal(t, "sessions", len(infos), 1)
		assert.Equal(t, "live", infos[0].Live, true)
		assert.Equal(t, "invalidate", s.InvalidateSession(r.SessionID), true)
		assert.Equal(t, "op 9 on the live connection", c.read().Op, discord.OpInvalidSession)
		c.ws.CloseNow()
		synctest.Wait()
		p := resumeAt(t, s, s.ResumeURL(), r.SessionID, 1).read()
		assert.Equal(t, "invalidated", p.Op, discord.OpInvalidSession)
	})
}

func TestVoiceSoundboardChannelInfo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{VoiceChannels: 1})
		c, _ := ready(t, s, "", discord.IntentGuildVoiceStates, nil)
		voice := g.Channels[len(g.Channels)-1]
		c.send(discord.OpVoiceStateUpdate, map[string]any{"guild_id": g.ID, "channel_id": voice, "self_mute": false, "self_deaf": true})
		c.readDispatch("VOICE_STATE_UPDATE")
		c.readDispatch("VOICE_SERVER_UPDATE")
		c.send(discord.OpRequestSoundboardSounds, map[string]any{"guild_ids": []discord.Snowflake{g.ID}})
		c.readDispatch("SOUNDBOARD_SOUNDS")
		c.send(discord.OpRequestChannelInfo, map[string]any{"guild_id": g.ID, "fields": []string{"status"}})
		c.readDispatch("CHANNEL_INFO")
		c.send(discord.OpPresenceUpdate, map[string]any{"since": nil, "activities": []any{}, "status": "sleepy", "afk": false})
		c.expectClose(4001)
	})
}

func TestGuildOutageAndRemoval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{})
		c, _ := ready(t, s, "", discord.IntentGuilds, nil)
		c.readDispatch("GUILD_CREATE")
		assert.Success(t, s.GuildOutage(g.ID, true))
		p := c.readDispatch("GUILD_DELETE")
		assert.Contains(t, string(p.D), `"unavailable":true`)
		assert.Success(t, s.GuildOutage(g.ID, false))
		c.readDispatch("GUILD_CREATE")
		assert.Success(t, s.RemoveGuild(g.ID))
		p = c.readDispatch("GUILD_DELETE")
		if string(p.D) != `{"id":"`+g.ID.String()+`"}` {
			t.Fatalf("removal: %s", p.D)
		}
		assert.Error(t, s.RemoveGuild(g.ID))
		assert.Equal(t, "channel gone", call(t, s, "GET", "/channels/"+g.Channels[0].String(), nil).Status, 404)
	})
}

// A component interaction answered with UPDATE_MESSAGE edits the message
// that carries the component.
func TestComponentUpdateMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		c, _ := ready(t, s, "", discord.IntentGuildMessages|discord.IntentMessageContent, nil)
		var m struct {
			ID discord.Snowflake `json:"id"`
		}
		call(t, s, "POST", "/channels/"+g.Channels[0].String()+"/messages", map[string]any{"content": "vote",
			"components": []any{map[string]any{"type": 1, "components": []any{map[string]any{"type": 2, "style": 1, "label": "yes", "custom_id": "vote:yes"}}}}}).decode(t, &m)
		c.readDispatch("MESSAGE_CREATE")
		in, err := s.TriggerInteraction(InteractionSeed{Type: 3, GuildID: g.ID, MessageID: m.ID,
			Data: map[string]any{"custom_id": "vote:yes", "component_type": 2}})
		assert.Success(t, err)
		assert.Contains(t, string(in.JSON), `"custom_id":"vote:yes"`)
		r := call(t, s, "POST", "/interactions/"+in.ID.String()+"/"+in.Token+"/callback", map[string]any{"type": 7, "data": map[string]any{"content": "voted"}})
		assert.Equal(t, "status", r.Status, 204)
		p := c.readDispatch("MESSAGE_UPDATE")
		assert.Contains(t, string(p.D), `"content":"voted"`)
	})
}

func TestWatchConnEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		events := s.WatchConnEvents(ctx)
		c, _ := ready(t, s, "", 0, nil)
		assert.Equal(t, "opened", (<-events).Kind, ConnOpened)
		assert.Equal(t, "identified", (<-events).Kind, ConnIdentified)
		s.Conns()[0].Close(4000, "bye")
		c.expectClose(4000)
		e := <-events
		assert.Equal(t, "closed", e.Kind, ConnClosedEvent)
		assert.Equal(t, "code", e.Code, 4000)
		cancel()
		for range events { // closed after cancel
		}
	})
}

func TestWatchRequestsAndFrames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		reqs, frames := s.WatchRequests(ctx), s.WatchFrames(ctx)
		call(t, s, "GET", "/gateway", nil)
		assert.Equal(t, "request", (<-reqs).Route, "/gateway")
		ready(t, s, "", 0, nil)
		assert.Equal(t, "identify frame", (<-frames).Op, discord.OpIdentify)
	})
}

func TestCloseWithUnsendableCode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		c, _ := ready(t, s, "", 0, nil)
		s.Conns()[0].Close(1006, "")
		if _, _, err := c.next(); err == nil {
			t.Fatal("connection still open")
		}
	})
}
