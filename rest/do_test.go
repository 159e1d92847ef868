package rest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

func TestNewValidates(t *testing.T) {
	for _, tc := range []struct {
		token string
		opts  *rest.Options
		want  string
	}{
		{"", nil, "empty token"},
		{"Bot ", nil, "empty token"},
		{"abc def", nil, "whitespace"},
		{"abc\ndef", nil, "whitespace"},
		{"tok", &rest.Options{BaseURL: "ftp://x"}, "scheme"},
		{"tok", &rest.Options{BaseURL: "http://"}, "no host"},
		{"tok", &rest.Options{BaseURL: "::bad"}, "BaseURL"},
		{"tok", &rest.Options{BaseURL: "https://x/api?q=1"}, "query"},
		{"tok", &rest.Options{MaxRetries: 1000}, "MaxRetries"},
		{"tok", &rest.Options{RetryBackoff: -1}, "negative"},
		{"tok", &rest.Options{UserAgent: "a\r\nX: y"}, "line break"},
	} {
		_, err := rest.New(tc.token, tc.opts)
		assert.ErrorIs(t, err, rest.ErrInvalidOptions)
		assert.Contains(t, err.Error(), tc.want)
	}
	c, err := rest.New("Bot abc", nil)
	assert.Success(t, err)
	assert.Equal(t, "string", c.String(), "rest.Client{https://discord.com/api/v10}")
}

func TestRequestShape(t *testing.T) {
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "method", r.Method, "PATCH")
		assert.Equal(t, "path", r.URL.EscapedPath(), "/api/v10/channels/123/messages/456")
		assert.Equal(t, "query", r.URL.Query().Get("with_counts"), "true")
		assert.Equal(t, "auth", r.Header.Get("Authorization"), "Bot "+testToken)
		assert.Equal(t, "ua", r.Header.Get("User-Agent"), rest.DefaultUserAgent)
		assert.Equal(t, "ct", r.Header.Get("Content-Type"), "application/json")
		assert.Equal(t, "reason", r.Header.Get("X-Audit-Log-Reason"), "spam%20%26%20%C3%A9moji%20%F0%9F%90%81")
		reason, _ := url.PathUnescape(r.Header.Get("X-Audit-Log-Reason"))
		assert.Equal(t, "reason decoded", reason, "spam & émoji 🐁")
		assert.Equal(t, "body", readAll(t, r.Body), `{"content":"hi"}`)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"456","content":"hi"}`)
	}, nil)
	var out struct {
		ID      string `json:"id"`
		Content string `json:"content"`
	}
	err := c.Do(t.Context(), &rest.Request{
		Route:  rest.RouteEditMessage,
		Params: []string{"123", "456"},
		Query:  url.Values{"with_counts": {"true"}},
		Body:   map[string]string{"content": "hi"},
		Reason: "spam & émoji 🐁",
		Result: &out,
	})
	assert.Success(t, err)
	assert.Equal(t, "id", out.ID, "456")
}

func TestBadRequestsRefusedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) { sent.Add(1) }, nil)
	cases := []struct {
		req  *rest.Request
		want string
	}{
		{nil, "nil *Request"},
		{&rest.Request{Route: rest.RouteGetChannel}, "needs a value for {channel_id}"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"1", "2"}}, "takes 1 values, 2 given"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"0"}}, "channel_id: is empty"},
		{&rest.Request{Route: rest.Route{Method: "FETCH", Path: "/x"}}, "Route.Method"},
		{&rest.Request{Route: rest.Route{Method: "GET", Path: "x"}}, "Route.Path"},
		{&rest.Request{Route: rest.Route{Method: "GET", Path: "/x/{a"}, Params: []string{"1"}}, "unmatched {"},
		{&rest.Request{Route: rest.Route{Method: "GET", Path: "/x/{a}", Major: "b"}, Params: []string{"1"}}, "Route.Major"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}, Reason: strings.Repeat("x", 513)}, "reason"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}, Body: make(chan int)}, "JSON"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}, Body: (*rest.CreateMessageParams)(nil)}, "body: is a nil"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}, Result: struct{}{}}, "result: must be a non-nil pointer"},
		{&rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}, Result: (*int)(nil)}, "result: must be a non-nil pointer"},
		{&rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"}, Files: make([]rest.File, 11)}, "at most 10"},
		{&rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"}, Files: []rest.File{{Name: "a"}}}, "Open is nil"},
		{&rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"}, Files: []rest.File{rest.NewFile("", nil)}}, "no Name"},
		{&rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"},
			Files: []rest.File{rest.NewFile("a", nil), rest.NewFile("a", nil)}}, "used twice"},
		{&rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"},
			Files: []rest.File{rest.NewFileReaderAt("big.bin", strings.NewReader(""), 26<<20)}}, "upload limit"},
	}
	for _, tc := range cases {
		err := c.Do(t.Context(), tc.req)
		assert.ErrorIs(t, err, rest.ErrInvalidRequest)
		assert.Contains(t, err.Error(), tc.want)
	}
	assert.Equal(t, "requests sent", sent.Load(), int32(0))
}

func TestErrorReply(t *testing.T) {
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		fmt.Fprint(w, `{"code":50035,"message":"Invalid Form Body","errors":{"embeds":{"0":{"title":{"_errors":[
			{"code":"BASE_TYPE_REQUIRED","message":"This field is required"}]}}},
			"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}}`)
	}, nil)
	err := c.Do(t.Context(), &rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"}, Body: map[string]int{}})
	var e *rest.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *rest.Error, got %v", err)
	}
	assert.Equal(t, "status", e.Status, 400)
	assert.Equal(t, "code", e.Code, 50035)
	assert.Equal(t, "fields", e.Errors, []rest.FieldError{
		{Path: "embeds.0.title", Code: "BASE_TYPE_REQUIRED", Message: "This field is required"},
		{Path: "content", Code: "BASE_TYPE_MAX_LENGTH", Message: "Must be 2000 or fewer in length."},
	})
	assert.ErrorIs(t, err, rest.ErrInvalidFormBody)
	if errors.Is(err, rest.ErrUnknownChannel) {
		t.Fatal("50035 matched ErrUnknownChannel")
	}
	assert.Contains(t, err.Error(), "embeds.0.title: BASE_TYPE_REQUIRED This field is required")
	assert.Contains(t, err.Error(), "POST /channels/{channel_id}/messages")
}

