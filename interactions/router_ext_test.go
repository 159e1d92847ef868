package interactions_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
	"github.com/scurrygo/scurry/internal/assert"
)

// gateway runs one interaction (JSON) through the router's gateway path and
// returns the initial response sent to the fake REST.
func gateway(t *testing.T, rt *interactions.Router, body string) (*discord.InteractionResponse, error) {
	t.Helper()
	i, err := interactions.DecodeInteraction([]byte(body))
	assert.Success(t, err)
	rest := &fakeREST{}
	err = rt.HandleGateway(context.Background(), i, rest)
	calls := rest.Calls()
	if len(calls) == 0 {
		return nil, err
	}
	assert.Equal(t, "callback", calls[0].Method, "callback")
	return calls[0].Resp, err
}

func echo(s string) interactions.Handler {
	return func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Text(s + " " + r.Route), nil
	}
}

func TestRouterCommandPaths(t *testing.T) {
	rt := interactions.NewRouter(nil)
	rt.Command("admin ban", echo("ban"))
	rt.Command("admin  roles add", echo("roles")) // spaces normalised
	rt.Command("ping", echo("ping"))
	rt.UserCommand("Report User", echo("user"))
	rt.MessageCommand("Report User", echo("message")) // same name, other type
	rt.EntryPointCommand("launch", func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.LaunchActivity(), nil
	})

	resp, err := gateway(t, rt, string(commandBody("admin",
		`[{"name":"ban","type":1,"options":[{"name":"user","type":6,"value":"5"}]}]`)))
	assert.Success(t, err)
	assert.Equal(t, "subcommand", resp.Data.Content, "ban admin ban")

	resp, err = gateway(t, rt, string(commandBody("admin",
		`[{"name":"roles","type":2,"options":[{"name":"add","type":1,"options":[]}]}]`)))
	assert.Success(t, err)
	assert.Equal(t, "group", resp.Data.Content, "roles admin roles add")

	body := strings.Replace(string(commandBody("Report User", "")), `"type":1}`, `"type":2,"target_id":"5"}`, 1)
	resp, err = gateway(t, rt, body)
	assert.Success(t, err)
	assert.Equal(t, "user command", resp.Data.Content, "user Report User")
	resp, err = gateway(t, rt, strings.Replace(body, `"type":2,"target_id"`, `"type":3,"target_id"`, 1))
	assert.Success(t, err)
	assert.Equal(t, "message command", resp.Data.Content, "message Report User")
	resp, err = gateway(t, rt, strings.Replace(string(commandBody("launch", "")), `"type":1}`, `"type":4}`, 1))
	assert.Success(t, err)
	assert.Equal(t, "entry point", resp.Type, discord.CallbackLaunchActivity)

	_, err = gateway(t, rt, string(commandBody("nope", "")))
	assert.ErrorIs(t, err, interactions.ErrNoRoute)
	assert.Contains(t, err.Error(), `"nope"`)

	mustPanic(t, "duplicate", func() { rt.Command("ping", echo("x")) })
	mustPanic(t, "empty", func() { rt.Command(" ", echo("x")) })
	mustPanic(t, "bad pattern", func() { rt.Component("a:{x", echo("x")) })
	mustPanic(t, "adjacent placeholders", func() { rt.Component("{a}{b}", echo("x")) })
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatalf("%s: no panic", name)
		}
	}()
	f()
}

func componentBody(customID string) string {
	return `{"id":"101","application_id":"200","type":3,"token":"t","version":1,"channel_id":"300",` +
		`"message":{"id":"700","channel_id":"300","content":""},` +
		`"data":{"custom_id":"` + customID + `","component_type":3,"values":["a","b"]}}`
}

