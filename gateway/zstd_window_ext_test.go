package gateway_test

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
)

// A zstd-stream that declares a window above Options.MaxZstdWindow ends Run
// with an error naming the cap, after one connection: reconnecting would
// meet the same window. (The fake declares 256 KiB.)
func TestZstdWindowAboveCapStopsRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{})
		h := start(t, srv, func(o *gateway.Options) {
			o.Compression = gateway.CompressZstd
			o.MaxZstdWindow = 128 << 10
		})
		err := h.wait(time.Minute)
		if !errors.Is(err, gateway.ErrZstdWindow) {
			t.Fatalf("Run returned %v, want ErrZstdWindow", err)
		}
		for _, want := range []string{"MaxZstdWindow", "131072 bytes", "262144-byte window"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		opened := 0
		for _, e := range srv.ConnEvents() {
			if e.Kind == discordtest.ConnOpened {
				opened++
			}
		}
		if opened != 1 {
			t.Fatalf("%d connections, want 1 (no reconnect)", opened)
		}
	})
}

// At the cap or above the declared window, the stream is accepted.
func TestZstdWindowAtCapWorks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{})
		h := start(t, srv, func(o *gateway.Options) {
			o.Compression = gateway.CompressZstd
			o.MaxZstdWindow = 256 << 10
		})
		h.nextNamed("READY")
	})
}

func TestMaxZstdWindowValidated(t *testing.T) {
	for _, v := range []int{-1, 1000, 2 << 30} {
		_, err := gateway.New(&gateway.Options{Token: "t", URL: "wss://x", MaxZstdWindow: v})
		if err == nil || !strings.Contains(err.Error(), "MaxZstdWindow") {
			t.Errorf("MaxZstdWindow %d: error %v, want one naming the field", v, err)
		}
	}
}
