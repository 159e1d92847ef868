package proxy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// GeneratedHeader is set to "true" on every reply the proxy writes itself
// (its own 429s, 401, 404, 502), so a client can tell them from Discord's.
const GeneratedHeader = "X-Scurry-Proxy-Generated"

// Handler is the REST proxy: an http.Handler that serves Discord's API
// (/api/v{N}/...) by waiting on the token's limiter, sending the request
// upstream, reporting the reply's rate-limit headers back and passing the
// reply through. It also answers GET /healthz. It never listens by itself.
//
// A Handler is safe for concurrent use and runs no goroutines; it needs no
// Close (a LimiterSource may).
type Handler struct {
	cfg    config
	tokens tokens
}

// New returns a Handler configured by opts (nil for the defaults). It
// contacts nobody.
func New(opts *Options) (*Handler, error) {
	cfg, err := opts.config()
	if err != nil {
		return nil, err
	}
	return &Handler{cfg: cfg}, nil
}

// hopHeaders are not forwarded in either direction (RFC 9110, 7.6.1).
var hopHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Proxy-Authenticate": true,
	"Proxy-Authorization": true, "Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true,
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
		return
	}
	rel, ok := apiPath(r.URL.EscapedPath())
	if !ok {
		writeGenerated(w, http.StatusNotFound, `{"message":"404: Not Found","code":0}`)
		return
	}
	key, _, ok := rest.KeyForPath(r.Method, rel)
	if !ok {
		writeGenerated(w, http.StatusNotFound, `{"message":"404: Not Found","code":0}`)
		return
	}
	auth := r.Header.Get("Authorization")
	switch {
	case auth == "" && !tokenInPath(key.Route):
		writeGenerated(w, http.StatusUnauthorized, `{"message":"401: Unauthorized","code":0}`)
		return
	case auth != "" && !validAuthorization(auth):
		writeGenerated(w, http.StatusUnauthorized, `{"message":"401: Unauthorized (malformed Authorization header)","code":0}`)
		return
	}
	tk := h.tokens.get(auth)
	lim, err := h.limiter(r.Context(), tk, auth)
	if err != nil {
		h.cfg.log.LogAttrs(r.Context(), slog.LevelError, "proxy: no limiter for token", slog.String("token", tk.id),
			slog.String("error", err.Error()))
		writeGenerated(w, http.StatusServiceUnavailable, `{"message":"proxy: rate limiter unavailable","code":0}`)
		return
	}
	h.cfg.metrics.InFlight(1)
	defer h.cfg.metrics.InFlight(-1)
	route := key.Route[strings.IndexByte(key.Route, ' ')+1:]
	f := &forward{h: h, w: w, r: r, key: key, lim: lim, tk: tk, route: route, start: time.Now()}
	status := f.run()
	h.cfg.metrics.Request(route, r.Method, status, f.waited)
}

// apiPath returns the path under /api or /api/v{N}, or false when p is not
// Discord's API.
func apiPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/api/")
	if !ok {
		return "", false
	}
	if len(rest) > 1 && rest[0] == 'v' && rest[1] >= '0' && rest[1] <= '9' {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return "", false
		}
		rest = rest[i:]
	} else {
		rest = "/" + rest
	}
	return rest, true
}

// tokenInPath reports whether a route carries its own credentials (webhook and
// interaction tokens), so that Discord needs no Authorization header.
func tokenInPath(route string) bool {
	return strings.Contains(route, "_token}")
}

