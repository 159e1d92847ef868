package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Handwritten is what the hand-written files of the target package declare.
// Hand-written code wins: the generator skips any type, constant, function or
// method whose name is already taken, and refers to hand-written types by name.
type Handwritten struct {
	Types map[string]bool // type names
	// Interfaces are the hand-written interface types: JSON cannot decode
	// into them, so they never stand in for a schema.
	Interfaces map[string]bool
	Values     map[string]bool            // consts, vars and funcs (no receiver)
	Methods    map[string]map[string]bool // receiver type -> method names
	// Inline lists, per hand-written struct type, the named types it holds by
	// value (directly, in arrays, or inside Optional/Nullable), so that the
	// generator can see reference cycles that cross into hand-written code.
	Inline map[string][]string
}

// Taken reports whether a top-level identifier is declared.
func (h *Handwritten) Taken(name string) bool { return h.Types[name] || h.Values[name] }

// HasMethod reports whether typ has a hand-written method name.
func (h *Handwritten) HasMethod(typ, name string) bool { return h.Methods[typ][name] }

// ParseHandwritten parses every .go file of dir except tests and the files
// named in skip (base names), collecting top-level identifiers. Files that do
// not parse are an error: the package would not build anyway.
func ParseHandwritten(dir string, skip ...string) (*Handwritten, error) {
	h := &Handwritten{
		Types:      map[string]bool{},
		Interfaces: map[string]bool{},
		Values:     map[string]bool{},
		Methods:    map[string]map[string]bool{},
		Inline:     map[string][]string{},
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("specgen: read package dir: %w", err)
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if contains(skip, n) {
			continue
		}
		files = append(files, n)
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	for _, n := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("specgen: parse %s: %w", n, err)
		}
		h.addFile(f)
	}
	return h, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (h *Handwritten) addFile(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				h.Values[d.Name.Name] = true
				continue
			}
			recv := receiverName(d.Recv.List[0].Type)
			if h.Methods[recv] == nil {
				h.Methods[recv] = map[string]bool{}
			}
			h.Methods[recv][d.Name.Name] = true
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					h.Types[s.Name.Name] = true
					if _, ok := s.Type.(*ast.InterfaceType); ok {
						h.Interfaces[s.Name.Name] = true
					}
					h.Inline[s.Name.Name] = inlineDeps(s.Type, nil)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							h.Values[n.Name] = true
						}
					}
				}
			}
		}
	}
}

// receiverName strips pointers and type parameters: *Optional[T] -> Optional.
func receiverName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// inlineDeps lists type names held by value in e.
func inlineDeps(e ast.Expr, out []string) []string {
	switch x := e.(type) {
	case *ast.Ident:
		out = append(out, x.Name)
	case *ast.StructType:
		for _, f := range x.Fields.List {
			out = inlineDeps(f.Type, out)
		}
	case *ast.ArrayType:
		if x.Len != nil { // arrays hold values; slices do not
			out = inlineDeps(x.Elt, out)
		}
	case *ast.IndexExpr: // Optional[T], Nullable[T] hold T by value
		out = inlineDeps(x.X, out)
		out = inlineDeps(x.Index, out)
	case *ast.IndexListExpr:
		out = inlineDeps(x.X, out)
		for _, i := range x.Indices {
			out = inlineDeps(i, out)
		}
	case *ast.ParenExpr:
		out = inlineDeps(x.X, out)
	}
	return out
}
