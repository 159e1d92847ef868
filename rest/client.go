package rest

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scurrygo/scurry/internal/logdefault"
	"github.com/scurrygo/scurry/ratelimit"
)

// Version is the library version sent in the default User-Agent.
const Version = "0.1.0"

// DefaultUserAgent is the User-Agent Discord asks bots to send.
const DefaultUserAgent = "DiscordBot (https://github.com/scurrygo/scurry, " + Version + ")"

// DefaultBaseURL is Discord's API, version 10.
const DefaultBaseURL = "https://discord.com/api/v10"

// MaxUploadSize is Discord's limit on the size of a request with files.
const MaxUploadSize = 25 << 20

// ErrInvalidOptions is matched by errors from New about a bad token or option.
var ErrInvalidOptions = errors.New("rest: invalid client options")

// Doer sends one HTTP request. *http.Client satisfies it. Implementations must
// be safe for concurrent use and close the request body, as http.Client does;
// wrap one to add middleware (logging, metrics, a proxy).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Options configures a Client. Nil or a zero field means the default.
type Options struct {
	// BaseURL is the API root, without a trailing slash. Default
	// DefaultBaseURL. Point it at a REST proxy or at discordtest.
	BaseURL string
	// HTTPClient sends the requests. Default: one client shared by every
	// Client of the process, with http.DefaultTransport's settings except that
	// it keeps up to DefaultIdleConnsPerHost idle connections per host (the
	// standard library keeps 2, so a burst of 50 requests over HTTP/1.1, to a
	// REST proxy for instance, would dial 48 new connections each time).
	// Deadlines come from the ctx of each call.
	HTTPClient Doer
	// Limiter paces requests. Default a new ratelimit.RESTLimiter with
	// Discord's defaults. Share one Limiter between clients of the same token.
	Limiter ratelimit.Limiter
	// Logger receives one debug record per attempt and a warning per 429.
	// Default: Warn and above as text on stderr, as in every scurry package
	// (slog.New(slog.DiscardHandler) silences it). Records carry the route
	// template, never a token.
	Logger *slog.Logger
	// UserAgent replaces DefaultUserAgent. Discord wants it to start with
	// "DiscordBot (url, version)".
	UserAgent string
	// MaxRetries is how many times one call may be repeated after a 429, a
	// 5xx or a transport error (the last two only when repeating is safe).
	// Default 3; negative means never.
	MaxRetries int
	// RetryBackoff is the first backoff after a 5xx or transport error; it
	// doubles per retry up to 16 times this, with jitter. Default 500 ms.
	RetryBackoff time.Duration
	// MaxRateLimitWait is the longest a call waits after a 429 before giving up
	// with a *RateLimitError. Default 1 minute.
	MaxRateLimitWait time.Duration
	// MaxUploadSize caps the bytes of a request with files. Default
	// MaxUploadSize (25 MiB).
	MaxUploadSize int64
}

// Client talks to Discord's HTTP API. It is safe for concurrent use; it holds
// no goroutines and needs no Close. Create it with New.
type Client struct {
	auth       *secret // behind a pointer so that printing a Client never shows it
	base       string
	doer       Doer
	limiter    ratelimit.Limiter
	log        *slog.Logger
	ua         string
	maxRetries int
	backoff    time.Duration
	maxWait    time.Duration
	maxUpload  int64
}

// secret holds the Authorization header value.
type secret struct{ v string }

func (s *secret) String() string                { return "[redacted]" }
func (s *secret) GoString() string              { return "[redacted]" }
func (s *secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, "[redacted]") }

// String describes the client without its token.
func (c *Client) String() string { return "rest.Client{" + c.base + "}" }

// GoString describes the client without its token.
func (c *Client) GoString() string { return c.String() }

// Format prints the client without its token, whatever the verb.
func (c *Client) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// New returns a client for token, a bot token with or without the "Bot "
// prefix (or "Bearer <token>" for OAuth2). It checks the token's shape and the
// options; it does not contact Discord.
func New(token string, opts *Options) (*Client, error) {
	auth, err := authorization(token)
	if err != nil {
		return nil, err
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	c := &Client{auth: &secret{auth}}
	if c.base, err = checkBaseURL(o.BaseURL); err != nil {
		return nil, err
	}
	c.doer = o.HTTPClient
	if c.doer == nil {
		c.doer = defaultHTTPClient()
	}
	c.limiter = o.Limiter
	if c.limiter == nil {
		c.limiter = &ratelimit.RESTLimiter{}
	}
	c.log = o.Logger
	if c.log == nil {
		c.log = logdefault.New()
	}
	c.ua = o.UserAgent
	if c.ua == "" {
		c.ua = DefaultUserAgent
	}
	if strings.ContainsAny(c.ua, "\r\n") {
		return nil, fmt.Errorf("%w: UserAgent contains a line break", ErrInvalidOptions)
	}
	switch {
	case o.MaxRetries == 0:
		c.maxRetries = 3
	case o.MaxRetries < 0:
		c.maxRetries = 0
	case o.MaxRetries > 100:
		return nil, fmt.Errorf("%w: MaxRetries %d is over 100", ErrInvalidOptions, o.MaxRetries)
	default:
		c.maxRetries = o.MaxRetries
	}
	if o.RetryBackoff < 0 || o.MaxRateLimitWait < 0 || o.MaxUploadSize < 0 {
		return nil, fmt.Errorf("%w: RetryBackoff, MaxRateLimitWait and MaxUploadSize must not be negative", ErrInvalidOptions)
	}
	c.backoff = cmpOr(o.RetryBackoff, 500*time.Millisecond)
	c.maxWait = cmpOr(o.MaxRateLimitWait, time.Minute)
	c.maxUpload = cmpOr(o.MaxUploadSize, MaxUploadSize)
	return c, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// authorization turns a token into the Authorization header value. Errors
// never include the token.
func authorization(token string) (string, error) {
	raw, prefix := token, "Bot "
	for _, p := range []string{"Bot ", "Bearer "} {
		if strings.HasPrefix(token, p) {
			raw, prefix = token[len(p):], p
		}
	}
	if raw == "" {
		return "", fmt.Errorf("%w: empty token", ErrInvalidOptions)
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f || r > 0x7e {
			return "", fmt.Errorf("%w: token contains whitespace, a control or a non-ASCII character (%d characters long)",
				ErrInvalidOptions, len(raw))
		}
	}
	return prefix + raw, nil
}

func checkBaseURL(s string) (string, error) {
	if s == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%w: BaseURL %q: %v", ErrInvalidOptions, s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%w: BaseURL %q: scheme must be http or https", ErrInvalidOptions, s)
	}
	if u.Host == "" {
		return "", fmt.Errorf("%w: BaseURL %q has no host", ErrInvalidOptions, s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%w: BaseURL %q must not have a query, fragment or user info", ErrInvalidOptions, u.Redacted())
	}
	return strings.TrimRight(s, "/"), nil
}

// Limiter returns the limiter the client uses (to share it or read its stats).
func (c *Client) Limiter() ratelimit.Limiter { return c.limiter }