// writeGenerated writes a reply of the proxy's own.
func writeGenerated(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set(GeneratedHeader, "true")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// forward is one proxied request.
type forward struct {
	h      *Handler
	w      http.ResponseWriter
	r      *http.Request
	key    ratelimit.RouteKey
	lim    ratelimit.Limiter
	tk     *token
	route  string
	start  time.Time
	waited time.Duration

	body       []byte    // the buffered body, when replayable
	stream     io.Reader // the body when too large to buffer
	replayable bool
}

// run serves the request and returns the status written (0 when the client
// went away before a reply).
func (f *forward) run() int {
	h, r := f.h, f.r
	if err := f.readBody(); err != nil {
		return 0
	}
	safe := r.Method != http.MethodPost && f.replayable
	deadline := f.start.Add(h.cfg.maxWait)
	for attempt := 1; ; attempt++ {
		permit, status, ok := f.acquire(deadline)
		if !ok {
			return status
		}
		resp, err := h.cfg.doer.Do(f.upstreamRequest())
		if err != nil {
			permit.Done(ratelimit.Headers{})
			if r.Context().Err() != nil {
				return 0
			}
			h.cfg.log.LogAttrs(r.Context(), slog.LevelWarn, "proxy: upstream unreachable", slog.String("method", r.Method),
				slog.String("route", f.route), slog.String("token", f.tk.id), slog.Int("attempt", attempt),
				slog.String("error", scrub(err)))
			if safe && attempt <= h.cfg.maxRetries && f.backoff(attempt) {
				continue
			}
			writeGenerated(f.w, http.StatusBadGateway, `{"message":"proxy: Discord unreachable","code":0}`)
			return http.StatusBadGateway
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			retry, status := f.handle429(resp, permit, attempt, deadline)
			if retry {
				continue
			}
			return status
		}
		rl := rest.ParseRateLimit(resp.StatusCode, resp.Header, nil)
		permit.Done(rl)
		if (resp.StatusCode == 502 || resp.StatusCode == 503 || resp.StatusCode == 504) && safe && attempt <= h.cfg.maxRetries {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			if f.backoff(attempt) {
				continue
			}
			return 0
		}
		return f.pass(resp, nil)
	}
}

// readBody buffers a body of at most MaxBufferedBody bytes so that it can be
// sent again; a larger one streams.
func (f *forward) readBody() error {
	r := f.r
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		f.replayable = true
		return nil
	}
	limit := f.h.cfg.maxBuffered
	if r.ContentLength > limit {
		f.stream = r.Body
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return err
	}
	if int64(len(b)) > limit {
		f.stream = io.MultiReader(bytes.NewReader(b), r.Body)
		return nil
	}
	f.body, f.replayable = b, true
	return nil
}

// acquire waits for a permit until deadline. When none comes it writes the
// proxy's 429 (or nothing, when the client left) and returns ok false.
func (f *forward) acquire(deadline time.Time) (ratelimit.Permit, int, bool) {
	ctx, cancel := context.WithDeadline(f.r.Context(), deadline)
	defer cancel()
	t0 := time.Now()
	p, err := f.lim.Acquire(ctx, f.key)
	f.waited += time.Since(t0)
	if err == nil {
		return p, 0, true
	}
	if f.r.Context().Err() != nil {
		return nil, 0, false
	}
	var (
		we     *ratelimit.WaitError
		be     *ratelimit.BudgetError
		global bool
		wait   = f.h.cfg.maxWait
	)
	switch {
	case errors.As(err, &we):
		global, wait = we.Global, we.Wait
	case errors.As(err, &be):
		global, wait = true, be.RetryAfter
	case errors.Is(err, context.DeadlineExceeded):
	default:
		f.h.cfg.log.LogAttrs(f.r.Context(), slog.LevelError, "proxy: limiter failed", slog.String("route", f.route),
			slog.String("token", f.tk.id), slog.String("error", err.Error()))
		writeGenerated(f.w, http.StatusServiceUnavailable, `{"message":"proxy: rate limiter unavailable","code":0}`)
		return nil, http.StatusServiceUnavailable, false
	}
	f.write429(wait, global)
	return nil, http.StatusTooManyRequests, false
}

