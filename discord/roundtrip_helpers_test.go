package discord

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
)

// semanticDiff unmarshals both documents into `any` and reports the first
// differences (path: want vs got), or "" when they are equal. Numbers compare
// as float64 (json v2's default for any). Three normalisations, all about
// Snowflake and Permissions being numbers with a canonical string form:
//   - strings made only of digits compare without leading zeros;
//   - an ID member ("id" or "*_id") whose value is all zeros ("0", or fixtures
//     anonymised as "000000000000000000") counts as absent, because
//     Snowflake's zero value means "no ID" and is omitted on encode (other
//     keys such as discriminator "0" are compared as they are);
//   - a JSON number in the input equals a decimal string of the same value in
//     the output (v6-era payloads sent permissions and some IDs as numbers;
//     scurry reads both and writes Discord's string form).
func semanticDiff(want, got []byte) (string, error) {
	var a, b any
	if err := json.Unmarshal(want, &a); err != nil {
		return "", fmt.Errorf("input: %w", err)
	}
	if err := json.Unmarshal(got, &b); err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	var diffs []string
	diffValues("", normalize(a), normalize(b), &diffs)
	if len(diffs) > 8 {
		diffs = append(diffs[:8], fmt.Sprintf("... and %d more", len(diffs)-8))
	}
	return strings.Join(diffs, "\n"), nil
}

func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			isID := k == "id" || strings.HasSuffix(k, "_id")
			if s, ok := e.(string); ok && isID && s != "" && strings.Trim(s, "0") == "" {
				delete(x, k)
				continue
			}
			x[k] = normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
	case string:
		if len(x) > 1 && x[0] == '0' && strings.Trim(x, "0123456789") == "" {
			t := strings.TrimLeft(x, "0")
			if t == "" {
				t = "0"
			}
			return t
		}
	}
	return v
}

func diffValues(path string, a, b any, out *[]string) {
	if reflect.DeepEqual(a, b) {
		return
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			av, ina := am[k]
			bv, inb := bm[k]
			switch {
			case !inb:
				*out = append(*out, fmt.Sprintf("%s/%s: lost (was %s)", path, k, short(av)))
			case !ina:
				*out = append(*out, fmt.Sprintf("%s/%s: added %s", path, k, short(bv)))
			default:
				diffValues(path+"/"+k, av, bv, out)
			}
		}
		return
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			diffValues(fmt.Sprintf("%s/%d", path, i), as[i], bs[i], out)
		}
		return
	}
	if n, ok := a.(float64); ok {
		if s, ok := b.(string); ok {
			if f, err := strconv.ParseFloat(s, 64); err == nil && f == n {
				return
			}
		}
	}
	*out = append(*out, fmt.Sprintf("%s: want %s, got %s", path, short(a), short(b)))
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