func TestSentinels(t *testing.T) {
	for _, tc := range []struct {
		status, code int
		target       error
	}{
		{404, 10003, rest.ErrUnknownChannel},
		{404, 10004, rest.ErrUnknownGuild},
		{404, 10008, rest.ErrUnknownMessage},
		{403, 50001, rest.ErrMissingAccess},
		{403, 50013, rest.ErrMissingPermissions},
		{401, 0, rest.ErrUnauthorized},
		{404, 10008, rest.ErrNotFound},
	} {
		c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			if tc.code != 0 {
				fmt.Fprintf(w, `{"code":%d,"message":"x"}`, tc.code)
			} else {
				fmt.Fprint(w, `<html>cloudflare</html>`)
			}
		}, nil)
		err := c.Do(t.Context(), &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}})
		assert.ErrorIs(t, err, tc.target)
	}
}

func TestRetries(t *testing.T) {
	type step struct {
		status int
		body   string
		hdr    map[string]string
	}
	cases := []struct {
		name      string
		route     rest.Route
		idem      bool
		steps     []step
		wantCalls int
		wantErr   bool
	}{
		{"429 then ok", rest.RouteGetChannel, false, []step{{429, `{"retry_after":0.01,"global":false}`,
			map[string]string{"X-RateLimit-Scope": "user"}}, {200, `{}`, nil}}, 2, false},
		{"429 POST retried too", rest.RouteCreateMessage, false, []step{{429, `{"retry_after":0.01}`,
			map[string]string{"X-RateLimit-Scope": "shared"}}, {200, `{}`, nil}}, 2, false},
		{"502 GET retried", rest.RouteGetChannel, false, []step{{502, ``, nil}, {503, ``, nil}, {200, `{}`, nil}}, 3, false},
		{"502 POST not retried", rest.RouteCreateMessage, false, []step{{502, ``, nil}, {200, `{}`, nil}}, 1, true},
		{"502 idempotent POST retried", rest.RouteCreateMessage, true, []step{{502, ``, nil}, {200, `{}`, nil}}, 2, false},
		{"500 GET retried", rest.RouteGetChannel, false, []step{{500, ``, nil}, {200, `{}`, nil}}, 2, false},
		{"500 POST not retried", rest.RouteCreateMessage, false, []step{{500, ``, nil}, {200, `{}`, nil}}, 1, true},
		{"500 idempotent POST retried", rest.RouteCreateMessage, true, []step{{500, ``, nil}, {200, `{}`, nil}}, 2, false},
		{"501 idempotent POST retried", rest.RouteCreateMessage, true, []step{{501, ``, nil}, {200, `{}`, nil}}, 2, false},
		{"capped", rest.RouteGetChannel, false, []step{{503, ``, nil}, {503, ``, nil}, {503, ``, nil}, {503, ``, nil},
			{503, ``, nil}, {200, `{}`, nil}}, 4, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int32
				c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
					s := tc.steps[calls.Add(1)-1]
					for k, v := range s.hdr {
						w.Header().Set(k, v)
					}
					w.WriteHeader(s.status)
					fmt.Fprint(w, s.body)
				}, &rest.Options{RetryBackoff: 100 * time.Millisecond})
				err := c.Do(t.Context(), &rest.Request{Route: tc.route, Params: []string{"1"}, Idempotent: tc.idem})
				assert.Equal(t, "calls", int(calls.Load()), tc.wantCalls)
				assert.Equal(t, "failed", err != nil, tc.wantErr)
			})
		})
	}
}

func TestRateLimitWaitRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Scope", "user")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"message":"You are being rate limited.","retry_after":30,"global":false}`)
		}, nil)
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		err := c.Do(ctx, &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}})
		var rle *rest.RateLimitError
		if !errors.As(err, &rle) {
			t.Fatalf("want *RateLimitError, got %v", err)
		}
		assert.Equal(t, "retry after", rle.RetryAfter, 30*time.Second)
		assert.Equal(t, "scope", rle.Scope, ratelimit.ScopeUser)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		// The limiter learned the pause: the next call fails fast, before sending.
		err = c.Do(ctx, &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		if !errors.As(err, &rle) {
			t.Fatalf("want *RateLimitError, got %v", err)
		}
	})
}

func TestMultipartReplayedOnRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		var opens atomic.Int32
		c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
			mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			assert.Success(t, err)
			assert.Equal(t, "media type", mt, "multipart/form-data")
			if r.ContentLength <= 0 {
				t.Errorf("Content-Length %d, want the exact size", r.ContentLength)
			}
			mr := multipart.NewReader(r.Body, params["boundary"])
			var parts []string
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				assert.Success(t, err)
				content := readAll(t, p)
				if len(content) > 40 {
					content = fmt.Sprintf("%d bytes of %q", len(content), content[:1])
				}
				parts = append(parts, p.FormName()+"|"+p.FileName()+"|"+p.Header.Get("Content-Type")+"|"+content)
			}
			assert.Equal(t, "parts", parts, []string{
				`payload_json||application/json|{"content":"files"}`,
				"files[0]|a.txt|text/plain; charset=utf-8|hello",
				`files[1]|b.png|image/png|100000 bytes of "x"`,
			})
			if calls.Add(1) == 1 {
				w.WriteHeader(429)
				fmt.Fprint(w, `{"retry_after":0.5}`)
			}
		}, nil)
		big := strings.Repeat("x", 100000)
		err := c.Do(t.Context(), &rest.Request{
			Route: rest.RouteCreateMessage, Params: []string{"1"},
			Body: map[string]string{"content": "files"},
			Files: []rest.File{
				rest.NewFile("a.txt", []byte("hello")),
				rest.NewFileFunc("b.png", int64(len(big)), func() (io.ReadCloser, error) {
					opens.Add(1)
					return io.NopCloser(strings.NewReader(big)), nil
				}),
			},
		})
		assert.Success(t, err)
		assert.Equal(t, "calls", calls.Load(), int32(2))
		assert.Equal(t, "opens", opens.Load(), int32(2))
	})
}

func TestFileSizeMismatch(t *testing.T) {
	for _, tc := range []struct {
		content string
		want    string
	}{
		{"short", "has 5 bytes, its Size says 10"},
		{"much too long!", "longer than its Size 10"},
	} {
		var readErr error
		c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
			_, readErr = io.Copy(io.Discard, r.Body)
		}, nil)
		c.Do(t.Context(), &rest.Request{Route: rest.RouteCreateMessage, Params: []string{"1"},
			Files: []rest.File{rest.NewFileFunc("a", 10, func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader(tc.content)), nil
			})}})
		assert.Error(t, readErr)
		assert.Contains(t, readErr.Error(), tc.want)
	}
}

