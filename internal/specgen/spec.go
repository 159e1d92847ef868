package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Schema is the subset of an OpenAPI 3.1 / JSON Schema object the generator
// reads. Properties keep the order of the spec file so generated structs list
// fields the way Discord's spec does.
type Schema struct {
	Ref                  string           `json:"$ref"`
	Type                 typeList         `json:"type"`
	Format               string           `json:"format"`
	ContentEncoding      string           `json:"contentEncoding"`
	Minimum              *float64         `json:"minimum"`
	Maximum              *float64         `json:"maximum"`
	MinLength            *int             `json:"minLength"`
	MaxLength            *int             `json:"maxLength"`
	MinItems             *int             `json:"minItems"`
	MaxItems             *int             `json:"maxItems"`
	Title                string           `json:"title"`
	Description          string           `json:"description"`
	Const                jsontext.Value   `json:"const"`
	Enum                 []jsontext.Value `json:"enum"`
	OneOf                []*Schema        `json:"oneOf"`
	AnyOf                []*Schema        `json:"anyOf"`
	AllOf                []*Schema        `json:"allOf"`
	Properties           Properties       `json:"properties"`
	Required             []string         `json:"required"`
	AdditionalProperties *additional      `json:"additionalProperties"`
	Items                *Schema          `json:"items"`
	XDiscordUnion        string           `json:"x-discord-union"`
}

// typeList is "type": either one name or a list of names.
type typeList []string

func (t *typeList) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == '"' {
		var s string
		if err := json.UnmarshalDecode(dec, &s); err != nil {
			return err
		}
		*t = typeList{s}
		return nil
	}
	var l []string
	if err := json.UnmarshalDecode(dec, &l); err != nil {
		return err
	}
	*t = l
	return nil
}

// Property is one named property of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Properties is an ordered list of properties.
type Properties []Property

func (p *Properties) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '{' {
		return fmt.Errorf("properties must be an object, got %v", tok.Kind())
	}
	for dec.PeekKind() != '}' {
		k, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := k.String() // the token is only valid until the next read
		var s Schema
		if err := json.UnmarshalDecode(dec, &s); err != nil {
			return fmt.Errorf("property %q: %w", name, err)
		}
		*p = append(*p, Property{Name: name, Schema: &s})
	}
	_, err = dec.ReadToken()
	return err
}

// additional is additionalProperties: a boolean or a schema.
type additional struct {
	Allowed bool
	Schema  *Schema
}

func (a *additional) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 't', 'f':
		var b bool
		if err := json.UnmarshalDecode(dec, &b); err != nil {
			return err
		}
		*a = additional{Allowed: b}
		return nil
	}
	var s Schema
	if err := json.UnmarshalDecode(dec, &s); err != nil {
		return err
	}
	*a = additional{Allowed: true, Schema: &s}
	return nil
}

// Has reports whether the type list names t.
func (s *Schema) Has(t string) bool { return slices.Contains(s.Type, t) }

// RefName is the component name a $ref points at, or "".
func (s *Schema) RefName() string {
	const prefix = "#/components/schemas/"
	if name, ok := strings.CutPrefix(s.Ref, prefix); ok {
		return name
	}
	return ""
}

// IsNull reports a schema that only allows null.
func (s *Schema) IsNull() bool { return len(s.Type) == 1 && s.Type[0] == "null" && s.Ref == "" }

// IsEnum reports an enum-style schema: a oneOf whose every branch is a const.
func (s *Schema) IsEnum() bool {
	if len(s.OneOf) == 0 {
		return false
	}
	for _, o := range s.OneOf {
		if len(o.Const) == 0 {
			return false
		}
	}
	return true
}

// Spec is the part of the OpenAPI document the generator needs.
type Spec struct {
	OpenAPI    string `json:"openapi"`
	Components struct {
		Schemas map[string]*Schema `json:"schemas"`
	} `json:"components"`
	Paths map[string]PathItem `json:"paths"`
}

// PathItem maps lower-case HTTP methods to operations; path-level
// "parameters" are merged into each operation's Params.
type PathItem map[string]jsontext.Value

// Param is one path or query parameter of an operation.
type Param struct {
	Name     string  `json:"name"`
	In       string  `json:"in"` // "path" or "query"
	Required bool    `json:"required"`
	Schema   *Schema `json:"schema"`
}

