package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// The REST generator: package rest's route table, one typed method per
// operation (unless rest declares it by hand), query structs, the
// spec-derived input checks, and the fake's spec table (discordtest).

type restParam struct {
	Name string // spec name
	Arg  string // Go argument name
	Type string // discord.Snowflake, string or int
}

type restQuery struct {
	Name     string // spec name
	Field    string // Go field name
	Type     string // Go type
	Enc      string // how one value is written: "id", "int", "str", "bool", "ts", "enumint", "enumstr", "ids", "strs"
	Opt      bool   // wrapped in discord.Optional
	Required bool
	Min, Max *float64
	MaxLen   *int
	MaxItems *int
}

type restOp struct {
	Op          Operation
	Name        string
	Resource    string
	Handwritten bool
	Params      []restParam
	Query       []restQuery
	Body        string   // Go type of the body argument ("" for none)
	BodyStruct  string   // the body's struct name (package discord), when checks apply
	BodyUnion   []string // allowed dynamic types of an `any` body
	BodySlice   bool
	BodyNeeded  bool
	FormFile    string   // multipart-only operations: the file's form name
	FormFields  []string // multipart-only operations: the plain fields
	FormReq     []string
	Result      string // Go type of the result ("" for none)
	ResultPtr   bool
	ResultItem  string // element type when Result is a slice
	Multipart   bool
	Reason      bool
	Major       string
	Exempt      bool
	Route       string // Route variable name
}

var identRE = regexp.MustCompile(`\b[A-Z][A-Za-z0-9_]*`)

// qual qualifies the exported type names of a Go type text with discord.
func qual(t string) string {
	return identRE.ReplaceAllStringFunc(t, func(s string) string { return "discord." + s })
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	// leading initialism: IDs -> ids, SKUID -> skuID
	i := 0
	for i < len(r) && unicode.IsUpper(r[i]) {
		i++
	}
	switch {
	case i == len(r):
		return strings.ToLower(s)
	case i > 1:
		i--
	}
	for j := 0; j < i || j == 0; j++ {
		r[j] = unicode.ToLower(r[j])
	}
	return string(r)
}

// buildRestOps decides the Go shape of every operation. methods are the
// methods rest declares by hand on *Client.
func (g *gen) buildRestOps(methods map[string]bool) []*restOp {
	var out []*restOp
	for _, op := range g.ops {
		r := &restOp{Op: op, Name: restMethodName(op.OperationID), Resource: restResource(op.Path),
			Multipart: op.Multipart, Reason: restTakesReason(op)}
		r.Handwritten = methods[r.Name]
		r.Route = "Route" + r.Name
		g.restParams(r)
		g.restBody(r)
		g.restResult(r)
		r.Major, r.Exempt = restMajor(op)
		out = append(out, r)
	}
	return out
}

func restMajor(op Operation) (string, bool) {
	if o, ok := routeOverrides[op.OperationID]; ok {
		return o.Major, o.Exempt
	}
	has := func(n string) bool { return strings.Contains(op.Path, "{"+n+"}") }
	switch {
	case has("channel_id"):
		return "channel_id", false
	case has("guild_id"):
		return "guild_id", false
	case has("webhook_id") && has("webhook_token"):
		return "webhook_id+webhook_token", false
	case has("webhook_id"):
		return "webhook_id", false
	}
	return "", false
}

