package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/proxy/cluster"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// TestProxyCommandServes: `scurry proxy --standalone` in front of the fake
// forwards a message, answers /healthz and shows the request in /metrics
// without the token.
func TestProxyCommandServes(t *testing.T) {
	s := discordtest.NewServer(t, &discordtest.Options{})
	g, err := s.SeedGuild(discordtest.GuildSeed{})
	assert.Success(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lineWriter{want: "proxy: http://", seen: make(chan struct{})}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"proxy", "--standalone", "--addr", "127.0.0.1:0", "--api-url", s.URL(), "--global-limit", "50"}, out, io.Discard)
	}()
	select {
	case <-out.seen:
	case code := <-done:
		t.Fatalf("proxy exited early with %d: %s", code, out.String())
	}
	base := proxyURL(out.String())
	c, err := rest.New(s.Token(), &rest.Options{BaseURL: base, Limiter: ratelimit.Unlimited{}})
	assert.Success(t, err)
	_, err = c.CreateMessage(ctx, g.Channels[0], &rest.CreateMessageParams{Content: "via proxy"})
	assert.Success(t, err)
	root := strings.TrimSuffix(base, "/api/v10")
	for path, want := range map[string]string{
		"/healthz": "ok",
		"/metrics": `scurry_rest_requests_total{method="POST",route="/channels/{channel_id}/messages",status="200"} 1`,
	} {
		res, err := http.Get(root + path)
		assert.Success(t, err)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Contains(t, string(b), want)
		if strings.Contains(string(b), s.Token()) {
			t.Fatalf("%s shows the token", path)
		}
	}
	cancel()
	assert.Equal(t, "exit", <-done, 0)
}

func proxyURL(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if u, ok := strings.CutPrefix(l, "proxy: "); ok {
			return strings.TrimSpace(u)
		}
	}
	return ""
}

// proxyChild is a scurry process started by a test; it is killed when the test
// ends.
type proxyChild struct {
	cmd *exec.Cmd
	url string // the proxy's API URL, from its first output line
}

func startChild(t *testing.T, env []string, args ...string) *proxyChild {
	t.Helper()
	exe, err := os.Executable()
	assert.Success(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), env...)
	if testing.Verbose() {
		cmd.Stderr = os.Stderr // the children's logs: leases taken, upstream errors
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	assert.Success(t, err)
	assert.Success(t, cmd.Start())
	c := &proxyChild{cmd: cmd}
	t.Cleanup(func() { c.kill() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "proxy: "); ok {
			c.url = u
			break
		}
		if strings.HasPrefix(sc.Text(), "ready") {
			break
		}
	}
	go io.Copy(io.Discard, stdout) // the child may print more; never block it
	if c.url == "" && args[0] == "proxy" {
		t.Fatalf("child %v printed no URL", args)
	}
	return c
}

func (c *proxyChild) kill() {
	if c.cmd.ProcessState == nil {
		c.cmd.Process.Kill()
		c.cmd.Wait()
	}
}

// roundRobin sends each request to the next proxy; when a proxy refuses the
// connection (killed, restarting), the request was not sent and goes to the
// next one.
type roundRobin struct {
	mu    sync.Mutex
	hosts []string
	next  atomic.Uint64
}

func (rr *roundRobin) set(i int, apiURL string) {
	u, _ := url.Parse(apiURL)
	rr.mu.Lock()
	rr.hosts[i] = u.Host
	rr.mu.Unlock()
}

func (rr *roundRobin) Do(r *http.Request) (*http.Response, error) {
	var last error
	for range 3 * len(rr.hosts) {
		i := rr.next.Add(1)
		rr.mu.Lock()
		host := rr.hosts[i%uint64(len(rr.hosts))]
		rr.mu.Unlock()
		r2 := r.Clone(r.Context())
		r2.URL.Host, r2.Host = host, host
		if r.GetBody != nil {
			b, err := r.GetBody()
			if err != nil {
				return nil, err
			}
			r2.Body = b
		}
		res, err := http.DefaultTransport.RoundTrip(r2)
		var op *net.OpError
		if err != nil && errors.As(err, &op) && op.Op == "dial" {
			last = err
			continue
		}
		return res, err
	}
	return nil, last
}

