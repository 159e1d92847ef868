package discordtest

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// Outside a bubble the server listens on loopback; a plain client works, and
// Reset drops the TCP connection.
func TestLoopbackListener(t *testing.T) {
	s := NewServer(t, nil)
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !strings.HasPrefix(s.GatewayURL(), "ws://127.0.0.1:") {
		t.Fatalf("urls %s %s", s.URL(), s.GatewayURL())
	}
	req, _ := http.NewRequest("GET", s.URL()+"/gateway/bot", nil)
	req.Header.Set("Authorization", "Bot "+s.Token())
	req.Header.Set("User-Agent", testUA)
	res, err := http.DefaultClient.Do(req)
	assert.Success(t, err)
	res.Body.Close()
	assert.Equal(t, "status", res.StatusCode, 200)

	ctx := bg(t)
	ws, _, err := websocket.Dial(ctx, s.GatewayURL()+"?v=10&encoding=json", nil)
	assert.Success(t, err)
	defer ws.CloseNow()
	_, _, err = ws.Read(ctx)
	assert.Success(t, err)
	conns, err := s.WaitLiveConns(ctx, 0)
	assert.Success(t, err)
	_ = conns
	s.Conns()[0].Reset()
	if _, _, err := ws.Read(ctx); err == nil || websocket.CloseStatus(err) != -1 {
		t.Fatalf("after reset: %v", err)
	}
}

// Close stops every goroutine the server started, with connections open.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(nil)
	assert.Success(t, err)
	ws, _, err := websocket.Dial(bg(t), s.GatewayURL()+"?v=10&encoding=json&compress=zstd-stream", nil)
	assert.Success(t, err)
	_, _, err = ws.Read(bg(t))
	assert.Success(t, err)
	req, _ := http.NewRequest("GET", s.URL()+"/gateway", nil)
	req.Header.Set("User-Agent", testUA)
	res, err := s.Client().Do(req)
	assert.Success(t, err)
	res.Body.Close()
	s.Close()
	ws.CloseNow()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
	}
}

func TestWaitHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		err := s.WaitIdentified(ctx, 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestUserMessageAndBadInput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		c, _ := ready(t, s, "", discord.IntentGuildMessages, nil)
		_, err := s.UserMessage(g.Channels[0], g.Members[0], "hello")
		assert.Success(t, err)
		c.readDispatch("MESSAGE_CREATE")
		_, err = s.UserMessage(g.Channels[0], 42, "x")
		assert.Error(t, err)
		_, err = s.UserMessage(g.Channels[0], g.Members[0], strings.Repeat("x", 2001))
		assert.Error(t, err)
		assert.Error(t, s.Dispatch(0, "X", []byte("{not json")))
		assert.Error(t, s.Dispatch(0, "", nil))
		_, err = s.SeedGuild(GuildSeed{Shard: [2]int{3, 2}})
		assert.Error(t, err)
		_, err = s.TriggerInteraction(InteractionSeed{Type: 9})
		assert.Error(t, err)
		if len(s.Messages(g.Channels[0])) != 1 {
			t.Fatal("message not stored")
		}
	})
}

// SeedGuild is fast enough for large guilds.
func BenchmarkSeedGuild10k(b *testing.B) {
	s := NewServer(b, &Options{InMemory: true})
	for b.Loop() {
		if _, err := s.SeedGuild(GuildSeed{Members: 10000, TextChannels: 10, Roles: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
