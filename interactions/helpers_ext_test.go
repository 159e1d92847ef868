package interactions_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
)

func newKey(tb testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return pub, priv
}

func hexKey(pub ed25519.PublicKey) string { return hex.EncodeToString(pub) }

// signed builds a request as Discord sends it.
func signed(priv ed25519.PrivateKey, at time.Time, body []byte) *http.Request {
	sig, ts := interactions.Sign(priv, at, body)
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(interactions.HeaderSignature, sig)
	r.Header.Set(interactions.HeaderTimestamp, ts)
	return r
}

const pingBody = `{"id":"1","application_id":"2","type":1,"token":"x","version":1}`

// commandBody returns an APPLICATION_COMMAND interaction for /name with raw
// options JSON (may be "").
func commandBody(name, options string) []byte {
	s := `{"id":"100","application_id":"200","type":2,"token":"tok-secret","version":1,` +
		`"channel_id":"300","guild_id":"400","member":{"user":{"id":"500","username":"u"},"roles":[]},` +
		`"data":{"id":"600","name":"` + name + `","type":1`
	if options != "" {
		s += `,"options":` + options
	}
	return []byte(s + `}}`)
}

// call is one REST call seen by fakeREST.
type call struct {
	Method string
	ID     discord.Snowflake // interaction, or message id
	Token  string
	Resp   *discord.InteractionResponse
	Msg    *discord.InteractionCallbackData
	At     time.Time
}

// fakeREST records the calls of interactions.REST.
type fakeREST struct {
	mu    sync.Mutex
	calls []call
	seen  chan call // if non-nil, each call is sent here too
}

func (f *fakeREST) add(c call) {
	c.At = time.Now()
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	if f.seen != nil {
		f.seen <- c
	}
}

func (f *fakeREST) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeREST) CreateInteractionResponse(_ context.Context, id discord.Snowflake, token string, resp *discord.InteractionResponse) error {
	f.add(call{Method: "callback", ID: id, Token: token, Resp: resp})
	return nil
}

func (f *fakeREST) EditOriginalInteractionResponse(_ context.Context, app discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	f.add(call{Method: "edit_original", ID: app, Token: token, Msg: msg})
	return &discord.Message{}, nil
}

func (f *fakeREST) DeleteOriginalInteractionResponse(_ context.Context, app discord.Snowflake, token string) error {
	f.add(call{Method: "delete_original", ID: app, Token: token})
	return nil
}

func (f *fakeREST) CreateFollowupMessage(_ context.Context, app discord.Snowflake, token string, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	f.add(call{Method: "followup", ID: app, Token: token, Msg: msg})
	return &discord.Message{ID: 900}, nil
}

func (f *fakeREST) EditFollowupMessage(_ context.Context, app discord.Snowflake, token string, id discord.Snowflake, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	f.add(call{Method: "edit_followup", ID: id, Token: token, Msg: msg})
	return &discord.Message{ID: id}, nil
}

func (f *fakeREST) DeleteFollowupMessage(_ context.Context, app discord.Snowflake, token string, id discord.Snowflake) error {
	f.add(call{Method: "delete_followup", ID: id, Token: token})
	return nil
}

var _ interactions.REST = (*fakeREST)(nil)
