package interactions_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

func okHandler(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
	return interactions.Text("pong"), nil
}

func TestNewHandlerRejectsBadKeys(t *testing.T) {
	pub, _ := newKey(t)
	opts := &interactions.Options{Handler: okHandler}
	for name, key := range map[string]string{
		"empty": "", "not hex": "zz" + hexKey(pub)[2:], "short": hexKey(pub)[:62], "long": hexKey(pub) + "00",
	} {
		_, err := interactions.NewHandler(key, opts)
		if err == nil {
			t.Fatalf("%s key accepted", name)
		}
		assert.Contains(t, err.Error(), "interactions: public key")
	}
	_, err := interactions.NewHandler(pub[:10], opts)
	assert.Error(t, err)
	_, err = interactions.NewHandler(pub, nil)
	assert.Contains(t, err.Error(), "Handler is required")
	_, err = interactions.NewHandler(hexKey(pub), opts)
	assert.Success(t, err)
	_, err = interactions.NewHandler(pub, opts)
	assert.Success(t, err)
}

func TestEndpointRefusesBadRequests(t *testing.T) {
	pub, priv := newKey(t)
	_, otherPriv := newKey(t)
	var ran bool
	h, err := interactions.NewHandler(hexKey(pub), &interactions.Options{
		Handler: func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
			ran = true
			return interactions.Text("x"), nil
		},
		MaxBodyBytes: 4096,
	})
	assert.Success(t, err)
	now := time.Now()
	body := commandBody("ping", "")
	other := commandBody("admin", "")
	big := append(append([]byte(`{"id":"1","application_id":"2","type":2,"token":"t","x":"`), bytes.Repeat([]byte("a"), 5000)...), `"}`...)

	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"good", func() *http.Request { return signed(priv, now, body) }, 200},
		{"bad signature (other key)", func() *http.Request { return signed(otherPriv, now, body) }, 401},
		{"garbled signature", func() *http.Request {
			r := signed(priv, now, body)
			r.Header.Set(interactions.HeaderSignature, "nothex")
			return r
		}, 401},
		{"stale", func() *http.Request { return signed(priv, now.Add(-6*time.Minute), body) }, 401},
		{"future", func() *http.Request { return signed(priv, now.Add(6*time.Minute), body) }, 401},
		{"replayed with another body", func() *http.Request {
			r := signed(priv, now, body)
			r2 := signed(priv, now, other)
			r2.Header = r.Header.Clone()
			return r2
		}, 401},
		{"timestamp swapped", func() *http.Request {
			r := signed(priv, now, body)
			r.Header.Set(interactions.HeaderTimestamp, r.Header.Get(interactions.HeaderTimestamp)+"1")
			return r
		}, 401},
		{"missing signature", func() *http.Request {
			r := signed(priv, now, body)
			r.Header.Del(interactions.HeaderSignature)
			return r
		}, 401},
		{"missing timestamp", func() *http.Request {
			r := signed(priv, now, body)
			r.Header.Del(interactions.HeaderTimestamp)
			return r
		}, 401},
		{"oversized, declared", func() *http.Request { return signed(priv, now, big) }, 413},
		{"oversized, chunked", func() *http.Request {
			r := signed(priv, now, big)
			r.ContentLength = -1
			return r
		}, 413},
		{"wrong method", func() *http.Request {
			r := signed(priv, now, body)
			r.Method = http.MethodGet
			return r
		}, 405},
		{"wrong content type", func() *http.Request {
			r := signed(priv, now, body)
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 415},
		{"signed garbage", func() *http.Request { return signed(priv, now, []byte(`{"type":`)) }, 400},
		{"signed interaction without token", func() *http.Request {
			return signed(priv, now, []byte(`{"id":"1","application_id":"2","type":2}`))
		}, 400},
	}
	for _, tc := range tests {
		ran = false
		w := httptest.NewRecorder()
		h.ServeHTTP(w, tc.req())
		if w.Code != tc.want {
			t.Fatalf("%s: status %d, want %d (%s)", tc.name, w.Code, tc.want, w.Body)
		}
		if tc.want != 200 && ran {
			t.Fatalf("%s: handler ran for a refused request", tc.name)
		}
		if tc.want == 405 {
			assert.Equal(t, "Allow", w.Header().Get("Allow"), "POST")
		}
	}
}

func TestEndpointRefusesExactReplays(t *testing.T) {
	pub, priv := newKey(t)
	runs := 0
	h := func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
		runs++
		return interactions.Text("x"), nil
	}
	e, err := interactions.NewHandler(pub, &interactions.Options{Handler: h})
	assert.Success(t, err)
	now := time.Now()
	first := signed(priv, now, commandBody("ping", ""))
	again := signed(priv, now, commandBody("ping", "")) // same bytes, same signature
	w := httptest.NewRecorder()
	e.ServeHTTP(w, first)
	assert.Equal(t, "first", w.Code, 200)
	w = httptest.NewRecorder()
	e.ServeHTTP(w, again)
	assert.Equal(t, "replay", w.Code, 401)
	assert.Equal(t, "handler runs", runs, 1)
	w = httptest.NewRecorder()
	e.ServeHTTP(w, signed(priv, now.Add(time.Second), commandBody("ping", "")))
	assert.Equal(t, "new timestamp, new signature", w.Code, 200)

	off, err := interactions.NewHandler(pub, &interactions.Options{Handler: h, ReplayCacheSize: -1})
	assert.Success(t, err)
	for range 2 {
		w = httptest.NewRecorder()
		off.ServeHTTP(w, signed(priv, now, commandBody("ping", "")))
		assert.Equal(t, "replay check disabled", w.Code, 200)
	}
}

