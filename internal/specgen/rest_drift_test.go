package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// TestRestDrift regenerates package rest's route table, typed methods and
// method-test table and discordtest's spec table, and fails when the
// committed files differ or a stale generated file remains.
func TestRestDrift(t *testing.T) {
	spec := loadSpecOrSkip(t)
	g, ops, err := restGen(spec, "../../discord", "../../rest")
	assert.Success(t, err)
	files, err := g.emitRest(ops, "openapi.json")
	assert.Success(t, err)
	test, err := g.emitRestTest(ops, "openapi.json")
	assert.Success(t, err)
	files["zz_generated_methods_test.go"] = test
	fake, err := g.emitFakeSpec(ops, "openapi.json")
	assert.Success(t, err)
	want := map[string][]byte{"../../discordtest/zz_generated_spec.go": fake}
	doc, err := os.ReadFile("../../rest/doc.go")
	assert.Success(t, err)
	doc, err = withDocMap(doc, ops)
	assert.Success(t, err)
	want["../../rest/doc.go"] = doc
	for name, src := range files {
		want[filepath.Join("../../rest", name)] = src
	}
	for path, src := range want {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v; run `go generate ./rest`", path, err)
			continue
		}
		if !bytes.Equal(got, src) {
			t.Errorf("%s is stale (%s); run `go generate ./rest`", path, firstDiff(got, src))
		}
	}
	old, _ := filepath.Glob("../../rest/zz_generated_*.go")
	for _, o := range old {
		if _, ok := want[o]; !ok {
			t.Errorf("%s is not generated any more; run `go generate ./rest`", o)
		}
	}
}

// TestRestCoverage prints the coverage line: every operation of the spec has
// a typed method on *rest.Client, generated or hand-written.
func TestRestCoverage(t *testing.T) {
	spec := loadSpecOrSkip(t)
	_, ops, err := restGen(spec, "../../discord", "../../rest")
	assert.Success(t, err)
	var b strings.Builder
	assert.Success(t, printCoverage(&b, ops, "../../rest"))
	t.Log(strings.TrimSpace(b.String()))
	first, _, _ := strings.Cut(b.String(), "\n")
	assert.Equal(t, "coverage", first, "operations in spec: 242, typed methods: 242")
	if strings.Count(b.String(), "\n") != 1 {
		t.Errorf("operations without a method:\n%s", b.String())
	}
}
