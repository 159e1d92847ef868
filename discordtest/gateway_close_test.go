package discordtest

import (
	"strings"
	"testing"
	"testing/synctest"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// Each row sends what the reference says a client must not, and expects the
// documented close code.
func TestCloseCodes(t *testing.T) {
	validIdentify := func(s *Server) string {
		return `{"op":2,"d":{"token":"` + s.Token() + `","intents":1,"properties":{"os":"l","browser":"b","device":"d"}}}`
	}
	cases := []struct {
		name  string
		opts  *Options
		query string
		seed  int // guilds to seed
		send  func(s *Server) []string
		code  int
	}{
		{name: "unknown opcode", send: func(*Server) []string { return []string{`{"op":5,"d":null}`} }, code: 4001},
		{name: "receive-only opcode", send: func(*Server) []string { return []string{`{"op":11,"d":null}`} }, code: 4001},
		{name: "invalid json", send: func(*Server) []string { return []string{`{"op":1,`} }, code: 4002},
		{name: "identify d not object", send: func(*Server) []string { return []string{`{"op":2,"d":"x"}`} }, code: 4002},
		{name: "identify missing intents", send: func(s *Server) []string {
			return []string{`{"op":2,"d":{"token":"` + s.Token() + `","properties":{}}}`}
		}, code: 4002},
		{name: "oversized payload", send: func(*Server) []string {
			return []string{`{"op":1,"d":null,"x":"` + strings.Repeat("a", 4100) + `"}`}
		}, code: 4002},
		{name: "etf encoding", query: "etf", send: func(*Server) []string { return nil }, code: 4002},
		{name: "presence before identify", send: func(*Server) []string {
			return []string{`{"op":3,"d":{"since":null,"activities":[],"status":"online","afk":false}}`}
		}, code: 4003},
		{name: "bad token", send: func(*Server) []string {
			return []string{`{"op":2,"d":{"token":"nope","intents":1,"properties":{"os":"l","browser":"b","device":"d"}}}`}
		}, code: 4004},
		{name: "identify twice", send: func(s *Server) []string { return []string{validIdentify(s), validIdentify(s)} }, code: 4005},
		{name: "shard out of range", send: func(s *Server) []string {
			return []string{`{"op":2,"d":{"token":"` + s.Token() + `","intents":1,"shard":[2,2],"properties":{"os":"l","browser":"b","device":"d"}}}`}
		}, code: 4010},
		{name: "sharding required", opts: &Options{GuildsPerShard: 2}, seed: 3, send: func(s *Server) []string { return []string{validIdentify(s)} }, code: 4011},
		{name: "invalid api version", query: "v9bad", send: func(*Server) []string { return nil }, code: 4012},
		{name: "invalid intents", send: func(s *Server) []string {
			return []string{`{"op":2,"d":{"token":"` + s.Token() + `","intents":131072,"properties":{"os":"l","browser":"b","device":"d"}}}`}
		}, code: 4013},
		{name: "disallowed intents", opts: &Options{DisabledIntents: discord.IntentMessageContent}, send: func(s *Server) []string {
			return []string{`{"op":2,"d":{"token":"` + s.Token() + `","intents":32768,"properties":{"os":"l","browser":"b","device":"d"}}}`}
		}, code: 4014},
		{name: "send limit", opts: &Options{SendLimit: 5}, send: func(*Server) []string {
			return []string{`{"op":1,"d":null}`, `{"op":1,"d":null}`, `{"op":1,"d":null}`, `{"op":1,"d":null}`, `{"op":1,"d":null}`, `{"op":1,"d":null}`}
		}, code: 4008},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := NewServer(t, tc.opts)
				for range tc.seed {
					_, err := s.SeedGuild(GuildSeed{})
					assert.Success(t, err)
				}
				url := gw(s, "")
				switch tc.query {
				case "etf":
					url = s.GatewayURL() + "?v=10&encoding=etf"
				case "v9bad":
					url = s.GatewayURL() + "?v=6&encoding=json"
				}
				c := dialRaw(t, s, url)
				for _, f := range tc.send(s) {
					c.sendRaw([]byte(f))
				}
				c.expectClose(tc.code)
				e, err := s.WaitConnEvent(bg(t), func(e ConnEvent) bool { return e.Kind == ConnClosedEvent })
				assert.Success(t, err)
				assert.Equal(t, "recorded code", e.Code, tc.code)
			})
		})
	}
}

func TestBinaryFrameRejected(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		c := dialRaw(t, s, gw(s, ""))
		c.read()
		ctx := bg(t)
		assert.Success(t, c.ws.Write(ctx, 2, []byte(`{"op":1,"d":null}`)))
		c.expectClose(4002)
	})
}

func TestFaultCloseAndReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxConcurrency: 2})
		c, _ := ready(t, s, "", 0, nil)
		s.Conns()[0].Close(4000, "test")
		c.expectClose(4000)

		c2, _ := ready(t, s, "", 0, &[2]int{1, 2}) // another identify bucket
		conn := s.ShardConns(1)[0]
		conn.Reset()
		if _, _, err := c2.next(); err == nil {
			t.Fatal("read after reset succeeded")
		}
		e, err := s.WaitConnEvent(bg(t), func(e ConnEvent) bool { return e.Conn == conn.ID() && e.Kind == ConnClosedEvent })
		assert.Success(t, err)
		assert.Equal(t, "reset code", e.Code, CloseReset)
	})
}
