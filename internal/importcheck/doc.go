// Package importcheck holds only a test: it fails when a core package of
// scurry (discord, ratelimit, rest, gateway, shard, cache, interactions, bot)
// depends, directly or through any other package, on NATS or Prometheus. Those
// live behind small interfaces the core owns, in broker/..., proxy/... and
// metrics/... packages, so a bot of one process never links them.
package importcheck