func (g *gen) restParams(r *restOp) {
	used := map[string]bool{"ctx": true, "body": true, "q": true, "reason": true, "files": true, "fields": true, "file": true}
	for _, p := range r.Op.Params {
		if p.In != "path" {
			continue
		}
		t := "string"
		switch {
		case p.Schema != nil && p.Schema.RefName() == "SnowflakeType":
			t = "discord.Snowflake"
		case p.Schema != nil && p.Schema.Has("integer"):
			t = "int"
		}
		arg := lowerFirst(camel(p.Name))
		for used[arg] {
			arg += "_"
		}
		used[arg] = true
		r.Params = append(r.Params, restParam{Name: p.Name, Arg: arg, Type: t})
	}
	for _, p := range r.Op.Params {
		if p.In != "query" || p.Schema == nil {
			continue
		}
		q := restQuery{Name: p.Name, Field: camel(p.Name), Required: p.Required,
			Min: p.Schema.Minimum, Max: p.Schema.Maximum, MaxLen: p.Schema.MaxLength, MaxItems: p.Schema.MaxItems}
		s := p.Schema
		switch ref := s.RefName(); {
		case ref == "SnowflakeType":
			q.Type, q.Enc = "discord.Snowflake", "id"
		case ref != "" && g.enums[g.goName[ref]] != nil:
			e := g.enums[g.goName[ref]]
			q.Type, q.Opt = "discord."+e.Name, true
			q.Enc = "enumint"
			if e.String {
				q.Enc = "enumstr"
			}
		case ref != "" && g.replaced[ref] && g.spec.Components.Schemas[ref].IsEnum():
			q.Type, q.Opt, q.Enc = "discord."+g.goName[ref], true, "enumint"
			if c := g.spec.Components.Schemas[ref].OneOf[0].Const; len(c) > 0 && c[0] == '"' {
				q.Enc = "enumstr"
			}
		case s.Has("integer"):
			q.Type, q.Enc = "int", "int"
			q.Opt = s.Minimum == nil || *s.Minimum < 1
		case s.Has("boolean"):
			q.Type, q.Enc, q.Opt = "bool", "bool", true
		case s.Has("string") && s.Format == "date-time":
			q.Type, q.Enc = "discord.Timestamp", "ts"
		case s.Has("array") && s.Items != nil && s.Items.RefName() == "SnowflakeType":
			q.Type, q.Enc = "[]discord.Snowflake", "ids"
		case s.Has("array") || len(s.OneOf) > 0:
			q.Type, q.Enc = "[]string", "strs"
			for _, b := range s.OneOf {
				if b.MaxItems != nil {
					q.MaxItems = b.MaxItems
				}
			}
		default:
			q.Type, q.Enc = "string", "str"
		}
		r.Query = append(r.Query, q)
	}
}

func (g *gen) restBody(r *restOp) {
	op := r.Op
	r.BodyNeeded = op.BodyNeeded
	if op.FormOnly && op.FormSchema != nil {
		for _, p := range op.FormSchema.Properties {
			if p.Schema.ContentEncoding == "binary" {
				r.FormFile = p.Name
			} else {
				r.FormFields = append(r.FormFields, p.Name)
			}
		}
		for _, n := range op.FormSchema.Required {
			if n != r.FormFile {
				r.FormReq = append(r.FormReq, n)
			}
		}
		return
	}
	if op.BodySchema == nil {
		return
	}
	if len(op.BodyUnion) > 1 {
		r.Body = "any"
		for _, n := range op.BodyUnion {
			r.BodyUnion = append(r.BodyUnion, "discord."+g.goName[n])
		}
		return
	}
	t := g.opBody[op.OperationID]
	if t == "" {
		t = g.describe(op.BodySchema, op.OperationID)
	}
	switch {
	case strings.HasPrefix(t, "[]"), strings.HasPrefix(t, "map["):
		r.Body = qual(t)
		r.BodySlice = strings.HasPrefix(t, "[]")
	default:
		r.Body = "*" + qual(t)
		r.BodyStruct = t
	}
}

func (g *gen) restResult(r *restOp) {
	var s *Schema
	found := false
	for _, st := range []string{"200", "201", "204"} {
		if sc, ok := r.Op.Responses[st]; ok {
			s, found = sc, true
			break
		}
	}
	if !found || s == nil {
		return
	}
	t := g.describe(s, r.Op.OperationID)
	slice := strings.HasPrefix(t, "[]")
	base := strings.TrimPrefix(t, "[]")
	if m := restResultTypes[base]; m != "" {
		base = m
	}
	if strings.Contains(base, "|") {
		g.errorf("%s: response union %s has no Go type (add it to restResultTypes)", r.Op.OperationID, base)
		return
	}
	switch {
	case slice:
		r.Result, r.ResultItem = "[]"+qual(base), qual(base)
	case base == "string", strings.HasPrefix(base, "map["):
		r.Result = qual(base)
	default:
		r.Result, r.ResultPtr = qual(base), true
	}
}

