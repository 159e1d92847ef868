package interactions_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/rest"
)

var (
	_ interactions.REST         = (*interactions.RESTAdapter)(nil)
	_ interactions.CommandsREST = (*interactions.RESTAdapter)(nil)
)

// The real REST client, adapted, drives sync and the gateway path against
// the fake.
func TestRESTAdapterAgainstFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := discordtest.NewServer(t, nil)
		rc, err := rest.New(srv.Token(), &rest.Options{BaseURL: srv.URL(), HTTPClient: srv.Client()})
		assert.Success(t, err)
		a := interactions.AdaptREST(rc)
		ctx := context.Background()

		s := &interactions.Syncer{REST: a, ApplicationID: srv.BotUser(), Commands: declared()}
		_, err = s.Sync(ctx)
		assert.Success(t, err)
		p, err := s.Plan(ctx)
		assert.Success(t, err)
		if !p.Empty() {
			t.Fatalf("not converged through rest.Client:\n%s", p)
		}
		s.Commands[0].Description = "Check latency"
		p, err = s.Sync(ctx)
		assert.Success(t, err)
		assert.Equal(t, "one edit", p.Calls(), 1)
		patched := 0
		for _, q := range srv.Requests() {
			if q.Method == "PATCH" && q.Route == "/applications/{application_id}/commands/{command_id}" && q.Status == 200 {
				patched++
			}
		}
		assert.Equal(t, "PATCH sent", patched, 1)

		rt := interactions.NewRouter(nil)
		rt.Command("ping", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(3 * time.Second) // auto-defer, then edit through rest
			if _, err := r.Followup(ctx, &discord.InteractionCallbackData{Content: "also", Flags: interactions.Ephemeral}); err != nil {
				return nil, err
			}
			return interactions.Text("pong"), nil
		})
		sent, err := srv.TriggerInteraction(discordtest.InteractionSeed{Data: []byte(`{"id":"1","name":"ping","type":1}`)})
		assert.Success(t, err)
		i, err := interactions.DecodeInteraction(sent.JSON)
		assert.Success(t, err)
		assert.Success(t, rt.HandleGateway(ctx, i, a))
		r, err := srv.WaitInteractionResponse(ctx, sent.ID)
		assert.Success(t, err)
		assert.Equal(t, "deferred", r.Type, 5)
		var routes []string
		for _, q := range srv.Requests() {
			if q.Status < 300 && (q.Route == "/webhooks/{webhook_id}/{webhook_token}" ||
				q.Route == "/webhooks/{webhook_id}/{webhook_token}/messages/@original") {
				routes = append(routes, q.Method)
			}
		}
		assert.Equal(t, "follow-up then edit", routes, []string{"POST", "PATCH"})
	})
}
