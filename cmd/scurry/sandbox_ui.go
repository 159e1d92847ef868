package main

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/sandbox"
)

// sandboxUI is the sandbox's web page, served on its own loopback listener
// beside the fake. stop ends it and waits for its goroutine.
type sandboxUI struct {
	url  string
	stop func()
}

// startSandboxUI serves the page on host:port (port 0 picks one). The
// listener, the server and the goroutine serving it are owned by the
// returned stop.
func startSandboxUI(s *discordtest.Server, addr string, logger *slog.Logger) (sandboxUI, error) {
	ui, err := sandbox.New(s, &sandbox.Options{Logger: logger})
	if err != nil {
		return sandboxUI{}, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return sandboxUI{}, err
	}
	srv := &http.Server{Handler: ui, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelDebug)}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("sandbox page stopped", "err", err)
		}
	})
	return sandboxUI{
		url: "http://" + ln.Addr().String() + "/",
		stop: func() {
			ui.Close() // ends the event streams, so Close below does not wait on them
			srv.Close()
			wg.Wait()
		},
	}, nil
}
