// Package readme holds the test that keeps the README honest: it extracts
// every Go block of README.md, builds it against this module and runs it
// against the fake Discord (readme_test.go). It has no other code.
package readme
