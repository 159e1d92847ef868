package interactions_test

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
)

// fuzzKey is fixed so that failing inputs reproduce.
var fuzzKey = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))

// FuzzEndpoint feeds arbitrary bodies, correctly signed, and arbitrary
// signature headers to the endpoint: it must answer with a status, never
// panic, and never run the handler for a request it refused.
func FuzzEndpoint(f *testing.F) {
	for _, seed := range []string{
		pingBody,
		string(commandBody("ping", "")),
		string(commandBody("t", `[{"name":"n","type":4,"value":"x"},{"name":"u","type":6,"value":5}]`)),
		componentBody("vote:1:2"),
		`{"id":"1","application_id":"2","type":5,"token":"t","data":{"custom_id":"m","components":[{"type":18,"component":{"type":99}}]}}`,
		`{"id":"1","application_id":"2","type":2,"token":"t","data":{"name":"x","options":[{"name":"a","type":1,"options":[{"name":"b","type":2}]}]}}`,
		`{"type":1,"data":null}`, `[]`, `{"type":"1"}`, ``,
	} {
		f.Add([]byte(seed), "", "")
	}
	f.Add([]byte(pingBody), "00", "1")
	rt := interactions.NewRouter(nil)
	all := func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		for _, name := range []string{"n", "u", "a", "b"} {
			r.String(name)
			r.Int(name)
			r.Float(name)
			r.Bool(name)
			r.User(name)
			r.Member(name)
			r.Channel(name)
			r.Role(name)
			r.Mentionable(name)
			r.Attachment(name)
		}
		r.Focused()
		r.Values()
		r.Input("m")
		return interactions.Text("ok"), nil
	}
	rt.Command("ping", all)
	rt.Command("t", all)
	rt.Command("x a", all)
	rt.Component("vote:{a}:{b}", all)
	rt.Modal("m", all)
	e, err := interactions.NewHandler(fuzzKey.Public().(ed25519.PublicKey), &interactions.Options{Handler: rt.Handle, DeferAfter: -1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, sig, ts string) {
		req := signed(fuzzKey, time.Now(), body)
		if sig != "" || ts != "" { // arbitrary headers instead of a valid signature
			req.Header.Set(interactions.HeaderSignature, sig)
			req.Header.Set(interactions.HeaderTimestamp, ts)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusInternalServerError,
			http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d", w.Code)
		}
		if w.Code == http.StatusOK && (sig != "" || ts != "") {
			// Only a forged valid signature could get here.
			if err := interactions.Verify(fuzzKey.Public().(ed25519.PublicKey), sig, ts, body, time.Now(), 5*time.Minute); err != nil {
				t.Fatalf("accepted a request that does not verify: %v", err)
			}
		}
	})
}
