package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/metrics/prom"
	"github.com/scurrygo/scurry/shard"
)

// processMetrics is the /metrics endpoint of a gateway or worker process.
type processMetrics struct{ d *prom.Distributed }

func newProcessMetrics(role, id string) *processMetrics {
	return &processMetrics{prom.NewDistributed(role, id)}
}

func (m *processMetrics) observePublish(shard int, lat time.Duration) { m.d.ObservePublish(shard, lat) }
func (m *processMetrics) watchGateway(mgr *shard.Manager, p *natsbroker.Publisher) {
	m.d.WatchGateway(mgr, p)
}
func (m *processMetrics) watchWorker(w *natsbroker.Worker) { m.d.WatchWorker(w) }

// serve listens on addr (nothing when empty) and serves /metrics and
// /healthz until stop is called.
func (m *processMetrics) serve(addr string, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.d.Handler())
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "error", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}, nil
}
