package main

import (
	"os"
	"testing"
)

// BenchmarkGenerate measures one full run on the real spec: decode the
// document, resolve names, build and format both outputs.
func BenchmarkGenerate(b *testing.B) {
	data, err := os.ReadFile(specPath)
	if err != nil {
		b.Skipf("spec not present: %v", err)
	}
	hw, err := ParseHandwritten("../../discord", "zz_generated_models.go")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		spec, err := ParseSpec(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Generate(spec, hw, "openapi.json"); err != nil {
			b.Fatal(err)
		}
	}
}
