// Package ratelimit holds scurry's rate limiters. They are passive: no
// goroutines, a mutex around arithmetic, timers only while a caller waits, and
// no net/http types, so any HTTP client (or a REST proxy serving many) can use
// them. Time comes from time.Now and real timers by default, which
// testing/synctest fakes; the REST limiter also accepts an injected clock.
//
// REST (this file's neighbours rest.go, bucket.go, global.go, invalid.go):
//
//   - Limiter is the seam package rest uses: Acquire(ctx, RouteKey) returns a
//     Permit, which the caller finishes with Done(Headers) after the reply or
//     Cancel() if the request was never sent. Implement it to keep the state
//     elsewhere (a REST proxy); ratelimittest.Run checks any implementation.
//   - RESTLimiter is the in-memory Limiter: buckets learned from
//     X-RateLimit-Bucket and keyed by hash plus major parameter, several requests
//     in flight while Remaining allows, unknown routes one at a time (and,
//     because Discord names a route's bucket only in its reply, the first
//     request of a new route waits for exhausted buckets of the same major
//     parameter and counts against them while in flight), the
//     global limit paced before sending (50/s by default; interaction routes
//     exempt), X-RateLimit-Scope honoured (shared 429s neither shrink a bucket
//     nor count as invalid), and a brake (*BudgetError) before Cloudflare's
//     invalid-request ban. A wait that would pass the ctx deadline fails at once
//     with *WaitError.
//     A reply's window is told by X-RateLimit-Reset, the same on every reply
//     of one window however late it arrives, so a reply delayed in transit
//     never reopens a window; only without it is the window guessed from
//     Reset-After and the arrival time. Adopting a new window keeps the slots
//     of permits that may have landed in it uncounted by its reply.
//     Replies that never came (transport errors) count as spent for a window;
//     replies without bucket headers (a 5xx from a proxy) keep their slot spent.
//     Waiters for the global limit are served first come, first served: only
//     the head of its queue waits on a timer, so a window's waiters neither
//     wake together nor race.
//   - Unlimited never waits: for clients behind a REST proxy that limits.
//   - Headers is the rate-limit part of a reply, parsed by package rest.
//
// Gateway:
//
//   - SendLimiter (send.go) paces what one gateway connection sends: 120
//     payloads per 60 s, with slots reserved for heartbeats and identify.
//   - IdentifyQueue (identify.go) hands out IDENTIFY slots: one per
//     max_concurrency bucket (shard_id % max_concurrency) per 5 s plus a
//     50 ms allowance, counted from the IDENTIFY sent when the session
//     reports it (IdentifySent), within the session-start budget; a refused
//     IDENTIFY (IdentifyRefused) widens the allowance. It satisfies the
//     queue interfaces package gateway and shard consume.
package ratelimit
