package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// printRoutes writes one tab-separated line per operation: method, path,
// operationId, the Go type of the JSON body ("-" for none) and the Go types
// of the 2xx responses ("204:-" for no body), using the names the generator
// gives against the hand-written code in hw. It is a reading aid for whoever
// writes typed REST methods; nothing depends on its format.
func printRoutes(w io.Writer, spec *Spec, hw *Handwritten) error {
	g, err := newGen(spec, hw)
	if err != nil {
		return err
	}
	g.resolveNames()
	g.build()
	if len(g.errs) > 0 {
		return fmt.Errorf("specgen: %s", strings.Join(g.errs, "; "))
	}
	for _, op := range g.ops {
		body := "-"
		if n := g.opBody[op.OperationID]; n != "" {
			body = n
		} else if op.BodySchema != nil {
			body = g.describe(op.BodySchema, op.OperationID)
		}
		var resp []string
		for _, status := range sortedKeys(op.Responses) {
			t := "-"
			if s := op.Responses[status]; s != nil {
				t = g.describe(s, op.OperationID)
			}
			resp = append(resp, status+":"+t)
		}
		sort.Strings(resp)
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", op.Method, op.Path, op.OperationID, body, strings.Join(resp, " "))
	}
	return nil
}

// describe renders the Go type of an operation-level schema; unions of
// several schemas read "A|B".
func (g *gen) describe(s *Schema, site string) string {
	branches := append(append([]*Schema{}, s.OneOf...), s.AnyOf...)
	if len(branches) > 1 && !s.IsEnum() {
		var parts []string
		for _, b := range branches {
			if !b.IsNull() {
				parts = append(parts, g.describe(b, site))
			}
		}
		return strings.Join(parts, "|")
	}
	if s.Ref == "" && s.Has("array") && s.Items != nil {
		return "[]" + g.describe(s.Items, site)
	}
	t, _ := g.typeOf(s, "Inline", site)
	return t.String()
}
