package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/logdefault"
)

// IdentifyQueue hands out IDENTIFY slots. Discord allows max_concurrency
// IDENTIFYs per 5 s, one per bucket shard_id % max_concurrency (reference
// 2.12); a queue shared by every session of a bot enforces that, within one
// process (ratelimit) or across processes (broker).
//
// Wait blocks until shardID may send IDENTIFY and takes the slot. It must
// return promptly with an error matching ctx.Err() when ctx ends. It is called
// from the session's connection goroutine while heartbeats keep running, and
// must be safe for concurrent use by many sessions.
type IdentifyQueue interface {
	Wait(ctx context.Context, shardID int) error
}

// IdentifySender is implemented by queues that count a bucket's window from
// the IDENTIFY actually sent rather than from the grant (Discord times the
// IDENTIFY when it arrives, and a session may take a while between the two
// on a busy machine). After every Wait that returned nil, the session calls
// IdentifySent once: with the time its IDENTIFY write returned, or, if the
// write failed, the time it gave up (the bytes may have gone out); a zero
// time means nothing was sent. *ratelimit.IdentifyQueue implements it.
type IdentifySender interface {
	IdentifySent(shardID int, at time.Time)
}

// IdentifyRefusalNoter is implemented by queues that learn from a refused
// IDENTIFY: when Discord answers an IDENTIFY with op 9 (not resumable)
// before READY, the session calls IdentifyRefused before it identifies
// again. *ratelimit.IdentifyQueue widens its margin.
type IdentifyRefusalNoter interface {
	IdentifyRefused(shardID int)
}

// Backoff is the reconnect delay policy. The n-th consecutive retry waits
// min(Base*2^(n-1), Max), shortened by a random fraction of up to Jitter so
// that many shards dropped at once do not reconnect in lockstep. A connection
// that stayed ready for a heartbeat interval resets the count, and the first
// reconnect after a connection that reached READY or RESUMED is immediate.
// After op 9 (not resumable) the wait is at least a random 1-5 s.
type Backoff struct {
	// Base is the first retry delay. Default 1 s.
	Base time.Duration
	// Max caps the delay. Default 2 minutes.
	Max time.Duration
	// Jitter is the largest fraction (0..1) removed at random from a delay.
	// Default 0.5; a negative value disables jitter.
	Jitter float64
}

// Options configures a Session. Token and URL are required; every other zero
// field means the default written on it. New copies the struct.
type Options struct {
	// Token is the bot token, without the "Bot " prefix. It is sent only in
	// IDENTIFY and RESUME and never logged.
	Token string
	// URL is the gateway URL from GET /gateway/bot (e.g.
	// "wss://gateway.discord.gg"). The session adds v=10, encoding=json and
	// compress.
	URL string
	// Intents sent in IDENTIFY. Default discord.IntentsNonPrivileged.
	Intents discord.Intents
	// ShardID and ShardCount are sent as shard [id, count]. A zero
	// ShardCount sends no shard field (a single, unsharded session).
	ShardID, ShardCount int
	// Properties describe the client in IDENTIFY. Default
	// {OS: runtime.GOOS, Browser: "scurry", Device: "scurry"}.
	Properties discord.IdentifyProperties
	// Presence is the initial presence sent in IDENTIFY. Default none.
	Presence *discord.PresenceUpdate
	// LargeThreshold (50..250) is sent in IDENTIFY when set; Discord's
	// default is 50.
	LargeThreshold int
	// Compression is the transport compression. Default CompressZstd.
	Compression Compression
	// HTTPClient dials the websocket. Default http.DefaultClient. Tests pass
	// discordtest's in-memory Server.Client().
	HTTPClient *http.Client
	// IdentifyQueue gives IDENTIFY slots. Nil means no waiting (fine for a
	// single session).
	IdentifyQueue IdentifyQueue
	// Logger receives the session's logs, with a shard_id attribute.
	// Default: Warn and above as text on stderr (internal/logdefault), as
	// in every scurry package; slog.New(slog.DiscardHandler) silences it.
	Logger *slog.Logger

	// Handler, if set, receives every dispatch in order from one goroutine
	// owned by Run, with Run's ctx. Every dispatch read from the socket is
	// handed to it before Run returns, including those still buffered when
	// the connection ended (a fatal close, ctx ending): Run's ctx may then
	// be done, so Handler should not wait on it to accept an event. If nil,
	// the caller pulls dispatches with Next, which hands out the buffered
	// events after Run returned.
	Handler func(ctx context.Context, e Event)
	// Decode says which dispatches get a typed Event.Data. Default: all. A
	// filter saves the JSON decoding of events nobody reads; they still
	// arrive with Raw.
	Decode func(name string) bool
	// BufferSize is how many dispatches may wait between the reader and the
	// consumer, at most MaxBufferSize. Default 256 (2 KiB of slots while
	// idle; a waiting event holds its own copy of d). See Session for what
	// happens when it is full.
	BufferSize int

	// State, if it has an ID, makes the first connection RESUME that session
	// instead of identifying (a restarted process picking up where the old
	// one stopped).
	State SessionState
	// KeepSession makes Run, when its ctx ends, close the connection with
	// code 4000 so that the session stays resumable for a few minutes (pass
	// State() to the next Session). By default Run closes with 1000, which
	// ends the session and shows the bot offline at once.
	KeepSession bool

	// Backoff is the reconnect policy; zero fields take its defaults.
	Backoff Backoff
	// MaxMessageSize bounds one message from Discord, compressed and
	// decompressed. Default 64 MiB (a big GUILD_CREATE is a few MiB).
	MaxMessageSize int
	// HandshakeTimeout bounds dialing and the wait for HELLO. Default 30 s.
	HandshakeTimeout time.Duration
	// MaxZstdWindow caps the window a zstd-stream may declare, in bytes: the
	// decoder keeps up to that much history per connection. A stream that
	// declares more ends Run with an error wrapping ErrZstdWindow, naming
	// the cap. Default DefaultMaxZstdWindow (4 MiB); at least 1024.
	MaxZstdWindow int

	// OnStatus, if set, is called on every status change, from the session's
	// goroutines; it must not block.
	OnStatus func(st Status, err error)
	// OnMetrics, if set, is called after each heartbeat ACK with a snapshot;
	// it must not block.
	OnMetrics func(m Metrics)
}