func TestEndpointPingAndInlineAnswer(t *testing.T) {
	pub, priv := newKey(t)
	h, err := interactions.NewHandler(pub, &interactions.Options{Handler: okHandler})
	assert.Success(t, err)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(priv, time.Now(), []byte(pingBody)))
	assert.Equal(t, "ping status", w.Code, 200)
	assert.Equal(t, "pong", w.Body.String(), `{"type":1}`)
	assert.Equal(t, "content type", w.Header().Get("Content-Type"), "application/json")

	w = httptest.NewRecorder()
	h.ServeHTTP(w, signed(priv, time.Now(), commandBody("ping", "")))
	assert.Equal(t, "status", w.Code, 200)
	assert.Equal(t, "answer", w.Body.String(), `{"type":4,"data":{"content":"pong"}}`)
}

func TestEndpointHandlerFailureIs500(t *testing.T) {
	pub, priv := newKey(t)
	for name, h := range map[string]interactions.Handler{
		"error": func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
			return nil, errors.New("boom")
		},
		"panic":   func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) { panic("boom") },
		"nothing": func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) { return nil, nil },
		"over limits": func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
			return interactions.Text(strings.Repeat("x", 2001)), nil
		},
	} {
		e, err := interactions.NewHandler(pub, &interactions.Options{Handler: h})
		assert.Success(t, err)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, signed(priv, time.Now(), commandBody("ping", "")))
		if w.Code != 500 {
			t.Fatalf("%s: status %d, want 500", name, w.Code)
		}
	}
}

// timedRecorder notes when the reply was written (virtual time in synctest).
type timedRecorder struct {
	*httptest.ResponseRecorder
	wroteAt time.Time
}

func (r *timedRecorder) Write(b []byte) (int, error) {
	if r.wroteAt.IsZero() {
		r.wroteAt = time.Now()
	}
	return r.ResponseRecorder.Write(b)
}

func TestEndpointAutoDefer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pub, priv := newKey(t)
		rest := &fakeREST{}
		slow := func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(5 * time.Second) // virtual time
			return interactions.Text("done"), nil
		}
		e, err := interactions.NewHandler(pub, &interactions.Options{Handler: slow, REST: rest})
		assert.Success(t, err)
		start := time.Now()
		w := &timedRecorder{ResponseRecorder: httptest.NewRecorder()}
		e.ServeHTTP(w, signed(priv, start, commandBody("slow", "")))

		assert.Equal(t, "deferral", w.Body.String(), `{"type":5}`)
		assert.Equal(t, "deferred after", w.wroteAt.Sub(start), interactions.DefaultDeferAfter)
		calls := rest.Calls()
		assert.Equal(t, "calls", len(calls), 1)
		assert.Equal(t, "method", calls[0].Method, "edit_original")
		assert.Equal(t, "app", calls[0].ID, discord.Snowflake(200))
		assert.Equal(t, "token", calls[0].Token, "tok-secret")
		assert.Equal(t, "content", calls[0].Msg.Content, "done")
		assert.Equal(t, "edited after", calls[0].At.Sub(start), 5*time.Second)
	})
}

func TestEndpointAutoDeferEphemeralAndComponent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pub, priv := newKey(t)
		rest := &fakeREST{}
		rt := interactions.NewRouter(nil)
		slow := func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(4 * time.Second)
			return interactions.EphemeralText("secret"), nil
		}
		rt.Command("secret", interactions.EphemeralDefer(slow))
		rt.Component("vote:{poll}", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(4 * time.Second)
			return interactions.Text("new message"), nil
		})
		e, err := interactions.NewHandler(pub, &interactions.Options{Handler: rt.Handle, REST: rest})
		assert.Success(t, err)

		w := httptest.NewRecorder()
		e.ServeHTTP(w, signed(priv, time.Now(), commandBody("secret", "")))
		assert.Equal(t, "ephemeral deferral", w.Body.String(), `{"type":5,"data":{"flags":64}}`)
		c := rest.Calls()[0]
		assert.Equal(t, "edit", c.Method, "edit_original")
		assert.Equal(t, "ephemeral flag stripped from edit", c.Msg.Flags, discord.MessageFlags(0))

		comp := []byte(`{"id":"101","application_id":"200","type":3,"token":"t2","version":1,"channel_id":"300",` +
			`"message":{"id":"700","channel_id":"300","content":""},"data":{"custom_id":"vote:7","component_type":2}}`)
		w = httptest.NewRecorder()
		e.ServeHTTP(w, signed(priv, time.Now(), comp))
		assert.Equal(t, "component deferral", w.Body.String(), `{"type":6}`)
		c = rest.Calls()[1]
		assert.Equal(t, "a new message after a deferred update is a follow-up", c.Method, "followup")
		assert.Equal(t, "content", c.Msg.Content, "new message")
	})
}

