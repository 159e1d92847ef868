package discordtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

const testUA = "DiscordBot (https://github.com/scurrygo/scurry, 0.0.1)"

type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// call sends one REST request with the bot token and a proper User-Agent
// unless hdr overrides them ("" deletes a header).
func call(tb testing.TB, s *Server, method, path string, body any, hdr ...string) resp {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(bg(tb), method, s.URL()+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+s.Token())
	req.Header.Set("User-Agent", testUA)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	res, err := s.Client().Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp{res.StatusCode, res.Header, b}
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

func newRequest(ctx context.Context, s *Server, method, path string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.URL()+path, nil)
	if err == nil {
		req.Header.Set("Authorization", "Bot "+s.Token())
		req.Header.Set("User-Agent", testUA)
	}
	return req, err
}
