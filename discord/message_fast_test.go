package discord

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// decodeBoth decodes d with the hand-written decoder and with json v2's
// generic decoding and fails the test unless results, re-encodings and
// errors are identical.
func decodeBoth(t *testing.T, d []byte) {
	t.Helper()
	var fast, generic MessageCreate
	errFast := json.Unmarshal(d, &fast)
	errGeneric := json.Unmarshal(d, (*messageCreateFields)(&generic))
	if (errFast == nil) != (errGeneric == nil) {
		t.Fatalf("input %s:\nfast error %v\ngeneric error %v", d, errFast, errGeneric)
	}
	if errFast != nil {
		if errFast.Error() != errGeneric.Error() {
			t.Errorf("input %s:\nfast error    %v\ngeneric error %v", d, errFast, errGeneric)
		}
		return
	}
	if !reflect.DeepEqual(fast, generic) {
		t.Fatalf("input %s:\nfast    %+v\ngeneric %+v", d, fast, generic)
	}
	a, err1 := json.Marshal(&fast)
	b, err2 := json.Marshal(&generic)
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
