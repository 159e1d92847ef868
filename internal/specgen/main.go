package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("specgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	specPath := fs.String("spec", "", "path to Discord's openapi.json (required)")
	out := fs.String("out", "zz_generated_models.go", "output file; its directory is the target package")
	pkgDir := fs.String("pkg", "", "directory of the target package's hand-written files (default: the directory of -out)")
	testOut := fs.String("testout", "", "also write a round-trip test file for the generated structs (optional)")
	ops := fs.Bool("ops", false, "print the spec's operations (method, path, operationId) and exit")
	routes := fs.Bool("routes", false, "print the operations with the Go types of their JSON body and 2xx responses (as generated against -pkg) and exit")
	hwSamples := fs.Bool("hwsamples", true, "let -testout samples include hand-written types referenced by generated ones (their round trip is checked too)")
	restDir := fs.String("rest", "", "write package rest's generated routes, methods and method test into this directory (instead of the models)")
	fakeOut := fs.String("fake", "", "with -rest: also write discordtest's spec table to this file")
	coverage := fs.Bool("coverage", false, "with -rest: print how many operations have a typed method, list those without, and exit")
	verbose := fs.Bool("v", false, "report what was generated and skipped on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *specPath == "" {
		return errors.New("specgen: -spec is required")
	}
	spec, err := LoadSpec(*specPath)
	if err != nil {
		return err
	}
	if *ops {
		list, err := spec.Operations()
		if err != nil {
			return err
		}
		for _, op := range list {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", op.Method, op.Path, op.OperationID)
		}
		return nil
	}
	dir := *pkgDir
	if dir == "" {
		dir = filepath.Dir(*out)
	}
	if *restDir != "" {
		return runRest(spec, dir, *restDir, *fakeOut, filepath.Base(*specPath), *coverage, stdout)
	}
	hw, err := ParseHandwritten(dir, filepath.Base(*out))
	if err != nil {
		return err
	}
	if *routes {
		return printRoutes(stdout, spec, hw)
	}
	res, err := generate(spec, hw, filepath.Base(*specPath), *hwSamples)
	if err != nil {
		return err
	}
	if err := writeIfChanged(*out, res.Source); err != nil {
		return err
	}
	if *testOut != "" {
		if err := writeIfChanged(*testOut, res.TestSrc); err != nil {
			return err
		}
	}
	if *verbose {
		fmt.Fprintf(stderr, "specgen: %d declarations generated; %d schemas provided by hand-written code: %s\n",
			len(res.Generated), len(res.Replaced), strings.Join(res.Replaced, ", "))
	}
	return nil
}

// writeIfChanged leaves an identical file untouched (keeps mtimes stable).
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// Generate runs the generator on a decoded spec against the hand-written
// declarations of the target package.
func Generate(spec *Spec, hw *Handwritten, specLabel string) (*Result, error) {
	return generate(spec, hw, specLabel, true)
}

func generate(spec *Spec, hw *Handwritten, specLabel string, hwSamples bool) (*Result, error) {
	g, err := newGen(spec, hw)
	if err != nil {
		return nil, err
	}
	g.sampleHandwritten = hwSamples
	g.resolveNames()
	g.build()
	g.breakCycles()
	if len(g.errs) > 0 {
		return nil, fmt.Errorf("specgen: %d problems:\n  %s", len(g.errs), strings.Join(g.errs, "\n  "))
	}
	src, err := g.emit(specLabel)
	if err != nil {
		return nil, err
	}
	testSrc, err := g.emitTest()
	if err != nil {
		return nil, err
	}
	res := &Result{Source: src, TestSrc: testSrc}
	for n := range g.structs {
		res.Generated = append(res.Generated, n)
	}
	for n := range g.enums {
		res.Generated = append(res.Generated, n)
	}
	for n := range g.unionByName {
		res.Generated = append(res.Generated, n)
	}
	for _, n := range sortedKeys(g.replaced) {
		res.Replaced = append(res.Replaced, n+" -> "+g.goName[n])
	}
	res.Builtin = sortedKeys(builtinTypes)
	return res, nil
}