func TestEndpointRespondThenFollowup(t *testing.T) {
	pub, priv := newKey(t)
	rest := &fakeREST{}
	h := func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		if err := r.Respond(ctx, interactions.DeferMessage(false)); err != nil {
			return nil, err
		}
		if err := r.Respond(ctx, interactions.Text("again")); !errors.Is(err, interactions.ErrAlreadyResponded) {
			return nil, errors.New("second Respond was not refused")
		}
		if _, err := r.EditOriginal(ctx, &discord.InteractionCallbackData{Content: "result"}); err != nil {
			return nil, err
		}
		_, err := r.Followup(ctx, &discord.InteractionCallbackData{Content: "more", Flags: interactions.Ephemeral})
		return nil, err
	}
	e, err := interactions.NewHandler(pub, &interactions.Options{Handler: h, REST: rest})
	assert.Success(t, err)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, signed(priv, time.Now(), commandBody("work", "")))
	assert.Equal(t, "initial", w.Body.String(), `{"type":5}`)
	calls := rest.Calls()
	assert.Equal(t, "calls", len(calls), 2)
	assert.Equal(t, "edit", calls[0].Msg.Content, "result")
	assert.Equal(t, "followup", calls[1].Method, "followup")
}

func TestEndpointOverRealHTTP(t *testing.T) {
	pub, priv := newKey(t)
	e, err := interactions.NewHandler(pub, &interactions.Options{Handler: okHandler})
	assert.Success(t, err)
	srv := httptest.NewServer(e)
	defer srv.Close()
	r := signed(priv, time.Now(), commandBody("ping", ""))
	req, err := http.NewRequest(http.MethodPost, srv.URL, r.Body)
	assert.Success(t, err)
	req.Header = r.Header
	resp, err := srv.Client().Do(req)
	assert.Success(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var got discord.InteractionResponse
	assert.Success(t, json.Unmarshal(b, &got))
	assert.Equal(t, "type", got.Type, discord.CallbackChannelMessageWithSource)
	assert.Equal(t, "content", got.Data.Content, "pong")
}

func TestEndpointCloseCancelsHandlers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pub, priv := newKey(t)
		rest := &fakeREST{}
		started := make(chan struct{})
		h := func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			close(started)
			<-ctx.Done() // a handler that only stops when told to
			return nil, ctx.Err()
		}
		e, err := interactions.NewHandler(pub, &interactions.Options{Handler: h, REST: rest})
		assert.Success(t, err)
		w := httptest.NewRecorder()
		done := make(chan struct{})
		go func() {
			defer close(done)
			e.ServeHTTP(w, signed(priv, time.Now(), commandBody("wait", "")))
		}()
		<-started
		time.Sleep(time.Minute) // deferred long ago
		assert.Success(t, e.Close())
		<-done
		assert.Equal(t, "deferral was sent", w.Body.String(), `{"type":5}`)
		assert.Success(t, e.Close()) // idempotent
		w = httptest.NewRecorder()
		e.ServeHTTP(w, signed(priv, time.Now(), commandBody("wait", "")))
		assert.Equal(t, "closed", w.Code, http.StatusServiceUnavailable)
	})
}

// leakyREST fails every call with an error that quotes the token, as a
// careless client might.
type leakyREST struct{ fakeREST }

func (l *leakyREST) EditOriginalInteractionResponse(_ context.Context, _ discord.Snowflake, token string, _ *discord.InteractionCallbackData) (*discord.Message, error) {
	return nil, errors.New("PATCH /webhooks/200/" + token + "/messages/@original: 404")
}

func (l *leakyREST) CreateInteractionResponse(_ context.Context, _ discord.Snowflake, token string, _ *discord.InteractionResponse) error {
	return errors.New("POST /interactions/100/" + token + "/callback: 500")
}

func TestTokensStayOutOfLogsAndErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pub, priv := newKey(t)
		var logs strings.Builder
		slow := func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(3 * time.Second)
			return interactions.Text("late"), nil
		}
		e, err := interactions.NewHandler(pub, &interactions.Options{Handler: slow, REST: &leakyREST{},
			Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		assert.Success(t, err)
		e.ServeHTTP(httptest.NewRecorder(), signed(priv, time.Now(), commandBody("slow", "")))
		assert.Contains(t, logs.String(), "[token]")
		if strings.Contains(logs.String(), "tok-secret") {
			t.Fatalf("token logged: %s", logs.String())
		}

		rt := interactions.NewRouter(nil)
		rt.Command("slow", slow)
		i, err := interactions.DecodeInteraction(commandBody("slow", ""))
		assert.Success(t, err)
		err = rt.HandleGateway(context.Background(), i, &leakyREST{})
		assert.Error(t, err)
		if strings.Contains(err.Error(), "tok-secret") {
			t.Fatalf("token in error: %v", err)
		}
	})
}
