package cache

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/scurrygo/scurry/discord"
)

// Uses must name exactly the events Apply's type switch handles.
func TestUsesMatchesApply(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "apply.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	cased := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "Apply" {
			return true
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			cc, ok := n.(*ast.CaseClause)
			if !ok {
				return true
			}
			for _, e := range cc.List {
				if star, ok := e.(*ast.StarExpr); ok {
					if sel, ok := star.X.(*ast.SelectorExpr); ok {
						cased[sel.Sel.Name] = true
					}
				}
			}
			return true
		})
		return false
	})
	if len(cased) == 0 {
		t.Fatal("found no case in Apply's type switch")
	}
	for _, name := range discord.EventNames {
		e, err := discord.DecodeEvent(name, jsontext.Value(`{}`))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		typ := reflect.TypeOf(e).Elem().Name()
		if cased[typ] != Uses(name) {
			t.Errorf("%s (%s): Apply handles it = %v, Uses = %v", name, typ, cased[typ], Uses(name))
		}
	}
}