// TestProxyClusterSurvivesKills: three `scurry proxy` processes share one
// NATS; a round-robin client sends the 200-channel scenario through them
// while one proxy is SIGKILLed and restarted every couple of seconds. The
// fake sends no 429 of any scope, and every message arrives exactly once
// (creates carry a nonce with enforce_nonce, so a retry after a kill cannot
// duplicate).
func TestProxyClusterSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real processes for several seconds")
	}
	perChannel, every := 2, 2*time.Second
	if raceEnabled {
		perChannel = 1 // race-built children are slow; still several kills per run
	}
	ns, err := embedded.Start(embedded.Options{})
	assert.Success(t, err)
	defer ns.Close()
	s, err := discordtest.Start(&discordtest.Options{GlobalLimit: 50, GlobalWindow: time.Second, RouteWindow: time.Second})
	assert.Success(t, err)
	defer s.Close()
	g, err := s.SeedGuild(discordtest.GuildSeed{TextChannels: 200})
	assert.Success(t, err)
	args := func(i int) []string {
		return []string{"proxy", "--addr", "127.0.0.1:0", "--api-url", s.URL(), "--nats", ns.ClientURL(),
			"--name", fmt.Sprint("p", i), "--global-limit", "50", "--global-window", "1s", "--lease-ttl", "1s",
			"--permit-timeout", "2s", "--max-wait", "60s"}
	}
	env := []string{"SCURRY_TEST_MAIN=1"}
	rr := &roundRobin{hosts: make([]string, 3)}
	procs := make([]*proxyChild, 3)
	for i := range procs {
		procs[i] = startChild(t, env, args(i)...)
		rr.set(i, procs[i].url)
	}
	c, err := rest.New(s.Token(), &rest.Options{BaseURL: procs[0].url, HTTPClient: rr, Limiter: ratelimit.Unlimited{},
		MaxRetries: 20, RetryBackoff: 50 * time.Millisecond})
	assert.Success(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stop := make(chan struct{})
	killerDone := make(chan int)
	go func() { // the killer
		kills := 0
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				killerDone <- kills
				return
			case <-tick.C:
			}
			i := kills % 3
			procs[i].cmd.Process.Signal(syscall.SIGKILL)
			procs[i].cmd.Wait()
			procs[i] = startChild(t, env, args(i)...)
			rr.set(i, procs[i].url)
			kills++
		}
	}()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for ci, ch := range g.Channels {
		wg.Go(func() {
			for m := range perChannel {
				content := "c" + strconv.Itoa(ci) + "m" + strconv.Itoa(m)
				// A proxy killed while streaming a reply leaves the client
				// unsure whether the message was created; asking again with
				// the same nonce is safe (enforce_nonce), as a real client
				// would after a lost connection.
				var err error
				for range 5 {
					_, err = c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: content, Nonce: content, EnforceNonce: true})
					if err == nil {
						break
					}
				}
				if err != nil {
					failed.Add(1)
					t.Errorf("%s: %v", content, err)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	kills := <-killerDone
	t.Logf("%d messages through 3 proxies with %d SIGKILLs", len(g.Channels)*perChannel, kills)
	if kills == 0 {
		t.Fatal("no proxy was killed during the run; the test proved nothing")
	}
	if got := s.RateLimited(); got != (discordtest.RateLimitCounts{}) {
		t.Fatalf("the fake sent 429s: %+v", got)
	}
	checkDelivered(t, s, g.Channels, perChannel)
}

// checkDelivered: every channel holds exactly its messages, each once.
func checkDelivered(t *testing.T, s *discordtest.Server, chans []discord.Snowflake, per int) {
	t.Helper()
	for ci, ch := range chans {
		seen := map[string]int{}
		for _, raw := range s.Messages(ch) {
			var m struct {
				Content string `json:"content"`
			}
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			seen[m.Content]++
		}
		for m := range per {
			if n := seen["c"+strconv.Itoa(ci)+"m"+strconv.Itoa(m)]; n != 1 {
				t.Errorf("channel %d message %d stored %d times", ci, m, n)
			}
		}
	}
}

// TestRemoteLimiterTwoProcesses: two scurry processes (no proxy, no HTTP
// hop) share one bucket through the remote limiter over NATS; one of them
// holds the lease, the other asks it. The bucket's limit is never exceeded:
// the fake counts no 429.
func TestRemoteLimiterTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real processes")
	}
	ns, err := embedded.Start(embedded.Options{})
	assert.Success(t, err)
	defer ns.Close()
	s, err := discordtest.Start(&discordtest.Options{GlobalLimit: 50, GlobalWindow: 500 * time.Millisecond, RouteWindow: 500 * time.Millisecond})
	assert.Success(t, err)
	defer s.Close()
	g, err := s.SeedGuild(discordtest.GuildSeed{})
	assert.Success(t, err)
	ch := g.Channels[0]
	const each = 15
	var kids []*proxyChild
	for i := range 2 {
		kids = append(kids, startChild(t, []string{"SCURRY_TEST_MAIN=remote-limiter", "NATS_URL=" + ns.ClientURL(),
			"API_URL=" + s.URL(), "TOKEN=" + s.Token(), "CHANNEL=" + ch.String(), "COUNT=" + strconv.Itoa(each),
			"PREFIX=p" + strconv.Itoa(i)}, "remote-limiter"))
	}
	for i, k := range kids {
		if err := k.cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v", i, err)
		}
	}
	if got := s.RateLimited(); got != (discordtest.RateLimitCounts{}) {
		t.Fatalf("the fake sent 429s: %+v", got)
	}
	if got := len(s.Messages(ch)); got != 2*each {
		t.Fatalf("%d messages stored, want %d", got, 2*each)
	}
}

