package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/ratelimit"
)

// Request is one call to Discord's API, for Client.Do. The typed methods build
// these; call Do directly for endpoints they do not cover.
type Request struct {
	// Route is the endpoint. Required.
	Route Route
	// Params fills the route's {placeholders}, in order. Values are
	// path-escaped.
	Params []string
	// Query is appended to the URL.
	Query url.Values
	// Body is encoded as JSON when not nil. With Files, it becomes the
	// payload_json part.
	Body any
	// Files makes the request multipart/form-data: payload_json plus
	// files[0]..files[n-1].
	Files []File
	// Form adds plain multipart/form-data fields, sent before the files, for
	// the operations whose body is only multipart (Create Guild Sticker).
	Form map[string]string
	// Reason is sent as X-Audit-Log-Reason (1-512 characters), URL-encoded.
	Reason string
	// Result, a pointer, receives the JSON of a successful reply. Nil discards
	// it.
	Result any
	// Idempotent marks a POST as safe to send twice (a message create with
	// nonce and enforce_nonce), so any 5xx and transport errors may be
	// retried.
	// GET, PUT, PATCH and DELETE always are.
	Idempotent bool
}

// maxReplySize bounds how much of a reply is read (a 1000-member list is about
// 1 MB).
const maxReplySize = 64 << 20

// maxErrorSize bounds how much of an error reply is read.
const maxErrorSize = 1 << 20

// Do sends req, waiting on the limiter before each attempt, and decodes the
// reply into req.Result. It returns *Error for Discord's error replies,
// *RateLimitError when a rate-limit wait is refused, *InputError before
// sending anything when req is malformed, and ctx's error (wrapped) when ctx
// ends. Retries follow Options.MaxRetries: 429s always (Discord did not act
// on the request), any 5xx and transport errors only when the request is safe
// to repeat. A connection that could not be made (a dial error: nothing was
// sent) gives its rate-limit slot back at once and is returned without retry.
func (c *Client) Do(ctx context.Context, req *Request) error {
	if req == nil {
		return inputErr("request", "", "nil *Request")
	}
	if ctx == nil {
		return inputErr("request", "", "nil context.Context")
	}
	rt, err := req.Route.compile(req.Params)
	if err != nil {
		return err
	}
	p, err := c.prepare(req, rt)
	if err != nil {
		return err
	}
	return c.send(ctx, req, p)
}

// prepared is everything about a request that is the same on every attempt.
type prepared struct {
	url         string
	key         ratelimit.RouteKey
	method      string
	route       string // path template, safe to log
	json        []byte
	multipart   *multipartBody
	contentType string
	reason      string
	safe        bool
	secrets     []string // token values that must not appear in errors
}

func (c *Client) prepare(req *Request, rt compiled) (*prepared, error) {
	op := req.Route.String()
	p := &prepared{
		url:     c.base + rt.path,
		key:     rt.key,
		method:  req.Route.Method,
		route:   req.Route.Path,
		safe:    req.Route.Method != "POST" || req.Idempotent,
		secrets: append(rt.secrets, c.auth.v, c.auth.v[strings.IndexByte(c.auth.v, ' ')+1:]),
	}
	if len(req.Query) > 0 {
		p.url += "?" + req.Query.Encode()
	}
	if req.Reason != "" {
		if n := len([]rune(req.Reason)); n > maxReason {
			return nil, inputErr(op, "reason", "is %d characters, the limit is %d", n, maxReason)
		}
		// Percent-encode everything but unreserved characters; QueryEscape's
		// "+" for space is not what Discord decodes.
		p.reason = strings.ReplaceAll(url.QueryEscape(req.Reason), "+", "%20")
	}
	if req.Result != nil {
		if v := reflect.ValueOf(req.Result); v.Kind() != reflect.Pointer || v.IsNil() {
			return nil, inputErr(op, "result", "must be a non-nil pointer, got %T", req.Result)
		}
	}
	if req.Body != nil {
		if v := reflect.ValueOf(req.Body); v.Kind() == reflect.Pointer && v.IsNil() {
			return nil, inputErr(op, "body", "is a nil %T", req.Body)
		}
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, inputErr(op, "body", "cannot be encoded as JSON: %v", err)
		}
		p.json, p.contentType = b, "application/json"
	}
	if len(req.Files) > 0 {
		if err := checkFiles(op, req.Files, c.maxUpload); err != nil {
			return nil, err
		}
		m, err := newMultipart(p.json, req.Form, req.Files, c.maxUpload)
		if err != nil {
			return nil, inputErr(op, "files", "cannot build the multipart body: %v", err)
		}
		if m.length > c.maxUpload {
			return nil, inputErr(op, "files", "the request is %d bytes, the upload limit is %d", m.length, c.maxUpload)
		}
		p.multipart, p.json, p.contentType = m, nil, m.contentType
	}
	return p, nil
}

