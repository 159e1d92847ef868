// Package prom exposes scurry's figures as Prometheus metrics. It lives
// outside the core packages (which never import Prometheus) and reads their
// counters and status at scrape time.
//
// Entry points:
//
//   - NewDistributed(role, id) builds a registry for one process of
//     distributed mode (role "gateway" or "worker"); WatchGateway and
//     WatchWorker attach what the process runs; ObservePublish records
//     publish latency; Handler serves /metrics.
//
// Metrics (all labelled with role and process id as constant labels):
// scurry_events_published_total, scurry_events_acked_total,
// scurry_events_consumed_total, scurry_events_redelivered_total,
// scurry_events_malformed_total, scurry_publish_latency_seconds (histogram,
// from the gateway's read to JetStream's ack), scurry_acks_pending,
// scurry_partitions_owned, scurry_shard_status (1 for the shard's current
// status label), scurry_heartbeat_latency_seconds (per shard).
//
// Guarantees: safe for concurrent use; counter reads happen at scrape time,
// so the event path pays only the histogram observation.
package prom
