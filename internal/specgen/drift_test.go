package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// The team's copy of the spec lives next to the repository; tests that need
// it skip cleanly on a machine without it.
const specPath = "../../../shared/spec/openapi.json"

func loadSpecOrSkip(t *testing.T) *Spec {
	t.Helper()
	if _, err := os.Stat(specPath); err != nil {
		t.Skipf("spec not present (%v); drift checks need ../shared/spec", err)
	}
	spec, err := LoadSpec(specPath)
	assert.Success(t, err)
	return spec
}

// TestDrift regenerates into a temporary directory and fails when the
// committed output differs from what the generator writes today.
func TestDrift(t *testing.T) {
	loadSpecOrSkip(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "zz_generated_models.go")
	testOut := filepath.Join(dir, "zz_generated_roundtrip_test.go")
	var stderr bytes.Buffer
	err := run([]string{"-spec", specPath, "-out", out, "-pkg", "../../discord", "-testout", testOut}, &bytes.Buffer{}, &stderr)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr.String())
	}
	for committed, fresh := range map[string]string{
		"../../discord/zz_generated_models.go": out,
		"zz_generated_roundtrip_test.go":       testOut,
	} {
		want, err := os.ReadFile(fresh)
		assert.Success(t, err)
		got, err := os.ReadFile(committed)
		if err != nil {
			t.Errorf("%s: %v; run `go generate ./discord`", committed, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale (%s); run `go generate ./discord`", committed, firstDiff(got, want))
		}
	}
}

// TestOperationsTable checks testdata/operations.txt, the spec's operation
// list (method, path, operationId) kept in the repository so that route
// tables can be compared with it on machines without the spec.
func TestOperationsTable(t *testing.T) {
	spec := loadSpecOrSkip(t)
	ops, err := spec.Operations()
	assert.Success(t, err)
	ids := map[string]bool{}
	for _, op := range ops {
		if op.OperationID == "" || ids[op.OperationID] {
			t.Errorf("%s %s: missing or duplicate operationId %q", op.Method, op.Path, op.OperationID)
		}
		ids[op.OperationID] = true
	}
	assert.Equal(t, "operations (reference section 8.2)", len(ops), 242)
	var b strings.Builder
	assert.Success(t, run([]string{"-spec", specPath, "-ops"}, &b, &bytes.Buffer{}))
	got, err := os.ReadFile("testdata/operations.txt")
	assert.Success(t, err)
	if string(got) != b.String() {
		t.Errorf("testdata/operations.txt is stale (%s); run: go run ./internal/specgen -spec %s -ops > internal/specgen/testdata/operations.txt",
			firstDiff(got, []byte(b.String())), "../shared/spec/openapi.json")
	}
}

// TestSpecSchemas checks the generator covers every component schema: each is
// generated, provided by hand-written code, or a built-in.
func TestSpecSchemas(t *testing.T) {
	spec := loadSpecOrSkip(t)
	hw, err := ParseHandwritten("../../discord", "zz_generated_models.go")
	assert.Success(t, err)
	g, err := newGen(spec, hw)
	assert.Success(t, err)
	g.resolveNames()
	g.build()
	assert.Equal(t, "component schemas", len(spec.Components.Schemas), 539)
	for n, s := range spec.Components.Schemas {
		name := g.goName[n]
		switch {
		case builtinTypes[n] != "", g.replaced[n]:
		case s.IsEnum():
			if g.enums[name] == nil {
				t.Errorf("%s: enum not generated", n)
			}
		case g.structs[name] == nil && g.unionByName[name] == nil:
			t.Errorf("%s: not generated (name %q)", n, name)
		}
	}
	t.Logf("%d schemas: %d provided by hand-written code, %d built-in, %d generated as %d structs (incl. inline objects), %d enums, %d unions",
		len(spec.Components.Schemas), len(g.replaced), len(builtinTypes),
		len(spec.Components.Schemas)-len(g.replaced)-len(builtinTypes), len(g.structs), len(g.enums), len(g.unionByName))
}

// firstDiff describes where two files start to differ.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d: have %q, want %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("have %d lines, want %d", len(la), len(lb))
}
