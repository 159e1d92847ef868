// Package proxy is scurry's REST proxy: an http.Handler that speaks Discord's
// HTTP API (/api/v{N}/...), so that any library (discordgo, disgo, discord.js,
// scurry's rest.Client) can point its base URL at it unchanged, and every
// process of a bot shares one rate-limit state per token.
//
// Entry points:
//
//   - New(*Options) builds a Handler (handler.go): upstream URL, HTTP client,
//     where limiters come from (LimiterSource; Local by default, the cluster
//     package for several instances), the global limit, MaxWait, retries,
//     logger and Metrics (options.go). Options are validated; errors match
//     ErrInvalidOptions and name the field.
//   - Handler.ServeHTTP: the request's Authorization picks the token's limiter
//     (tokens.go); rest.KeyForPath keys it by route and major parameter, the
//     same key rest.Client uses; the proxy waits for a permit, sends the request
//     upstream, reports the reply's headers (rest.ParseRateLimit) to the
//     limiter and streams the reply back with its status and headers.
//   - Handler.TokenStats: each token's limiter state, for metrics.
//   - TokenID: the short hash that stands for a token in logs, metrics and
//     cluster subjects.
//
// Guarantees:
//
//   - A token is never logged, used as a label or kept: the Handler keys tokens
//     by SHA-256 and shows only TokenID.
//   - Missing or malformed Authorization: 401; a path outside /api/: 404; both
//     without contacting Discord. Webhook and interaction routes, which carry
//     their own token, pass without Authorization under AnonymousID's limiter.
//   - The proxy writes a 429 of its own only when the wait for a permit would
//     pass MaxWait (or the token's invalid-request brake is on); such replies,
//     like every reply the proxy writes itself, carry GeneratedHeader, and its
//     429s carry X-RateLimit-Scope and Retry-After.
//   - Interaction callbacks and interaction webhooks are exempt from the global
//     limit; the invalid-request brake counts every client of a token together.
//   - Retries follow package rest: a 429 from Discord is retried when the body
//     can be replayed and the wait fits in MaxWait; 502/503/504 and transport
//     errors only for requests safe to repeat (never a POST). Bodies up to
//     MaxBufferedBody are buffered for that; larger ones (uploads) stream once.
//     Replies always stream.
//   - The Handler is safe for concurrent use, runs no goroutines and never
//     listens; cmd/scurry's proxy command serves it with /metrics.
//
// This package imports neither NATS nor Prometheus: proxy/cluster and
// proxy/promproxy plug into LimiterSource and Metrics.
package proxy