// restFieldCheck is one spec-derived check of a body property.
type restFieldCheck struct {
	f        *field
	maxLen   int
	minLen   int
	maxItems int
	minItems int
	min, max *float64
	required bool
}

// bodyChecks lists the checks of a body struct's top-level properties.
func (g *gen) bodyChecks(name string) []restFieldCheck {
	d := g.structs[name]
	if d == nil {
		return nil
	}
	var out []restFieldCheck
	for _, f := range d.Fields {
		s := f.src
		if s == nil {
			continue
		}
		c := restFieldCheck{f: f}
		if s.MaxLength != nil {
			c.maxLen = *s.MaxLength
		}
		if s.MinLength != nil {
			c.minLen = *s.MinLength
		}
		if s.MaxItems != nil {
			c.maxItems = *s.MaxItems
		}
		if s.MinItems != nil {
			c.minItems = *s.MinItems
		}
		if o, ok := findLimitOverride(d.Schema, f.JSON); ok {
			if o.MaxLength > 0 {
				c.maxLen = o.MaxLength
			}
			if o.MaxItems > 0 {
				c.maxItems = o.MaxItems
			}
			if o.MinItems > 0 {
				c.minItems = o.MinItems
			}
		}
		inner := f.Type
		if inner.kind == kOptional || inner.kind == kNullable {
			inner = inner.elem
		}
		numeric := inner.kind == kNamed && (inner.name == "int" || inner.name == "int64" || inner.name == "float64")
		if numeric {
			c.min, c.max = s.Minimum, s.Maximum
		}
		isStr := inner.kind == kNamed && inner.name == "string"
		isSlice := inner.kind == kSlice
		if !isStr {
			c.maxLen, c.minLen = 0, 0
		}
		if !isSlice {
			c.maxItems, c.minItems = 0, 0
		}
		c.required = f.Required && f.Type.kind == kNamed && (f.Type.name == "string" || f.Type.name == "Snowflake")
		if c.maxLen+c.minLen+c.maxItems+c.minItems > 0 || c.min != nil || c.max != nil || c.required {
			out = append(out, c)
		}
	}
	return out
}

// emitRestCheck writes the spec-derived check of a body struct; it reports
// false when there is nothing to check.
func (g *gen) emitRestCheck(w *writer, name string) bool {
	checks := g.bodyChecks(name)
	if len(checks) == 0 {
		return false
	}
	w.p("// check%s enforces the limits the spec documents for %s.\n", name, name)
	w.p("func check%s(op string, b *discord.%s) error {\n", name, name)
	for _, c := range checks {
		f := c.f
		get := "b." + f.GoName
		open := ""
		switch f.Type.kind {
		case kOptional, kNullable:
			w.p("\tif v, ok := b.%s.Get(); ok {\n", f.GoName)
			get, open = "v", "\t"
		}
		if c.required {
			if f.Type.name == "string" {
				w.p("\tif b.%s == \"\" {\n\t\treturn inputErr(op, %q, \"is required\")\n\t}\n", f.GoName, f.JSON)
			} else {
				w.p("\tif b.%s == 0 {\n\t\treturn inputErr(op, %q, \"is required (a zero snowflake)\")\n\t}\n", f.GoName, f.JSON)
			}
		}
		if c.maxLen > 0 || c.minLen > 0 {
			w.p("%s\tif err := checkRunes(op, %q, %s, %d, %d); err != nil {\n%s\t\treturn err\n%s\t}\n", open, f.JSON, get, c.minLen, c.maxLen, open, open)
		}
		if c.maxItems > 0 || c.minItems > 0 {
			w.p("%s\tif err := checkItems(op, %q, len(%s), %d, %d); err != nil {\n%s\t\treturn err\n%s\t}\n", open, f.JSON, get, c.minItems, c.maxItems, open, open)
		}
		if c.min != nil || c.max != nil {
			lo, hi := "math.Inf(-1)", "math.Inf(1)"
			if c.min != nil {
				lo = strconv.FormatFloat(*c.min, 'f', -1, 64)
			}
			if c.max != nil {
				hi = strconv.FormatFloat(*c.max, 'f', -1, 64)
			}
			w.p("%s\tif err := checkRange(op, %q, float64(%s), %s, %s); err != nil {\n%s\t\treturn err\n%s\t}\n", open, f.JSON, get, lo, hi, open, open)
		}
		if open != "" {
			w.p("\t}\n")
		}
	}
	w.p("\treturn nil\n}\n\n")
	return true
}

