package discord

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/internal/assert"
)

// The fast paths must behave exactly like json v2's generic path for the
// same T: the same values, the same accepted input, the same error text.
func TestOptionalFastPathMatchesGeneric(t *testing.T) {
	inputs := []string{
		`"x"`, `"é\u00e9\n"`, `""`, `"123"`, `"41771983423143937"`, `"2021-03-04T05:06:07.890000+00:00"`,
		`"2021-03-04T05:06:07+00:00"`, `"nope"`,
		`true`, `false`,
		`0`, `-0`, `7`, `-12`, `9223372036854775807`, `-9223372036854775808`, `9223372036854775808`,
		`1.5`, `1e3`, `-2.5e-3`, `1e400`, `18446744073709551615`, `18446744073709551616`,
		`[]`, `{}`, `[1]`, `{"a":1}`,
	}
	for _, in := range inputs {
		checkFast[string](t, in)
		checkFast[bool](t, in)
		checkFast[int](t, in)
		checkFast[int64](t, in)
		checkFast[float64](t, in)
		checkFast[Snowflake](t, in)
		checkFast[Timestamp](t, in)
		checkFast[Permissions](t, in)
	}
}

// checkFast decodes in as a field of type Optional[T] and Nullable[T] (fast
// path) and as T (generic path, via a struct field so both errors carry the
// same path) and compares value, error and re-encoding.
func checkFast[T any](t *testing.T, in string) {
	t.Helper()
	doc := `{"f":` + in + `}`
	var generic struct {
		F T `json:"f"`
	}
	var opt struct {
		F Optional[T] `json:"f"`
	}
	var nul struct {
		F Nullable[T] `json:"f"`
	}
	gerr := json.Unmarshal([]byte(doc), &generic)
	oerr := json.Unmarshal([]byte(doc), &opt)
	nerr := json.Unmarshal([]byte(doc), &nul)
	name := func(what string) string { return fmt.Sprintf("%s %T %s", what, generic.F, in) }
	if gerr != nil {
		assert.Equal(t, name("optional error"), errText(oerr), errText(gerr))
		assert.Equal(t, name("nullable error"), errText(nerr), errText(gerr))
		return
	}
	assert.Success(t, oerr)
	assert.Success(t, nerr)
	ov, ok := opt.F.Get()
	assert.Equal(t, name("optional set"), ok, true)
	nv, ok := nul.F.Get()
	assert.Equal(t, name("nullable set"), ok, true)
	assert.Equal(t, name("optional value"), ov, generic.F)
	assert.Equal(t, name("nullable value"), nv, generic.F)
	gout, gerr := json.Marshal(generic.F)
	oout, oerr := json.Marshal(opt.F)
	nout, nerr := json.Marshal(nul.F)
	assert.Equal(t, name("optional encode error"), errText(oerr), errText(gerr))
	assert.Equal(t, name("nullable encode error"), errText(nerr), errText(gerr))
	assert.Equal(t, name("optional encoding"), string(oout), string(gout))
	assert.Equal(t, name("nullable encoding"), string(nout), string(gout))
}

// errText is an error's message with the Go type names of the wrappers
// removed: the generic path names T, the fast path may name Optional[T].
func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := err.Error()
	for _, w := range []string{"discord.Optional[", "discord.Nullable["} {
		if i := strings.Index(s, w); i >= 0 {
			j := strings.Index(s[i:], "]")
			s = s[:i] + s[i+len(w):i+j] + s[i+j+1:]
		}
	}
	s = strings.ReplaceAll(s, "github.com/scurrygo/scurry/discord.", "discord.")
	return s
}

// Marshalling values the generic path refuses is refused the same way.
func TestOptionalFastPathNaN(t *testing.T) {
	_, gerr := json.Marshal(math.NaN())
	_, oerr := json.Marshal(Some(math.NaN()))
	_, nerr := json.Marshal(NonNull(math.Inf(1)))
	assert.Error(t, gerr)
	assert.Error(t, oerr)
	assert.Error(t, nerr)
}

// BenchmarkOptionalScalars decodes and encodes 100 objects made only of
// Optional/Nullable scalars: the case the fast paths are for.
func BenchmarkOptionalScalars(b *testing.B) {
	type row struct {
		S  Optional[string]      `json:"s,omitzero"`
		NS Nullable[string]      `json:"ns,omitzero"`
		B  Optional[bool]        `json:"b,omitzero"`
		I  Optional[int]         `json:"i,omitzero"`
		I6 Optional[int64]       `json:"i6,omitzero"`
		F  Optional[float64]     `json:"f,omitzero"`
		ID Nullable[Snowflake]   `json:"id,omitzero"`
		TS Nullable[Timestamp]   `json:"ts,omitzero"`
		P  Optional[Permissions] `json:"p,omitzero"`
	}
	one := `{"s":"some text","ns":null,"b":true,"i":42,"i6":1700000000000,"f":0.5,` +
		`"id":"41771983423143937","ts":"2021-03-04T05:06:07.890000+00:00","p":"1071698660929"}`
	d := []byte("[" + strings.Repeat(one+",", 99) + one + "]")
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(d)))
		start := cpuTime()
		for b.Loop() {
			var rows []row
			if err := json.Unmarshal(d, &rows); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	})
	var rows []row
	if err := json.Unmarshal(d, &rows); err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := json.Marshal(rows); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	})
}
