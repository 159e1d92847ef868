package bot_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/rest"
	"github.com/scurrygo/scurry/shard"
)

// Item 5: no exported value that holds the token prints it, with any verb
// or through slog (text and JSON handlers).
func TestTokenNeverPrinted(t *testing.T) {
	const token = "MTAx.SECRET-TOKEN.xyz"
	gw := &discord.GatewayBot{URL: "wss://gateway.example", Shards: 1,
		SessionStartLimit: discord.SessionStartLimit{Total: 1000, Remaining: 1000, MaxConcurrency: 1}}
	c, err := bot.New(token, nil)
	if err != nil {
		t.Fatal(err)
	}
	gopts := gateway.Options{Token: token, URL: "wss://gateway.example/?x=" + token}
	sess, err := gateway.New(&gopts)
	if err != nil {
		t.Fatal(err)
	}
	m, err := shard.NewManager(token, &shard.Options{Gateway: gw})
	if err != nil {
		t.Fatal(err)
	}
	rc, err := rest.New(token, nil)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{
		"*bot.Client":       c,
		"*shard.Manager":    m,
		"*gateway.Session":  sess,
		"gateway.Options":   gopts,
		"*gateway.Options":  &gopts,
		"shard.Options":     shard.Options{Gateway: gw},
		"bot.Options":       bot.Options{},
		"*rest.Client":      rc,
		"discord.Identify":  discord.Identify{Token: token},
		"*discord.Identify": &discord.Identify{Token: token},
		"discord.Resume":    discord.Resume{Token: token, SessionID: "s"},
		"in a struct":       struct{ C *bot.Client }{c},
		"in a slice":        []any{gopts, m},
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
				if s := fmt.Sprintf(verb, v); strings.Contains(s, token) || strings.Contains(s, "SECRET") {
					t.Errorf("%s prints the token: %s", verb, s)
				}
			}
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("x", slog.Any("v", v))
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", slog.Any("v", v), "w", v)
			if strings.Contains(buf.String(), "SECRET") {
				t.Errorf("slog prints the token: %s", buf.String())
			}
		})
	}
}
