package discordtest

import (
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// TestSpecRoutes: an operation the world does not model is answered from the
// spec table: a valid request gets the declared status, a JSON reply and the
// rate-limit headers; an unknown or ill-typed query parameter, a missing
// required one, an unknown or ill-typed body key, a missing required key and
// a non-snowflake id are refused with 400 / 50035 naming the field. Every
// operation of the spec has a route, stateful or from the table.
func TestSpecRoutes(t *testing.T) {
	s := NewServer(t, nil)
	if n := SpecOperations(); n != 242 {
		t.Fatalf("spec table has %d operations, want 242", n)
	}
	shapes := map[string]bool{}
	for _, r := range s.Routes() {
		shapes[r.Method+" "+placeholderShape(r.Path)] = true
	}
	for _, op := range specOps {
		if !shapes[op.Method+" "+placeholderShape(op.Path)] {
			t.Errorf("%s %s (%s) has no route", op.Method, op.Path, op.ID)
		}
	}

	r := call(t, s, "GET", "/voice/regions", nil)
	if r.Status != 200 || !jsontext.Value(r.Body).IsValid() || r.Body[0] != '[' {
		t.Fatalf("voice regions: %d %s", r.Status, r.Body)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket"} {
		if r.Header.Get(h) == "" {
			t.Errorf("voice regions: no %s header", h)
		}
	}
	r = call(t, s, "POST", "/guilds/1/emojis", map[string]any{"name": "e", "image": "data:image/png;base64,AA=="})
	if r.Status != 201 {
		t.Fatalf("create emoji: %d %s", r.Status, r.Body)
	}
	r = call(t, s, "DELETE", "/guilds/1/emojis/2", nil)
	if r.Status != 204 || len(r.Body) != 0 {
		t.Fatalf("delete emoji: %d %s", r.Status, r.Body)
	}

	bad := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"unknown query", "GET", "/guilds/1/scheduled-events?colour=red", nil, "colour"},
		{"ill-typed query", "GET", "/guilds/1/scheduled-events?with_user_count=maybe", nil, "with_user_count"},
		{"missing required query", "GET", "/guilds/1/members/search", nil, "query"},
		{"non-snowflake id", "GET", "/guilds/1/emojis/abc", nil, "emoji_id"},
		{"unknown body key", "POST", "/guilds/1/emojis", map[string]any{"name": "e", "image": "x", "colour": 1}, "colour"},
		{"ill-typed body key", "POST", "/guilds/1/emojis", map[string]any{"name": 5, "image": "x"}, "name"},
		{"missing required key", "POST", "/guilds/1/emojis", map[string]any{"name": "e"}, "image"},
	}
	for _, b := range bad {
		r := call(t, s, b.method, b.path, b.body)
		if r.Status != 400 || !strings.Contains(string(r.Body), `"code":50035`) || !strings.Contains(string(r.Body), `"`+b.field+`"`) {
			t.Errorf("%s: %d %s, want 400 / 50035 naming %s", b.name, r.Status, r.Body, b.field)
		}
	}
}

func placeholderShape(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, "{") {
			parts[i] = "{}"
		}
	}
	return strings.Join(parts, "/")
}
