package gateway_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestConnectEachCompression(t *testing.T) {
	for _, c := range []gateway.Compression{gateway.CompressZstd, gateway.CompressZlib, gateway.CompressNone} {
		t.Run(string(c), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newFake(t, nil)
				h := start(t, srv, func(o *gateway.Options) { o.Compression = c })
				ready := h.next()
				assert.Equal(t, "first event", ready.Name, discord.EventReady)
				assert.Equal(t, "ready seq", ready.Seq, int64(1))
				if ready.Data == nil {
					t.Fatalf("READY not decoded: %v", ready.Err)
				}
				conn := h.newConn()
				want := discordtest.CompressNone
				if c != gateway.CompressNone {
					want = string(c)
				}
				assert.Equal(t, "compression on the wire", conn.Compression(), want)
				dispatchN(t, srv, 0, 50)
				h.collectN(0, 50)
				synctest.Wait()
				st := h.s.State()
				assert.Equal(t, "session id", st.ID, conn.SessionID())
				assert.Equal(t, "resume url", st.ResumeURL, srv.ResumeURL())
				if status, _ := h.s.Status(); status != gateway.StatusReady {
					t.Fatalf("status %v", status)
				}
				m := h.s.Metrics()
				if m.Identifies != 1 || m.EventsReceived < 51 || m.BytesReceived == 0 {
					t.Fatalf("metrics %+v", m)
				}
				assert.Success(t, errors.Unwrap(nil))
				if err := h.stop(); !errors.Is(err, context.Canceled) {
					t.Fatalf("Run returned %v", err)
				}
				// Default shutdown closes with 1000 and forgets the session.
				synctest.Wait()
				assert.Equal(t, "close codes", closeCodes(srv), []int{1000})
				assert.Equal(t, "state after stop", h.s.State(), gateway.SessionState{})
				_, err := h.s.Next(context.Background())
				assert.Contains(t, err.Error(), "without Options.Handler")
			})
		})
	}
}

func TestIdentifyPayload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{ShardCount: 2})
		var queued []int
		h := start(t, srv, func(o *gateway.Options) {
			o.ShardID, o.ShardCount = 1, 2
			o.LargeThreshold = 100
			o.Intents = discord.IntentGuilds | discord.IntentGuildMessages
			o.IdentifyQueue = queueFunc(func(ctx context.Context, id int) error {
				queued = append(queued, id)
				return nil
			})
		})
		h.nextNamed(discord.EventReady)
		c := h.newConn()
		assert.Equal(t, "shard", c.Shard(), [2]int{1, 2})
		assert.Equal(t, "queue asked for", queued, []int{1})
		sess := srv.Sessions()
		assert.Equal(t, "intents", sess[0].Intents, discord.IntentGuilds|discord.IntentGuildMessages)
	})
}

type queueFunc func(ctx context.Context, shardID int) error

func (f queueFunc) Wait(ctx context.Context, shardID int) error { return f(ctx, shardID) }

func TestHeartbeatJitterAndInterval(t *testing.T) {
	for _, r := range []float64{0, 0.37, 0.999} {
		synctest.Test(t, func(t *testing.T) {
			srv := newFake(t, nil)
			opened := time.Now()
			h := startWith(t, srv, nil, func(s *gateway.Session) { gateway.SetRand(s, func() float64 { return r }) })
			h.nextNamed(discord.EventReady)
			c := h.newConn()
			ctx := h.ctx(time.Hour)
			var beats []time.Time
			for len(beats) < 4 {
				f, err := srv.WaitFrame(ctx, func(f discordtest.Frame) bool {
					return f.Op == discord.OpHeartbeat && f.Conn == c.ID() && (len(beats) == 0 || f.Time.After(beats[len(beats)-1]))
				})
				assert.Success(t, err)
				beats = append(beats, f.Time)
			}
			assert.Equal(t, "first beat", beats[0].Sub(opened), time.Duration(r*float64(testInterval)))
			for i := 1; i < len(beats); i++ {
				assert.Equal(t, "beat interval", beats[i].Sub(beats[i-1]), testInterval)
			}
		})
	}
}

func TestHeartbeatJitterIsRandom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		firsts := map[time.Duration]bool{}
		for range 5 {
			h := start(t, srv, nil)
			h.nextNamed(discord.EventReady)
			c := h.newConn()
			var opened time.Time
			for _, e := range srv.ConnEvents() {
				if e.Conn == c.ID() && e.Kind == discordtest.ConnOpened {
					opened = e.Time
				}
			}
			f, err := srv.WaitFrame(h.ctx(time.Hour), func(f discordtest.Frame) bool {
				return f.Op == discord.OpHeartbeat && f.Conn == c.ID()
			})
			assert.Success(t, err)
			d := f.Time.Sub(opened)
			if d < 0 || d >= testInterval {
				t.Fatalf("first heartbeat after %v, outside [0, %v)", d, testInterval)
			}
			firsts[d] = true
			h.stop()
		}
		if len(firsts) < 2 {
			t.Fatalf("5 sessions all sent their first heartbeat after the same delay: %v", firsts)
		}
	})
}

func TestServerRequestedHeartbeat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		h.nextNamed(discord.EventReady)
		c := h.newConn()
		synctest.Wait()
		before := len(framesOp(srv, discord.OpHeartbeat))
		asked := time.Now()
		c.RequestHeartbeat()
		f, err := srv.WaitFrame(h.ctx(time.Minute), func(f discordtest.Frame) bool {
			return f.Op == discord.OpHeartbeat && !f.Time.Before(asked)
		})
		assert.Success(t, err)
		assert.Equal(t, "answered at once", f.Time.Sub(asked), time.Duration(0))
		assert.Equal(t, "one more beat", len(framesOp(srv, discord.OpHeartbeat)), before+1)
	})
}

func TestIdentifyQueueWaitAndErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		calls := 0
		h := start(t, srv, func(o *gateway.Options) {
			o.IdentifyQueue = queueFunc(func(ctx context.Context, id int) error {
				calls++
				if calls <= 2 {
					return errors.New("no identify budget left (test)")
				}
				return nil
			})
		})
		h.nextNamed(discord.EventReady)
		assert.Equal(t, "queue calls", calls, 3)
		assert.Equal(t, "identifies", len(srv.Identifies()), 1)
	})
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		entered := make(chan struct{})
		h := start(t, srv, func(o *gateway.Options) {
			o.IdentifyQueue = queueFunc(func(ctx context.Context, id int) error {
				close(entered)
				<-ctx.Done()
				return ctx.Err()
			})
		})
		<-entered
		time.Sleep(2 * time.Minute) // heartbeats run while waiting for a slot
		if hb := len(framesOp(srv, discord.OpHeartbeat)); hb < 10 {
			t.Fatalf("%d heartbeats while waiting for an identify slot", hb)
		}
		if st, _ := h.s.Status(); st != gateway.StatusIdentifying {
			t.Fatalf("status %v", st)
		}
		assert.ErrorIs(t, h.stop(), context.Canceled)
		assert.Equal(t, "no identify sent", len(framesOp(srv, discord.OpIdentify)), 0)
	})
}