// remoteLimiterChild is the body of a child process of
// TestRemoteLimiterTwoProcesses: a bot process whose rest.Client limits
// through the cluster's remote limiter.
func remoteLimiterChild() int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "child:", err); return 1 }
	nc, err := embedded.Connect(os.Getenv("NATS_URL"), "remote-limiter child")
	if err != nil {
		return fail(err)
	}
	defer nc.Close()
	ctx := context.Background()
	node, err := cluster.New(ctx, &cluster.Options{Conn: nc, Serve: true, LeaseTTL: time.Second})
	if err != nil {
		return fail(err)
	}
	defer node.Close()
	lim, err := node.LimiterForToken(os.Getenv("TOKEN"), proxy.Global{Limit: 50, Window: 500 * time.Millisecond})
	if err != nil {
		return fail(err)
	}
	c, err := rest.New(os.Getenv("TOKEN"), &rest.Options{BaseURL: os.Getenv("API_URL"), Limiter: lim})
	if err != nil {
		return fail(err)
	}
	id, err := strconv.ParseUint(os.Getenv("CHANNEL"), 10, 64)
	if err != nil {
		return fail(err)
	}
	n, _ := strconv.Atoi(os.Getenv("COUNT"))
	fmt.Println("ready")
	var wg sync.WaitGroup
	var bad atomic.Int64
	const workers = 2 // few in flight: see the window tolerance note in proxy/cluster's TestOneBucketManyProcesses
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				cctx, cancel := context.WithTimeout(ctx, time.Minute)
				_, err := c.CreateMessage(cctx, discord.Snowflake(id), &rest.CreateMessageParams{Content: fmt.Sprint(os.Getenv("PREFIX"), "-", i)})
				cancel()
				if err != nil {
					fmt.Fprintln(os.Stderr, "child:", err)
					bad.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if bad.Load() > 0 {
		return 1
	}
	return 0
}
