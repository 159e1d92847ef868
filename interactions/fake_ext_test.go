package interactions_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

// botFixture is a bot wired to the fake Discord both ways: an Endpoint for
// HTTP interactions and the same Router for gateway ones.
type botFixture struct {
	srv   *discordtest.Server
	rest  *httpREST
	rt    *interactions.Router
	e     *interactions.Endpoint
	guild discordtest.SeededGuild
}

func newBot(t *testing.T) *botFixture {
	srv := discordtest.NewServer(t, nil)
	g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 2})
	assert.Success(t, err)
	rc := &httpREST{base: srv.URL(), token: srv.Token(), client: srv.Client()}
	rt := interactions.NewRouter(nil)
	e, err := interactions.NewHandler(srv.PublicKeyHex(), &interactions.Options{Handler: rt.Handle, REST: rc})
	assert.Success(t, err)
	return &botFixture{srv: srv, rest: rc, rt: rt, e: e, guild: g}
}

// overHTTP has the fake post the interaction to the endpoint and take the
// inline answer, as Discord does.
func (b *botFixture) overHTTP(t *testing.T, seed discordtest.InteractionSeed) discord.Snowflake {
	req, sent, err := b.srv.NewInteractionRequest(context.Background(), "https://bot.example/interactions", seed)
	assert.Success(t, err)
	// Take the answer as soon as it is flushed, as Discord's HTTP client
	// would, while ServeHTTP may still run a deferred handler.
	w := &flushRecorder{ResponseRecorder: httptest.NewRecorder(), flushed: make(chan struct{}), accepted: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.e.ServeHTTP(w, req)
	}()
	select {
	case <-w.flushed:
	case <-done:
	}
	assert.Equal(t, "endpoint status", w.Code, http.StatusOK)
	err = b.srv.AcceptInlineResponse(sent.ID, w.Body.Bytes())
	close(w.accepted)
	assert.Success(t, err)
	<-done
	return sent.ID
}

// flushRecorder signals the first Flush and holds the endpoint until the
// fake has taken the answer, so that a handler's next call (an edit of the
// original response) cannot overtake it.
type flushRecorder struct {
	*httptest.ResponseRecorder
	flushed, accepted chan struct{}
	once              bool
}

func (r *flushRecorder) Flush() {
	r.ResponseRecorder.Flush()
	if !r.once {
		r.once = true
		close(r.flushed)
		<-r.accepted
	}
}

// overGateway has the fake send INTERACTION_CREATE and hands it to the
// router, which answers through the callback route.
func (b *botFixture) overGateway(t *testing.T, seed discordtest.InteractionSeed) discord.Snowflake {
	sent, err := b.srv.TriggerInteraction(seed)
	assert.Success(t, err)
	i, err := interactions.DecodeInteraction(sent.JSON)
	assert.Success(t, err)
	assert.Success(t, b.rt.HandleGateway(context.Background(), i, b.rest))
	return sent.ID
}

func (b *botFixture) response(t *testing.T, id discord.Snowflake) discordtest.InteractionResponse {
	for _, r := range b.srv.InteractionResponses() {
		if r.InteractionID == id {
			return r
		}
	}
	t.Fatalf("no initial response recorded for interaction %v", id)
	return discordtest.InteractionResponse{}
}

func TestSameHandlerOverHTTPAndGateway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBot(t)
		b.rt.Command("greet", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			name, err := r.String("name")
			if err != nil {
				return nil, err
			}
			u := r.Interaction.Invoker()
			return interactions.Text("hello " + name + " from " + u.ID.String()), nil
		})
		seed := discordtest.InteractionSeed{GuildID: b.guild.ID, UserID: b.guild.Members[0],
			Data: []byte(`{"id":"1","name":"greet","type":1,"options":[{"name":"name","type":3,"value":"ana"}]}`)}

		httpID := b.overHTTP(t, seed)
		gwID := b.overGateway(t, seed)

		want := `{"content":"hello ana from ` + b.guild.Members[0].String() + `"}`
		h, g := b.response(t, httpID), b.response(t, gwID)
		assert.Equal(t, "http inline", h.Inline, true)
		assert.Equal(t, "gateway via callback", g.Inline, false)
		assert.Equal(t, "http type", h.Type, 4)
		assert.Equal(t, "gateway type", g.Type, 4)
		assert.Equal(t, "http data", string(h.Data), want)
		assert.Equal(t, "gateway data", string(g.Data), want)
	})
}

func TestAutoDeferAgainstFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBot(t)
		b.rt.Command("report", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(10 * time.Second) // far past Discord's 3s, in virtual time
			return interactions.Text("report ready"), nil
		})
		seed := discordtest.InteractionSeed{GuildID: b.guild.ID,
			Data: []byte(`{"id":"2","name":"report","type":1}`)}

		for _, via := range []string{"http", "gateway"} {
			start := time.Now()
			var id discord.Snowflake
			if via == "http" {
				id = b.overHTTP(t, seed)
			} else {
				id = b.overGateway(t, seed)
			}
			r := b.response(t, id)
			assert.Equal(t, via+": deferred", r.Type, 5)
			assert.Equal(t, via+": deferred within the deadline", r.Time.Sub(start), interactions.DefaultDeferAfter)
			var edit *discordtest.Request
			for _, q := range b.srv.Requests() {
				if q.Method == "PATCH" && strings.HasSuffix(q.Path, "/messages/@original") && !q.Time.Before(start) {
					edit = &q
				}
			}
			if edit == nil {
				t.Fatalf("%s: no edit of the original response", via)
			}
			assert.Equal(t, via+": edit accepted", edit.Status, 200)
			assert.Equal(t, via+": edit when the handler finished", edit.Time.Sub(start), 10*time.Second)
		}
	})
}

func TestFollowupsAgainstFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBot(t)
		var steps []string
		b.rt.Command("steps", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			if err := r.Respond(ctx, interactions.Text("working")); err != nil {
				return nil, err
			}
			if _, err := r.EditOriginal(ctx, &discord.InteractionCallbackData{Content: "still working"}); err != nil {
				return nil, err
			}
			m, err := r.Followup(ctx, &discord.InteractionCallbackData{Content: "step 1", Flags: interactions.Ephemeral})
			if err != nil {
				return nil, err
			}
			if _, err := r.EditFollowup(ctx, m.ID, &discord.InteractionCallbackData{Content: "step 1 done"}); err != nil {
				return nil, err
			}
			if err := r.DeleteFollowup(ctx, m.ID); err != nil {
				return nil, err
			}
			steps = append(steps, "done")
			return nil, r.DeleteOriginal(ctx)
		})
		seed := discordtest.InteractionSeed{GuildID: b.guild.ID, Data: []byte(`{"id":"3","name":"steps","type":1}`)}
		b.overGateway(t, seed)
		b.overHTTP(t, seed)
		assert.Equal(t, "handler ran twice", len(steps), 2)
		var seen []string
		for _, q := range b.srv.Requests() {
			if strings.HasPrefix(q.Route, "/webhooks/") || strings.HasPrefix(q.Route, "/interactions/") {
				if q.Status >= 300 {
					t.Fatalf("%s %s: status %d", q.Method, q.Route, q.Status)
				}
				seen = append(seen, q.Method+" "+q.Route)
			}
		}
		assert.Equal(t, "webhook calls", len(seen), 11) // 6 over the gateway (callback included), 5 over HTTP
	})
}
