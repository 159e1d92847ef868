package proxy_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// TestRejectsWithoutContactingDiscord: no or malformed Authorization gets 401,
// a path outside the API 404, and neither reaches upstream.
func TestRejectsWithoutContactingDiscord(t *testing.T) {
	up := &countingDoer{next: handlerDoer{http.NotFoundHandler()}}
	h, err := proxy.New(&proxy.Options{Upstream: "http://up.invalid/api/v10", HTTPClient: up, GlobalLimit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, auth string
		want       int
	}{
		{"/api/v10/channels/1/messages", "", 401},
		{"/api/v10/channels/1/messages", "Bot ", 401},
		{"/api/v10/channels/1/messages", "Basic abc", 401},
		{"/api/v10/channels/1/messages", "Bot a b", 401},
		{"/api/v10/channels/1/messages", "Bot tok\x01en", 401},
		{"/channels/1/messages", "Bot abc", 404},
		{"/", "Bot abc", 404},
		{"/api/v10", "Bot abc", 404},
		{"/api/v10/channels//messages", "Bot abc", 404},
		{"/metrics.php", "", 404},
	} {
		req := httptest.NewRequest("POST", "http://proxy"+tc.path, strings.NewReader(`{}`))
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.want || rec.Header().Get(proxy.GeneratedHeader) != "true" {
			t.Errorf("%s with %q: %d (generated %q), want %d", tc.path, tc.auth, rec.Code, rec.Header().Get(proxy.GeneratedHeader), tc.want)
		}
	}
	if n := up.n.Load(); n != 0 {
		t.Fatalf("%d requests reached Discord", n)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Fatalf("/healthz: %d", rec.Code)
	}
}

// TestOneChannelManyClients: 50 goroutines (each its own client, as separate
// processes would be) post to one channel through the proxy: the fake sends
// no 429, every message arrives once, and the bucket's limit paces them.
func TestOneChannelManyClients(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{InMemory: true})
		ch := seed(t, s).Channels[0]
		h, _ := newProxy(t, s, proxy.Options{GlobalLimit: 50, MaxWait: 2 * time.Minute})
		const n = 50
		start := time.Now()
		var wg sync.WaitGroup
		for i := range n {
			c := clientOf(t, h, s.Token())
			wg.Go(func() {
				if _, err := c.CreateMessage(context.Background(), ch, &rest.CreateMessageParams{Content: fmt.Sprint("m", i)}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		noRateLimits(t, s)
		if got := len(s.Messages(ch)); got != n {
			t.Fatalf("%d messages stored, want %d", got, n)
		}
		// 5 per 5 s: 50 messages need 9 full windows after the first.
		if el := time.Since(start); el < 45*time.Second {
			t.Fatalf("took %v: the bucket was not honoured", el)
		}
		if st := h.TokenStats(); len(st) != 1 || !st[0].OK || st[0].ID != proxy.TokenID("Bot "+s.Token()) || strings.Contains(st[0].ID, s.Token()) {
			t.Fatalf("token stats %+v", st)
		}
	})
}

func seed(t testing.TB, s *discordtest.Server) discordtest.SeededGuild {
	t.Helper()
	g, err := s.SeedGuild(discordtest.GuildSeed{TextChannels: 2})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestOwn429PastMaxWait: a wait longer than MaxWait is answered by the proxy
// with a 429 that says so (scope and generated header); Discord never sees
// the request.
func TestOwn429PastMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{InMemory: true})
		ch := seed(t, s).Channels[0]
		h, c := newProxy(t, s, proxy.Options{GlobalLimit: 50, MaxWait: time.Second})
		for range 5 {
			if _, err := c.CreateMessage(context.Background(), ch, &rest.CreateMessageParams{Content: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		req := httptest.NewRequest("POST", "/api/v10/channels/"+ch.String()+"/messages", strings.NewReader(`{"content":"y"}`))
		req.Header.Set("Authorization", "Bot "+s.Token())
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 429 || rec.Header().Get(proxy.GeneratedHeader) != "true" || rec.Header().Get("X-RateLimit-Scope") != "user" ||
			rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), `"retry_after":`) {
			t.Fatalf("got %d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		noRateLimits(t, s)
		if got := len(s.Messages(ch)); got != 5 {
			t.Fatalf("%d messages stored, want 5", got)
		}
	})
}

// TestGlobalFromGatewayBot: without a configured global limit the proxy asks
// /gateway/bot once per token and scales 50/s by max_concurrency.
func TestGlobalFromGatewayBot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{InMemory: true, MaxConcurrency: 16})
		ch := seed(t, s).Channels[0]
		src := &spySource{}
		_, c := newProxy(t, s, proxy.Options{Limiters: src})
		for range 2 {
			if _, err := c.GetChannel(context.Background(), ch); err != nil {
				t.Fatal(err)
			}
		}
		got := src.globals[proxy.TokenID("Bot "+s.Token())]
		if got != (proxy.Global{Limit: 800, Window: time.Second}) || len(src.globals) != 1 {
			t.Fatalf("globals %+v", src.globals)
		}
	})
}

