package rest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/scurrygo/scurry/ratelimit"
)

// TestDefaultClientKeepsBurstConnections: a Client built without an
// HTTPClient reuses the connections of a burst of concurrent requests for the
// next burst. (http.DefaultClient keeps 2 idle connections per host, so the
// second burst of 20 would dial 18 new ones.)
func TestDefaultClientKeepsBurstConnections(t *testing.T) {
	const burst = 20
	var (
		dials   atomic.Int64
		arrived sync.WaitGroup
	)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		arrived.Wait() // hold every request until the whole burst is in flight
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"url":"wss://gateway.discord.gg"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(defaultHTTPClient().CloseIdleConnections)

	c, err := New("tok", &Options{BaseURL: srv.URL + "/api/v10", Limiter: ratelimit.Unlimited{}})
	if err != nil {
		t.Fatal(err)
	}
	run := func() {
		arrived.Add(burst)
		var wg sync.WaitGroup
		for range burst {
			wg.Go(func() {
				if _, err := c.GetGateway(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	run()
	first := dials.Load()
	run()
	if again := dials.Load() - first; again != 0 {
		t.Fatalf("the second burst of %d dialed %d new connections (the first dialed %d); want 0", burst, again, first)
	}
}
