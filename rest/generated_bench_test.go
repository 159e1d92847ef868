package rest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// BenchmarkGeneratedVsDo compares a generated method with the same request
// sent through Do by hand, against an in-process handler (no network), so
// the difference is what the generated layer adds: argument rendering, the
// spec's checks and the checks table. Compare the sub-benchmarks as ratios.
func BenchmarkGeneratedVsDo(b *testing.B) {
	h := func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"1","type":1}`)
	}
	l, _ := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: -1})
	c, err := rest.New(testToken, &rest.Options{BaseURL: "http://discord.test/api/v10", HTTPClient: handlerDoer{http.HandlerFunc(h)}, Limiter: l})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	dm := &discord.CreateDMParams{RecipientID: discord.NonNull[discord.Snowflake](42)}
	edit := &discord.IncomingWebhookUpdateParams{Content: discord.NonNull("hello"),
		Embeds: discord.NonNull([]discord.RichEmbed{{Title: discord.NonNull("t"), Description: discord.NonNull("d")}})}
	b.Run("CreateDM/generated", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.CreateDM(ctx, dm); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CreateDM/Do", func(b *testing.B) {
		for b.Loop() {
			var out discord.Channel
			if err := c.Do(ctx, &rest.Request{Route: rest.RouteCreateDM, Body: dm, Result: &out}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EditWebhookMessage/generated", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.EditWebhookMessage(ctx, 1, "tok", 2, rest.EditWebhookMessageQuery{}, edit); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EditWebhookMessage/Do", func(b *testing.B) {
		for b.Loop() {
			var out discord.Message
			if err := c.Do(ctx, &rest.Request{Route: rest.RouteEditWebhookMessage, Params: []string{"1", "tok", "2"}, Body: edit, Result: &out}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
