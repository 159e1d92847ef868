package rest_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/rest"
)

var placeholder = regexp.MustCompile(`\{[^}]+\}`)

// TestRouteTable: every route compiles with dummy values, names a major
// parameter that is in its path, and interaction routes are exempt from the
// global limit.
func TestRouteTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rest.Routes {
		if seen[r.String()] {
			t.Errorf("%s listed twice", r)
		}
		seen[r.String()] = true
		for _, m := range strings.Split(r.Major, "+") {
			if m != "" && !strings.Contains(r.Path, "{"+m+"}") {
				t.Errorf("%s: major %q not in the path", r, m)
			}
		}
		interaction := strings.Contains(r.Path, "{interaction_token}")
		if interaction != r.Exempt {
			t.Errorf("%s: Exempt = %v, want %v", r, r.Exempt, interaction)
		}
		if strings.HasPrefix(r.Path, "/channels/") && r.Major != "channel_id" ||
			strings.HasPrefix(r.Path, "/guilds/{guild_id}") && r.Major != "guild_id" {
			t.Errorf("%s: major parameter %q, want the channel or guild", r, r.Major)
		}
	}
}

// TestRoutesInSpec checks the table against Discord's OpenAPI spec, when the
// team's copy is present.
func TestRoutesInSpec(t *testing.T) {
	const path = "../../shared/spec/openapi.json"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no spec at %s: %v", path, err)
	}
	var spec struct {
		Paths map[string]map[string]jsontext.Value `json:"paths"`
	}
	if err := json.Unmarshal(data, &spec, json.RejectUnknownMembers(false)); err != nil {
		t.Fatal(err)
	}
	norm := func(p string) string { return placeholder.ReplaceAllString(p, "{}") }
	ops := map[string]bool{}
	for p, methods := range spec.Paths {
		for m := range methods {
			ops[strings.ToUpper(m)+" "+norm(p)] = true
		}
	}
	if len(ops) < 100 {
		t.Fatalf("only %d operations read from the spec", len(ops))
	}
	for _, r := range rest.Routes {
		if !ops[r.Method+" "+norm(r.Path)] {
			t.Errorf("%s is not in the spec", r)
		}
	}
}
