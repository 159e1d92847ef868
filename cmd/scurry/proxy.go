package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/metrics/prom"
	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/proxy/cluster"
	"github.com/scurrygo/scurry/rest"
)

// proxyConfig holds the proxy flags.
type proxyConfig struct {
	addr          string
	apiURL        string
	natsURL       string
	natsPort      int
	natsDir       string
	standalone    bool
	name          string
	globalLimit   int
	globalWindow  time.Duration
	maxWait       time.Duration
	leaseTTL      time.Duration
	permitTimeout time.Duration
	fallbackShare float64
	verbose       bool
}

func parseProxyFlags(args []string, stderr io.Writer) (proxyConfig, error) {
	c := proxyConfig{apiURL: os.Getenv("SCURRY_API_URL")}
	if c.apiURL == "" {
		c.apiURL = rest.DefaultBaseURL
	}
	fs := flag.NewFlagSet("scurry proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to serve the proxy (Discord's /api/v10/..., /healthz, /metrics) on")
	fs.StringVar(&c.apiURL, "api-url", c.apiURL, "Discord's API URL (env SCURRY_API_URL)")
	fs.StringVar(&c.natsURL, "nats", "", "NATS URL of the cluster to join; empty runs an embedded NATS server")
	fs.IntVar(&c.natsPort, "nats-port", 0, "port of the embedded NATS server (0 picks a free one; printed at start)")
	fs.StringVar(&c.natsDir, "nats-dir", "", "JetStream store of the embedded server (default: a temporary directory)")
	fs.BoolVar(&c.standalone, "standalone", false, "no NATS at all: one instance, limits in memory")
	fs.StringVar(&c.name, "name", "", "this instance's name in leases and logs (default: random)")
	fs.IntVar(&c.globalLimit, "global-limit", 0, "requests per --global-window per token (0: 50 x the bot's max_concurrency from /gateway/bot)")
	fs.DurationVar(&c.globalWindow, "global-window", time.Second, "window of the global limit")
	fs.DurationVar(&c.maxWait, "max-wait", 30*time.Second, "longest wait for a permit before the proxy answers 429 itself")
	fs.DurationVar(&c.leaseTTL, "lease-ttl", 3*time.Second, "lease lifetime of a token's owner (the longest handover after a crash)")
	fs.DurationVar(&c.permitTimeout, "permit-timeout", 15*time.Second, "how long an owner waits for a granted permit's outcome before counting it as spent")
	fs.Float64Var(&c.fallbackShare, "fallback-share", 0.25, "share of the global limit used alone while NATS is unreachable")
	fs.BoolVar(&c.verbose, "v", false, "log at debug level")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scurry proxy [flags]")
		fmt.Fprintln(stderr, "\nServes Discord's REST API with one rate-limit state per token, shared by every")
		fmt.Fprintln(stderr, "instance on the same NATS. Point any library's API base URL at http://ADDR/api/v10.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scurry proxy: unexpected argument %q\n", fs.Arg(0))
		return c, errUsage
	}
	if c.standalone && c.natsURL != "" {
		return c, errors.New("--standalone and --nats exclude each other")
	}
	if c.natsPort < 0 || c.natsPort > 65535 {
		return c, fmt.Errorf("--nats-port %d out of range", c.natsPort)
	}
	return c, nil
}

func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseProxyFlags(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := prom.New(reg)
	if err != nil {
		return err
	}
	opts := &proxy.Options{Upstream: c.apiURL, GlobalLimit: c.globalLimit, GlobalWindow: c.globalWindow,
		MaxWait: c.maxWait, Logger: log, Metrics: m}
	if !c.standalone {
		url := c.natsURL
		if url == "" {
			ns, err := embedded.Start(embedded.Options{Port: c.natsPort, Dir: c.natsDir, Name: "scurry-proxy"})
			if err != nil {
				return err
			}
			defer ns.Close()
			url = ns.ClientURL()
			fmt.Fprintf(stdout, "nats: %s\n", url)
		}
		nc, err := embedded.Connect(url, "scurry proxy")
		if err != nil {
			return err
		}
		defer nc.Close()
		node, err := cluster.New(ctx, &cluster.Options{Conn: nc, Name: c.name, Serve: true, LeaseTTL: c.leaseTTL,
			PermitTimeout: c.permitTimeout, FallbackShare: c.fallbackShare, Logger: log, Metrics: m})
		if err != nil {
			return err
		}
		defer node.Close()
		opts.Limiters = node
	}
	h, err := proxy.New(opts)
	if err != nil {
		return err
	}
	if err := reg.Register(prom.TokenStats(h)); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", h)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	fmt.Fprintf(stdout, "proxy: http://%s/api/v10\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-errc
	return err
}
