// Package logdefault is the logger scurry's packages use when their options
// leave Logger nil: text records of level Warn and above on os.Stderr, so
// that what needs attention (a lost connection, a 429, a stuck handler) is
// seen without configuration, and routine records are not. Pass
// slog.New(slog.DiscardHandler) to a package's Logger option to silence it.
package logdefault

import (
	"log/slog"
	"os"
)

// New returns a Warn-level text logger on os.Stderr, as os.Stderr is now
// (tests that swap os.Stderr see it).
func New() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