// signature returns the method's parameter list (after ctx) and results.
func (r *restOp) signature() (params, results string) {
	var ps []string
	for _, p := range r.Params {
		ps = append(ps, p.Arg+" "+p.Type)
	}
	if len(r.Query) > 0 {
		ps = append(ps, "q "+r.Name+"Query")
	}
	if r.FormFile != "" {
		ps = append(ps, "fields map[string]string", "file File")
	} else if r.Body != "" {
		ps = append(ps, "body "+r.Body)
	}
	if r.Reason {
		ps = append(ps, "reason string")
	}
	if r.Multipart && r.FormFile == "" {
		ps = append(ps, "files ...File")
	}
	params = "ctx context.Context"
	if len(ps) > 0 {
		params += ", " + strings.Join(ps, ", ")
	}
	switch {
	case r.Result == "":
		results = "error"
	case r.ResultPtr:
		results = "(*" + r.Result + ", error)"
	default:
		results = "(" + r.Result + ", error)"
	}
	return params, results
}

func (r *restOp) paramValues() string {
	var vs []string
	for _, p := range r.Params {
		switch p.Type {
		case "discord.Snowflake":
			vs = append(vs, "idParam("+p.Arg+")")
		case "int":
			vs = append(vs, "strconv.Itoa("+p.Arg+")")
		default:
			vs = append(vs, p.Arg)
		}
	}
	if len(vs) == 0 {
		return "nil"
	}
	return "[]string{" + strings.Join(vs, ", ") + "}"
}

func (g *gen) emitRestMethod(w *writer, r *restOp) {
	params, results := r.signature()
	doc := fmt.Sprintf("%s calls %s %s (%s).", r.Name, r.Op.Method, r.Op.Path, r.Op.OperationID)
	if d := strings.TrimSpace(r.Op.Description); d != "" {
		doc += " " + strings.Join(strings.Fields(d), " ")
		if !strings.HasSuffix(doc, ".") {
			doc += "."
		}
	}
	switch {
	case len(r.BodyUnion) > 0:
		doc += " body is one of " + strings.Join(r.BodyUnion, ", ") + " (or a pointer to one)."
	case r.FormFile != "":
		doc += fmt.Sprintf(" The request is multipart/form-data: file is sent as %q, fields as plain parts (%s).", r.FormFile, strings.Join(r.FormFields, ", "))
	}
	if r.Multipart && r.FormFile == "" {
		doc += " With files, the body becomes payload_json and the files files[n]."
	}
	w.comment("", doc)
	w.p("func (c *Client) %s(%s) %s {\n", r.Name, params, results)
	fail := "return err"
	if r.Result != "" {
		if r.ResultPtr || strings.HasPrefix(r.Result, "[]") || strings.HasPrefix(r.Result, "map[") {
			fail = "return nil, err"
		} else {
			fail = "return \"\", err"
		}
	}
	if len(r.BodyUnion) > 0 {
		w.p("\tif err := checkUnionBody(%q, body", r.Op.OperationID)
		for _, t := range r.BodyUnion {
			w.p(", %s{}", t)
		}
		w.p("); err != nil {\n\t\t%s\n\t}\n", fail)
	}
	w.p("\tcl := opCall{op: %q, route: %s, params: %s", r.Op.OperationID, r.Route, r.paramValues())
	if len(r.Query) > 0 {
		w.p(", query: q.values")
	}
	if r.FormFile != "" {
		w.p(", form: fields, formRequired: %#v, files: []File{file.named(%q)}", r.FormReq, r.FormFile)
	} else if r.Body != "" {
		w.p(", body: body, bodyNeeded: %t", r.BodyNeeded)
		if r.BodyStruct != "" && len(g.bodyChecks(r.BodyStruct)) > 0 {
			w.p(", check: func(op string) error { return check%s(op, body) }", r.BodyStruct)
		}
	}
	if r.Reason {
		w.p(", reason: reason")
	}
	if r.Multipart && r.FormFile == "" {
		w.p(", files: files")
	}
	w.p("}\n")
	switch {
	case r.Result == "":
		w.p("\treturn c.call(ctx, &cl)\n")
	case r.ResultPtr:
		w.p("\tvar out %s\n\tcl.result = &out\n\treturn result(&out, c.call(ctx, &cl))\n", r.Result)
	default:
		w.p("\tvar out %s\n\tcl.result = &out\n\tif err := c.call(ctx, &cl); err != nil {\n\t\t%s\n\t}\n\treturn out, nil\n", r.Result, fail)
	}
	w.p("}\n\n")
}