func TestRouterComponentsAndModals(t *testing.T) {
	rt := interactions.NewRouter(nil)
	rt.Component("vote:{poll}:{option}", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Update(discord.InteractionCallbackData{
			Content: r.Param("poll") + "/" + r.Param("option") + "/" + strings.Join(r.Values(), ",")}), nil
	})
	rt.Component("vote:close", echo("close"))
	rt.Component("page:{n}", echo("page"))
	rt.Modal("feedback:{id}", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		text, ok := r.Text("body")
		if !ok {
			return nil, errors.New("no body input")
		}
		box, _ := r.Input("agree").(*discord.Checkbox)
		agreed, _ := box.Value.Get()
		return interactions.EphemeralText(r.Param("id") + ":" + text + ":" + map[bool]string{true: "yes", false: "no"}[agreed]), nil
	})

	resp, err := gateway(t, rt, componentBody("vote:42:yes:please"))
	assert.Success(t, err)
	assert.Equal(t, "params", resp.Data.Content, "42/yes:please/a,b")
	assert.Equal(t, "update", resp.Type, discord.CallbackUpdateMessage)

	resp, err = gateway(t, rt, componentBody("vote:close"))
	assert.Success(t, err)
	assert.Equal(t, "literal wins", resp.Data.Content, "close vote:close")

	_, err = gateway(t, rt, componentBody("vote:"))
	assert.ErrorIs(t, err, interactions.ErrNoRoute)
	_, err = gateway(t, rt, componentBody("page:"))
	assert.ErrorIs(t, err, interactions.ErrNoRoute)

	modal := `{"id":"102","application_id":"200","type":5,"token":"t","version":1,"channel_id":"300",` +
		`"data":{"custom_id":"feedback:9","components":[` +
		`{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"body","value":"great"}},` +
		`{"type":18,"id":3,"component":{"type":23,"id":4,"custom_id":"agree","value":true}}]}}`
	resp, err = gateway(t, rt, modal)
	assert.Success(t, err)
	assert.Equal(t, "modal", resp.Data.Content, "9:great:yes")
	assert.Equal(t, "ephemeral", resp.Data.Flags, interactions.Ephemeral)
}

func TestRouterAutocompleteAndMiddleware(t *testing.T) {
	rt := interactions.NewRouter(nil)
	var order []string
	rt.Use(func(next interactions.Handler) interactions.Handler {
		return func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			order = append(order, "outer")
			return next(ctx, r)
		}
	}, func(next interactions.Handler) interactions.Handler {
		return func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			order = append(order, "inner")
			return next(ctx, r)
		}
	})
	rt.Autocomplete("music play", "song", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		f, _ := r.Focused()
		typed, _ := f.AsString()
		return interactions.Choices(discord.StringChoice(typed+" (live)", typed)), nil
	})
	rt.Autocomplete("music play", "", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Choices(discord.StringChoice("any "+r.Route, "x")), nil
	})

	body := `{"id":"1","application_id":"2","type":4,"token":"t","version":1,"data":{"id":"3","name":"music","type":1,` +
		`"options":[{"name":"play","type":1,"options":[{"name":"song","type":3,"value":"hel","focused":true}]}]}}`
	resp, err := gateway(t, rt, body)
	assert.Success(t, err)
	assert.Equal(t, "choices", resp.Type, discord.CallbackApplicationCommandAutocompleteResult)
	assert.Equal(t, "choice", resp.Data.Choices[0].Name, "hel (live)")
	assert.Equal(t, "middleware order", strings.Join(order, ","), "outer,inner")

	body = strings.Replace(body, `"name":"song"`, `"name":"volume"`, 1)
	resp, err = gateway(t, rt, body)
	assert.Success(t, err)
	assert.Equal(t, "fallback", resp.Data.Choices[0].Name, "any music play")
}

