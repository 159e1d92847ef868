package cluster

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// ErrInvalidOptions is matched by errors from New about a bad option; the
// message names the field.
var ErrInvalidOptions = errors.New("cluster: invalid options")

// Options configures a Node. Nil or a zero field means the default.
type Options struct {
	// Conn is the NATS connection (JetStream enabled). Required. The Node does
	// not close it.
	Conn *nats.Conn
	// Name identifies this node in leases and logs. Default: random.
	Name string
	// Serve makes the node take token leases and serve permits to the others:
	// proxy instances serve; a bot process that only wants the remote limiter
	// does not.
	Serve bool
	// Bucket is the JetStream KV bucket holding the leases. Default
	// "scurry_proxy_leases".
	Bucket string
	// Subject prefixes the permit subjects. Default "scurry.proxy".
	Subject string
	// LeaseTTL is how long a lease lives without renewal: the longest a token
	// is without an owner after its owner dies. It must be at least twice the
	// global window so that a new owner cannot exceed the global limit in the
	// window the old one used. Default 3 s.
	LeaseTTL time.Duration
	// FallbackShare is the share of each token's global limit a node uses
	// on its own while NATS is unreachable (every node then limits alone, so
	// it should be about 1/number of nodes). Default 0.25.
	FallbackShare float64
	// PermitTimeout is how long an owner keeps a permit that was granted
	// and never reported back (the requester died) before counting it as
	// spent. Default 1 minute.
	PermitTimeout time.Duration
	// Logger: lease changes and NATS loss. Default: discard.
	Logger *slog.Logger
	// Metrics receives lease ownership and fallback changes. Default: none.
	Metrics Metrics
}

// Metrics receives the cluster's state changes; the Prometheus adapter
// implements it. Methods are called concurrently and must not block.
type Metrics interface {
	// LeaseOwned reports that this node took (true) or lost (false) the lease
	// of the token whose TokenID is token.
	LeaseOwned(token string, owned bool)
	// Fallback reports that the node limits on its own because NATS is
	// unreachable (true), or that it is back (false).
	Fallback(on bool)
}

type noMetrics struct{}

func (noMetrics) LeaseOwned(string, bool) {}
func (noMetrics) Fallback(bool)           {}

func (o *Options) withDefaults() (Options, error) {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Conn == nil {
		return c, fmt.Errorf("%w: Conn is nil", ErrInvalidOptions)
	}
	if c.Name == "" {
		var b [6]byte
		rand.Read(b[:])
		c.Name = hex.EncodeToString(b[:])
	}
	if strings.ContainsAny(c.Name, " .*>\t\r\n") {
		return c, fmt.Errorf("%w: Name %q must not contain spaces, '.', '*' or '>'", ErrInvalidOptions, c.Name)
	}
	if c.Bucket == "" {
		c.Bucket = "scurry_proxy_leases"
	}
	if c.Subject == "" {
		c.Subject = "scurry.proxy"
	}
	if c.LeaseTTL < 0 || c.PermitTimeout < 0 || c.FallbackShare < 0 || c.FallbackShare > 1 {
		return c, fmt.Errorf("%w: LeaseTTL and PermitTimeout must not be negative, FallbackShare must be in [0, 1]", ErrInvalidOptions)
	}
	if c.LeaseTTL == 0 {
		c.LeaseTTL = 3 * time.Second
	}
	if c.LeaseTTL < 200*time.Millisecond {
		return c, fmt.Errorf("%w: LeaseTTL %v is under 200ms", ErrInvalidOptions, c.LeaseTTL)
	}
	if c.FallbackShare == 0 {
		c.FallbackShare = 0.25
	}
	if c.PermitTimeout == 0 {
		c.PermitTimeout = time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = noMetrics{}
	}
	return c, nil
}
