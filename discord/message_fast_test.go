package discord

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// decodeBoth decodes d with the hand-written MESSAGE_CREATE decoder and
// with json v2's generic decoding.
func decodeBoth(t *testing.T, d []byte) {
	t.Helper()
	sameAsGeneric(t, d, func(m *MessageCreate) any { return (*messageCreateFields)(m) })
}

// sameAsGeneric decodes d into a T (through its UnmarshalJSONFrom) and into
// generic(new T), a method-less view of it, and fails the test unless the
// results, their re-encodings and the errors are identical.
func sameAsGeneric[T any](t *testing.T, d []byte, generic func(*T) any) {
	t.Helper()
	var fast, gen T
	errFast := json.Unmarshal(d, &fast)
	errGeneric := json.Unmarshal(d, generic(&gen))
	if (errFast == nil) != (errGeneric == nil) {
		t.Fatalf("input %s:\nfast error %v\ngeneric error %v", d, errFast, errGeneric)
	}
	if errFast != nil {
		// Malformed JSON: the fast decoder validates a whole object before
		// decoding it, so it may report the syntax error where the generic
		// decoder stopped earlier at a wrong-typed value, and jsontext words
		// a syntax error differently for ReadValue and ReadToken. Both fail.
		var syn *jsontext.SyntacticError
		if errors.As(errFast, &syn) || errors.As(errGeneric, &syn) {
			return
		}
		if errFast.Error() != errGeneric.Error() {
			t.Errorf("input %s:\nfast error    %v\ngeneric error %v", d, errFast, errGeneric)
		}
		return
	}
	if !reflect.DeepEqual(fast, gen) {
		t.Fatalf("input %s:\nfast    %+v\ngeneric %+v", d, fast, gen)
	}
	a, err1 := json.Marshal(&fast)
	b, err2 := json.Marshal(&gen)
	if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
		t.Fatalf("input %s: re-encodings differ (%v, %v):\n%s\n%s", d, err1, err2, a, b)
	}
}

