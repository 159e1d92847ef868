package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
)

// structDecl is a generated struct.
type structDecl struct {
	Name   string
	Schema string // spec name, or "Parent.prop" for an inline object
	Doc    string
	Fields []*field
	Extra  string // name of the unknown-keys field
	Op     bool   // the inline body of operation Schema
	src    *Schema
}

type field struct {
	GoName   string
	JSON     string
	Type     *goType
	Required bool
	Nullable bool
	OmitZero bool
	Doc      string
	src      *Schema
}

// enumDecl is a generated enum type.
type enumDecl struct {
	Name   string
	Schema string
	Doc    string
	String bool // string-based (else int)
	Values []enumValue
}

type enumValue struct {
	Const string // Go constant name ("" when it would collide and is skipped)
	Title string
	Int   int64
	Str   string
	Doc   string
}

// unionDecl is a generated union wrapper.
type unionDecl struct {
	Name     string
	Sig      string
	Doc      string
	Variants []unionVariant
	Sites    []string // "Schema.prop" where it is used, sorted
	Disc     string   // discriminator property, or "" when there is none
}

type unionVariant struct {
	Accessor string
	Type     *goType
	Schema   string   // referenced component, or ""
	Tags     []string // JSON texts of the discriminator values that select it
}

// gen holds one generation run.
type gen struct {
	spec     *Spec
	hw       *Handwritten
	ops      []Operation
	goName   map[string]string // schema -> Go type name (generated or hand-written)
	replaced map[string]bool   // schema -> provided by hand-written code
	used     map[string]bool   // Go identifiers taken (hand-written or generated)

	structs           map[string]*structDecl // by Go name
	enums             map[string]*enumDecl
	unionBySig        map[string]*unionDecl
	unionByName       map[string]*unionDecl
	schemaOf          map[string]*Schema // Go name -> schema of generated structs/unions
	topUnion          map[string]bool    // Go names of component schemas that are unions
	lowerTypes        map[string]string  // lower-case hand-written type name -> name
	opBody            map[string]string  // operationId -> Go type of an inline JSON body
	sampleHandwritten bool               // samples may include hand-written types (-hwsamples)
	restCheckEmitted  map[string]bool    // body structs whose rest check function is written
	errs              []string
}

// Result is what a run produced.
type Result struct {
	Source    []byte // the formatted Go file
	TestSrc   []byte // the formatted round-trip test file
	Generated []string
	Replaced  []string // "SpecName -> GoName" provided by hand-written code
	Builtin   []string
}

func newGen(spec *Spec, hw *Handwritten) (*gen, error) {
	ops, err := spec.Operations()
	if err != nil {
		return nil, err
	}
	g := &gen{
		spec: spec, hw: hw, ops: ops,
		goName:      map[string]string{},
		replaced:    map[string]bool{},
		used:        map[string]bool{},
		structs:     map[string]*structDecl{},
		enums:       map[string]*enumDecl{},
		unionBySig:  map[string]*unionDecl{},
		unionByName: map[string]*unionDecl{},
		schemaOf:    map[string]*Schema{},
		topUnion:    map[string]bool{},
		opBody:      map[string]string{},
	}
	for n := range hw.Types {
		g.used[n] = true
	}
	for n := range hw.Values {
		g.used[n] = true
	}
	return g, nil
}

func (g *gen) errorf(format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf(format, args...))
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// resolveNames decides each schema's Go name, honouring hand-written code.
func (g *gen) resolveNames() {
	want := assignNames(g.spec.Components.Schemas, g.ops)
	for _, n := range sortedKeys(want) {
		if hw := g.handwrittenFor(n, want[n]); hw != "" {
			g.goName[n] = hw
			g.replaced[n] = true
			continue
		}
		g.goName[n] = g.claim(want[n], n)
	}
}

// handwrittenFor returns the hand-written type that represents schema n
// (whose generated name would be name), or "".
func (g *gen) handwrittenFor(n, name string) string {
	usable := func(t string) bool { return g.hw.Types[t] && !g.hw.Interfaces[t] }
	if a := handwrittenAliases[n]; a != "" && usable(a) {
		return a
	}
	if usable(name) {
		return name
	}
	if g.lowerTypes == nil {
		g.lowerTypes = map[string]string{}
		for _, t := range sortedKeys(g.hw.Types) {
			if _, dup := g.lowerTypes[strings.ToLower(t)]; !dup {
				g.lowerTypes[strings.ToLower(t)] = t
			}
		}
	}
	if t := g.lowerTypes[strings.ToLower(name)]; usable(t) {
		return t
	}
	return ""
}

// claim reserves a Go type name, falling back to alternatives when a
// hand-written value or another generated declaration already uses it.
func (g *gen) claim(name, specName string) string {
	for _, c := range []string{name, specName, specName + "Model"} {
		if !g.used[c] {
			g.used[c] = true
			return c
		}
	}
	for i := 2; ; i++ {
		c := specName + "Model" + strconv.Itoa(i)
		if !g.used[c] {
			g.used[c] = true
			return c
		}
	}
}

