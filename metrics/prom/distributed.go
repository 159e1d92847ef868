package prom

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// Distributed is the metrics registry of one distributed-mode process.
type Distributed struct {
	reg     *prometheus.Registry
	labels  prometheus.Labels
	latency prometheus.Histogram
	descs   descs

	mu  sync.Mutex
	mgr *shard.Manager
	pub *natsbroker.Publisher
	wk  *natsbroker.Worker
}

// NewDistributed builds the registry; role is "gateway" or "worker", id the
// process's name.
func NewDistributed(role, id string) *Distributed {
	d := &Distributed{reg: prometheus.NewRegistry(), labels: prometheus.Labels{"role": role, "process": id}}
	d.descs = newDescs(d.labels)
	d.latency = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "scurry_publish_latency_seconds", Help: "From the gateway's read of a dispatch to JetStream's ack.",
		ConstLabels: d.labels, Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16),
	})
	d.reg.MustRegister(d.latency, d)
	return d
}

// Handler serves the registry in the Prometheus text format.
func (d *Distributed) Handler() http.Handler {
	return promhttp.HandlerFor(d.reg, promhttp.HandlerOpts{})
}

// ObservePublish records one acknowledged publish (PublisherOptions.OnAck).
func (d *Distributed) ObservePublish(_ int, latency time.Duration) {
	d.latency.Observe(latency.Seconds())
}

// WatchGateway reports a gateway process's shards and publisher.
func (d *Distributed) WatchGateway(m *shard.Manager, p *natsbroker.Publisher) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.mgr, d.pub = m, p
}

// WatchWorker reports a worker's consumption.
func (d *Distributed) WatchWorker(w *natsbroker.Worker) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.wk = w
}

// descs are the collector's metric descriptions, with the process's
// constant labels.
type descs struct {
	published, acked, republished, pending, consumed, redelivered, malformed, replayed, partitions, shard, heartbeat *prometheus.Desc
}

func newDescs(l prometheus.Labels) descs {
	d := func(name, help string, vars ...string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, vars, l)
	}
	return descs{
		published:   d("scurry_events_published_total", "Dispatches published to the stream."),
		acked:       d("scurry_events_acked_total", "Published dispatches JetStream acknowledged."),
		republished: d("scurry_events_republished_total", "Publishes retried after a missing ack."),
		pending:     d("scurry_acks_pending", "Published dispatches waiting for JetStream's ack."),
		consumed:    d("scurry_events_consumed_total", "Events a worker received from the stream."),
		redelivered: d("scurry_events_redelivered_total", "Events received again (marked redelivered)."),
		malformed:   d("scurry_events_malformed_total", "Malformed messages skipped."),
		replayed:    d("scurry_events_replayed_total", "Events replayed into the cache on partition takeover."),
		partitions:  d("scurry_partitions_owned", "Partitions this worker consumes."),
		shard:       d("scurry_shard_status", "1 for each shard's current status.", "shard", "status"),
		heartbeat:   d("scurry_heartbeat_latency_seconds", "Last heartbeat round trip per shard.", "shard"),
	}
}

// Describe implements prometheus.Collector.
func (d *Distributed) Describe(ch chan<- *prometheus.Desc) {
	x := d.descs
	for _, x := range []*prometheus.Desc{x.published, x.acked, x.republished, x.pending, x.consumed,
		x.redelivered, x.malformed, x.replayed, x.partitions, x.shard, x.heartbeat} {
		ch <- x
	}
}

// Collect implements prometheus.Collector; it reads the live counters.
func (d *Distributed) Collect(ch chan<- prometheus.Metric) {
	d.mu.Lock()
	mgr, pub, wk := d.mgr, d.pub, d.wk
	d.mu.Unlock()
	x := d.descs
	c := func(ds *prometheus.Desc, t prometheus.ValueType, v float64, lv ...string) {
		ch <- prometheus.MustNewConstMetric(ds, t, v, lv...)
	}
	if pub != nil {
		s := pub.Stats()
		c(x.published, prometheus.CounterValue, float64(s.Published))
		c(x.acked, prometheus.CounterValue, float64(s.Acked))
		c(x.republished, prometheus.CounterValue, float64(s.Republished))
		c(x.pending, prometheus.GaugeValue, float64(pub.Pending()))
	}
	if mgr != nil {
		for _, si := range mgr.Shards() {
			id := strconv.Itoa(si.ID)
			for st := gateway.StatusIdle; st <= gateway.StatusStopped; st++ {
				v := 0.0
				if si.Status == st {
					v = 1
				}
				c(x.shard, prometheus.GaugeValue, v, id, st.String())
			}
			c(x.heartbeat, prometheus.GaugeValue, si.Latency.Seconds(), id)
		}
	}
	if wk != nil {
		s := wk.Stats()
		c(x.consumed, prometheus.CounterValue, float64(s.Consumed))
		c(x.redelivered, prometheus.CounterValue, float64(s.Redelivered))
		c(x.malformed, prometheus.CounterValue, float64(s.Malformed))
		c(x.replayed, prometheus.CounterValue, float64(s.Replayed))
		c(x.partitions, prometheus.GaugeValue, float64(len(wk.Owned())))
	}
}