// Defaults.
const (
	DefaultBufferSize = 256
	// MaxBufferSize bounds Options.BufferSize: the buffer is allocated at
	// New (about 100 bytes per slot).
	MaxBufferSize           = 1 << 20
	DefaultMaxMessageSize   = 64 << 20
	DefaultHandshakeTimeout = 30 * time.Second
	// MaxPayloadSize is the largest payload a client may send (reference
	// 2.14); bigger ones are refused with ErrPayloadTooLarge.
	MaxPayloadSize = 4096
	// APIVersion is the gateway version the session speaks.
	APIVersion = 10
)

// withDefaults validates o and returns a copy with defaults filled in.
func (o Options) withDefaults() (Options, error) {
	if o.Token == "" {
		return o, fmt.Errorf("gateway: Options.Token is required")
	}
	if o.URL == "" {
		return o, fmt.Errorf("gateway: Options.URL is required (the url of GET /gateway/bot)")
	}
	if _, err := gatewayURL(o.URL, CompressNone); err != nil {
		return o, err
	}
	if o.Intents == 0 {
		o.Intents = discord.IntentsNonPrivileged
	}
	if u := o.Intents.Unknown(); u != 0 {
		return o, fmt.Errorf("gateway: intents have undocumented bits %#x (Discord would close with 4013)", uint64(u))
	}
	if o.ShardCount < 0 || o.ShardID < 0 || (o.ShardCount > 0 && o.ShardID >= o.ShardCount) || (o.ShardCount == 0 && o.ShardID != 0) {
		return o, fmt.Errorf("gateway: shard [%d, %d] is out of range (want 0 <= id < count)", o.ShardID, o.ShardCount)
	}
	if o.Properties == (discord.IdentifyProperties{}) {
		o.Properties = discord.IdentifyProperties{OS: runtime.GOOS, Browser: "scurry", Device: "scurry"}
	}
	if o.LargeThreshold != 0 && (o.LargeThreshold < 50 || o.LargeThreshold > 250) {
		return o, fmt.Errorf("gateway: LargeThreshold %d must be between 50 and 250", o.LargeThreshold)
	}
	switch o.Compression {
	case "":
		o.Compression = CompressZstd
	case CompressZstd, CompressZlib, CompressNone:
	default:
		return o, fmt.Errorf("gateway: unknown compression %q (want %q, %q or %q)", o.Compression, CompressZstd, CompressZlib, CompressNone)
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	if o.Logger == nil {
		o.Logger = logdefault.New()
	}
	if o.BufferSize == 0 {
		o.BufferSize = DefaultBufferSize
	}
	if o.BufferSize < 0 || o.BufferSize > MaxBufferSize {
		return o, fmt.Errorf("gateway: Options.BufferSize %d must be between 0 and %d", o.BufferSize, MaxBufferSize)
	}
	if o.Backoff.Base <= 0 {
		o.Backoff.Base = time.Second
	}
	if o.Backoff.Max <= 0 {
		o.Backoff.Max = 2 * time.Minute
	}
	if o.Backoff.Max < o.Backoff.Base {
		o.Backoff.Max = o.Backoff.Base
	}
	switch {
	case o.Backoff.Jitter == 0:
		o.Backoff.Jitter = 0.5
	case o.Backoff.Jitter < 0:
		o.Backoff.Jitter = 0
	case o.Backoff.Jitter > 1:
		return o, fmt.Errorf("gateway: Backoff.Jitter %v must be at most 1", o.Backoff.Jitter)
	}
	if o.MaxMessageSize == 0 {
		o.MaxMessageSize = DefaultMaxMessageSize
	}
	if o.MaxMessageSize < 4096 {
		return o, fmt.Errorf("gateway: MaxMessageSize %d is too small (at least 4096)", o.MaxMessageSize)
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if o.MaxZstdWindow == 0 {
		o.MaxZstdWindow = DefaultMaxZstdWindow
	}
	if o.MaxZstdWindow < minZstdWindow || o.MaxZstdWindow > 1<<30 {
		return o, fmt.Errorf("gateway: MaxZstdWindow %d must be between %d and %d bytes", o.MaxZstdWindow, minZstdWindow, 1<<30)
	}
	return o, nil
}

// gatewayURL adds the connection parameters (reference 2.2) to a gateway or
// resume URL, keeping any others.
func gatewayURL(raw string, c Compression) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("gateway: bad gateway URL: %w", err)
	}
	switch u.Scheme {
	case "ws", "wss":
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("gateway: gateway URL %q must use wss:// (or ws://)", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("gateway: gateway URL %q has no host", raw)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	q.Set("v", fmt.Sprint(APIVersion))
	q.Set("encoding", "json")
	q.Del("compress")
	if c != CompressNone {
		q.Set("compress", string(c))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
