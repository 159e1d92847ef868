package discordtest

import (
	"log/slog"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// Options configures a Server. A nil *Options, and every zero (or negative)
// field, means the default written on the field. NewServer copies the struct; changing it later
// has no effect (use the Server's Set* methods to change limits at runtime).
type Options struct {
	// Token is the valid bot token (without the "Bot " prefix).
	// Defaults to a fixed, realistic-looking fake token.
	Token string
	// BotName is the bot user's username. Defaults to "scurry-test-bot".
	BotName string

	// ShardCount is the recommended shard count returned by GET /gateway/bot.
	// Defaults to 1. Sessions may identify with any count; see GuildsPerShard.
	ShardCount int
	// MaxConcurrency is session_start_limit.max_concurrency: identify buckets
	// are keyed shard_id % MaxConcurrency. Defaults to 1.
	MaxConcurrency int
	// SessionStartTotal is session_start_limit.total. Defaults to 1000.
	SessionStartTotal int
	// SessionStartRemaining is the starting session_start_limit.remaining.
	// Defaults to SessionStartTotal. Use SetSessionStartLimit for 0.
	SessionStartRemaining int
	// SessionStartResetAfter is the length of the session-start window.
	// Defaults to 24h.
	SessionStartResetAfter time.Duration
	// IdentifyWindow is how long an identify bucket stays used after an
	// IDENTIFY. Defaults to 5s.
	IdentifyWindow time.Duration
	// GuildsPerShard is the most guilds one shard may hold; an IDENTIFY whose
	// shard would hold more is closed with 4011. Defaults to 2500.
	GuildsPerShard int

	// HeartbeatInterval is sent in HELLO. Defaults to 41.25s.
	HeartbeatInterval time.Duration
	// HeartbeatTimeout is how long the server waits for a heartbeat (counted
	// from HELLO, then from each heartbeat) before it closes the connection
	// with 4000, keeping the session resumable. Defaults to 1.5 *
	// HeartbeatInterval.
	HeartbeatTimeout time.Duration
	// SendLimit payloads per SendWindow may be sent by a client on one
	// connection; one more closes it with 4008. The window is rolling (the
	// strictest reading of Discord's "120 per 60 s"). Defaults to 120 / 60s.
	SendLimit  int
	SendWindow time.Duration
	// MaxPayload is the largest payload a client may send. Defaults to 4096.
	MaxPayload int
	// SessionTimeout is how long a disconnected session stays resumable.
	// Defaults to 3 minutes.
	SessionTimeout time.Duration
	// ReplayLimit is the number of dispatches each session keeps for RESUME.
	// A RESUME older than the buffer gets op 9 false. Defaults to 10000.
	ReplayLimit int
	// MemberRequestWindow limits "all members" op 8 requests per guild; a
	// second one inside it gets a RATE_LIMITED dispatch. Defaults to 30s.
	MemberRequestWindow time.Duration
	// DisabledIntents are privileged intents NOT enabled for the bot; an
	// IDENTIFY asking for one is closed with 4014. Defaults to none (all
	// privileged intents enabled).
	DisabledIntents discord.Intents

	// GlobalLimit requests per GlobalWindow are allowed across all routes
	// (interaction routes exempt), in any rolling window. Defaults to 50 per
	// 1s.
	GlobalLimit  int
	GlobalWindow time.Duration
	// RouteWindow, if set, replaces the window of every route bucket in the
	// route table (the limits stay). Tests set it to milliseconds.
	RouteWindow time.Duration
	// InvalidRequestLimit 401/403/429 answers (shared-scope 429s excepted)
	// inside InvalidRequestWindow ban the client for BanDuration: every
	// request then gets a Cloudflare-style 429. Defaults to 10000 per 10
	// minutes and a 1 hour ban.
	InvalidRequestLimit  int
	InvalidRequestWindow time.Duration
	BanDuration          time.Duration
	// MaxBodyBytes limits request bodies (413, code 40005). Defaults to 25 MiB.
	MaxBodyBytes int64
	// SkipUserAgent turns off the User-Agent check. By default a request
	// whose User-Agent does not start with "DiscordBot" gets 403, code 40333,
	// as Cloudflare answers it.
	SkipUserAgent bool

	// SpecOnly answers every REST operation from the spec table (request
	// validated against Discord's OpenAPI spec, a well-formed sample reply)
	// instead of the stateful world, for tests that exercise a client's whole
	// surface. By default the operations the world models are stateful and
	// only the others come from the spec table.
	SpecOnly bool

	// Addr is the loopback address to listen on. Defaults to "127.0.0.1:0".
	Addr string
	// InMemory skips the TCP listener: the server is reachable only through
	// Client and DialContext. NewServer turns it on by itself inside a
	// testing/synctest bubble (detected by the bubble's fake clock, which
	// starts in the year 2000), because a goroutine waiting on a real socket
	// keeps the bubble's clock from advancing.
	InMemory bool
	// Logger receives the server's logs. Defaults to discarding them.
	Logger *slog.Logger
	// Now is the server's clock, used for every timestamp, rate-limit window
	// and record. Defaults to time.Now (virtual inside testing/synctest).
	// Timers (heartbeat timeouts, stalls) always use the time package.
	Now func() time.Time
}

// DefaultToken is the token a Server accepts when Options.Token is empty.
const DefaultToken = "MTAwMDAwMDAwMDAwMDAwMDAx.discordtest.fake-token-not-a-secret"

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.Token == "" {
		c.Token = DefaultToken
	}
	if c.BotName == "" {
		c.BotName = "scurry-test-bot"
	}
	def(&c.ShardCount, 1)
	def(&c.MaxConcurrency, 1)
	def(&c.SessionStartTotal, 1000)
	def(&c.SessionStartRemaining, c.SessionStartTotal)
	defD(&c.SessionStartResetAfter, 24*time.Hour)
	defD(&c.IdentifyWindow, 5*time.Second)
	def(&c.GuildsPerShard, 2500)
	defD(&c.HeartbeatInterval, 41250*time.Millisecond)
	defD(&c.HeartbeatTimeout, c.HeartbeatInterval*3/2)
	def(&c.SendLimit, 120)
	defD(&c.SendWindow, 60*time.Second)
	def(&c.MaxPayload, 4096)
	defD(&c.SessionTimeout, 3*time.Minute)
	def(&c.ReplayLimit, 10000)
	defD(&c.MemberRequestWindow, 30*time.Second)
	def(&c.GlobalLimit, 50)
	defD(&c.GlobalWindow, time.Second)
	def(&c.InvalidRequestLimit, 10000)
	defD(&c.InvalidRequestWindow, 10*time.Minute)
	defD(&c.BanDuration, time.Hour)
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 25 << 20
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:0"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
