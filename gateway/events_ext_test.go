package gateway_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestDecodeFilterAndDecodeErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, func(o *gateway.Options) {
			o.Decode = func(name string) bool { return name == discord.EventTypingStart || name == discord.EventMessageDelete }
		})
		h.newConn()
		assert.Success(t, srv.Dispatch(0, discord.EventTypingStart, map[string]any{"channel_id": "1", "user_id": "2", "timestamp": 3}))
		assert.Success(t, srv.Dispatch(0, discord.EventMessageDelete, map[string]any{"id": true, "channel_id": "1"})) // id must be a snowflake
		assert.Success(t, srv.Dispatch(0, testEventName, testEvent{N: 1}))
		e := h.nextNamed(discord.EventTypingStart)
		if _, ok := e.Data.(*discord.TypingStart); !ok || e.Err != nil {
			t.Fatalf("TYPING_START: %T %v", e.Data, e.Err)
		}
		e = h.next()
		assert.Equal(t, "name", e.Name, discord.EventMessageDelete)
		md, ok := e.Data.(*discord.MessageDelete)
		var de *discord.DecodeError
		if !ok || md.ChannelID != 1 || md.ID != 0 || !errors.As(e.Err, &de) || !de.Partial() {
			t.Fatalf("malformed MESSAGE_DELETE: data %T, err %v; want a partial event without id", e.Data, e.Err)
		}
		assert.Equal(t, "decode errors counted", h.s.Metrics().DecodeErrors, uint64(1))
		assert.Contains(t, string(e.Raw), `"id":true`)
		e = h.next()
		assert.Equal(t, "filtered event", e.Name, testEventName)
		if e.Data != nil || e.Err != nil || len(e.Raw) == 0 {
			t.Fatalf("filtered event: data %T err %v raw %s", e.Data, e.Err, e.Raw)
		}
	})
}

func TestUnknownEventsArriveRaw(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		h.newConn()
		assert.Success(t, srv.Dispatch(0, testEventName, testEvent{N: 7}))
		e := h.nextNamed(testEventName)
		u, ok := e.Data.(*discord.UnknownEvent)
		if !ok {
			t.Fatalf("unknown event decoded as %T (%v)", e.Data, e.Err)
		}
		assert.Equal(t, "name", u.Name, testEventName)
		assert.Equal(t, "shard", e.Shard, 0)
	})
}

func TestLatencyAndMetricsCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		var mu sync.Mutex
		var snaps []gateway.Metrics
		h := start(t, srv, func(o *gateway.Options) {
			o.OnMetrics = func(m gateway.Metrics) {
				mu.Lock()
				snaps = append(snaps, m)
				mu.Unlock()
			}
		})
		c := h.newConn()
		c.SetDelay(250 * time.Millisecond)
		time.Sleep(5 * testInterval)
		assert.Equal(t, "latency", h.s.Latency(), 250*time.Millisecond)
		m := h.s.Metrics()
		assert.Equal(t, "rtt", m.HeartbeatRTT, 250*time.Millisecond)
		if m.HeartbeatRTTAverage <= 0 || m.HeartbeatRTTAverage > 250*time.Millisecond {
			t.Fatalf("average %v", m.HeartbeatRTTAverage)
		}
		if m.Heartbeats < 4 || m.HeartbeatACKs < 4 {
			t.Fatalf("metrics %+v", m)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(snaps) < 4 {
			t.Fatalf("%d metric callbacks", len(snaps))
		}
	})
}

func TestRunOnlyOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		h.newConn()
		assert.ErrorIs(t, h.s.Run(context.Background()), gateway.ErrAlreadyRunning)
	})
}

func TestStatusChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		var mu sync.Mutex
		var seen []gateway.Status
		h := start(t, srv, func(o *gateway.Options) {
			o.OnStatus = func(st gateway.Status, _ error) {
				mu.Lock()
				seen = append(seen, st)
				mu.Unlock()
			}
		})
		c := h.newConn()
		c.SendReconnect()
		h.newConn()
		h.stop()
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, "statuses", seen, []gateway.Status{
			gateway.StatusConnecting, gateway.StatusIdentifying, gateway.StatusReady,
			gateway.StatusDisconnected, gateway.StatusConnecting, gateway.StatusResuming, gateway.StatusReady,
			gateway.StatusStopped,
		})
	})
}
