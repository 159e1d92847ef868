package main

import (
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func formatGo(src []byte) ([]byte, error) { return format.Source(src) }

// restGen builds the generator state against package discord (modelsDir) and
// the typed methods package rest declares by hand (restDir).
func restGen(spec *Spec, modelsDir, restDir string) (*gen, []*restOp, error) {
	hw, err := ParseHandwritten(modelsDir, "zz_generated_models.go")
	if err != nil {
		return nil, nil, err
	}
	g, err := newGen(spec, hw)
	if err != nil {
		return nil, nil, err
	}
	g.resolveNames()
	g.build()
	g.breakCycles()
	restHW, err := parseRestMethods(restDir)
	if err != nil {
		return nil, nil, err
	}
	g.restCheckEmitted = map[string]bool{}
	g.sampleHandwritten = true
	ops := g.buildRestOps(restHW)
	if len(g.errs) > 0 {
		return nil, nil, fmt.Errorf("specgen: %d problems:\n  %s", len(g.errs), strings.Join(g.errs, "\n  "))
	}
	return g, ops, nil
}

// parseRestMethods returns the methods of *Client that rest's hand-written
// (not generated) files declare.
func parseRestMethods(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var skip []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "zz_generated") {
			skip = append(skip, e.Name())
		}
	}
	hw, err := ParseHandwritten(dir, skip...)
	if err != nil {
		return nil, err
	}
	return hw.Methods["Client"], nil
}

func runRest(spec *Spec, modelsDir, restDir, fakeOut, label string, coverage bool, stdout io.Writer) error {
	g, ops, err := restGen(spec, modelsDir, restDir)
	if err != nil {
		return err
	}
	if coverage {
		return printCoverage(stdout, ops, restDir)
	}
	files, err := g.emitRest(ops, label)
	if err != nil {
		return err
	}
	test, err := g.emitRestTest(ops, label)
	if err != nil {
		return err
	}
	files["zz_generated_methods_test.go"] = test
	old, _ := filepath.Glob(filepath.Join(restDir, "zz_generated_*.go"))
	files["doc.go"] = nil // not a generated file; rewritten below
	for _, o := range old {
		if _, keep := files[filepath.Base(o)]; !keep {
			if err := os.Remove(o); err != nil {
				return err
			}
		}
	}
	doc, err := os.ReadFile(filepath.Join(restDir, "doc.go"))
	if err != nil {
		return err
	}
	doc, err = withDocMap(doc, ops)
	if err != nil {
		return err
	}
	files["doc.go"] = doc
	for name, src := range files {
		if src == nil {
			continue
		}
		if err := writeIfChanged(filepath.Join(restDir, name), src); err != nil {
			return err
		}
	}
	if fakeOut != "" {
		src, err := g.emitFakeSpec(ops, label)
		if err != nil {
			return err
		}
		if err := writeIfChanged(fakeOut, src); err != nil {
			return err
		}
	}
	return nil
}

// printCoverage prints how many operations have a typed method in restDir
// (generated or hand-written) and lists the ones that have none.
func printCoverage(w io.Writer, ops []*restOp, restDir string) error {
	entries, err := os.ReadDir(restDir)
	if err != nil {
		return err
	}
	_ = entries
	hw, err := ParseHandwritten(restDir)
	if err != nil {
		return err
	}
	have := hw.Methods["Client"]
	n := 0
	var missing []string
	for _, r := range ops {
		if have[r.Name] {
			n++
		} else {
			missing = append(missing, fmt.Sprintf("  %s %s (%s): no method %s", r.Op.Method, r.Op.Path, r.Op.OperationID, r.Name))
		}
	}
	fmt.Fprintf(w, "operations in spec: %d, typed methods: %d\n", len(ops), n)
	for _, m := range missing {
		fmt.Fprintln(w, m)
	}
	return nil
}

const (
	docMapStart = "// Methods by resource (generated from the spec; one file per resource):"
	docMapEnd   = "// (end of the generated map)"
)

// withDocMap replaces the block between docMapStart and docMapEnd in rest's
// doc.go with the methods of each resource.
func withDocMap(doc []byte, ops []*restOp) ([]byte, error) {
	s := string(doc)
	i := strings.Index(s, docMapStart)
	j := strings.Index(s, docMapEnd)
	if i < 0 || j < i {
		return nil, fmt.Errorf("specgen: rest/doc.go lacks the %q ... %q markers", docMapStart, docMapEnd)
	}
	var b strings.Builder
	b.WriteString(docMapStart + "\n//\n")
	names, by := restResources(ops)
	for _, res := range names {
		var ms []string
		for _, r := range by[res] {
			ms = append(ms, r.Name)
		}
		line := "//   - " + res + ": " + strings.Join(ms, ", ")
		// wrap at about 80 columns
		for len(line) > 80 {
			k := strings.LastIndex(line[:80], " ")
			b.WriteString(line[:k] + "\n")
			line = "//     " + line[k+1:]
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("//\n")
	return []byte(s[:i] + b.String() + s[j:]), nil
}
