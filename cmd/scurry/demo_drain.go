package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// reportDrain says why the demo has not stopped yet once ctx (the
// --duration, or Ctrl-C) ends: what the bot is still draining, then again
// every second until done is closed (Run returned). It returns at once if
// done closes first.
func reportDrain(ctx context.Context, done <-chan struct{}, w io.Writer, duration time.Duration, rc *restCounters) {
	select {
	case <-done:
		return
	case <-ctx.Done():
	}
	why := "Ctrl-C"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		why = "--duration " + duration.String() + " reached"
	}
	fmt.Fprintf(w, "scurry demo: %s; stopping: running handlers get up to %s to finish, then the shards close\n", why, demoShutdownTimeout)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			fmt.Fprintf(w, "scurry demo: still draining: %d REST requests in flight, %d waiting for the rate limiter\n",
				rc.inFlight.Load(), rc.waiting.Load())
		}
	}
}

// syncWriter serialises writes: the demo's reporters print from several
// goroutines, and each line must arrive whole.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
