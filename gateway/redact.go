package gateway

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// Printing a Session or Options never shows the token: String, GoString,
// Format (every verb) and LogValue describe them without it.

// String describes the options without the token.
func (o Options) String() string {
	return "gateway.Options{Token:[redacted] URL:" + redactURL(o.URL) + " ShardID:" + strconv.Itoa(o.ShardID) +
		" ShardCount:" + strconv.Itoa(o.ShardCount) + " Intents:" + o.Intents.String() +
		" Compression:" + string(o.Compression) + "}"
}

// GoString describes the options without the token.
func (o Options) GoString() string { return o.String() }

// Format prints the options without the token, whatever the verb.
func (o Options) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue logs the options without the token.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// String describes the session without the token.
func (s *Session) String() string {
	if s == nil {
		return "gateway.Session(nil)"
	}
	st, _ := s.Status()
	return "gateway.Session{shard:" + strconv.Itoa(s.opts.ShardID) + " status:" + st.String() + "}"
}

// GoString describes the session without the token.
func (s *Session) GoString() string { return s.String() }

// Format prints the session without the token, whatever the verb.
func (s *Session) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue logs the session without the token.
func (s *Session) LogValue() slog.Value { return slog.StringValue(s.String()) }