// build creates declarations for every component schema.
func (g *gen) build() {
	schemas := g.spec.Components.Schemas
	for _, n := range sortedKeys(schemas) {
		if s := schemas[n]; !g.replaced[n] && !s.IsEnum() && (len(s.OneOf) > 0 || len(s.AnyOf) > 0) {
			g.topUnion[g.goName[n]] = true
		}
	}
	for _, n := range sortedKeys(schemas) {
		if _, ok := builtinTypes[n]; ok || g.replaced[n] {
			continue
		}
		s := schemas[n]
		name := g.goName[n]
		switch {
		case s.IsEnum():
			g.buildEnum(name, n, s)
		case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
			g.buildTopUnion(name, n, s)
		default:
			g.buildStruct(name, n, s)
		}
	}
	g.buildOperationBodies()
}

// buildOperationBodies generates <OperationId>Params for every JSON request
// body that the spec writes inline (not as a component), so that each typed
// REST method has a body type: update_guild_member -> UpdateGuildMemberParams.
func (g *gen) buildOperationBodies() {
	for _, op := range g.ops {
		b, prefix := op.BodySchema, ""
		if b != nil && b.Has("array") && b.Items != nil {
			b, prefix = b.Items, "[]" // a list of inline objects: name the element
		}
		if b == nil || b.Ref != "" || len(b.Properties) == 0 || len(b.OneOf)+len(b.AnyOf) > 0 {
			continue
		}
		want := camel(op.OperationID) + "Params"
		if hw := g.handwrittenFor("", want); hw != "" {
			g.opBody[op.OperationID] = prefix + hw
			continue
		}
		name := g.claim(want, want)
		d := g.buildStruct(name, op.OperationID, b)
		what := "The JSON body"
		if prefix != "" {
			what = "One element of the JSON body (a list)"
		}
		d.Doc = strings.TrimSpace(fmt.Sprintf("%s of %s %s. %s", what, op.Method, op.Path, b.Description))
		d.Op = true
		g.opBody[op.OperationID] = prefix + name
	}
}

func (g *gen) buildEnum(name, specName string, s *Schema) {
	e := &enumDecl{Name: name, Schema: specName, Doc: s.Description, String: s.Has("string")}
	seen := map[string]bool{}
	for _, o := range s.OneOf {
		v := enumValue{Title: o.Title, Doc: o.Description}
		if e.String {
			if err := json.Unmarshal(o.Const, &v.Str); err != nil {
				g.errorf("%s: const %s is not a string", specName, o.Const)
				continue
			}
			if v.Title == "" {
				v.Title = v.Str
			}
		} else {
			if err := json.Unmarshal(o.Const, &v.Int); err != nil {
				g.errorf("%s: const %s is not an integer", specName, o.Const)
				continue
			}
			if v.Title == "" {
				v.Title = strconv.FormatInt(v.Int, 10)
			}
		}
		c := name + camel(v.Title)
		if seen[c] || g.used[c] {
			c = "" // collides: keep the value (String still knows it), skip the constant
		} else {
			seen[c] = true
			g.used[c] = true
		}
		v.Const = c
		e.Values = append(e.Values, v)
	}
	g.enums[name] = e
}

func (g *gen) buildStruct(name, specName string, s *Schema) *structDecl {
	d := &structDecl{Name: name, Schema: specName, Doc: s.Description, src: s}
	props, required := flatten(g.spec.Components.Schemas, s)
	fieldNames := map[string]bool{}
	for _, p := range props {
		f := g.buildField(d, p.Name, p.Schema, required[p.Name])
		if g.hw.HasMethod(name, f.GoName) {
			f.GoName += "Field" // a hand-written method has the name
		}
		base := f.GoName
		for i := 2; fieldNames[f.GoName] || g.hw.HasMethod(name, f.GoName); i++ {
			f.GoName = base + strconv.Itoa(i)
		}
		fieldNames[f.GoName] = true
		d.Fields = append(d.Fields, f)
	}
	d.Extra = "Extra"
	for fieldNames[d.Extra] || g.hw.HasMethod(name, d.Extra) {
		d.Extra += "Fields"
	}
	g.structs[name] = d
	g.schemaOf[name] = s
	return d
}

// flatten merges allOf parts (refs and inline objects) into one property list.
func flatten(schemas map[string]*Schema, s *Schema) (Properties, map[string]bool) {
	var props Properties
	required := map[string]bool{}
	seen := map[string]bool{}
	var walk func(*Schema)
	walk = func(s *Schema) {
		if r := s.RefName(); r != "" {
			if t, ok := schemas[r]; ok {
				walk(t)
			}
			return
		}
		for _, a := range s.AllOf {
			walk(a)
		}
		for _, p := range s.Properties {
			if !seen[p.Name] {
				seen[p.Name] = true
				props = append(props, p)
			}
		}
		for _, r := range s.Required {
			required[r] = true
		}
	}
	walk(s)
	return props, required
}

