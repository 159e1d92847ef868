// Package prom exposes scurry's REST counters to Prometheus, outside the core
// packages: Metrics implements proxy.Metrics, cluster.Metrics and
// rest.Observer, so one value serves a proxy, its cluster node and in-process
// rest.Clients (wrap their limiter with rest.Observe). TokenStats turns a
// proxy.Handler's per-token limiter state into gauges at scrape time.
//
// Series (prefix scurry_rest_):
//
//   - requests_total{route,method,status}: replies, by route template
//   - rate_limited_total{scope,source}: 429s; source is "discord" or "proxy"
//   - limiter_wait_seconds: histogram of the wait for a permit
//   - in_flight: requests being served
//   - invalid_requests{token}: the invalid-request budget used in the window
//   - lease_owned{token}: 1 while this instance owns the token's state
//   - nats_fallback: 1 while limiting alone because NATS is unreachable
//
// Labels carry route templates and proxy.TokenID hashes, never a token or a
// filled path.
package prom

import (
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
)

// Metrics holds the collectors. Create it with New; it is safe for concurrent
// use.
type Metrics struct {
	requests *prometheus.CounterVec
	limited  *prometheus.CounterVec
	wait     prometheus.Histogram
	inFlight prometheus.Gauge
	leases   *prometheus.GaugeVec
	fallback prometheus.Gauge
}

// New creates the collectors and registers them with reg.
func New(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scurry_rest_requests_total",
			Help: "REST replies by route template, method and status (0: no reply)."}, []string{"route", "method", "status"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scurry_rest_rate_limited_total",
			Help: "429 replies by X-RateLimit-Scope and by who sent them (discord or proxy)."}, []string{"scope", "source"}),
		wait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "scurry_rest_limiter_wait_seconds",
			Help:    "Time spent waiting for a rate-limit permit.",
			Buckets: []float64{0.0001, 0.001, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30}}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "scurry_rest_in_flight",
			Help: "REST requests being served."}),
		leases: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "scurry_rest_lease_owned",
			Help: "1 while this instance owns the token's rate-limit state."}, []string{"token"}),
		fallback: prometheus.NewGauge(prometheus.GaugeOpts{Name: "scurry_rest_nats_fallback",
			Help: "1 while limiting alone at a share of the global limit because NATS is unreachable."}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.limited, m.wait, m.inFlight, m.leases, m.fallback} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Request implements proxy.Metrics.
func (m *Metrics) Request(route, method string, status int, waited time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.wait.Observe(waited.Seconds())
}

// RateLimited implements proxy.Metrics.
func (m *Metrics) RateLimited(scope string, generated bool) {
	src := "discord"
	if generated {
		src = "proxy"
	}
	m.limited.WithLabelValues(scope, src).Inc()
}

// InFlight implements proxy.Metrics.
func (m *Metrics) InFlight(delta int) { m.inFlight.Add(float64(delta)) }

// LeaseOwned implements cluster.Metrics.
func (m *Metrics) LeaseOwned(token string, owned bool) {
	v := 0.0
	if owned {
		v = 1
	}
	m.leases.WithLabelValues(token).Set(v)
}

// Fallback implements cluster.Metrics.
func (m *Metrics) Fallback(on bool) {
	v := 0.0
	if on {
		v = 1
	}
	m.fallback.Set(v)
}

// Acquired implements rest.Observer.
func (m *Metrics) Acquired(_ ratelimit.RouteKey, wait time.Duration, err error) {
	if err == nil {
		m.wait.Observe(wait.Seconds())
		m.inFlight.Inc()
	}
}

// Finished implements rest.Observer.
func (m *Metrics) Finished(key ratelimit.RouteKey, h ratelimit.Headers, sent bool) {
	m.inFlight.Dec()
	if !sent {
		return
	}
	method, route, _ := strings.Cut(key.Route, " ")
	m.requests.WithLabelValues(route, method, strconv.Itoa(h.Status)).Inc()
	if h.Status == 429 {
		m.limited.WithLabelValues(string(h.Scope), "discord").Inc()
	}
}

// TokenStats returns a collector of each token's invalid-request budget used,
// read from h at scrape time. Register it next to New's.
func TokenStats(h *proxy.Handler) prometheus.Collector { return tokenStats{h} }

var invalidDesc = prometheus.NewDesc("scurry_rest_invalid_requests",
	"401, 403 and non-shared 429 replies in the invalid-request window (the owner's view in a cluster).",
	[]string{"token"}, nil)

type tokenStats struct{ h *proxy.Handler }

func (c tokenStats) Describe(ch chan<- *prometheus.Desc) { ch <- invalidDesc }

func (c tokenStats) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.h.TokenStats() {
		if s.OK {
			ch <- prometheus.MustNewConstMetric(invalidDesc, prometheus.GaugeValue, float64(s.Stats.InvalidRequests), s.ID)
		}
	}
}
