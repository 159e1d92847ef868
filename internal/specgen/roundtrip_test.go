package main

import (
	"reflect"
	"testing"

	"github.com/go-json-experiment/json"
)

// roundTripCases is filled by zz_generated_roundtrip_test.go (written by
// `go generate ./discord` together with discord/zz_generated_models.go).
var roundTripCases []roundTripCase

// roundTripCase is one synthesised sample for a generated type (see
// zz_generated_roundtrip_test.go, written by the generator with -testout).
type roundTripCase struct {
	name string
	json string
	new  func() any
}

// TestGeneratedRoundTrip decodes every sample into its generated type and
// checks that encoding it again gives JSON with the same keys and values:
// nothing lost (unknown keys kept in Extra, null vs absent preserved, unknown
// enum values kept).
func TestGeneratedRoundTrip(t *testing.T) {
	if len(roundTripCases) == 0 {
		t.Fatal("no round-trip cases: zz_generated_roundtrip_test.go is missing; run `go generate ./discord`")
	}
	for _, c := range roundTripCases {
		t.Run(c.name, func(t *testing.T) {
			v := c.new()
			if err := json.Unmarshal([]byte(c.json), v); err != nil {
				t.Fatalf("decode %s: %v", c.json, err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if !sameJSON(t, []byte(c.json), out) {
				t.Errorf("round trip changed the JSON\n in: %s\nout: %s", c.json, out)
			}
		})
	}
}

// sameJSON compares two documents semantically (key order ignored).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("decode %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}