func (g *gen) buildField(d *structDecl, prop string, s *Schema, required bool) *field {
	f := &field{GoName: fieldName(prop), JSON: prop, Required: required, Doc: s.Description, src: s}
	site := d.Schema + "." + prop
	t, nullable := g.typeOf(s, d.Name+f.GoName, site)
	if o, ok := fieldTypeOverrides[site]; ok && (g.hw.Types[o] || builtinOverrides[o]) {
		t = named(o)
	} else if permissionProps[prop] && g.hw.Types["Permissions"] &&
		(t.isNamed("string") || t.isNamed("int") || t.isNamed("int64")) {
		t = named("Permissions")
	}
	f.Nullable = nullable
	switch {
	case nullable:
		f.Type, f.OmitZero = nullableOf(t), true
	case !required && g.zeroIsAbsent(t):
		f.Type, f.OmitZero = t, true
	case !required:
		f.Type, f.OmitZero = optionalOf(t), true
	default:
		f.Type = t
	}
	return f
}

// typeOf maps a schema to a Go type and says whether null is allowed.
// hint names inline declarations (nested objects, unions) made for it; site
// is "Schema.prop" for messages and union bookkeeping.
func (g *gen) typeOf(s *Schema, hint, site string) (*goType, bool) {
	if r := s.RefName(); r != "" {
		return g.refType(r, site), false
	}
	nullable := s.Has("null")
	if branches := append(append([]*Schema{}, s.OneOf...), s.AnyOf...); len(branches) > 0 && !s.IsEnum() {
		var rest []*Schema
		for _, b := range branches {
			if b.IsNull() {
				nullable = true
				continue
			}
			rest = append(rest, b)
		}
		if len(rest) == 1 {
			t, n := g.typeOf(rest[0], hint, site)
			return t, nullable || n
		}
		return named(g.union(rest, hint, site)), nullable
	}
	if len(s.AllOf) == 1 && len(s.Properties) == 0 {
		t, n := g.typeOf(s.AllOf[0], hint, site)
		return t, nullable || n
	}
	var types []string
	for _, t := range s.Type {
		if t != "null" {
			types = append(types, t)
		}
	}
	if len(types) == 0 {
		if len(s.Properties) > 0 {
			types = []string{"object"}
		} else {
			// {} (any JSON) or {"type":"null"} (a key whose presence is the value)
			return named(rawValue), nullable
		}
	}
	if len(types) > 1 {
		return named(rawValue), nullable
	}
	switch types[0] {
	case "string":
		switch s.Format {
		case "snowflake":
			return named("Snowflake"), nullable
		case "date-time":
			return named("Timestamp"), nullable
		}
		return named("string"), nullable
	case "integer":
		switch s.Format {
		case "int32":
			return named("int"), nullable
		case "int64":
			return named("int64"), nullable
		}
		if maxv, ok := s.bound("maximum"); ok && maxv > 1<<31-1 {
			return named("int64"), nullable
		}
		if minv, ok := s.bound("minimum"); ok && minv < -(1<<31) {
			return named("int64"), nullable
		}
		return named("int"), nullable
	case "number":
		return named("float64"), nullable
	case "boolean":
		return named("bool"), nullable
	case "array":
		if s.Items == nil {
			return sliceOf(named(rawValue)), nullable
		}
		et, en := g.typeOf(s.Items, hint+"Item", site+"[]")
		if en {
			et = nullableOf(et)
		}
		return sliceOf(et), nullable
	case "object":
		if len(s.Properties) > 0 {
			name := g.claim(hint, hint)
			d := g.buildStruct(name, site, s)
			d.Doc = strings.TrimSpace("The object in " + site + ". " + s.Description)
			return named(name), nullable
		}
		if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
			vt, vn := g.typeOf(s.AdditionalProperties.Schema, hint+"Value", site+"{}")
			if vn {
				vt = nullableOf(vt)
			}
			return mapOf(vt), nullable
		}
		return named(rawValue), nullable
	}
	g.errorf("%s: unsupported type %q", site, types[0])
	return named(rawValue), nullable
}

// bound reads minimum or maximum.
func (s *Schema) bound(which string) (float64, bool) {
	p := s.Maximum
	if which == "minimum" {
		p = s.Minimum
	}
	if p == nil {
		return 0, false
	}
	return *p, true
}

func (g *gen) refType(r, site string) *goType {
	if b, ok := builtinTypes[r]; ok {
		return named(b)
	}
	n, ok := g.goName[r]
	if !ok {
		g.errorf("%s: $ref to unknown schema %q", site, r)
		return named(rawValue)
	}
	return named(n)
}