// newHTTPRequest builds one attempt's request with a fresh body.
func (c *Client) newHTTPRequest(ctx context.Context, p *prepared) (*http.Request, error) {
	var body io.Reader
	if p.json != nil {
		body = bytes.NewReader(p.json)
	}
	r, err := http.NewRequestWithContext(ctx, p.method, p.url, body)
	if err != nil {
		return nil, fmt.Errorf("rest: %s %s: build request: %w", p.method, p.route, redact(err, p))
	}
	if p.multipart != nil {
		m := p.multipart
		r.Body = m.open()
		r.ContentLength = m.length
		r.GetBody = func() (io.ReadCloser, error) { return m.open(), nil }
	}
	r.Header.Set("Authorization", c.auth.v)
	r.Header.Set("User-Agent", c.ua)
	if p.contentType != "" {
		r.Header.Set("Content-Type", p.contentType)
	}
	if p.reason != "" {
		r.Header.Set("X-Audit-Log-Reason", p.reason)
	}
	return r, nil
}

func (c *Client) send(ctx context.Context, req *Request, p *prepared) error {
	for attempt := 1; ; attempt++ {
		permit, err := c.limiter.Acquire(ctx, p.key)
		if err != nil {
			var we *ratelimit.WaitError
			if errors.As(err, &we) {
				return &RateLimitError{Method: p.method, Route: p.route, RetryAfter: we.Wait, Global: we.Global,
					Reason: "the wait would pass the context deadline", Err: err}
			}
			return fmt.Errorf("rest: %s %s: %w", p.method, p.route, err)
		}
		hreq, err := c.newHTTPRequest(ctx, p)
		if err != nil {
			permit.Cancel()
			return err
		}
		start := time.Now()
		resp, err := c.doer.Do(hreq)
		if hreq.Body != nil {
			hreq.Body.Close() // idempotent; makes sure files are closed
		}
		if err != nil {
			unsent := neverSent(err)
			if unsent {
				permit.Cancel() // nothing reached Discord: the slot is free again
			} else {
				permit.Done(ratelimit.Headers{})
			}
			err = redact(err, p)
			if ctx.Err() != nil {
				return fmt.Errorf("rest: %s %s: %w", p.method, p.route, ctx.Err())
			}
			if unsent {
				// Fail fast: a host that refuses connections or cannot be
				// resolved is not helped by retrying within milliseconds.
				c.log.LogAttrs(ctx, slog.LevelDebug, "rest: connection failed, nothing sent", slog.String("method", p.method),
					slog.String("route", p.route), slog.Int("attempt", attempt), slog.String("error", err.Error()))
				return fmt.Errorf("rest: %s %s: nothing sent: %w", p.method, p.route, err)
			}
			c.log.LogAttrs(ctx, slog.LevelDebug, "rest: transport error", slog.String("method", p.method),
				slog.String("route", p.route), slog.Int("attempt", attempt), slog.String("error", err.Error()))
			if p.safe && attempt <= c.maxRetries {
				if werr := c.backoffWait(ctx, attempt); werr != nil {
					return fmt.Errorf("rest: %s %s: %w (after %w)", p.method, p.route, werr, err)
				}
				continue
			}
			return fmt.Errorf("rest: %s %s: %w", p.method, p.route, err)
		}
		retry, err := c.handle(ctx, req, p, permit, resp, attempt, start)
		if !retry {
			return err
		}
	}
}