// TestTokenNeverLeaks drives every failure path with a webhook token in the
// path and checks errors and logs.
func TestTokenNeverLeaks(t *testing.T) {
	const hookToken = "hookSECRETtoken123"
	fail := []func(w http.ResponseWriter, r *http.Request){
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"code":50035,"message":"bad"}`)
		},
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(429)
			fmt.Fprint(w, `{"retry_after":1000}`)
		},
		func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) },
		func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200); fmt.Fprint(w, `{not json`) },
	}
	for i, h := range fail {
		c, logs := newClient(t, h, &rest.Options{MaxRetries: 1})
		var out map[string]any
		err := c.Do(t.Context(), &rest.Request{Route: rest.RouteExecuteWebhook, Params: []string{"99", hookToken},
			Query: url.Values{"wait": {"true"}}, Result: &out})
		assert.Error(t, err)
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v %#v", err, err), logs.String(),
			fmt.Sprint(c), fmt.Sprintf("%+v %#v %s", c, c, c)} {
			if strings.Contains(s, hookToken) || strings.Contains(s, testToken) {
				t.Fatalf("case %d: a token leaked: %s", i, s)
			}
		}
	}
	// A transport whose error quotes the URL and the Authorization header.
	leaky := doerFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("dial failed for %s with %s", r.URL, r.Header.Get("Authorization"))
	})
	c, err := rest.New(testToken, &rest.Options{HTTPClient: leaky, MaxRetries: -1, BaseURL: "http://x"})
	assert.Success(t, err)
	err = c.Do(t.Context(), &rest.Request{Route: rest.RouteExecuteWebhook, Params: []string{"99", hookToken}})
	assert.Error(t, err)
	if s := err.Error(); strings.Contains(s, hookToken) || strings.Contains(s, testToken) {
		t.Fatalf("a token leaked from a transport error: %s", s)
	}
	assert.Contains(t, err.Error(), "[redacted]")
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestCancelledWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Limit", "1")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset-After", "60")
			w.Header().Set("X-RateLimit-Bucket", "b")
			fmt.Fprint(w, `{}`)
		}, nil)
		req := &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}}
		assert.Success(t, c.Do(t.Context(), req))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- c.Do(ctx, req) }()
		synctest.Wait()
		cancel()
		err := <-done
		assert.ErrorIs(t, err, context.Canceled)
		stats := c.Limiter().(*ratelimit.RESTLimiter).Stats()
		assert.Equal(t, "in flight", stats.InFlight, 0)
	})
}

func TestDecodeIntoJSON(t *testing.T) {
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }, nil)
	var out map[string]any
	assert.Success(t, c.Do(t.Context(), &rest.Request{Route: rest.RouteDeleteChannel, Params: []string{"5"}, Result: &out}))
	assert.Equal(t, "untouched", out == nil, true)
	_ = json.Marshal
}

func TestNoRetriesWhenDisabled(t *testing.T) {
	var calls atomic.Int32
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(503)
	}, &rest.Options{MaxRetries: -1})
	err := c.Do(t.Context(), &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}})
	var e *rest.Error
	if !errors.As(err, &e) || e.Status != 503 {
		t.Fatalf("want a 503 *rest.Error, got %v", err)
	}
	assert.Equal(t, "calls", calls.Load(), int32(1))
}

func TestListPins(t *testing.T) {
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "path", r.URL.Path, "/api/v10/channels/7/messages/pins")
		assert.Equal(t, "limit", r.URL.Query().Get("limit"), "10")
		fmt.Fprint(w, `{"items":[{"pinned_at":"2026-01-02T03:04:05.000000+00:00","message":{"id":"9","content":"pinned"}}],"has_more":true}`)
	}, nil)
	p, err := c.ListPins(t.Context(), 7, discord.Timestamp{}, 10)
	assert.Success(t, err)
	assert.Equal(t, "items", len(p.Items), 1)
	assert.Equal(t, "content", p.Items[0].Message.Content, "pinned")
	assert.Equal(t, "more", p.HasMore, true)
	_, err = c.ListPins(t.Context(), 7, discord.Timestamp{}, 51)
	assert.ErrorIs(t, err, rest.ErrInvalidRequest)
}

// TestUnauthorizedSaysWhereToGetAToken: a 401 names the cause and the
// Developer Portal, and never echoes the token.
func TestUnauthorizedSaysWhereToGetAToken(t *testing.T) {
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message":"401: Unauthorized","code":0}`)
	}, nil)
	err := c.Do(t.Context(), &rest.Request{Route: rest.RouteGetChannel, Params: []string{"1"}})
	assert.ErrorIs(t, err, rest.ErrUnauthorized)
	assert.Contains(t, err.Error(), "the bot token is invalid")
	assert.Contains(t, err.Error(), "https://discord.com/developers/applications")
}
