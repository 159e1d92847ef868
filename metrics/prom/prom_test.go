package prom_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/scurrygo/scurry/metrics/prom"
	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/proxy/cluster"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

var (
	_ proxy.Metrics   = (*prom.Metrics)(nil)
	_ cluster.Metrics = (*prom.Metrics)(nil)
	_ rest.Observer   = (*prom.Metrics)(nil)
)

// TestSeries: the series appear with route templates and token hashes, and
// never the token.
func TestSeries(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := prom.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	h, err := proxy.New(&proxy.Options{Upstream: "http://up.invalid/api/v10", GlobalLimit: 50, Metrics: m,
		HTTPClient: deadDoer{}, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Register(prom.TokenStats(h)); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/v10/channels/123456789012345678/messages", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bot secret.token.value")
	h.ServeHTTP(httptest.NewRecorder(), req)
	m.RateLimited("user", true)
	m.LeaseOwned(proxy.TokenID("Bot secret.token.value"), true)
	m.Fallback(true)
	lim := rest.Observe(ratelimit.Unlimited{}, m)
	p, _ := lim.Acquire(context.Background(), ratelimit.RouteKey{Route: "GET /users/@me"})
	p.Done(ratelimit.Headers{Status: 429, Scope: ratelimit.ScopeShared})
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	text := rec.Body.String()
	for _, want := range []string{
		`scurry_rest_requests_total{method="POST",route="/channels/{channel_id}/messages",status="502"} 1`,
		`scurry_rest_requests_total{method="GET",route="/users/@me",status="429"} 1`,
		`scurry_rest_rate_limited_total{scope="user",source="proxy"} 1`,
		`scurry_rest_rate_limited_total{scope="shared",source="discord"} 1`,
		`scurry_rest_in_flight 0`,
		`scurry_rest_nats_fallback 1`,
		`scurry_rest_lease_owned{token="` + proxy.TokenID("Bot secret.token.value") + `"} 1`,
		`scurry_rest_invalid_requests{token="` + proxy.TokenID("Bot secret.token.value") + `"} 0`,
		`scurry_rest_limiter_wait_seconds_count 2`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %s in\n%s", want, text)
		}
	}
	if strings.Contains(text, "secret") || strings.Contains(text, "123456789012345678") {
		t.Fatal("a token or a filled path leaked into the metrics")
	}
}

// deadDoer is an unreachable Discord.
type deadDoer struct{}

func (deadDoer) Do(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection refused")
}