func (g *gen) emitRestQuery(w *writer, r *restOp) {
	name := r.Name + "Query"
	w.p("// %s holds the query parameters of %s. Zero fields are not sent.\n", name, r.Name)
	w.p("type %s struct {\n", name)
	for _, q := range r.Query {
		t := q.Type
		if q.Opt {
			t = "discord.Optional[" + t + "]"
		}
		var notes []string
		if q.Required {
			notes = append(notes, "required")
		}
		if q.Min != nil || q.Max != nil {
			lo, hi := "", ""
			if q.Min != nil {
				lo = strconv.FormatFloat(*q.Min, 'f', -1, 64)
			}
			if q.Max != nil {
				hi = strconv.FormatFloat(*q.Max, 'f', -1, 64)
			}
			notes = append(notes, lo+".."+hi)
		}
		if q.MaxLen != nil {
			notes = append(notes, fmt.Sprintf("at most %d characters", *q.MaxLen))
		}
		if q.MaxItems != nil {
			notes = append(notes, fmt.Sprintf("at most %d values", *q.MaxItems))
		}
		c := ""
		if len(notes) > 0 {
			c = " // " + strings.Join(notes, "; ")
		}
		w.p("\t%s %s%s\n", q.Field, t, c)
	}
	w.p("}\n\n")
	w.p("func (q %s) values(op string) (url.Values, error) {\n\tv := url.Values{}\n", name)
	for _, q := range r.Query {
		var get, open string
		switch {
		case q.Opt:
			w.p("\tif x, ok := q.%s.Get(); ok {\n", q.Field)
			get, open = "x", "\t"
		case q.Enc == "id":
			w.p("\tif x := q.%s; x != 0 {\n", q.Field)
			get, open = "x", "\t"
		case q.Enc == "int":
			w.p("\tif x := q.%s; x != 0 {\n", q.Field)
			get, open = "x", "\t"
		case q.Enc == "ts":
			w.p("\tif x := q.%s; !x.IsZero() {\n", q.Field)
			get, open = "x", "\t"
		case q.Enc == "str":
			w.p("\tif x := q.%s; x != \"\" {\n", q.Field)
			get, open = "x", "\t"
		default: // slices
			w.p("\tif x := q.%s; len(x) > 0 {\n", q.Field)
			get, open = "x", "\t"
		}
		if q.Min != nil || q.Max != nil {
			lo, hi := "math.Inf(-1)", "math.Inf(1)"
			if q.Min != nil {
				lo = strconv.FormatFloat(*q.Min, 'f', -1, 64)
			}
			if q.Max != nil {
				hi = strconv.FormatFloat(*q.Max, 'f', -1, 64)
			}
			if q.Enc == "int" {
				w.p("%s\tif err := checkRange(op, %q, float64(%s), %s, %s); err != nil {\n%s\t\treturn nil, err\n%s\t}\n", open, q.Name, get, lo, hi, open, open)
			}
		}
		if q.MaxLen != nil && q.Enc == "str" {
			w.p("%s\tif err := checkRunes(op, %q, %s, 0, %d); err != nil {\n%s\t\treturn nil, err\n%s\t}\n", open, q.Name, get, *q.MaxLen, open, open)
		}
		if q.MaxItems != nil && (q.Enc == "ids" || q.Enc == "strs") {
			w.p("%s\tif err := checkItems(op, %q, len(%s), 0, %d); err != nil {\n%s\t\treturn nil, err\n%s\t}\n", open, q.Name, get, *q.MaxItems, open, open)
		}
		switch q.Enc {
		case "id":
			w.p("%s\tv.Set(%q, %s.String())\n", open, q.Name, get)
		case "int":
			w.p("%s\tv.Set(%q, strconv.Itoa(%s))\n", open, q.Name, get)
		case "bool":
			w.p("%s\tv.Set(%q, strconv.FormatBool(%s))\n", open, q.Name, get)
		case "ts":
			w.p("%s\tv.Set(%q, %s.String())\n", open, q.Name, get)
		case "str":
			w.p("%s\tv.Set(%q, %s)\n", open, q.Name, get)
		case "enumint":
			w.p("%s\tv.Set(%q, strconv.FormatInt(int64(%s), 10))\n", open, q.Name, get)
		case "enumstr":
			w.p("%s\tv.Set(%q, string(%s))\n", open, q.Name, get)
		case "ids":
			w.p("%s\tfor _, id := range %s {\n%s\t\tv.Add(%q, id.String())\n%s\t}\n", open, get, open, q.Name, open)
		case "strs":
			w.p("%s\tfor _, s := range %s {\n%s\t\tv.Add(%q, s)\n%s\t}\n", open, get, open, q.Name, open)
		}
		w.p("\t}")
		if q.Required {
			w.p(" else {\n\t\treturn nil, inputErr(op, %q, \"is required\")\n\t}", q.Name)
		}
		w.p("\n")
	}
	w.p("\treturn v, nil\n}\n\n")
}

