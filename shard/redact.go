package shard

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// Printing a Manager or Options never shows the token: String, GoString,
// Format (every verb) and LogValue describe them without it.

// String describes the options without secrets.
func (o Options) String() string {
	return "shard.Options{ShardCount:" + strconv.Itoa(o.ShardCount) + " ShardIDs:" + fmt.Sprint(o.ShardIDs) +
		" Intents:" + o.Intents.String() + " Compression:" + string(o.Compression) + "}"
}

// GoString describes the options without secrets.
func (o Options) GoString() string { return o.String() }

// Format prints the options without secrets, whatever the verb.
func (o Options) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue logs the options without secrets.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// String describes the manager without the token.
func (m *Manager) String() string {
	if m == nil {
		return "shard.Manager(nil)"
	}
	return "shard.Manager{token:[redacted] shards:" + strconv.Itoa(m.ShardCount()) + "}"
}

// GoString describes the manager without the token.
func (m *Manager) GoString() string { return m.String() }

// Format prints the manager without the token, whatever the verb.
func (m *Manager) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, m.String()) }

// LogValue logs the manager without the token.
func (m *Manager) LogValue() slog.Value { return slog.StringValue(m.String()) }
