package discord

import (
	"os"
	"testing"

	"github.com/go-json-experiment/json"
)

// FuzzComponents checks that decoding never panics, that the quick type scan
// agrees with the tokenizer whenever it answers, and that whatever decodes
// re-encodes.
func FuzzComponents(f *testing.F) {
	in, err := os.ReadFile("testdata/interactions/components.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(in)
	for _, s := range []string{`[{"type":1}]`, `[{"typ\u0065":2,"style":1}]`, `[{"a":{"type":3},"type":4}]`,
		`[{"type":-1}]`, `[{"type":1.5}]`, `[{"type" : 9 ,"components":[]}]`, `[{"type":99999999999}]`,
		`{"type":2,"style":1}`, `{"x":"type","type":10,"content":"a"}`, `{"type":"2"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if json.Unmarshal(b, new(any)) == nil { // valid JSON: compare the two type readers
			if st, ok := scanComponentType(b); ok {
				tt, err := tokenizeComponentType(b)
				if err != nil || tt != st {
					t.Fatalf("scan says %d, tokenizer says %d (%v)", st, tt, err)
				}
			}
		}
		var cs Components
		if err := json.Unmarshal(b, &cs); err == nil {
			if _, err := json.Marshal(cs); err != nil {
				t.Fatalf("decoded but does not encode: %v", err)
			}
		}
		if c, err := UnmarshalComponent(b); err == nil {
			if _, err := json.Marshal(c); err != nil {
				t.Fatalf("component decoded but does not encode: %v", err)
			}
		}
	})
}