// restResources returns the resources in order and the operations of each.
func restResources(ops []*restOp) ([]string, map[string][]*restOp) {
	by := map[string][]*restOp{}
	for _, r := range ops {
		by[r.Resource] = append(by[r.Resource], r)
	}
	return sortedKeys(by), by
}

// emitRest returns package rest's generated files by name.
func (g *gen) emitRest(ops []*restOp, specLabel string) (map[string][]byte, error) {
	files := map[string][]byte{}
	header := fmt.Sprintf("// Code generated by internal/specgen from %s; DO NOT EDIT.\n\npackage rest\n\n", specLabel)

	// route table
	var w writer
	w.WriteString(header)
	w.p("// Routes of every operation of Discord's OpenAPI spec, one per operation,\n// named after the operation's method (RouteCreateMessage for CreateMessage).\nvar (\n")
	for _, r := range ops {
		w.p("\t%s = Route{Method: %q, Path: %q", r.Route, r.Op.Method, r.Op.Path)
		if r.Major != "" {
			w.p(", Major: %q", r.Major)
		}
		if r.Exempt {
			w.p(", Exempt: true")
		}
		w.p("}\n")
	}
	w.p(")\n\n")
	w.p("// Operations lists every operation of the spec with its typed method,\n// sorted by path then method.\nvar Operations = []Operation{\n")
	for _, r := range ops {
		w.p("\t{ID: %q, Method: %q, Resource: %q, Route: %s, Multipart: %t, AuditLogReason: %t},\n",
			r.Op.OperationID, r.Name, r.Resource, r.Route, r.Multipart, r.Reason)
	}
	w.p("}\n")
	src, err := formatGo(w.Bytes())
	if err != nil {
		return nil, fmt.Errorf("routes: %w", err)
	}
	files["zz_generated_routes.go"] = src

	names, by := restResources(ops)
	for _, res := range names {
		var b writer
		b.WriteString(header)
		var body writer
		checked := map[string]bool{}
		for _, r := range by[res] {
			if r.Handwritten {
				continue
			}
			if len(r.Query) > 0 {
				g.emitRestQuery(&body, r)
			}
			g.emitRestMethod(&body, r)
			g.emitRestIter(&body, r)
			if r.BodyStruct != "" && !checked[r.BodyStruct] && !g.restCheckEmitted[r.BodyStruct] {
				checked[r.BodyStruct] = true
				g.restCheckEmitted[r.BodyStruct] = g.emitRestCheck(&body, r.BodyStruct)
			}
		}
		text := body.String()
		var std []string
		for _, imp := range []string{"context", "iter", "math", "net/url", "strconv"} {
			short := imp[strings.LastIndexByte(imp, '/')+1:]
			if strings.Contains(text, short+".") {
				std = append(std, strconv.Quote(imp))
			}
		}
		b.p("import (\n\t%s\n", strings.Join(std, "\n\t"))
		if strings.Contains(text, "discord.") {
			b.p("\n\t\"github.com/scurrygo/scurry/discord\"\n")
		}
		b.p(")\n\n")
		b.WriteString(text)
		src, err := formatGo(b.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", res, err, b.String())
		}
		files["zz_generated_"+res+".go"] = src
	}
	return files, nil
}

