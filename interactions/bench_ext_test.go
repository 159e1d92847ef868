package interactions_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
)

// BenchmarkEndpoint measures one signed slash command through the endpoint:
// Ed25519 verification, decoding, routing, typed options, inline reply.
func BenchmarkEndpoint(b *testing.B) {
	pub, priv := newKey(b)
	rt := interactions.NewRouter(nil)
	rt.Command("admin ban", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		u, err := r.String("reason")
		if err != nil {
			return nil, err
		}
		return interactions.EphemeralText("banned: " + u), nil
	})
	// One pre-signed request is sent over and over: turn the replay check off.
	e, err := interactions.NewHandler(pub, &interactions.Options{Handler: rt.Handle, ReplayCacheSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	body := commandBody("admin", `[{"name":"ban","type":1,"options":[{"name":"user","type":6,"value":"500"},{"name":"reason","type":3,"value":"spam"}]}]`)
	sig, ts := interactions.Sign(priv, time.Now(), body) // signing is Discord's cost, not ours
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/interactions", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(interactions.HeaderSignature, sig)
		r.Header.Set(interactions.HeaderTimestamp, ts)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkDecodeInteraction measures decoding alone.
func BenchmarkDecodeInteraction(b *testing.B) {
	body := commandBody("admin", `[{"name":"ban","type":1,"options":[{"name":"user","type":6,"value":"500"},{"name":"reason","type":3,"value":"spam"}]}]`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := interactions.DecodeInteraction(body); err != nil {
			b.Fatal(err)
		}
	}
}
