package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/broker/natsbroker"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// distConfig sizes `scurry demo --distributed`.
type distConfig struct {
	duration   time.Duration // sending time (when messages is 0)
	messages   int           // dispatches to send; 0: send for duration
	rate       int           // dispatches per second
	guilds     int
	shards     int // total; split over the gateway processes
	gateways   int
	workers    int
	partitions int
	chaos      bool
	exe        string   // the binary to re-execute (default: this one)
	env        []string // extra environment of the children
	out        io.Writer
}

// distSummary is what the demo checks at the end.
type distSummary struct {
	Sent, Handled, Distinct, Lost, Redelivered, Duplicated, OrderViolations   int
	Identifies, ExtraIdentifies, RefusedIdentifies, WindowViolations, Resumes int
	Elapsed                                                                   time.Duration
	// LostByPartition counts the lost dispatches per stream partition (to
	// tell a stuck partition from scattered losses).
	LostByPartition map[int]int
}

func (s distSummary) ok() bool {
	return s.Lost == 0 && s.Duplicated == 0 && s.OrderViolations == 0 && s.ExtraIdentifies == 0 &&
		s.RefusedIdentifies == 0 && s.WindowViolations == 0
}

func (s distSummary) print(w io.Writer) {
	fmt.Fprintf(w, "\nsummary after %v:\n", s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "  sent by the fake       %d\n", s.Sent)
	fmt.Fprintf(w, "  handled                %d (%d distinct, %d marked redelivered)\n", s.Handled, s.Distinct, s.Redelivered)
	fmt.Fprintf(w, "  lost                   %d\n", s.Lost)
	fmt.Fprintf(w, "  duplicated (unmarked)  %d\n", s.Duplicated)
	fmt.Fprintf(w, "  order violations       %d\n", s.OrderViolations)
	fmt.Fprintf(w, "  IDENTIFYs              %d (extra %d, refused %d, window violations %d); RESUMEs %d\n",
		s.Identifies, s.ExtraIdentifies, s.RefusedIdentifies, s.WindowViolations, s.Resumes)
}

// child is one OS process of the demo, restartable.
type child struct {
	name string
	args []string
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// procs starts and stops the demo's children; every child is killed by stop.
type procs struct {
	exe  string
	env  []string
	out  io.Writer
	outM sync.Mutex
	list []*child
	wg   sync.WaitGroup
}

func (p *procs) start(c *child) error {
	cmd := exec.Command(p.exe, c.args...)
	cmd.Env = append(os.Environ(), p.env...)
	r, w := io.Pipe()
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", c.name, err)
	}
	done := make(chan struct{})
	c.mu.Lock()
	c.cmd, c.done = cmd, done
	c.mu.Unlock()
	p.wg.Go(func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			p.outM.Lock()
			fmt.Fprintf(p.out, "[%s] %s\n", c.name, sc.Text())
			p.outM.Unlock()
		}
		_, _ = io.Copy(io.Discard, r)
	})
	p.wg.Go(func() {
		_ = cmd.Wait()
		w.Close()
		close(done)
	})
	return nil
}

