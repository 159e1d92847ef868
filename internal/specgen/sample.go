package main

import (
	"bytes"
	"fmt"
	"go/format"
	"strconv"
	"strings"
)

// Samples for the round-trip test: for every generated struct the generator
// synthesises JSON from the spec (every property with a value, plus an
// unknown key; and a second object with only the required properties, nullable
// ones null), and for every integer enum an unknown value. The test decodes
// each into the Go type and checks that re-encoding gives the same JSON.
// Properties whose type is hand-written get a sample built from the spec too,
// so the test also checks that those types keep what the spec says Discord
// sends (run with -hwsamples=false to leave them out).

const maxSampleDepth = 6

type sampleCase struct {
	Type string
	Name string
	JSON string
}

func (g *gen) samples() []sampleCase {
	var out []sampleCase
	for _, n := range sortedKeys(g.structs) {
		d := g.structs[n]
		if full, ok := g.sampleStruct(d, 0, true); ok {
			out = append(out, sampleCase{Type: n, Name: n + "/full", JSON: full})
		}
		if min, ok := g.sampleStruct(d, 0, false); ok {
			out = append(out, sampleCase{Type: n, Name: n + "/required", JSON: min})
		}
	}
	for _, n := range sortedKeys(g.enums) {
		e := g.enums[n]
		if e.String {
			out = append(out, sampleCase{Type: n, Name: n + "/unknown", JSON: `"zz_not_in_the_spec"`})
		} else {
			out = append(out, sampleCase{Type: n, Name: n + "/unknown", JSON: `987654`})
		}
	}
	return out
}

// sampleStruct renders d; full adds optional properties with values and an
// unknown key, otherwise only required ones appear (nullable ones as null).
func (g *gen) sampleStruct(d *structDecl, depth int, full bool) (string, bool) {
	if depth > maxSampleDepth {
		return "", false
	}
	var parts []string
	for _, f := range d.Fields {
		if !f.Required && (!full || depth > 2) {
			continue
		}
		var v string
		ok := true
		switch {
		case !full && f.Nullable:
			v = "null"
		case f.Type.String() == "Permissions" || f.Type.String() == "Nullable[Permissions]" || f.Type.String() == "Optional[Permissions]":
			v = `"2048"`
		case fieldTypeOverrides[d.Schema+"."+f.JSON] == "string":
			v = `"BASE_TYPE_REQUIRED"`
		default:
			v, ok = g.sampleValue(f.src, depth+1, full)
		}
		if !ok {
			if f.Required {
				return "", false
			}
			continue
		}
		parts = append(parts, strconv.Quote(f.JSON)+":"+v)
	}
	if full && depth == 0 {
		parts = append(parts, `"zz_unknown_key":[1,{"a":true}]`)
	}
	return "{" + strings.Join(parts, ",") + "}", true
}

func (g *gen) sampleValue(s *Schema, depth int, full bool) (string, bool) {
	if depth > maxSampleDepth {
		return "", false
	}
	if r := s.RefName(); r != "" {
		switch r {
		case "SnowflakeType":
			return `"123456789012345678"`, true
		case "Int53Type", "UInt32Type":
			return "42", true
		}
		if g.replaced[r] && !g.sampleHandwritten {
			return "", false
		}
		t := g.spec.Components.Schemas[r]
		if t.IsEnum() {
			return string(t.OneOf[0].Const), true
		}
		if g.replaced[r] && !t.IsEnum() && len(t.OneOf) == 0 {
			return g.sampleValue(&Schema{Type: typeList{"object"}, Properties: t.Properties, Required: t.Required, AllOf: t.AllOf}, depth, full)
		}
		if d := g.structs[g.goName[r]]; d != nil {
			return g.sampleStruct(d, depth, full)
		}
		return g.sampleValue(t, depth, full)
	}
	if len(s.Enum) > 0 {
		return string(s.Enum[0]), true
	}
	if s.IsEnum() {
		return string(s.OneOf[0].Const), true
	}
	if branches := append(append([]*Schema{}, s.OneOf...), s.AnyOf...); len(branches) > 0 {
		for _, b := range branches {
			if b.IsNull() {
				continue
			}
			if v, ok := g.sampleValue(b, depth, full); ok {
				return v, true
			}
		}
		return "", false
	}
	if len(s.AllOf) > 0 && len(s.Properties) == 0 {
		return g.sampleValue(s.AllOf[0], depth, full)
	}
	var typ string
	for _, t := range s.Type {
		if t != "null" {
			typ = t
			break
		}
	}
	if typ == "" && len(s.Properties) > 0 {
		typ = "object"
	}
	switch typ {
	case "":
		if s.Has("null") {
			return "null", true
		}
		return `{"any":[1,"x",null]}`, true
	case "string":
		switch s.Format {
		case "snowflake":
			return `"123456789012345678"`, true
		case "date-time":
			return `"2021-02-03T04:05:06.789000+00:00"`, true
		case "uri":
			return `"https://example.com/a"`, true
		}
		return `"text"`, true
	case "integer":
		n := 7.0
		if s.Minimum != nil && n < *s.Minimum {
			n = *s.Minimum
		}
		if s.Maximum != nil && n > *s.Maximum {
			n = *s.Maximum
		}
		return strconv.FormatFloat(n, 'f', -1, 64), true
	case "number":
		return "1.5", true
	case "boolean":
		return "true", true
	case "array":
		if s.Items == nil {
			return "[]", true
		}
		v, ok := g.sampleValue(s.Items, depth+1, full)
		if !ok {
			return "[]", true
		}
		return "[" + v + "]", true
	case "object":
		if len(s.Properties) > 0 {
			var parts []string
			props, req := flatten(g.spec.Components.Schemas, s)
			for _, p := range props {
				if !req[p.Name] && !full {
					continue
				}
				v, ok := g.sampleValue(p.Schema, depth+1, full)
				if permissionProps[p.Name] && ok && v != "null" && !strings.HasPrefix(v, "[") {
					v = `"2048"`
				}
				if !ok {
					if req[p.Name] {
						return "", false
					}
					continue
				}
				parts = append(parts, strconv.Quote(p.Name)+":"+v)
			}
			return "{" + strings.Join(parts, ",") + "}", true
		}
		if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
			v, ok := g.sampleValue(s.AdditionalProperties.Schema, depth+1, full)
			if !ok {
				return "{}", true
			}
			return `{"123456789012345678":` + v + "}", true // the key also suits maps keyed by Snowflake
		}
		return `{"any":true}`, true
	}
	return "", false
}

// emitTest renders internal/specgen's round-trip table for the generated types.
func (g *gen) emitTest() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\npackage main\n\nimport \"github.com/scurrygo/scurry/discord\"\n\n", header)
	b.WriteString("// The cases are synthesised from the spec by the generator (sample.go).\n")
	b.WriteString("func init() {\n\troundTripCases = []roundTripCase{\n")
	for _, c := range g.samples() {
		lit := "`" + c.JSON + "`"
		if strings.Contains(c.JSON, "`") {
			lit = strconv.Quote(c.JSON)
		}
		fmt.Fprintf(&b, "\t{%q, %s, func() any { return new(discord.%s) }},\n", c.Name, lit, c.Type)
	}
	b.WriteString("}\n}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		return b.Bytes(), fmt.Errorf("specgen: generated test does not parse: %w", err)
	}
	return out, nil
}
