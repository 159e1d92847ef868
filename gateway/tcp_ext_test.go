package gateway_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestOverLoopbackTCP runs a session over a real loopback socket with the
// default HTTP client (no synctest), through a RECONNECT and a zombie, and
// checks that no goroutine outlives Run.
func TestOverLoopbackTCP(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := discordtest.NewServer(t, &discordtest.Options{HeartbeatInterval: 200 * time.Millisecond})
	got := make(chan gateway.Event, 1000)
	s, err := gateway.New(&gateway.Options{
		Token: srv.Token(), URL: srv.GatewayURL(),
		Handler: func(_ context.Context, e gateway.Event) { got <- e },
	})
	assert.Success(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	next := func(name string) gateway.Event {
		for {
			select {
			case e := <-got:
				if e.Name == name {
					return e
				}
			case <-ctx.Done():
				t.Fatalf("no %s: %v", name, ctx.Err())
			}
		}
	}
	next(discord.EventReady)
	cs, err := srv.WaitLiveConns(ctx, 1)
	assert.Success(t, err)
	cs[0].SendReconnect()
	next(discord.EventResumed)
	dispatchN(t, srv, 0, 20)
	for i := range 20 {
		assert.Equal(t, "n", eventN(t, next(testEventName)), i)
	}
	// Heartbeats flow at 200 ms: wait for a few ACKs.
	assert.Success(t, srv.Wait(ctx, func() bool { return s.Metrics().HeartbeatACKs >= 3 }))
	// A zombie (no ACKs) gets its 4000 close frame over a real socket, the
	// socket closed right after it, and the session resumes.
	live, err := srv.WaitLiveConns(ctx, 1)
	assert.Success(t, err)
	zombie := live[0]
	zombie.StopACKs()
	next(discord.EventResumed)
	code := 0
	assert.Success(t, srv.Wait(ctx, func() bool {
		for _, e := range srv.ConnEvents() {
			if e.Kind == discordtest.ConnClosedEvent && e.Conn == zombie.ID() {
				code = e.Code
				return true
			}
		}
		return false
	}))
	assert.Equal(t, "zombie's close code", code, 4000)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
	srv.Close()
	for i := 0; ; i++ {
		n := runtime.NumGoroutine()
		if n <= before {
			break
		}
		if i == 1_000_000 {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left (had %d):\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched() // bounded retry for goroutines still unwinding
	}
}
