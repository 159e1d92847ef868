package discordtest

import (
	"bytes"
	"context"
	"testing"
	"testing/synctest"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// zlib-stream: one zlib stream per connection (only the first message
// carries the zlib header), every message ends with a sync flush. zstd-stream:
// one zstd frame per connection (only the first message starts with the
// magic number), never ended.
func TestCompressionFraming(t *testing.T) {
	cases := []struct {
		compress string
		first    []byte
	}{
		{CompressZlib, []byte{0x78}},
		{CompressZstd, []byte{0x28, 0xb5, 0x2f, 0xfd}},
	}
	for _, tc := range cases {
		t.Run(tc.compress, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := NewServer(t, nil)
				g, _ := s.SeedGuild(GuildSeed{Members: 50})
				c := dialRaw(t, s, gw(s, "&compress="+tc.compress))
				var msgs [][]byte
				grab := func() discord.Payload {
					typ, data, err := c.ws.Read(context.Background())
					assert.Success(t, err)
					assert.Equal(t, "binary", typ, websocket.MessageBinary)
					msgs = append(msgs, data)
					out, err := c.inflate(data)
					assert.Success(t, err)
					p, err := discord.ScanPayload(out) // exactly one payload per message
					assert.Success(t, err)
					return p
				}
				assert.Equal(t, "hello", grab().Op, discord.OpHello)
				c.send(discord.OpIdentify, identify(s, discord.IntentGuilds, nil))
				assert.Equal(t, "ready", grab().T, "READY")
				assert.Equal(t, "guild", grab().T, "GUILD_CREATE")
				for range 20 {
					assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID, "name": "same text compresses"}))
					grab()
				}
				for i, m := range msgs {
					starts := bytes.HasPrefix(m, tc.first)
					if (i == 0) != starts {
						t.Fatalf("message %d starts with % x", i, m[:4])
					}
					if tc.compress == CompressZlib && !bytes.HasSuffix(m, []byte{0, 0, 0xff, 0xff}) {
						t.Fatalf("message %d lacks the sync-flush suffix", i)
					}
				}
				// A shared stream makes repeated events cheap.
				if last := msgs[len(msgs)-1]; len(last) > 40 {
					t.Fatalf("repeated event took %d bytes: not one stream?", len(last))
				}
			})
		})
	}
}