// variants returns d with each key of the object at path (nil: top level)
// removed, set to null, set to a wrong kind, and with an unknown key added.
func variants(t *testing.T, d []byte, path ...string) [][]byte {
	t.Helper()
	var top map[string]jsontext.Value
	if err := json.Unmarshal(d, &top); err != nil {
		t.Fatal(err)
	}
	obj := top
	if len(path) > 0 {
		obj = map[string]jsontext.Value{}
		if err := json.Unmarshal(top[path[0]], &obj); err != nil {
			t.Fatal(err)
		}
	}
	encode := func(o map[string]jsontext.Value) []byte {
		if len(path) > 0 {
			inner, err := json.Marshal(o, json.Deterministic(true))
			if err != nil {
				t.Fatal(err)
			}
			outer := map[string]jsontext.Value{}
			for k, v := range top {
				outer[k] = v
			}
			outer[path[0]] = inner
			o = outer
		}
		b, err := json.Marshal(o, json.Deterministic(true))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var out [][]byte
	for k := range obj {
		for _, repl := range []string{"", "null", `"s"`, "1", "1.5", "true", "{}", "[]", `[{}]`, `["x"]`, `[null]`, `{"zz":1}`} {
			o := map[string]jsontext.Value{}
			for k2, v := range obj {
				o[k2] = v
			}
			if repl == "" {
				delete(o, k)
			} else {
				o[k] = jsontext.Value(repl)
			}
			out = append(out, encode(o))
		}
	}
	o := map[string]jsontext.Value{"zz_unknown": jsontext.Value(`{"a":[1,2]}`), "aa_unknown": jsontext.Value(`null`)}
	for k, v := range obj {
		o[k] = v
	}
	return append(out, encode(o))
}

func TestFastDecodeMatchesGeneric(t *testing.T) {
	rich, err := os.ReadFile(filepath.Join("testdata", "events", EventMessageCreate+".json"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := [][]byte{rich, []byte(typicalMessageCreate),
		[]byte(`null`), []byte(`{}`), []byte(`[]`), []byte(`"x"`),
		[]byte(`{"id":"1","author":{"id":"99999999999999999999999"}}`),
		[]byte(`{"id":"1","author":{"id":true}}`),
		[]byte(`{"id":"1","mentions":[{"id":"1"},{"id":"x1"}]}`),
		[]byte(`{"id":"1","mentions":[{"id":"1","member":{"roles":["x"]}}]}`),
		[]byte(`{"id":"1","member":{"roles":["1",{}],"user":{"id":"2"}}}`),
		[]byte(`{"id":"1","member":{"user":{"id":"2","username":5}}}`),
		[]byte(`{"id":"1","timestamp":"yesterday"}`),
		[]byte(`{"id":"1","content":"a\"b\u00e9c","author":{"username":"\u0041x"}}`),
		[]byte(`{"i\u0064":"7","\u0061uthor":{"id":"3"},"x\u0079":1}`),
		[]byte(`{"id":"1","nonce":{}}`), []byte(`{"id":"1","nonce":1.5}`), []byte(`{"id":"1","type":1.5}`),
		[]byte(`{"id":"1","type":99999999999999999999}`), []byte(`{"id":"1","embeds":[{"title":5}]}`),
		[]byte(`{"id":"1","id":"2"}`), []byte(`{"id":"1","author":{"id":"1","id":"2"}}`),
		[]byte(`{"id":"1", "unknown" : [ 1, 2 ] , "other":{ "a" : 1 }}`),
	}
	for _, path := range [][]string{nil, {"author"}, {"member"}} {
		for _, base := range [][]byte{rich, []byte(typicalMessageCreate)} {
			inputs = append(inputs, variants(t, base, path...)...)
		}
	}
	for _, d := range inputs {
		decodeBoth(t, d)
	}
	t.Logf("%d inputs", len(inputs))
}

func FuzzFastDecodeMatchesGeneric(f *testing.F) {
	f.Add([]byte(typicalMessageCreate))
	f.Add([]byte(`{"id":"1","mentions":[{"id":"1","member":{"roles":["2"]}}],"x":null}`))
	f.Fuzz(func(t *testing.T, d []byte) { decodeBoth(t, d) })
}

// typicalTypingStart is a TYPING_START shaped like the bench/ pipeline mix.
const typicalTypingStart = `{"user_id":"80351110224678912","timestamp":1752498132,"member":{"user":{"id":"80351110224678912","username":"u","global_name":"U","avatar":"00a2","discriminator":"0","public_flags":0},` +
	`"roles":[],"nick":null,"avatar":null,"joined_at":"2023-04-12T12:34:56.123000+00:00","deaf":false,"mute":false,"flags":0},"channel_id":"41771983423153938","guild_id":"41771983423143937"}`

func TestFastTypingStartMatchesGeneric(t *testing.T) {
	typing := func(e *TypingStart) any { return (*typingStartFields)(e) }
	inputs := [][]byte{[]byte(typicalTypingStart), []byte(`null`), []byte(`{}`), []byte(`[]`),
		[]byte(`{"timestamp":1.5}`), []byte(`{"timestamp":99999999999999999999}`), []byte(`{"timestamp":"1"}`),
		[]byte(`{"timestamp":-5}`), []byte(`{"member":{"user":{"id":"x"}}}`), []byte(`{"member":{"roles":["1","x"]}}`)}
	for _, path := range [][]string{nil, {"member"}} {
		inputs = append(inputs, variants(t, []byte(typicalTypingStart), path...)...)
	}
	for _, d := range inputs {
		sameAsGeneric(t, d, typing)
	}
}

func FuzzFastTypingStartMatchesGeneric(f *testing.F) {
	f.Add([]byte(typicalTypingStart))
	f.Fuzz(func(t *testing.T, d []byte) {
		sameAsGeneric(t, d, func(e *TypingStart) any { return (*typingStartFields)(e) })
	})
}

// TestFastDecodeNestedErrors checks the JSON pointers of errors when the
// events are decoded inside a larger document.
func TestFastDecodeNestedErrors(t *testing.T) {
	for _, d := range []string{
		`[{"id":"1"},{"author":{"id":"x"}}]`, `[{"id":"1"},{"mentions":[{"id":"1"},{"member":{"roles":["y"]}}]}]`,
		`[{},{"type":"x"}]`, `[{},{"embeds":[{"title":1}]}]`, `[{},{"components":[{}]}]`, `[{"id":"1","guild_id":true}]`,
	} {
		var fast []MessageCreate
		var gen []messageCreateFields
		errFast, errGen := json.Unmarshal([]byte(d), &fast), json.Unmarshal([]byte(d), &gen)
		if errFast == nil || errGen == nil || errFast.Error() != errGen.Error() {
			t.Errorf("%s:\nfast    %v\ngeneric %v", d, errFast, errGen)
		}
	}
	for _, d := range []string{`[{},{"member":{"user":{"id":"x"}}}]`, `[{"timestamp":"x"}]`} {
		var fast []TypingStart
		var gen []typingStartFields
		errFast, errGen := json.Unmarshal([]byte(d), &fast), json.Unmarshal([]byte(d), &gen)
		if errFast == nil || errGen == nil || errFast.Error() != errGen.Error() {
			t.Errorf("%s:\nfast    %v\ngeneric %v", d, errFast, errGen)
		}
	}
}
