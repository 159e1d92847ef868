package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
)

// Node is one member of a proxy cluster. It implements proxy.LimiterSource:
// the limiter it returns for a token asks the token's owner for permits over
// NATS, or, on the node that holds the token's lease, its own in-memory
// limiter directly. Close it to stop its goroutine and hand its leases back.
type Node struct {
	o      Options
	kv     jetstream.KeyValue
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // goroutines serving remote Acquires; Add only under mu while !closed
	kick   chan struct{}
	loopWG sync.WaitGroup

	mu       sync.Mutex
	tokens   map[string]*tokenState
	fallback bool
	closed   bool
}

// New joins the cluster on opts.Conn: it creates (or binds) the lease bucket
// and, for a serving node, starts the goroutine that takes and renews leases.
func New(ctx context.Context, opts *Options) (*Node, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	js, err := jetstream.New(o.Conn)
	if err != nil {
		return nil, fmt.Errorf("cluster: JetStream: %w", err)
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      o.Bucket,
		Description: "scurry proxy: the owner of each token's rate-limit state",
		TTL:         o.LeaseTTL,
		History:     1,
		Storage:     jetstream.MemoryStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("cluster: lease bucket %q: %w", o.Bucket, err)
	}
	n := &Node{o: o, kv: kv, tokens: make(map[string]*tokenState), kick: make(chan struct{}, 1)}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	n.loopWG.Go(n.loop)
	return n, nil
}

// Name returns the node's name, as written in the leases it holds.
func (n *Node) Name() string { return n.o.Name }

// Limiter implements proxy.LimiterSource: the limiter for the token whose
// TokenID is id. global is used by whichever node owns the token (each node
// should be configured alike) and, scaled by FallbackShare, while NATS is
// unreachable. Calling it again for id returns the same limiter.
func (n *Node) Limiter(id string, global proxy.Global) (ratelimit.Limiter, error) {
	if id == "" {
		return nil, fmt.Errorf("%w: empty token id", ErrInvalidOptions)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, errClosed
	}
	if t := n.tokens[id]; t != nil {
		return t, nil
	}
	fb, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{
		GlobalLimit:  max(1, int(float64(global.Limit)*n.o.FallbackShare)),
		GlobalWindow: global.Window,
	})
	if err != nil {
		return nil, err
	}
	t := &tokenState{n: n, id: id, global: global, fallback: fb}
	n.tokens[id] = t
	select {
	case n.kick <- struct{}{}:
	default:
	}
	return t, nil
}

// LimiterForToken is Limiter for a bot token (with or without "Bot "), for
// rest.Options.Limiter in a bot process: the remote limiter, with no HTTP hop.
func (n *Node) LimiterForToken(token string, global proxy.Global) (ratelimit.Limiter, error) {
	if len(token) < 4 || token[:4] != "Bot " {
		token = "Bot " + token
	}
	return n.Limiter(proxy.TokenID(token), global)
}

var errClosed = errors.New("cluster: node closed")

// Owned returns the ids of the tokens whose lease this node holds.
func (n *Node) Owned() []string {
	var out []string
	for _, t := range n.snapshot() {
		if t.isOwner() {
			out = append(out, t.id)
		}
	}
	return out
}

func (n *Node) snapshot() []*tokenState {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]*tokenState, 0, len(n.tokens))
	for _, t := range n.tokens {
		out = append(out, t)
	}
	return out
}

// Close stops the node: its goroutines end, permits it was serving are
// dropped, and its leases are deleted so that another node takes over at
// once instead of after LeaseTTL. It does not close the NATS connection.
func (n *Node) Close() {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return
	}
	n.closed = true
	n.mu.Unlock()
	n.cancel()
	n.loopWG.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, t := range n.snapshot() {
		if rev, ok := t.release(); ok && n.o.Conn.Status() == nats.CONNECTED {
			_ = n.kv.Delete(ctx, t.id, jetstream.LastRevision(rev))
		}
	}
	n.wg.Wait()
}

// track counts one more serving goroutine, unless the node is closing.
func (n *Node) track() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return false
	}
	n.wg.Add(1)
	return true
}

// loop takes and renews leases (serving nodes), expires abandoned permits and
// notices NATS coming and going.
func (n *Node) loop() {
	tick := time.NewTicker(n.o.LeaseTTL / 6)
	defer tick.Stop()
	for {
		n.checkConn()
		if n.o.Serve {
			for _, t := range n.snapshot() {
				t.lease()
				t.sweep()
			}
		}
		select {
		case <-n.ctx.Done():
			return
		case <-tick.C:
		case <-n.kick:
		}
	}
}

// checkConn logs and reports the moves into and out of fallback.
func (n *Node) checkConn() bool {
	down := n.o.Conn.Status() != nats.CONNECTED
	n.mu.Lock()
	changed := down != n.fallback
	n.fallback = down
	n.mu.Unlock()
	if changed {
		n.o.Metrics.Fallback(down)
		if down {
			n.o.Logger.Warn("cluster: NATS unreachable: limiting alone at a share of each token's global limit",
				slog.String("node", n.o.Name), slog.Float64("share", n.o.FallbackShare))
		} else {
			n.o.Logger.Info("cluster: NATS reachable again: back to the shared limiter", slog.String("node", n.o.Name))
		}
	}
	return down
}

func (n *Node) subject(id, what string) string { return n.o.Subject + "." + id + "." + what }
