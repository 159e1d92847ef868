package main

import (
	"bytes"
	"context"
	"os"
	"syscall"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// The first Ctrl-C stops the command cleanly; a second exits at once.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	sig := make(chan os.Signal)
	exited := make(chan int, 1)
	var errOut bytes.Buffer
	ctx, stop := onSignals(context.Background(), sig, &errOut, func(code int) { exited <- code })
	sig <- os.Interrupt
	<-ctx.Done()
	select {
	case code := <-exited:
		t.Fatalf("exited with %d at the first signal", code)
	default:
	}
	sig <- syscall.SIGTERM
	assert.Equal(t, "exit code at the second signal", <-exited, 130)
	stop()
	assert.Contains(t, errOut.String(), "again to exit at once")
}
