package rest_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/scurrygo/scurry/rest"
)

// testToken is a fake bot token; tests check it never leaks.
const testToken = "MTIzNDU2Nzg5.secret-TOKEN-value_xyz"

// handlerDoer runs an http.Handler in memory, in the caller's goroutine, so
// tests work inside testing/synctest.
type handlerDoer struct{ h http.Handler }

func (d handlerDoer) Do(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, err
	}
	rec := httptest.NewRecorder()
	if r.Body == nil {
		r.Body = http.NoBody // as a server sees it
	}
	d.h.ServeHTTP(rec, r)
	if r.Body != nil {
		r.Body.Close()
	}
	return rec.Result(), nil
}

// logBuffer collects log output so tests can check it for tokens.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newClient(t *testing.T, h http.HandlerFunc, opts *rest.Options) (*rest.Client, *logBuffer) {
	t.Helper()
	var o rest.Options
	if opts != nil {
		o = *opts
	}
	logs := &logBuffer{}
	o.BaseURL = "http://discord.test/api/v10"
	o.HTTPClient = handlerDoer{h}
	o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if o.RetryBackoff == 0 {
		o.RetryBackoff = 1 // tests need no real backoff
	}
	c, err := rest.New(testToken, &o)
	if err != nil {
		t.Fatal(err)
	}
	return c, logs
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var _ = context.Background
