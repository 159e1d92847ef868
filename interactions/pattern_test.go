package interactions

import (
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, id string
		ok          bool
		params      []param
	}{
		{"vote:{poll}:{option}", "vote:1:yes", true, []param{{"poll", "1"}, {"option", "yes"}}},
		{"vote:{poll}:{option}", "vote:1:", false, nil},
		{"vote:{poll}:{option}", "vote::x", false, nil},
		{"vote:{poll}:{option}", "vote:1", false, nil},
		{"vote:{poll}:{option}", "votes:1:2", false, nil},
		{"{kind}:open", "ticket:open", true, []param{{"kind", "ticket"}}},
		{"{kind}:open", "ticket:open:x", false, nil},
		{"page-{n}-of-{total}", "page-2-of-9", true, []param{{"n", "2"}, {"total", "9"}}},
		{"exact", "exact", true, nil},
		{"exact", "exactly", false, nil},
		{"ünï:{x}", "ünï:ø", true, []param{{"x", "ø"}}},
	}
	for _, tc := range tests {
		p, err := compilePattern(tc.pattern)
		assert.Success(t, err)
		got, ok := p.match(tc.id, nil)
		if ok != tc.ok {
			t.Fatalf("%q ~ %q: ok %v, want %v", tc.pattern, tc.id, ok, tc.ok)
		}
		if ok {
			assert.Equal(t, tc.pattern+" params", got, tc.params)
		}
	}
	for _, bad := range []string{"", "a{", "a}", "{}", "{a}{b}", "{a}:{a}", string(make([]byte, 101))} {
		if _, err := compilePattern(bad); err == nil {
			t.Fatalf("pattern %q accepted", bad)
		}
	}
}