// Operation is one HTTP operation of the spec.
type Operation struct {
	Method      string // upper case: GET, POST, ...
	Path        string // template, e.g. /channels/{channel_id}/messages
	OperationID string
	Body        string             // component schema the application/json body is, when it is one $ref
	BodyUnion   []string           // component schemas of a oneOf/anyOf body, in spec order
	BodySchema  *Schema            // the application/json body schema, or nil
	Responses   map[string]*Schema // 2xx status -> application/json schema (nil: no body)
	Params      []Param            // path parameters (in template order), then query parameters
	Multipart   bool               // the body may be multipart/form-data
	FormOnly    bool               // the body is only multipart/form-data (no JSON form)
	FormSchema  *Schema            // the multipart/form-data schema, when FormOnly
	BodyNeeded  bool               // requestBody.required
	Description string             // the operation's description, when the spec has one
}

type rawOperation struct {
	OperationID string `json:"operationId"`
	Description string `json:"description"`
	Responses   map[string]struct {
		Content map[string]struct {
			Schema *Schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
	RequestBody struct {
		Required bool `json:"required"`
		Content  map[string]struct {
			Schema *Schema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Parameters []Param `json:"parameters"`
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// LoadSpec reads and decodes an OpenAPI document.
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSpec(data)
}

// ParseSpec decodes an OpenAPI document.
func ParseSpec(data []byte) (*Spec, error) {
	var s Spec
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("specgen: decode spec: %w", err)
	}
	if len(s.Components.Schemas) == 0 {
		return nil, errors.New("specgen: spec has no components.schemas")
	}
	return &s, nil
}

// Operations lists every operation sorted by path, then method.
func (s *Spec) Operations() ([]Operation, error) {
	var ops []Operation
	for path, item := range s.Paths {
		var pathParams []Param
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &pathParams); err != nil {
				return nil, fmt.Errorf("specgen: %s parameters: %w", path, err)
			}
		}
		for _, m := range httpMethods {
			raw, ok := item[m]
			if !ok {
				continue
			}
			var ro rawOperation
			if err := json.Unmarshal(raw, &ro); err != nil {
				return nil, fmt.Errorf("specgen: %s %s: %w", strings.ToUpper(m), path, err)
			}
			op := Operation{Method: strings.ToUpper(m), Path: path, OperationID: ro.OperationID,
				BodyNeeded: ro.RequestBody.Required, Description: ro.Description}
			op.Params = orderPathParams(path, append(slices.Clone(pathParams), ro.Parameters...))
			if c, ok := ro.RequestBody.Content["multipart/form-data"]; ok {
				op.Multipart = true
				if _, js := ro.RequestBody.Content["application/json"]; !js {
					op.FormOnly, op.FormSchema = true, c.Schema
				}
			}
			for status, r := range ro.Responses {
				if strings.HasPrefix(status, "2") {
					if op.Responses == nil {
						op.Responses = map[string]*Schema{}
					}
					op.Responses[status] = r.Content["application/json"].Schema
				}
			}
			if c, ok := ro.RequestBody.Content["application/json"]; ok && c.Schema != nil {
				op.BodySchema = c.Schema
				op.Body = c.Schema.RefName()
				for _, b := range append(slices.Clone(c.Schema.OneOf), c.Schema.AnyOf...) {
					if n := b.RefName(); n != "" {
						op.BodyUnion = append(op.BodyUnion, n)
					}
				}
			}
			ops = append(ops, op)
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return ops, nil
}

// orderPathParams puts path parameters in the order the template names them,
// followed by the query parameters in spec order.
func orderPathParams(path string, ps []Param) []Param {
	var out []Param
	for _, seg := range strings.Split(path, "/") {
		name, ok := strings.CutPrefix(seg, "{")
		if !ok {
			continue
		}
		name = strings.TrimSuffix(name, "}")
		found := false
		for _, p := range ps {
			if p.In == "path" && p.Name == name {
				out = append(out, p)
				found = true
				break
			}
		}
		if !found {
			out = append(out, Param{Name: name, In: "path", Required: true, Schema: &Schema{Type: typeList{"string"}}})
		}
	}
	for _, p := range ps {
		if p.In == "query" {
			out = append(out, p)
		}
	}
	return out
}