// upstream is a scripted Discord: it answers with status[i] for the i-th
// request (the last one repeating).
type upstream struct {
	status []int
	n      atomic.Int64
	bytes  atomic.Int64
	hdr    http.Header
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(u.n.Add(1)) - 1
	nb, _ := io.Copy(io.Discard, r.Body)
	u.bytes.Add(nb)
	st := u.status[min(i, len(u.status)-1)]
	for k, v := range u.hdr {
		w.Header()[k] = v
	}
	w.Header().Set("X-Upstream", "yes")
	w.WriteHeader(st)
	fmt.Fprintf(w, `{"message":"status %d","code":0,"got":%d}`, st, nb)
}

func scriptedProxy(t *testing.T, u *upstream, opts proxy.Options) *proxy.Handler {
	t.Helper()
	opts.Upstream = "http://up.invalid/api/v10"
	opts.HTTPClient = handlerDoer{u}
	if opts.GlobalLimit == 0 {
		opts.GlobalLimit = 50
	}
	h, err := proxy.New(&opts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func do(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://proxy"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bot abc.def")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Test5xxRetryRules: 503 is retried for a GET/PATCH as rest does, never for a
// POST (not safe to repeat); the final reply passes through unchanged.
func Test5xxRetryRules(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		u := &upstream{status: []int{503, 502, 200}}
		h := scriptedProxy(t, u, proxy.Options{})
		rec := do(h, "PATCH", "/api/v10/channels/1", `{"name":"x"}`)
		if rec.Code != 200 || u.n.Load() != 3 || rec.Header().Get("X-Upstream") != "yes" || u.bytes.Load() != 36 {
			t.Fatalf("PATCH: %d after %d upstream calls, %d bytes", rec.Code, u.n.Load(), u.bytes.Load())
		}
		u = &upstream{status: []int{503, 200}}
		h = scriptedProxy(t, u, proxy.Options{})
		rec = do(h, "POST", "/api/v10/channels/1/messages", `{"content":"x"}`)
		if rec.Code != 503 || u.n.Load() != 1 || rec.Header().Get(proxy.GeneratedHeader) != "" || !strings.Contains(rec.Body.String(), "status 503") {
			t.Fatalf("POST: %d after %d upstream calls: %s", rec.Code, u.n.Load(), rec.Body)
		}
		u = &upstream{status: []int{500}}
		h = scriptedProxy(t, u, proxy.Options{})
		if rec = do(h, "GET", "/api/v10/channels/1", ""); rec.Code != 500 || u.n.Load() != 1 {
			t.Fatalf("GET 500: %d after %d calls", rec.Code, u.n.Load())
		}
	})
}

// failingDoer is an unreachable Discord.
type failingDoer struct{ n atomic.Int64 }

func (d *failingDoer) Do(r *http.Request) (*http.Response, error) {
	d.n.Add(1)
	return nil, &urlErr{"dial tcp: connection refused " + r.URL.String()}
}

type urlErr struct{ s string }

func (e *urlErr) Error() string { return e.s }

// TestUnreachable: transport errors are retried for safe requests, a POST is
// tried once, and the client gets the proxy's 502 without the URL (which may
// hold a webhook token) anywhere.
func TestUnreachable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := &failingDoer{}
		h, err := proxy.New(&proxy.Options{Upstream: "http://up.invalid", HTTPClient: d, GlobalLimit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if rec := do(h, "GET", "/api/v10/channels/1", ""); rec.Code != 502 || d.n.Load() != 4 {
			t.Fatalf("GET: %d after %d tries", rec.Code, d.n.Load())
		}
		d.n.Store(0)
		rec := do(h, "POST", "/api/v10/webhooks/1/secret-webhook-token", `{}`)
		if rec.Code != 502 || d.n.Load() != 1 || strings.Contains(rec.Body.String(), "secret") {
			t.Fatalf("POST: %d after %d tries: %s", rec.Code, d.n.Load(), rec.Body)
		}
	})
}

