package rest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// TestKeyForPathMatchesTable: a proxied request and a Client call of the same
// endpoint get the same rate-limit key, for every route of the table.
func TestKeyForPathMatchesTable(t *testing.T) {
	for _, r := range Routes {
		var params []string
		for n, rest := 0, r.Path; ; n++ {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest, '}')
			switch name := rest[i+1 : j]; {
			case name == "interaction_token":
				params = append(params, "aW50ZXJhY3Rpb246MTIzOmFiYw")
			case name == "webhook_token":
				params = append(params, "wh-tok_"+string(rune('a'+n)))
			case name == "emoji":
				params = append(params, "👍")
			default:
				params = append(params, "1234567890123456"+string(rune('0'+n)))
			}
			rest = rest[j+1:]
		}
		c, err := r.compile(params)
		if err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		got, secrets, ok := KeyForPath(r.Method, c.path)
		if !ok || got != c.key {
			t.Errorf("%s: KeyForPath(%q) = %+v, %v; Client uses %+v", r, c.path, got, ok, c.key)
		}
		if strings.Contains(r.Path, "token}") && len(secrets) == 0 {
			t.Errorf("%s: the token was not reported as a secret", r)
		}
	}
}

func TestKeyForPathEdges(t *testing.T) {
	for _, p := range []string{"", "/", "relative", "/channels//messages", "/channels/../guilds"} {
		if _, _, ok := KeyForPath("GET", p); ok {
			t.Errorf("KeyForPath(%q) accepted", p)
		}
	}
	// Unknown endpoints still collapse their ids and keep literals.
	k, _, ok := KeyForPath("GET", "/channels/111111111111111111/threads/archived/public/")
	if !ok || k.Route != "GET /channels/{channel_id}/threads/archived/public" || k.Major != "111111111111111111" {
		t.Errorf("got %+v %v", k, ok)
	}
	if k, _, _ := KeyForPath("GET", "/invites/discord-dev"); k.Route != "GET /invites/{code}" { // the table's name
		t.Errorf("invite code not collapsed: %+v", k)
	}
	// Two messages of one channel share a key; two channels do not.
	a, _, _ := KeyForPath("DELETE", "/channels/1/messages/2")
	b, _, _ := KeyForPath("DELETE", "/channels/1/messages/3")
	c, _, _ := KeyForPath("DELETE", "/channels/4/messages/2")
	if a != b || a == c {
		t.Errorf("minor ids must collapse, major ids must not: %+v %+v %+v", a, b, c)
	}
}

func TestParseRateLimit(t *testing.T) {
	h := http.Header{}
	h.Set("X-RateLimit-Scope", "user")
	h.Set("X-RateLimit-Bucket", "abc")
	got := ParseRateLimit(429, h, []byte(`{"message":"x","retry_after":1.5,"global":false}`))
	if got.RetryAfter != 1500*time.Millisecond || got.Global || got.Scope != ratelimit.ScopeUser {
		t.Errorf("Discord 429: %+v", got)
	}
	// Cloudflare: no bucket, no scope, HTML body: everything pauses.
	got = ParseRateLimit(429, http.Header{}, []byte("<html>banned</html>"))
	if !got.Global || got.RetryAfter != time.Second {
		t.Errorf("Cloudflare 429: %+v", got)
	}
	h = http.Header{}
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "4")
	h.Set("X-RateLimit-Reset-After", "0.25")
	got = ParseRateLimit(200, h, nil)
	if got.Limit != 5 || got.Remaining != 4 || got.ResetAfter != 250*time.Millisecond || got.Status != 200 {
		t.Errorf("200: %+v", got)
	}
}
