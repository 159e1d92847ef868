package discord

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// The gateway commands that carry the bot token print without it: String,
// GoString, Format (every verb) and LogValue leave it out. Their JSON
// encoding is unchanged.

// String describes the IDENTIFY payload without the token.
func (d Identify) String() string {
	s := "discord.Identify{Token:[redacted] Intents:" + d.Intents.String()
	if d.Shard != nil {
		s += " Shard:[" + strconv.Itoa(d.Shard[0]) + " " + strconv.Itoa(d.Shard[1]) + "]"
	}
	return s + "}"
}

// GoString describes the payload without the token.
func (d Identify) GoString() string { return d.String() }

// Format prints the payload without the token, whatever the verb.
func (d Identify) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, d.String()) }

// LogValue logs the payload without the token.
func (d Identify) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String describes the RESUME payload without the token.
func (d Resume) String() string {
	return "discord.Resume{Token:[redacted] SessionID:" + d.SessionID + " Seq:" + strconv.FormatInt(d.Seq, 10) + "}"
}

// GoString describes the payload without the token.
func (d Resume) GoString() string { return d.String() }

// Format prints the payload without the token, whatever the verb.
func (d Resume) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, d.String()) }

// LogValue logs the payload without the token.
func (d Resume) LogValue() slog.Value { return slog.StringValue(d.String()) }
