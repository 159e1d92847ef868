package importcheck

import (
	"os/exec"
	"strings"
	"testing"
)

var core = []string{"discord", "ratelimit", "rest", "gateway", "shard", "cache", "interactions", "bot", "proxy"}

// forbidden are module path prefixes the core must never link.
var forbidden = []string{"github.com/nats-io/", "github.com/prometheus/", "github.com/synadia-io/"}

func TestCoreNeverImportsNATSOrPrometheus(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	for _, p := range core {
		out, err := exec.Command("go", "list", "-deps", "-test", "github.com/scurrygo/scurry/"+p).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", p, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("core package %s depends on %s; NATS and Prometheus belong behind the core's seams", p, dep)
				}
			}
		}
	}
}