func TestTypedOptions(t *testing.T) {
	opts := `[{"name":"text","type":3,"value":"hi"},{"name":"n","type":4,"value":42},` +
		`{"name":"x","type":10,"value":1.5},{"name":"flag","type":5,"value":true},` +
		`{"name":"who","type":6,"value":"500"},{"name":"where","type":7,"value":"300"},` +
		`{"name":"role","type":8,"value":"800"},{"name":"any","type":9,"value":"800"},` +
		`{"name":"file","type":11,"value":"900"},{"name":"ghost","type":6,"value":"999"}]`
	body := strings.Replace(string(commandBody("t", opts)), `"type":1,"options"`,
		`"type":1,"resolved":{"users":{"500":{"id":"500","username":"ana"},"999":{"id":"999","username":"g"}},`+
			`"members":{"500":{"nick":"Ana","roles":[]}},"channels":{"300":{"id":"300","type":0,"name":"general"}},`+
			`"roles":{"800":{"id":"800","name":"mods","permissions":"0"}},`+
			`"attachments":{"900":{"id":"900","filename":"a.png","size":3,"url":"u","proxy_url":"p"}}},"options"`, 1)
	i, err := interactions.DecodeInteraction([]byte(body))
	assert.Success(t, err)
	rt := interactions.NewRouter(nil)
	var failures []string
	check := func(what string, err error) {
		if err != nil {
			failures = append(failures, what+": "+err.Error())
		}
	}
	rt.Command("t", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
		s, err := r.String("text")
		check("string", err)
		n, err := r.Int("n")
		check("int", err)
		f, err := r.Float("x")
		check("float", err)
		b, err := r.Bool("flag")
		check("bool", err)
		u, err := r.User("who")
		check("user", err)
		m, err := r.Member("who")
		check("member", err)
		c, err := r.Channel("where")
		check("channel", err)
		ro, err := r.Role("role")
		check("role", err)
		me, err := r.Mentionable("any")
		check("mentionable", err)
		a, err := r.Attachment("file")
		check("attachment", err)
		if r.Resolved() == nil || len(r.Resolved().Users) != 2 {
			failures = append(failures, "Resolved")
		}
		if s != "hi" || n != 42 || f != 1.5 || !b || u.Username != "ana" || m.User.Username != "ana" ||
			c.ID != 300 || ro.Name != "mods" || me.Role == nil || a.Filename != "a.png" {
			failures = append(failures, "wrong values")
		}
		_, err = r.String("n")
		if !errors.Is(err, interactions.ErrOptionType) {
			failures = append(failures, "string of an integer option: "+errString(err))
		}
		_, err = r.Int("missing")
		if !errors.Is(err, interactions.ErrOptionMissing) || r.Has("missing") {
			failures = append(failures, "missing: "+errString(err))
		}
		_, err = r.Member("ghost")
		if !errors.Is(err, interactions.ErrNotResolved) {
			failures = append(failures, "ghost member: "+errString(err))
		}
		var oe *interactions.OptionError
		if !errors.As(err, &oe) || oe.Name != "ghost" {
			failures = append(failures, "OptionError")
		}
		return interactions.Text("ok"), nil
	})
	assert.Success(t, rt.HandleGateway(context.Background(), i, &fakeREST{}))
	if len(failures) > 0 {
		t.Fatal(strings.Join(failures, "\n"))
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestGatewayAutoDeferAndLateModal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := interactions.NewRouter(&interactions.RouterOptions{DeferAfter: time.Second})
		rt.Command("slow", func(ctx context.Context, r *interactions.Request) (*discord.InteractionResponse, error) {
			time.Sleep(2 * time.Second)
			return interactions.Modal("m", "title", interactions.Label("x", interactions.TextInput("x", discord.TextInputStyleShort))), nil
		})
		i, err := interactions.DecodeInteraction(commandBody("slow", ""))
		assert.Success(t, err)
		rest := &fakeREST{}
		start := time.Now()
		err = rt.HandleGateway(context.Background(), i, rest)
		assert.ErrorIs(t, err, interactions.ErrTooLate)
		calls := rest.Calls()
		assert.Equal(t, "calls", len(calls), 1)
		assert.Equal(t, "deferral type", calls[0].Resp.Type, discord.CallbackDeferredChannelMessageWithSource)
		assert.Equal(t, "deferral at", calls[0].At.Sub(start), time.Second)
	})
}

func TestWrongResponseKind(t *testing.T) {
	rt := interactions.NewRouter(nil)
	rt.Command("upd", func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Update(discord.InteractionCallbackData{Content: "x"}), nil
	})
	rt.Modal("m", func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Modal("again", "t", interactions.TextDisplay("x")), nil
	})
	rt.Command("choices", func(context.Context, *interactions.Request) (*discord.InteractionResponse, error) {
		return interactions.Choices(), nil
	})
	for _, body := range []string{string(commandBody("upd", "")), string(commandBody("choices", "")),
		`{"id":"1","application_id":"2","type":5,"token":"t","data":{"custom_id":"m","components":[]}}`} {
		resp, err := gateway(t, rt, body)
		assert.ErrorIs(t, err, interactions.ErrWrongResponse)
		if resp != nil {
			t.Fatalf("a wrong response was sent: %+v", resp)
		}
	}
}
