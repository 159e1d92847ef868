package gateway_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestSoakRandomFaults runs a session through a few virtual minutes of
// traffic with random faults that keep the session resumable (zombie, op 7,
// op 9 true, resumable close codes, TCP resets, corrupt frames, slow frames).
// Every event the fake sends must arrive exactly once and in order.
func TestSoakRandomFaults(t *testing.T) {
	for _, comp := range []gateway.Compression{gateway.CompressZstd, gateway.CompressZlib} {
		t.Run(string(comp), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newFake(t, nil)
				h := start(t, srv, func(o *gateway.Options) { o.Compression = comp; o.BufferSize = 16 })
				h.newConn()
				r := rand.New(rand.NewPCG(42, uint64(len(comp))))
				faults := map[string]int{}
				sent := 0
				for range 300 {
					n := r.IntN(15)
					dispatchN(t, srv, sent, sent+n)
					sent += n
					if r.IntN(5) == 0 {
						if name := injectFault(r, srv); name != "" {
							faults[name]++
						}
					}
					time.Sleep(time.Duration(r.IntN(4000)) * time.Millisecond)
				}
				h.collectN(0, sent)
				synctest.Wait()
				for len(h.events) > 0 {
					if e := <-h.events; e.Name == testEventName {
						t.Fatalf("extra event %d after all %d", eventN(t, e), sent)
					}
				}
				assert.Equal(t, "identifies (every fault was resumable)", len(srv.Identifies()), 1)
				m := h.s.Metrics()
				t.Logf("%d events, faults %v, %d connections, %d resumes, %d duplicates dropped", sent, faults, m.Connects, m.Resumes, m.Duplicates)
				if m.Resumes < 10 {
					t.Fatalf("only %d resumes: the faults did not bite", m.Resumes)
				}
			})
		})
	}
}

// injectFault applies one random session-preserving fault to the newest
// connection and names it.
func injectFault(r *rand.Rand, srv *discordtest.Server) string {
	cs := srv.Conns()
	if len(cs) == 0 {
		return ""
	}
	c := cs[len(cs)-1]
	switch r.IntN(8) {
	case 0:
		c.StopACKs()
		return "zombie"
	case 1:
		c.SendReconnect()
		return "op7"
	case 2:
		c.SendInvalidSession(true)
		return "op9-true"
	case 3:
		code := []int{4000, 4001, 4002, 4005, 4008, 1001}[r.IntN(6)]
		c.Close(code, "soak")
		return fmt.Sprint("close-", code)
	case 4:
		c.Reset()
		return "reset"
	case 5:
		c.Corrupt()
		return "corrupt"
	case 6:
		c.SetDelay(time.Duration(r.IntN(2000)) * time.Millisecond)
		return "delay"
	default:
		c.RequestHeartbeat()
		return "op1"
	}
}
