// Command scurry is scurry's command-line tool. Each subcommand is one row of
// the commands table below and one run function in a file of its own.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand. run gets a context that ends on Ctrl-C or
// SIGTERM, the arguments after the subcommand name, and where to print.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists the subcommands in the order `scurry help` shows them.
// Adding one is a row here.
var commands = []command{
	{name: "demo", summary: "run the example bot against a fake Discord with simulated users (or the real one with DISCORD_TOKEN)", run: runDemo},
	{name: "events", summary: "connect with a token and print every dispatch as a JSON line (a tail -f for the gateway)", run: runEvents},
	{name: "proxy", summary: "serve Discord's REST API with one rate-limit state per token, shared over NATS", run: runProxy},
	{name: "gateway", summary: "run a range of shards and publish their events to NATS JetStream (distributed mode)", run: runGateway},
	{name: "worker", summary: "run the example bot on the events gateway processes publish (distributed mode)", run: runWorker},
	{name: "sandbox", summary: "run the fake Discord (REST + gateway) on loopback for offline bot development", run: runSandbox},
}

func main() {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	ctx, stop := onSignals(context.Background(), sig, os.Stderr, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	signal.Stop(sig)
	os.Exit(code)
}

// onSignals returns a context that ends at the first signal on sig, so the
// command stops cleanly (bounded by its own shutdown timeout); a second
// signal calls exit(130) at once. stop ends the watching goroutine.
func onSignals(parent context.Context, sig <-chan os.Signal, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-sig:
			fmt.Fprintln(stderr, "scurry: stopping (press Ctrl-C again to exit at once)")
			cancel()
		case <-quit:
			return
		}
		select {
		case <-sig:
			fmt.Fprintln(stderr, "scurry: exiting at once")
			exit(130)
		case <-quit:
		}
	}()
	return ctx, func() {
		close(quit)
		<-done
		cancel()
	}
}

// run dispatches to a subcommand and returns the process exit code: 0 on
// success, 1 on failure, 2 on bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			}
			fmt.Fprintf(stderr, "scurry %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "scurry: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// errUsage is returned by a subcommand whose flags were wrong (the flag
// package has already printed why).
var errUsage = errors.New("bad usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: scurry <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `scurry <command> -h` for a command's flags.")
}