// kill sends sig to c and waits for it to exit.
func (p *procs) kill(c *child, sig syscall.Signal) {
	c.mu.Lock()
	cmd, done := c.cmd, c.done
	c.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// stop ends every child: SIGTERM, then SIGKILL after a grace period.
func (p *procs) stop() {
	var wg sync.WaitGroup
	for _, c := range p.list {
		wg.Go(func() { p.kill(c, syscall.SIGTERM) })
	}
	wg.Wait()
	p.wg.Wait()
}

// runDistributed runs the fake Discord and an embedded NATS here, the
// gateway and worker processes as children, sends dispatches, optionally
// kills a gateway and a worker midway, and checks what the handlers saw.
func runDistributed(ctx context.Context, cfg distConfig) (distSummary, error) {
	var sum distSummary
	out := cfg.out
	if cfg.exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return sum, err
		}
		cfg.exe = exe
	}
	dir, err := os.MkdirTemp("", "scurry-distributed-")
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(dir)

	const identifyWindow = 300 * time.Millisecond
	// The gateways space a bucket's IDENTIFYs wider than the fake enforces:
	// the cross-process queue measures the window from a slot's grant, and
	// the IDENTIFY reaches the fake later by a delay that, across processes
	// under -race on a loaded machine, varied by more than the queue's
	// 100 ms margin (1 refused IDENTIFY in 2 of 3 runs). Against Discord's
	// 5 s window the default margin is 250 ms.
	const gatewayIdentifyWindow = 2 * identifyWindow
	fake, err := discordtest.Start(&discordtest.Options{
		ShardCount: cfg.shards, MaxConcurrency: 4, IdentifyWindow: identifyWindow,
		HeartbeatInterval: 2 * time.Second, ReplayLimit: max(100000, cfg.messages),
	})
	if err != nil {
		return sum, err
	}
	defer fake.Close()
	guilds := make([]discord.Snowflake, cfg.guilds)
	for i := range guilds {
		g, err := fake.SeedGuild(discordtest.GuildSeed{Shard: [2]int{i % cfg.shards, cfg.shards}, Members: 2})
		if err != nil {
			return sum, err
		}
		guilds[i] = g.ID
	}
	ns, err := embedded.Start(embedded.Options{Dir: filepath.Join(dir, "nats")})
	if err != nil {
		return sum, err
	}
	defer ns.Close()
	fmt.Fprintf(out, "scurry demo --distributed: fake Discord %s (%d guilds, %d shards), NATS %s\n",
		fake.URL(), cfg.guilds, cfg.shards, ns.ClientURL())

	p := &procs{exe: cfg.exe, env: append([]string{tokenEnv + "=" + fake.Token()}, cfg.env...), out: out}
	defer p.stop()
	common := []string{"--nats", ns.ClientURL(), "--api-url", fake.URL(), "--partitions", strconv.Itoa(cfg.partitions), "--status", "1s"}
	per := cfg.shards / cfg.gateways
	var gws, wks []*child
	for i := range cfg.gateways {
		lo, hi := i*per, (i+1)*per-1
		if i == cfg.gateways-1 {
			hi = cfg.shards - 1
		}
		c := &child{name: "gw-" + strconv.Itoa(i), args: append([]string{"gateway", "--id", "gw-" + strconv.Itoa(i),
			"--shards", fmt.Sprintf("%d-%d", lo, hi), "--total", strconv.Itoa(cfg.shards),
			"--lease-ttl", "2s", "--identify-window", gatewayIdentifyWindow.String()}, common...)}
		gws = append(gws, c)
	}
	for i := range cfg.workers {
		id := "w-" + strconv.Itoa(i)
		c := &child{name: id, args: append([]string{"worker", "--id", id, "--member-ttl", "1s", "--ack-wait", "2s",
			"--record", filepath.Join(dir, id+".txt")}, common...)}
		wks = append(wks, c)
	}
	p.list = append(append(p.list, gws...), wks...)
	for _, c := range p.list {
		if err := p.start(c); err != nil {
			return sum, err
		}
	}
	start := time.Now()
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	err = fake.WaitIdentified(wctx, cfg.shards)
	cancel()
	if err != nil {
		return sum, fmt.Errorf("shards did not all identify: %w", err)
	}
	fmt.Fprintf(out, "all %d shards identified after %v; sending\n", cfg.shards, time.Since(start).Round(time.Millisecond))

	total := cfg.messages
	if total == 0 {
		total = int(cfg.duration.Seconds() * float64(cfg.rate))
	}
	var restart sync.WaitGroup
	defer restart.Wait()
	chaosAt := total / 2
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	perTick := max(1, cfg.rate/100)
	sent := 0
	for sent < total {
		select {
		case <-ctx.Done():
			return sum, ctx.Err()
		case <-tick.C:
		}
		for k := 0; k < perTick && sent < total; k++ {
			g := guilds[sent%len(guilds)]
			d := fmt.Appendf(nil, `{"id":"%d","channel_id":"%d","guild_id":"%d","content":"%d","author":{"id":"5","username":"u"},"timestamp":"2024-01-01T00:00:00Z","mentions":[],"attachments":[],"embeds":[]}`,
				1_000_000+sent, g+1, g, sent)
			if err := fake.Dispatch(g, discord.EventMessageCreate, d); err != nil {
				return sum, err
			}
			sent++
			if cfg.chaos && sent == chaosAt {
				gw, wk := gws[0], wks[len(wks)/2]
				fmt.Fprintf(out, "chaos: SIGKILL %s and %s after %d dispatches\n", gw.name, wk.name, sent)
				p.kill(gw, syscall.SIGKILL)
				p.kill(wk, syscall.SIGKILL)
				restart.Go(func() {
					time.Sleep(500 * time.Millisecond) // let the kill be felt before the restart
					for _, c := range []*child{gw, wk} {
						fmt.Fprintf(out, "chaos: restarting %s\n", c.name)
						if err := p.start(c); err != nil {
							fmt.Fprintf(out, "chaos: %v\n", err)
						}
					}
				})
			}
		}
	}
	restart.Wait()
	fmt.Fprintf(out, "sent %d dispatches in %v; waiting for the handlers\n", sent, time.Since(start).Round(time.Millisecond))
	sum.Sent = sent
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if err := tally(dir, cfg.workers, &sum); err != nil {
			return sum, err
		}
		if sum.Distinct >= sent || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(200 * time.Millisecond) // polling the workers' record files
	}
	// Let late redeliveries land before the final count, then stop.
	p.stop()
	if err := tally(dir, cfg.workers, &sum); err != nil {
		return sum, err
	}
	if sum.Lost > 0 {
		sum.LostByPartition = lostByPartition(dir, cfg.workers, sent, guilds, cfg.partitions)
	}
	ids := fake.Identifies()
	for _, r := range ids {
		if r.Accepted {
			sum.Identifies++
		} else {
			sum.RefusedIdentifies++
		}
	}
	sum.ExtraIdentifies = max(0, sum.Identifies-cfg.shards)
	sum.WindowViolations = len(fake.IdentifyBucketViolations())
	sum.Resumes = fake.Resumes()
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// tally reads the workers' record files into s. A dispatch handled more
// than once counts as duplicated only for the copies not marked
// redelivered, beyond the first.
func tally(dir string, workers int, s *distSummary) error {
	unmarked, seen := map[int]int{}, map[int]bool{}
	s.Handled, s.Redelivered, s.Duplicated, s.OrderViolations = 0, 0, 0, 0
	for i := range workers {
		b, err := os.ReadFile(filepath.Join(dir, "w-"+strconv.Itoa(i)+".txt"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		last := map[string]int{}
		for line := range bytes.Lines(b) {
			f := strings.Fields(string(line))
			if len(f) < 2 {
				continue // a line cut by SIGKILL
			}
			n, err := strconv.Atoi(f[1])
			if err != nil {
				continue
			}
			marked := len(f) > 2 && f[2] == "r"
			s.Handled++
			seen[n] = true
			if marked {
				s.Redelivered++
			} else {
				unmarked[n]++
			}
			if l, ok := last[f[0]]; ok && n < l && !marked {
				s.OrderViolations++
			}
			last[f[0]] = max(last[f[0]], n)
		}
	}
	for _, c := range unmarked {
		s.Duplicated += max(0, c-1)
	}
	s.Distinct = len(seen)
	s.Lost = max(0, s.Sent-s.Distinct)
	return nil
}

// runDistributedDemo is `scurry demo --distributed [--chaos]`.
func runDistributedDemo(ctx context.Context, c demoConfig, stdout io.Writer) error {
	cfg := distConfig{duration: c.duration, rate: c.rate, guilds: 200, shards: 16, gateways: 2, workers: 3,
		partitions: 16, chaos: c.chaos, out: stdout}
	if c.set["guilds"] {
		cfg.guilds = c.guilds
	}
	if c.set["shards"] {
		cfg.shards = c.shards
	}
	if !c.set["rate"] {
		cfg.rate = 2000
	}
	if cfg.duration == 0 {
		cfg.duration = 30 * time.Second
	}
	if cfg.shards < cfg.gateways {
		return fmt.Errorf("--shards %d: the distributed demo needs at least %d", cfg.shards, cfg.gateways)
	}
	sum, err := runDistributed(ctx, cfg)
	if err != nil {
		return err
	}
	sum.print(stdout)
	if !sum.ok() {
		return errors.New("the distributed run lost, duplicated or reordered events, or identified again")
	}
	return nil
}

// lostByPartition maps the dispatches no worker recorded to their partitions.
func lostByPartition(dir string, workers, sent int, guilds []discord.Snowflake, partitions int) map[int]int {
	seen := make([]bool, sent)
	for i := range workers {
		b, _ := os.ReadFile(filepath.Join(dir, "w-"+strconv.Itoa(i)+".txt"))
		for line := range bytes.Lines(b) {
			if f := strings.Fields(string(line)); len(f) >= 2 {
				if n, err := strconv.Atoi(f[1]); err == nil && n >= 0 && n < sent {
					seen[n] = true
				}
			}
		}
	}
	out := map[int]int{}
	for n, ok := range seen {
		if !ok {
			out[natsbroker.Partition(guilds[n%len(guilds)], partitions)]++
		}
	}
	return out
}
