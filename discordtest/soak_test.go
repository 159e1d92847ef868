package discordtest

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"testing/synctest"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestSoakReplay checks the fake's own promise under random faults: a client
// that resumes after every drop receives every dispatch exactly once, in
// order, with contiguous sequence numbers.
func TestSoakReplay(t *testing.T) {
	for _, compress := range []string{"", "&compress=zlib-stream", "&compress=zstd-stream"} {
		t.Run("compress="+compress, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(1, uint64(len(compress))))
				s := NewServer(t, nil)
				g, _ := s.SeedGuild(GuildSeed{})
				c, r := ready(t, s, compress, discord.IntentGuilds, nil)
				seq := c.readDispatch("GUILD_CREATE").S
				const total = 600
				sent, got := 0, 0
				for got < total {
					for range rng.IntN(20) {
						if sent < total {
							assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID, "n": strconv.Itoa(sent)}))
							sent++
						}
					}
					if conns := s.Conns(); len(conns) > 0 && rng.IntN(8) == 0 {
						switch rng.IntN(3) {
						case 0:
							conns[0].Reset()
						case 1:
							conns[0].Close(4000, "soak")
						case 2:
							conns[0].SendReconnect()
						}
					}
					for range rng.IntN(25) {
						if got == sent {
							break
						}
						p, _, err := c.next()
						if err != nil || p.Op == discord.OpReconnect {
							c.ws.CloseNow()
							synctest.Wait()
							c = resumeAt(t, s, r.ResumeGatewayURL+"?v=10&encoding=json"+compress, r.SessionID, seq)
							continue
						}
						if p.T == "RESUMED" {
							seq = p.S
							continue
						}
						assert.Equal(t, "seq", p.S, seq+1)
						seq = p.S
						var d struct {
							N string `json:"n"`
						}
						assert.Success(t, json.Unmarshal(p.D, &d))
						assert.Equal(t, "event", d.N, strconv.Itoa(got))
						got++
					}
				}
				if s.Resumes() == 0 {
					t.Fatal("no fault happened")
				}
			})
		})
	}
}
