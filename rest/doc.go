// Package rest is scurry's client for Discord's HTTP API.
//
// Entry points:
//
//   - New(token, *Options) builds a Client: base URL, a Doer (*http.Client
//     satisfies it), a ratelimit.Limiter, a *slog.Logger, the User-Agent and the
//     retry policy. It checks the token's shape and the options and contacts
//     nobody.
//   - Client.Do(ctx, *Request) is the one generic call under every typed method:
//     a Route (method, path template, major parameter) from the table in
//     routes.go or your own, path parameters, query, a JSON body or files
//     (multipart payload_json + files[n], streamed and replayable on retry),
//     an audit-log reason and a result pointer.
//   - Typed methods, one file per resource: users.go (GatewayBot, CurrentUser),
//     channels.go, messages.go (CreateMessage with files, EditMessage,
//     BulkDeleteMessages, ...), reactions.go, pins.go, guilds.go (members, bans),
//     roles.go, webhooks.go (ExecuteWebhook), interactions.go (responses and
//     follow-ups), commands.go. Their params structs are checked against
//     Discord's limits before sending; an *InputError names the field.
//
// Rate limits: before each attempt Do asks the Limiter (by default an
// in-memory ratelimit.RESTLimiter) for a permit keyed by route and major
// parameter, and reports the reply's X-RateLimit-* headers back, so requests
// wait before they would be refused instead of collecting 429s.
//
// A 429 that is not Discord's (no bucket, no scope, no JSON body: Cloudflare
// banning the IP after too many invalid requests) pauses every route.
//
// Errors: *Error for Discord's error replies (errors.Is against ErrUnknownMessage,
// ErrMissingPermissions, ...; field errors flattened to paths like
// "embeds.0.title"); *RateLimitError when a wait is refused (past the ctx
// deadline, over MaxRateLimitWait, retries exhausted); *InputError
// (errors.Is ErrInvalidRequest) before anything is sent; ctx errors wrapped.
// Tokens (the bot's, webhooks', interactions') never appear in errors or logs:
// both use the route template, never the filled path.
//
// Retries: 429s are retried after retry_after for every method (Discord did
// not act on the request); any 5xx and transport errors only when the
// request is safe to repeat (GET, PUT, PATCH, DELETE, or a message create with
// nonce and enforce_nonce), with capped, jittered backoff, at most
// Options.MaxRetries times. A dial error (refused, unreachable, DNS: nothing
// was sent) gives the rate-limit slot back at once and fails without retry.
// A reply without rate-limit headers (a 5xx from a proxy) leaves the bucket
// as cautious as it was while the request was in flight.
//
// A Client is safe for concurrent use, runs no goroutines and needs no Close.
package rest