// restIterable reports the cursor parameter and the item key expression of a
// list operation paginated by before/after snowflakes.
func (g *gen) restIterable(r *restOp) (cursor, key string, ok bool) {
	if r.Handwritten || r.ResultItem == "" {
		return "", "", false
	}
	var after, before, limit bool
	for _, q := range r.Query {
		switch {
		case q.Name == "after" && q.Enc == "id":
			after = true
		case q.Name == "before" && q.Enc == "id":
			before = true
		case q.Name == "limit":
			limit = true
		}
	}
	if !limit || (!after && !before) {
		return "", "", false
	}
	cursor = "after"
	if !after {
		cursor = "before"
	}
	item := strings.TrimPrefix(r.ResultItem, "discord.")
	if k := restIterKeys[item]; k != "" {
		return cursor, k, true
	}
	if d := g.structs[item]; d != nil {
		for _, f := range d.Fields {
			if f.JSON == "id" && f.Type.isNamed("Snowflake") {
				return cursor, "v.ID", true
			}
		}
		for _, f := range d.Fields {
			if f.JSON == "user" && f.Type.kind == kNamed && f.Type.name == "User" {
				return cursor, "v.User.ID", true
			}
		}
	}
	return "", "", false
}

// restIterKeys gives the cursor key of hand-written item types.
var restIterKeys = map[string]string{
	"Message": "v.ID", "User": "v.ID", "Entitlement": "v.ID", "Subscription": "v.ID",
}

func (g *gen) emitRestIter(w *writer, r *restOp) {
	cursor, key, ok := g.restIterable(r)
	if !ok {
		return
	}
	var args, pass []string
	for _, p := range r.Params {
		args = append(args, p.Arg+" "+p.Type)
		pass = append(pass, p.Arg)
	}
	field := camel(cursor)
	w.p("// %sAll pages through %s with the %s cursor, starting at q.%s, and\n", r.Name, r.Name, cursor, field)
	w.p("// yields each item once. Each page asks for q.Limit items (the maximum when\n// zero) and waits on the rate limiter like any call; the iterator stops after\n// a short page, on the first error (yielded last) or when ctx ends.\n")
	max := "100"
	for _, q := range r.Query {
		if q.Name == "limit" && q.Max != nil {
			max = strconv.FormatFloat(*q.Max, 'f', -1, 64)
		}
	}
	limitExpr := "q.Limit"
	for _, q := range r.Query {
		if q.Name == "limit" && q.Opt {
			limitExpr = "q.Limit.Or(0)"
		}
	}
	w.p("func (c *Client) %sAll(ctx context.Context, %s q %sQuery) iter.Seq2[%s, error] {\n", r.Name, strings.Join(append(args, ""), ", "), r.Name, r.ResultItem)
	w.p("\tpage := %s\n\tif page <= 0 {\n\t\tpage = %s\n\t}\n", limitExpr, max)
	setLimit := "q.Limit = page"
	if limitExpr != "q.Limit" {
		setLimit = "q.Limit = discord.Some(page)"
	}
	w.p("\treturn paginate(ctx, %q, q.%s, page, func(ctx context.Context, cursor discord.Snowflake) ([]%s, error) {\n", cursor, field, r.ResultItem)
	w.p("\t\tq.%s = cursor\n\t\t%s\n\t\treturn c.%s(ctx, %s)\n\t}, func(v %s) discord.Snowflake { return %s })\n}\n\n",
		field, setLimit, r.Name, strings.Join(append(pass, "q"), ", "), r.ResultItem, key)
}
