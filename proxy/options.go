package proxy

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// ErrInvalidOptions is matched (errors.Is) by errors from New about a bad
// option; the message names the field.
var ErrInvalidOptions = errors.New("proxy: invalid options")

// Options configures a Handler. Nil or a zero field means the default.
type Options struct {
	// Upstream is Discord's API root, default rest.DefaultBaseURL. Only its
	// scheme, host and any path before "/api" are used: a request for
	// /api/v9/... goes to the same version upstream.
	Upstream string
	// HTTPClient sends requests upstream. Default: an http.Client whose
	// transport keeps up to 256 idle connections per host and no timeout of
	// its own (each request ends with its client's request).
	HTTPClient rest.Doer
	// Limiters gives each token its limiter. Default Local, an in-memory
	// ratelimit.RESTLimiter per token. The cluster package provides one that
	// shares the state among proxy instances.
	Limiters LimiterSource
	// GlobalLimit is the number of requests per GlobalWindow each token may
	// send (interaction routes exempt). Default 0: ask Discord once per token
	// (GET /gateway/bot: 50 times its session_start_limit.max_concurrency, the
	// way large bots' raised limits scale), 50 if that fails.
	GlobalLimit int
	// GlobalWindow is the global limit's window. Default 1 s.
	GlobalWindow time.Duration
	// MaxWait is the longest a request waits in the proxy for its permit.
	// When the wait would be longer, the proxy answers 429 itself, with
	// X-RateLimit-Scope and the GeneratedHeader. Default 30 s.
	MaxWait time.Duration
	// MaxRetries is how many times the proxy repeats a request after a 429
	// (when its body could be replayed), or after a 502, 503, 504 or transport
	// error when the request is also safe to repeat (not a POST), as package
	// rest does. Default 3; negative means never.
	MaxRetries int
	// RetryBackoff is the first backoff after a 5xx or transport error,
	// doubling up to 16 times this, with jitter. Default 500 ms.
	RetryBackoff time.Duration
	// MaxBufferedBody is the largest request body kept in memory so that the
	// request can be retried; larger bodies stream through once. Default 1 MiB.
	MaxBufferedBody int64
	// Logger receives a warning per 429 and per upstream failure; records
	// carry the route template and the token's short hash, never a token.
	// Default: discard.
	Logger *slog.Logger
	// Metrics receives counters. Default: none.
	Metrics Metrics
}

// Metrics receives what the proxy counts; the Prometheus adapter
// (package proxy/promproxy) implements it. Methods are called concurrently
// and must not block.
type Metrics interface {
	// Request is called once per proxied request with the route template
	// ("/channels/{channel_id}/messages"), method, final status (0 when the
	// client went away first) and the time spent waiting for the limiter.
	Request(route, method string, status int, waited time.Duration)
	// RateLimited is called per 429: scope is X-RateLimit-Scope ("" when
	// none), generated is true for the proxy's own 429s.
	RateLimited(scope string, generated bool)
	// InFlight moves the number of requests being served by delta.
	InFlight(delta int)
}

// LimiterSource gives each token its limiter. The Handler calls Limiter once
// per token, the first time it sees it, and keeps the result.
type LimiterSource interface {
	// Limiter returns the limiter for the token whose short hash is id (see
	// TokenID), configured with global when it is created here.
	Limiter(id string, global Global) (ratelimit.Limiter, error)
}

// Global is a token's global limit: Limit requests per Window.
type Global struct {
	Limit  int
	Window time.Duration
}

// Local is the default LimiterSource: an in-memory RESTLimiter per token.
type Local struct{}

// Limiter implements LimiterSource.
func (Local) Limiter(_ string, g Global) (ratelimit.Limiter, error) {
	return ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: g.Limit, GlobalWindow: g.Window})
}

type config struct {
	origin       string // scheme://host[/prefix], no trailing slash
	doer         rest.Doer
	source       LimiterSource
	global       Global
	discover     bool
	maxWait      time.Duration
	maxRetries   int
	backoff      time.Duration
	maxBuffered  int64
	log          *slog.Logger
	metrics      Metrics
	gatewayBotTO time.Duration
}

func (o *Options) config() (config, error) {
	var opt Options
	if o != nil {
		opt = *o
	}
	c := config{gatewayBotTO: 5 * time.Second}
	up := opt.Upstream
	if up == "" {
		up = rest.DefaultBaseURL
	}
	u, err := url.Parse(up)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" {
		return c, fmt.Errorf("%w: Upstream %q must be an http(s) URL with a host and no user info or query", ErrInvalidOptions, up)
	}
	prefix := u.EscapedPath()
	if i := strings.Index(prefix, "/api"); i >= 0 {
		prefix = prefix[:i]
	}
	c.origin = u.Scheme + "://" + u.Host + strings.TrimRight(prefix, "/")
	c.doer = opt.HTTPClient
	if c.doer == nil {
		c.doer = &http.Client{Transport: newTransport()}
	}
	c.source = opt.Limiters
	if c.source == nil {
		c.source = Local{}
	}
	switch {
	case opt.GlobalLimit < 0 || opt.GlobalLimit > 1_000_000:
		return c, fmt.Errorf("%w: GlobalLimit %d must be 0 (ask Discord) or 1 to 1,000,000", ErrInvalidOptions, opt.GlobalLimit)
	case opt.GlobalLimit == 0:
		c.discover = true
		c.global.Limit = 50
	default:
		c.global.Limit = opt.GlobalLimit
	}
	if opt.GlobalWindow < 0 || opt.MaxWait < 0 || opt.RetryBackoff < 0 || opt.MaxBufferedBody < 0 {
		return c, fmt.Errorf("%w: GlobalWindow, MaxWait, RetryBackoff and MaxBufferedBody must not be negative", ErrInvalidOptions)
	}
	c.global.Window = cmpOr(opt.GlobalWindow, time.Second)
	c.maxWait = cmpOr(opt.MaxWait, 30*time.Second)
	switch {
	case opt.MaxRetries == 0:
		c.maxRetries = 3
	case opt.MaxRetries < 0:
		c.maxRetries = 0
	case opt.MaxRetries > 100:
		return c, fmt.Errorf("%w: MaxRetries %d is over 100", ErrInvalidOptions, opt.MaxRetries)
	default:
		c.maxRetries = opt.MaxRetries
	}
	c.backoff = cmpOr(opt.RetryBackoff, 500*time.Millisecond)
	c.maxBuffered = cmpOr(opt.MaxBufferedBody, 1<<20)
	c.log = opt.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.metrics = opt.Metrics
	if c.metrics == nil {
		c.metrics = noMetrics{}
	}
	return c, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

type noMetrics struct{}

func (noMetrics) Request(string, string, int, time.Duration) {}
func (noMetrics) RateLimited(string, bool)                   {}
func (noMetrics) InFlight(int)                               {}
