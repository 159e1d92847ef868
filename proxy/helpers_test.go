package proxy_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// handlerDoer sends a request straight into an http.Handler: no socket, so
// tests can run inside testing/synctest.
type handlerDoer struct{ h http.Handler }

func (d handlerDoer) Do(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	d.h.ServeHTTP(rec, r)
	if r.Body != nil {
		r.Body.Close()
	}
	return rec.Result(), nil
}

// countingDoer counts the requests that reach upstream.
type countingDoer struct {
	next rest.Doer
	n    atomic.Int64
}

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	d.n.Add(1)
	return d.next.Do(r)
}

// newProxy returns a proxy in front of the fake s, and a rest.Client of s's
// token that goes through it with no limiter of its own.
func newProxy(t testing.TB, s *discordtest.Server, opts proxy.Options) (*proxy.Handler, *rest.Client) {
	t.Helper()
	opts.Upstream = s.URL()
	if opts.HTTPClient == nil {
		opts.HTTPClient = s.Client()
	}
	h, err := proxy.New(&opts)
	if err != nil {
		t.Fatal(err)
	}
	return h, clientOf(t, h, s.Token())
}

func clientOf(t testing.TB, h http.Handler, token string) *rest.Client {
	t.Helper()
	c, err := rest.New(token, &rest.Options{BaseURL: "http://proxy.invalid/api/v10", HTTPClient: handlerDoer{h},
		Limiter: ratelimit.Unlimited{}, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// spySource records the global limits it was asked for.
type spySource struct {
	mu      sync.Mutex
	globals map[string]proxy.Global
	opts    ratelimit.RESTOptions
}

func (s *spySource) Limiter(id string, g proxy.Global) (ratelimit.Limiter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.globals == nil {
		s.globals = map[string]proxy.Global{}
	}
	s.globals[id] = g
	o := s.opts
	o.GlobalLimit, o.GlobalWindow = g.Limit, g.Window
	return ratelimit.NewRESTLimiter(&o)
}

func noRateLimits(t testing.TB, s *discordtest.Server) {
	t.Helper()
	if got := s.RateLimited(); got != (discordtest.RateLimitCounts{}) {
		t.Fatalf("the fake sent 429s: %+v", got)
	}
}
