package gateway_test

import (
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestUnknownOpcodeIsIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, func(o *gateway.Options) { o.Compression = gateway.CompressNone })
		c := h.newConn()
		c.SendRaw([]byte(`{"op":99,"d":{"new":"thing"},"s":null,"t":null}`))
		dispatchN(t, srv, 0, 3)
		h.collectN(0, 3)
		assert.Equal(t, "still one connection", h.s.Metrics().Connects, uint64(1))
	})
}

func TestGarbageFramesReconnect(t *testing.T) {
	for _, garbage := range []string{`not json`, `{"op":"zero"}`, `{"d":1}`, `[1,2,3]`, `{"op":0,"s":5,"t":null,"d":{}}`, `{"op":10,"d":{"heartbeat_interval":-1}}`, `{"op":9,"d":"maybe"}`, ``} {
		t.Run(garbage, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newFake(t, nil)
				var rec errRecorder
				h := start(t, srv, func(o *gateway.Options) {
					o.Compression = gateway.CompressNone
					o.OnStatus = rec.onStatus
				})
				c := h.newConn()
				dispatchN(t, srv, 0, 3)
				c.SendRaw([]byte(garbage))
				dispatchN(t, srv, 3, 6)
				c2 := h.newConn()
				h.collectN(0, 6)
				assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
				errs := rec.get()
				if len(errs) == 0 || errs[0] == nil {
					t.Fatal("no error reported for the bad frame")
				}
				assert.Contains(t, errs[0].Error(), "gateway: ")
			})
		})
	}
}

func TestOversizedMessageIsReportedWithoutSpinning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		var rec errRecorder
		h := start(t, srv, func(o *gateway.Options) {
			o.MaxMessageSize = 8192
			o.Compression = gateway.CompressNone
			o.OnStatus = rec.onStatus
		})
		h.newConn()
		if err := srv.Dispatch(0, testEventName, map[string]string{"big": strings.Repeat("x", 10000)}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Minute)
		// Every RESUME replays the oversized event, so the session cannot make
		// progress; it must say why and back off instead of spinning.
		m := h.s.Metrics()
		errs := rec.get()
		if m.Connects < 3 || m.Connects > 20 {
			t.Fatalf("%d connections in 10 minutes", m.Connects)
		}
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), "MaxMessageSize (8192 bytes)") {
			t.Fatalf("errors %v do not name the limit", errs)
		}
	})
}

// errRecorder keeps the errors of StatusDisconnected changes.
type errRecorder struct {
	mu   sync.Mutex
	errs []error
}

func (r *errRecorder) onStatus(st gateway.Status, err error) {
	if st == gateway.StatusDisconnected {
		r.mu.Lock()
		r.errs = append(r.errs, err)
		r.mu.Unlock()
	}
}

func (r *errRecorder) get() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.errs...)
}
