package discord

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// fixturesDir holds the team's captured payloads (shared/fixtures). It is not
// part of the repository; the test skips when it is absent.
const fixturesDir = "../../shared/fixtures"

// TestFixturesRoundTrip decodes every JSON file under fixturesDir into its
// typed struct, re-encodes it and checks the output is semantically equal to
// the input (same keys, same values). How each file is typed:
//   - gateway envelopes ({op,d,s,t}): ScanPayload, then DecodeEvent(t, d) for
//     dispatches; Hello for op 10 (Hello keeps no unknown keys, so "_trace" is
//     removed from the expectation); op 7/9 carry null/bool.
//   - serenity's bare d files: the event named by the file name.
//   - rest.Message / rest.Guild / rest.ApplicationCommandData: the model.
//   - disgo interaction_*: Interaction.
//   - disgo rest_*_error: REST error bodies belong to package rest; they are
//     verified by rest/fixtures_test.go and skipped (and counted) here.
//
// Any difference fails the test; the log line reports the pass count.
func TestFixturesRoundTrip(t *testing.T) {
	if _, err := os.Stat(fixturesDir); err != nil {
		t.Skipf("fixtures not present: %v", err)
	}
	root, err := filepath.EvalSymlinks(fixturesDir) // WalkDir does not enter a symlinked root
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	pass, skip := 0, 0
	for _, p := range files {
		name := filepath.Base(p)
		if strings.HasPrefix(name, "rest_") && strings.HasSuffix(name, "_error.json") {
			skip++
			continue
		}
		ok := t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			want, got, err := roundTripFixture(name, raw)
			if err != nil {
				t.Fatal(err)
			}
			diff, err := semanticDiff(want, got)
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Errorf("round trip differs:\n%s", diff)
			}
		})
		if ok {
			pass++
		}
	}
	if len(files)-skip == 0 {
		t.Fatalf("no fixtures found under %s", fixturesDir)
	}
	t.Logf("fixtures: %d of %d round-trip without loss (%d REST error bodies left to package rest)",
		pass, len(files)-skip, skip)
}

// TestSemanticDiffDetectsLoss keeps the fixture comparison honest: an added
// key, a lost key (also a lost null) and a changed value are all reported.
func TestSemanticDiffDetectsLoss(t *testing.T) {
	for _, c := range []struct{ want, got, diff string }{
		{`{"a":1}`, `{"a":1,"version":0}`, "/version: added 0"},
		{`{"a":1,"l":null}`, `{"a":1}`, "/l: lost (was null)"},
		{`{"a":{"b":[1,2]}}`, `{"a":{"b":[1,3]}}`, "/a/b/1: want 2, got 3"},
		{`{"created_at":0}`, `{}`, "/created_at: lost (was 0)"},
	} {
		diff, err := semanticDiff([]byte(c.want), []byte(c.got))
		if err != nil {
			t.Fatal(err)
		}
		if diff != c.diff {
			t.Errorf("semanticDiff(%s, %s) = %q, want %q", c.want, c.got, diff, c.diff)
		}
	}
}

// roundTripFixture returns the JSON that must be reproduced and the JSON the
// typed value re-encodes to.
func roundTripFixture(name string, raw []byte) (want, got []byte, err error) {
	switch {
	case strings.HasPrefix(name, "rest.Message"):
		return encodeVia(raw, new(Message))
	case strings.HasPrefix(name, "rest.Guild"):
		return encodeVia(raw, new(Guild))
	case strings.HasPrefix(name, "rest.ApplicationCommandData"):
		return encodeVia(raw, new([]ApplicationCommand))
	case strings.HasPrefix(name, "interaction_"):
		return encodeVia(raw, new(Interaction))
	}
	for prefix, event := range map[string]string{
		"guild_create_":         EventGuildCreate,
		"message_create_":       EventMessageCreate,
		"message_reaction_add_": EventMessageReactionAdd,
		"ready_":                EventReady,
	} {
		if strings.HasPrefix(name, prefix) {
			return encodeEvent(event, raw)
		}
	}
	p, err := ScanPayload(raw)
	if err != nil {
		return nil, nil, err
	}
	switch p.Op {
	case OpDispatch:
		return encodeEvent(p.T, p.D)
	case OpHello:
		var h Hello
		if err := json.Unmarshal(p.D, &h); err != nil {
			return nil, nil, err
		}
		got, err := json.Marshal(&h)
		return dropKeys(p.D, "_trace"), got, err
	default: // op 7 (d null) and op 9 (d bool)
		var v *bool
		if err := json.Unmarshal(p.D, &v); err != nil {
			return nil, nil, err
		}
		got, err := json.Marshal(v)
		return p.D, got, err
	}
}

func encodeVia(raw []byte, v any) (want, got []byte, err error) {
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, nil, err
	}
	got, err = json.Marshal(v)
	return raw, got, err
}

func encodeEvent(name string, d jsontext.Value) (want, got []byte, err error) {
	e, err := DecodeEvent(name, d)
	if err != nil {
		return nil, nil, err
	}
	if _, unknown := e.(*UnknownEvent); unknown {
		return nil, nil, &json.SemanticError{Err: os.ErrNotExist, JSONValue: jsontext.Value(`"` + name + `"`)}
	}
	got, err = json.Marshal(e)
	return d, got, err
}

// dropKeys removes top-level keys from a JSON object.
func dropKeys(obj []byte, keys ...string) []byte {
	var m map[string]jsontext.Value
	if err := json.Unmarshal(obj, &m); err != nil {
		return obj
	}
	for _, k := range keys {
		delete(m, k)
	}
	b, _ := json.Marshal(m)
	return b
}
