package main

import (
	"os"
	"testing"
)

// TestMain lets the multi-process tests (proxy, distributed mode) run real OS
// processes without building another binary: a child started with
// SCURRY_TEST_MAIN=1 or scurryMainEnv=1 runs the command line instead of the
// tests (the test binary is the scurry binary, built once by go test).
func TestMain(m *testing.M) {
	if os.Getenv(scurryMainEnv) == "1" {
		main() // exits
	}
	switch os.Getenv("SCURRY_TEST_MAIN") {
	case "1":
		main()
	case "remote-limiter":
		os.Exit(remoteLimiterChild())
	}
	os.Exit(m.Run())
}