// handle consumes one reply. It reports whether to try again (after any wait
// it did), or the call's result.
func (c *Client) handle(ctx context.Context, req *Request, p *prepared, permit ratelimit.Permit,
	resp *http.Response, attempt int, start time.Time) (bool, error) {
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		resp.Body.Close()
	}()
	h := parseHeaders(resp.StatusCode, resp.Header)
	status := resp.StatusCode
	if status >= 200 && status < 300 {
		permit.Done(h)
		c.log.LogAttrs(ctx, slog.LevelDebug, "rest: request", slog.String("method", p.method),
			slog.String("route", p.route), slog.Int("status", status), slog.String("bucket", h.Bucket),
			slog.Int("attempt", attempt), slog.Duration("took", time.Since(start)))
		if req.Result == nil || status == http.StatusNoContent {
			return false, nil
		}
		if err := json.UnmarshalRead(io.LimitReader(resp.Body, maxReplySize), req.Result); err != nil {
			return false, fmt.Errorf("rest: %s %s: decode reply: %w", p.method, p.route, err)
		}
		return false, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorSize))
	apiErr, eb := parseErrorBody(status, p.method, p.route, body)
	if status == http.StatusTooManyRequests {
		if eb.RetryAfter > 0 {
			h.RetryAfter = secondsToDuration(eb.RetryAfter)
		}
		if h.RetryAfter == 0 {
			h.RetryAfter = max(h.ResetAfter, time.Second)
		}
		h.Global = h.Global || eb.Global
		if !eb.JSON && h.Bucket == "" && h.Scope == "" {
			// Not Discord's answer but Cloudflare's: the IP is banned for too
			// many invalid requests. Everything must stop, not one route.
			h.Global = true
		}
		permit.Done(h)
		c.log.LogAttrs(ctx, slog.LevelWarn, "rest: 429 rate limited", slog.String("method", p.method),
			slog.String("route", p.route), slog.String("bucket", h.Bucket), slog.String("scope", string(h.Scope)),
			slog.Bool("global", h.Global), slog.Duration("retry_after", h.RetryAfter), slog.Int("attempt", attempt))
		rle := &RateLimitError{Method: p.method, Route: p.route, RetryAfter: h.RetryAfter, Global: h.Global,
			Scope: h.Scope, Err: apiErr}
		switch {
		case attempt > c.maxRetries:
			rle.Reason = fmt.Sprintf("still limited after %d attempts", attempt)
			return false, rle
		case h.RetryAfter > c.maxWait:
			rle.Reason = fmt.Sprintf("the wait is longer than MaxRateLimitWait (%v)", c.maxWait)
			return false, rle
		}
		if deadline, ok := ctx.Deadline(); ok && h.RetryAfter > time.Until(deadline) {
			rle.Reason = "the wait would pass the context deadline"
			rle.Err = errors.Join(apiErr, context.DeadlineExceeded)
			return false, rle
		}
		if err := sleep(ctx, h.RetryAfter); err != nil {
			return false, fmt.Errorf("rest: %s %s: %w", p.method, p.route, err)
		}
		return true, nil
	}
	permit.Done(h)
	c.log.LogAttrs(ctx, slog.LevelDebug, "rest: request", slog.String("method", p.method),
		slog.String("route", p.route), slog.Int("status", status), slog.Int("code", apiErr.Code),
		slog.Int("attempt", attempt), slog.Duration("took", time.Since(start)))
	if status >= 500 && p.safe && attempt <= c.maxRetries {
		if err := c.backoffWait(ctx, attempt); err != nil {
			return false, fmt.Errorf("rest: %s %s: %w (after %w)", p.method, p.route, err, apiErr)
		}
		return true, nil
	}
	return false, apiErr
}

// backoffWait sleeps before retry number attempt: RetryBackoff doubled per
// attempt, capped at 16x, with jitter in [d/2, d].
func (c *Client) backoffWait(ctx context.Context, attempt int) error {
	d := c.backoff << min(attempt-1, 4)
	d = d/2 + rand.N(d/2+1)
	return sleep(ctx, d)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// redact replaces the URL in a transport error (which may contain a webhook
// or interaction token) with the route template, and if a token still shows
// in the message (a Doer that quotes headers, say), replaces the whole error
// with a scrubbed copy.
func redact(err error, p *prepared) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = &url.Error{Op: ue.Op, URL: p.route, Err: ue.Err}
	}
	msg := err.Error()
	dirty := false
	for _, s := range p.secrets {
		if s != "" && strings.Contains(msg, s) {
			msg, dirty = strings.ReplaceAll(msg, s, "[redacted]"), true
		}
	}
	if dirty {
		return &scrubbedError{msg: msg, orig: err}
	}
	return err
}

// scrubbedError is a transport error whose text held a token. It does not
// unwrap (the original's text would leak), but answers errors.Is for it.
type scrubbedError struct {
	msg  string
	orig error
}

func (e *scrubbedError) Error() string { return e.msg }

func (e *scrubbedError) Is(target error) bool { return errors.Is(e.orig, target) }
