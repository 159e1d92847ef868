// Package assert is the five-function test helper used across scurry's tests.
// It is deliberately not a framework: each function reports and stops the test.
package assert

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Equal fails the test if got and want are not deeply equal.
func Equal[T any](tb testing.TB, name string, got, want T) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Fatalf("%s: got %#v, want %#v", name, got, want)
	}
}

// Success fails the test if err is not nil.
func Success(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("unexpected error: %v", err)
	}
}

// Error fails the test if err is nil.
func Error(tb testing.TB, err error) {
	tb.Helper()
	if err == nil {
		tb.Fatal("expected an error, got nil")
	}
}

// ErrorIs fails the test unless errors.Is(err, target).
func ErrorIs(tb testing.TB, err, target error) {
	tb.Helper()
	if !errors.Is(err, target) {
		tb.Fatalf("error %v is not %v", err, target)
	}
}

// Contains fails the test unless s contains sub.
func Contains(tb testing.TB, s, sub string) {
	tb.Helper()
	if !strings.Contains(s, sub) {
		tb.Fatalf("%q does not contain %q", s, sub)
	}
}