// TestInvalidRequestBrakeShared: 403s from different clients of one token add
// up in one budget; once it brakes, the proxy answers 429 itself and Discord
// sees nothing more. Another token is not affected.
func TestInvalidRequestBrakeShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		u := &upstream{status: []int{403}}
		src := &spySource{opts: ratelimit.RESTOptions{InvalidRequestLimit: 10, InvalidRequestBrake: 6}}
		h := scriptedProxy(t, u, proxy.Options{Limiters: src})
		for i := range 6 {
			if rec := do(h, "GET", fmt.Sprintf("/api/v10/guilds/%d", i+1), ""); rec.Code != 403 {
				t.Fatalf("request %d: %d", i, rec.Code)
			}
		}
		rec := do(h, "GET", "/api/v10/guilds/99", "")
		if rec.Code != 429 || rec.Header().Get(proxy.GeneratedHeader) != "true" || rec.Header().Get("X-RateLimit-Scope") != "global" {
			t.Fatalf("after the brake: %d %v", rec.Code, rec.Header())
		}
		if u.n.Load() != 6 {
			t.Fatalf("%d requests reached Discord, want 6", u.n.Load())
		}
		req := httptest.NewRequest("GET", "/api/v10/guilds/1", nil)
		req.Header.Set("Authorization", "Bot other.token")
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 403 {
			t.Fatalf("another token: %d", rec.Code)
		}
	})
}

// TestStreamsLargeUpload: a 30 MB upload streams through once (POST: never
// buffered for a retry) and arrives whole.
func TestStreamsLargeUpload(t *testing.T) {
	u := &upstream{status: []int{200}}
	srv := httptest.NewServer(u)
	defer srv.Close()
	h, err := proxy.New(&proxy.Options{Upstream: srv.URL + "/api/v10", GlobalLimit: 50})
	if err != nil {
		t.Fatal(err)
	}
	const size = 30 << 20
	req := httptest.NewRequest("POST", "/api/v10/channels/1/messages", io.LimitReader(zeros{}, size))
	req.ContentLength = size
	req.Header.Set("Authorization", "Bot abc")
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || u.bytes.Load() != size || !strings.Contains(rec.Body.String(), fmt.Sprintf(`"got":%d`, size)) {
		t.Fatalf("%d, upstream got %d bytes: %s", rec.Code, u.bytes.Load(), rec.Body)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestWebhookWithoutAuthorization: webhook and interaction routes carry their
// own token and pass without Authorization, under an anonymous limiter.
func TestWebhookWithoutAuthorization(t *testing.T) {
	u := &upstream{status: []int{204}}
	h := scriptedProxy(t, u, proxy.Options{})
	for _, p := range []string{"/api/v10/webhooks/1/tok", "/api/v10/interactions/1/aW50ZXJhY3Rpb246x/callback"} {
		req := httptest.NewRequest("POST", p, strings.NewReader(`{}`))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 204 {
			t.Fatalf("%s: %d", p, rec.Code)
		}
	}
	if st := h.TokenStats(); len(st) != 1 || st[0].ID != proxy.AnonymousID {
		t.Fatalf("stats %+v", st)
	}
}

func TestOptionsValidated(t *testing.T) {
	for _, o := range []proxy.Options{
		{Upstream: "ftp://x"}, {Upstream: "http://"}, {GlobalLimit: -1}, {MaxWait: -1}, {MaxRetries: 101},
	} {
		if _, err := proxy.New(&o); !errors.Is(err, proxy.ErrInvalidOptions) {
			t.Errorf("%+v: %v", o, err)
		}
	}
	_ = discord.Snowflake(0)
}

// TestInteractionsExemptFromGlobal: with the token's global limit spent, a
// normal route gets the proxy's 429 with scope global, while an interaction
// callback and an interaction follow-up still go through.
func TestInteractionsExemptFromGlobal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		u := &upstream{status: []int{200}}
		h := scriptedProxy(t, u, proxy.Options{GlobalLimit: 1, GlobalWindow: time.Hour, MaxWait: time.Second})
		if rec := do(h, "GET", "/api/v10/channels/1", ""); rec.Code != 200 {
			t.Fatalf("first request: %d", rec.Code)
		}
		rec := do(h, "GET", "/api/v10/channels/2", "")
		if rec.Code != 429 || rec.Header().Get("X-RateLimit-Scope") != "global" || rec.Header().Get("X-RateLimit-Global") != "true" ||
			rec.Header().Get(proxy.GeneratedHeader) != "true" {
			t.Fatalf("past the global limit: %d %v", rec.Code, rec.Header())
		}
		for _, p := range []string{"/api/v10/interactions/5/aW50ZXJhY3Rpb246MTIz/callback", "/api/v10/webhooks/6/aW50ZXJhY3Rpb246MTIz"} {
			if rec := do(h, "POST", p, `{"type":4}`); rec.Code != 200 {
				t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
			}
		}
		if n := u.n.Load(); n != 3 {
			t.Fatalf("%d requests reached Discord, want 3", n)
		}
	})
}