// write429 answers with the proxy's own 429, shaped like Discord's.
func (f *forward) write429(wait time.Duration, global bool) {
	scope := "user"
	if global {
		scope = "global"
		f.w.Header().Set("X-RateLimit-Global", "true")
	}
	secs := max(wait, time.Millisecond).Seconds()
	f.w.Header().Set("X-RateLimit-Scope", scope)
	f.w.Header().Set("Retry-After", formatSeconds(secs))
	f.h.cfg.metrics.RateLimited(scope, true)
	f.h.cfg.log.LogAttrs(f.r.Context(), slog.LevelWarn, "proxy: refusing a wait past MaxWait", slog.String("method", f.r.Method),
		slog.String("route", f.route), slog.String("token", f.tk.id), slog.String("scope", scope), slog.Duration("wait", wait))
	globalJSON := "false"
	if global {
		globalJSON = "true"
	}
	writeGenerated(f.w, http.StatusTooManyRequests,
		`{"message":"You are being rate limited (by the proxy: the wait passes its MaxWait).","retry_after":`+
			formatSeconds(secs)+`,"global":`+globalJSON+`,"code":0}`)
}

// upstreamRequest builds one attempt's request to Discord.
func (f *forward) upstreamRequest() *http.Request {
	r := f.r
	u := f.h.cfg.origin + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	var body io.Reader
	switch {
	case f.stream != nil:
		body = f.stream
	case len(f.body) > 0:
		body = bytes.NewReader(f.body)
	}
	out, _ := http.NewRequestWithContext(r.Context(), r.Method, u, body) // the method and URL came parsed
	for k, vs := range r.Header {
		if !hopHeaders[k] {
			out.Header[k] = vs
		}
	}
	switch {
	case f.stream != nil:
		out.ContentLength = r.ContentLength
	default:
		out.ContentLength = int64(len(f.body))
	}
	if out.ContentLength == 0 {
		out.Body = http.NoBody
	}
	return out
}

// handle429 consumes a 429 from Discord: reports it to the limiter, and
// either retries (the body can be replayed, Discord did not act on the
// request, and the wait fits before deadline) or passes it through.
func (f *forward) handle429(resp *http.Response, permit ratelimit.Permit, attempt int, deadline time.Time) (bool, int) {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	rl := rest.ParseRateLimit(resp.StatusCode, resp.Header, body)
	permit.Done(rl)
	f.h.cfg.metrics.RateLimited(string(rl.Scope), false)
	f.h.cfg.log.LogAttrs(f.r.Context(), slog.LevelWarn, "proxy: 429 from Discord", slog.String("method", f.r.Method),
		slog.String("route", f.route), slog.String("token", f.tk.id), slog.String("scope", string(rl.Scope)),
		slog.Bool("global", rl.Global), slog.Duration("retry_after", rl.RetryAfter), slog.Int("attempt", attempt))
	if f.replayable && attempt <= f.h.cfg.maxRetries && time.Now().Add(rl.RetryAfter).Before(deadline) {
		resp.Body.Close()
		return sleep(f.r.Context(), rl.RetryAfter), 0
	}
	return false, f.pass(resp, body)
}

// pass copies resp to the client: status, headers and body (head first when
// some of it was already read), streaming.
func (f *forward) pass(resp *http.Response, head []byte) int {
	defer resp.Body.Close()
	dst := f.w.Header()
	for k, vs := range resp.Header {
		if !hopHeaders[k] {
			dst[k] = vs
		}
	}
	if head != nil {
		dst.Del("Content-Length")
		dst.Set("Content-Length", itoa(len(head)))
	}
	f.w.WriteHeader(resp.StatusCode)
	if head != nil {
		f.w.Write(head)
		return resp.StatusCode
	}
	io.Copy(f.w, resp.Body)
	return resp.StatusCode
}

// backoff sleeps before retry number attempt; false when the client left.
func (f *forward) backoff(attempt int) bool {
	d := f.h.cfg.backoff << min(attempt-1, 4)
	d = d/2 + rand.N(d/2+1)
	return sleep(f.r.Context(), d)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
