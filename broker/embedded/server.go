package embedded

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// Options configures [Start]. The zero value is valid.
type Options struct {
	// Dir is the JetStream file store directory. Empty: a new temporary
	// directory, removed by Close. A given directory is kept, so that a
	// restarted process finds its streams and KV buckets again.
	Dir string
	// Host to listen on. Default "127.0.0.1".
	Host string
	// Port to listen on. 0 picks a free port (the default).
	Port int
	// Name of the server, shown in NATS monitoring. Default "scurry".
	Name string
	// ReadyTimeout bounds how long Start waits for the server to accept
	// connections. Default 10 s.
	ReadyTimeout time.Duration
	// MaxStore caps the JetStream file store in bytes. 0 leaves the server's
	// default (a share of the disk).
	MaxStore int64
	// MaxPayload is the largest message the server takes, in bytes
	// (max_payload). Default 8 MiB; NATS's own default is 1 MiB. Events
	// larger than it are published in parts (natsbroker.HeaderPart), so a
	// smaller value costs messages, not events.
	MaxPayload int32
}

// Server is a running embedded NATS server with JetStream.
type Server struct {
	srv     *server.Server
	dir     string
	ownsDir bool
	once    sync.Once
}

// Start runs an embedded server. It returns once the server accepts
// connections, or an error that says why it could not start.
func Start(o Options) (*Server, error) {
	if o.Port < 0 || o.Port > 65535 {
		return nil, fmt.Errorf("embedded: Port %d out of range 0-65535", o.Port)
	}
	if o.MaxStore < 0 {
		return nil, fmt.Errorf("embedded: MaxStore %d is negative", o.MaxStore)
	}
	if o.MaxPayload < 0 {
		return nil, fmt.Errorf("embedded: MaxPayload %d is negative", o.MaxPayload)
	}
	if o.MaxPayload == 0 {
		o.MaxPayload = 8 << 20 // a GUILD_CREATE of a large guild exceeds NATS's 1 MiB default
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Name == "" {
		o.Name = "scurry"
	}
	if o.ReadyTimeout == 0 {
		o.ReadyTimeout = 10 * time.Second
	}
	s := &Server{dir: o.Dir}
	if s.dir == "" {
		d, err := os.MkdirTemp("", "scurry-nats-")
		if err != nil {
			return nil, fmt.Errorf("embedded: store directory: %w", err)
		}
		s.dir, s.ownsDir = d, true
	} else if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, fmt.Errorf("embedded: store directory %q: %w", s.dir, err)
	}
	port := o.Port
	if port == 0 {
		port = server.RANDOM_PORT
	}
	srv, err := server.NewServer(&server.Options{
		ServerName:             o.Name,
		Host:                   o.Host,
		Port:                   port,
		JetStream:              true,
		StoreDir:               s.dir,
		JetStreamMaxStore:      o.MaxStore,
		NoSigs:                 true,
		NoLog:                  true,
		MaxPayload:             o.MaxPayload,
		DisableJetStreamBanner: true,
	})
	if err != nil {
		s.removeDir()
		return nil, fmt.Errorf("embedded: %w", err)
	}
	s.srv = srv
	srv.Start()
	if !srv.ReadyForConnections(o.ReadyTimeout) {
		srv.Shutdown()
		srv.WaitForShutdown()
		s.removeDir()
		return nil, fmt.Errorf("embedded: NATS server on %s:%d not ready after %v", o.Host, o.Port, o.ReadyTimeout)
	}
	return s, nil
}

// ClientURL is the nats:// URL of the server.
func (s *Server) ClientURL() string { return s.srv.ClientURL() }

// Dir is the JetStream store directory.
func (s *Server) Dir() string { return s.dir }

// Close shuts the server down and waits until it has stopped. It is safe to
// call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
		s.removeDir()
	})
}

func (s *Server) removeDir() {
	if s.ownsDir {
		os.RemoveAll(s.dir)
	}
}

// ErrUnreachable is matched (errors.Is) by Connect's error when no server
// answered at the URL.
var ErrUnreachable = errors.New("NATS server unreachable")

// Connect dials url with scurry's defaults: a connection name, reconnection
// without limit after the first successful connect, and a bounded first dial.
// Extra options are applied after the defaults.
func Connect(url, name string, extra ...nats.Option) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.Timeout(5 * time.Second),
	}
	opts = append(opts, extra...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, &ConnectError{URL: url, Err: err}
	}
	return nc, nil
}

// ConnectError says which URL could not be reached and why.
type ConnectError struct {
	URL string
	Err error
}

func (e *ConnectError) Error() string {
	return fmt.Sprintf("cannot connect to NATS at %s: %v", e.URL, e.Err)
}

func (e *ConnectError) Unwrap() []error { return []error{ErrUnreachable, e.Err} }
