package natsbroker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// An event on the stream: the data is the dispatch's raw d, the event name is
// the subject's last token, and the only header is Nats-Msg-Id =
// shard/session/seq, from which workers read the shard and the sequence (one
// header: each header costs parsing and allocations on the server and on
// every worker, per event). A message without Nats-Msg-Id may carry them in
// these headers instead.
const (
	HeaderShard = "Scurry-Shard"
	HeaderSeq   = "Scurry-Seq"
)

// PublisherOptions configures NewPublisher.
type PublisherOptions struct {
	// Stream is where events go. Required.
	Stream *Stream
	// States receives each shard's SessionState, with Sequence never ahead
	// of the last event JetStream acknowledged. Nil keeps no state.
	States gateway.StateStore
	// MaxInFlight bounds the events of one shard published and not yet
	// acknowledged. When it is reached, Handle blocks: the shard stops
	// reading frames (its heartbeats go on). Default 1024.
	MaxInFlight int
	// AckTimeout is how long an asynchronous publish waits for its ack
	// before it is published again (same message id, so never twice in the
	// stream). Default 5 s.
	AckTimeout time.Duration
	// SaveInterval is how often changed session states are written.
	// Default 200 ms.
	SaveInterval time.Duration
	// OnAck, if set, is called for each acknowledged event with the time
	// from Handle to the ack (metrics). It must not block.
	OnAck func(shard int, latency time.Duration)
	// Logger receives the publisher's logs. Default: discarded.
	Logger *slog.Logger
}

// Publisher publishes the dispatches of shards to the stream: its Handle
// method is the shard manager's handler (the event sink of the gateway
// side). Publishing is asynchronous, in order per shard, with a bound on
// events in flight; each message carries Nats-Msg-Id = shard/session/seq, so
// republished and replayed events are dropped by the stream's duplicate
// window.
//
// Create it with NewPublisher and stop it with Close, after the shards
// stopped calling Handle.
type Publisher struct {
	js   jetstream.JetStream
	st   *Stream
	opts PublisherOptions
	log  *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	saveStop context.CancelFunc // stops saveLoop
	saveDone chan struct{}      // closed when saveLoop returned

	mu     sync.Mutex
	shards map[int]*shardPub

	published atomic.Uint64
	acked     atomic.Uint64
	retried   atomic.Uint64
	saveErrs  atomic.Uint64
}

type shardPub struct {
	id      int
	session string // session id of the events being published (Handle only)
	resume  string
	lastSeq int64 // last sequence handed to Handle (Handle only)
	pending chan pendingPub
	sent    atomic.Int64 // events handed to the acker
	ackedN  atomic.Int64 // events acknowledged

	mu      sync.Mutex
	state   gateway.SessionState // durable: up to the last acked sequence
	dirty   bool
	drained chan struct{} // closed when the acker stopped
}

type pendingPub struct {
	fut     jetstream.PubAckFuture
	msg     *nats.Msg
	seq     int64
	session string
	resume  string
	start   time.Time
}

// NewPublisher builds a publisher. ctx bounds its whole life: when it ends,
// publishing stops without waiting (use Close for a clean stop).
func NewPublisher(ctx context.Context, o PublisherOptions) (*Publisher, error) {
	if o.Stream == nil {
		return nil, errors.New("natsbroker: PublisherOptions.Stream is required")
	}
	if o.MaxInFlight < 0 || o.AckTimeout < 0 || o.SaveInterval < 0 {
		return nil, errors.New("natsbroker: PublisherOptions.MaxInFlight, AckTimeout and SaveInterval must not be negative")
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = 1024
	}
	if o.AckTimeout == 0 {
		o.AckTimeout = 5 * time.Second
	}
	if o.SaveInterval == 0 {
		o.SaveInterval = 200 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	js, err := jetstream.New(o.Stream.js.Conn(),
		jetstream.WithPublishAsyncTimeout(o.AckTimeout),
		jetstream.WithPublishAsyncMaxPending(1<<20)) // bounded per shard by MaxInFlight instead
	if err != nil {
		return nil, fmt.Errorf("natsbroker: %w", err)
	}
	p := &Publisher{js: js, st: o.Stream, opts: o, log: o.Logger, shards: map[int]*shardPub{}}
	p.ctx, p.cancel = context.WithCancel(ctx)
	saveCtx, saveStop := context.WithCancel(p.ctx)
	p.saveStop, p.saveDone = saveStop, make(chan struct{})
	go p.saveLoop(saveCtx)
	return p, nil
}

// SetState tells the publisher the state a shard starts from (the one loaded
// from the store to RESUME), so that the message ids of the replayed events
// match those published before and the state saved stays that session's.
// Call it before the shard's first Handle.
func (p *Publisher) SetState(shardID int, st gateway.SessionState) {
	sp := p.shard(shardID)
	sp.session, sp.resume = st.ID, st.ResumeURL
	sp.mu.Lock()
	sp.state = st
	sp.mu.Unlock()
}

// State returns the durable state of a shard: the last acknowledged event.
func (p *Publisher) State(shardID int) gateway.SessionState {
	sp := p.shard(shardID)
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.state
}

// Stats are the publisher's counters.
type PublisherStats struct {
	Published, Acked, Republished, SaveErrors uint64
}

// Stats returns the counters.
func (p *Publisher) Stats() PublisherStats {
	return PublisherStats{p.published.Load(), p.acked.Load(), p.retried.Load(), p.saveErrs.Load()}
}

// Pending is the number of events published and not yet acknowledged.
func (p *Publisher) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, sp := range p.shards {
		n += len(sp.pending)
	}
	return n
}

func (p *Publisher) shard(id int) *shardPub {
	p.mu.Lock()
	defer p.mu.Unlock()
	sp := p.shards[id]
	if sp == nil {
		sp = &shardPub{id: id, pending: make(chan pendingPub, p.opts.MaxInFlight), drained: make(chan struct{})}
		p.shards[id] = sp
		p.wg.Add(1)
		go p.ackLoop(sp)
	}
	return sp
}

// Handle publishes one dispatch; it is a shard.Handler. Calls for one shard
// must come from one goroutine, in order (the shard manager does that). It
// blocks while the shard has MaxInFlight events unacknowledged or NATS does
// not take the message, until ctx or the publisher's context ends.
func (p *Publisher) Handle(ctx context.Context, e gateway.Event) {
	sp := p.shard(e.Shard)
	if e.Name == discord.EventReady {
		var rd struct {
			SessionID string `json:"session_id"`
			ResumeURL string `json:"resume_gateway_url"`
		}
		if json.Unmarshal(e.Raw, &rd) == nil && rd.SessionID != "" && rd.SessionID != sp.session {
			if sp.session != "" {
				// The previous session could not be resumed (an outage
				// longer than Discord's resume window, or an invalidated
				// session): what Discord sent it after the last event read
				// is gone. Discord does not say how many; the gap starts
				// after last_seq of the old session.
				p.log.Warn("natsbroker: session replaced by a fresh IDENTIFY; Discord could not replay the events it sent the old session after last_seq (their number is not known to the client)",
					"shard_id", e.Shard, "old_session", sp.session, "last_seq", sp.lastSeq)
			}
			sp.session, sp.resume = rd.SessionID, rd.ResumeURL
			p.startSession(ctx, sp, gateway.SessionState{ID: rd.SessionID, ResumeURL: rd.ResumeURL, Sequence: e.Seq - 1})
		}
	}
	sp.lastSeq = e.Seq
	var guild discord.Snowflake
	if e.Data != nil {
		guild = discord.EventGuildID(e.Data)
	} else {
		guild = discord.DispatchGuildID(e.Name, e.Raw)
	}
	now := time.Now()
	m := &nats.Msg{
		Subject: p.st.Subject(guild, e.Name),
		Data:    e.Raw,
		Header:  nats.Header{jetstream.MsgIDHeader: {msgID(e.Shard, sp.session, e.Seq)}},
	}
	pp := pendingPub{msg: m, seq: e.Seq, session: sp.session, resume: sp.resume, start: now}
	for wait := 10 * time.Millisecond; ; wait = min(wait*2, time.Second) {
		fut, err := p.js.PublishMsgAsync(m)
		if err == nil {
			pp.fut = fut
			break
		}
		p.log.Warn("natsbroker: publish failed; holding the shard's events until NATS takes them",
			"shard_id", e.Shard, "seq", e.Seq, "error", err)
		if !p.sleep(ctx, wait) {
			return
		}
	}
	p.published.Add(1)
	select {
	case sp.pending <- pp:
		sp.sent.Add(1)
	case <-ctx.Done():
	case <-p.ctx.Done():
	}
}

// msgID is an event's Nats-Msg-Id: shard/session/seq (parseMsgID reads it).
func msgID(shard int, session string, seq int64) string {
	b := make([]byte, 0, 24+len(session))
	b = strconv.AppendInt(b, int64(shard), 10)
	b = append(b, '/')
	b = append(b, session...)
	b = append(b, '/')
	b = strconv.AppendInt(b, seq, 10)
	return string(b)
}

// parseMsgID reads the shard and the sequence from a Nats-Msg-Id made by
// msgID; ok is false for any other shape.
func parseMsgID(id string) (shard int, seq int64, ok bool) {
	head, _, found := strings.Cut(id, "/")
	i := strings.LastIndexByte(id, '/')
	if !found || i <= len(head) {
		return 0, 0, false
	}
	shard, err := strconv.Atoi(head)
	if err != nil || shard < 0 {
		return 0, 0, false
	}
	seq, err = strconv.ParseInt(id[i+1:], 10, 64)
	if err != nil || seq < 0 {
		return 0, 0, false
	}
	return shard, seq, true
}

// startSession makes a new session's state durable as soon as its READY is
// read, before the READY itself is acknowledged: the session id, the resume
// URL and the sequence before READY (nothing of it acknowledged yet), so a
// process killed from here on is replaced by one that RESUMEs and gets the
// whole session replayed (READY included) instead of identifying again. The
// save is attempted at once (bounded by AckTimeout); if it fails the
// periodic saver retries it.
func (p *Publisher) startSession(ctx context.Context, sp *shardPub, st gateway.SessionState) {
	sp.mu.Lock()
	sp.state, sp.dirty = st, true
	sp.mu.Unlock()
	if p.opts.States == nil {
		return
	}
	sctx, cancel := context.WithTimeout(ctx, p.opts.AckTimeout)
	defer cancel()
	if err := p.opts.States.SaveState(sctx, sp.id, st); err != nil {
		p.saveErrs.Add(1)
		p.log.Warn("natsbroker: cannot save the new session's state yet; retrying periodically", "shard_id", sp.id, "error", err)
	}
}

func (p *Publisher) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-p.ctx.Done():
		return false
	}
}

// ackLoop waits for the acks of one shard in publish order and advances the
// durable state; a failed publish is published again (same id) until it is
// acknowledged, holding back the later ones' state.
func (p *Publisher) ackLoop(sp *shardPub) {
	defer p.wg.Done()
	defer close(sp.drained)
	for {
		var pp pendingPub
		select {
		case pp = <-sp.pending:
		case <-p.ctx.Done():
			return
		}
		if !p.awaitAck(sp, pp) {
			return
		}
		sp.mu.Lock()
		switch {
		case sp.state.ID == pp.session:
			if pp.seq > sp.state.Sequence {
				sp.state.Sequence = pp.seq
				sp.dirty = true
			}
		case sp.state.ID == "":
			sp.state = gateway.SessionState{ID: pp.session, ResumeURL: pp.resume, Sequence: pp.seq}
			sp.dirty = true
		default:
			// An event of an older session, acknowledged after the
			// newer session's READY moved the state on (startSession):
			// the state stays the newer session's.
		}
		sp.mu.Unlock()
		p.acked.Add(1)
		sp.ackedN.Add(1)
		if p.opts.OnAck != nil {
			p.opts.OnAck(sp.id, time.Since(pp.start))
		}
	}
}

func (p *Publisher) awaitAck(sp *shardPub, pp pendingPub) bool {
	select {
	case <-pp.fut.Ok():
		return true
	case err := <-pp.fut.Err():
		p.log.Warn("natsbroker: publish not acknowledged; publishing again", "shard_id", sp.id, "seq", pp.seq, "error", err)
	case <-p.ctx.Done():
		return false
	}
	for wait := 50 * time.Millisecond; ; wait = min(wait*2, 2*time.Second) {
		p.retried.Add(1)
		ctx, cancel := context.WithTimeout(p.ctx, p.opts.AckTimeout)
		m := &nats.Msg{Subject: pp.msg.Subject, Data: pp.msg.Data, Header: pp.msg.Header}
		_, err := p.js.PublishMsg(ctx, m)
		cancel()
		if err == nil {
			return true
		}
		if p.ctx.Err() != nil {
			return false
		}
		p.log.Warn("natsbroker: publish failed again", "shard_id", sp.id, "seq", pp.seq, "error", err)
		if !p.sleep(p.ctx, wait) {
			return false
		}
	}
}

func (p *Publisher) saveLoop(ctx context.Context) {
	defer close(p.saveDone)
	t := time.NewTicker(p.opts.SaveInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.saveDirty(ctx)
		case <-ctx.Done():
			return
		}
	}
}

// saveDirty writes the states that changed since the last save.
func (p *Publisher) saveDirty(ctx context.Context) {
	if p.opts.States == nil {
		return
	}
	p.mu.Lock()
	list := make([]*shardPub, 0, len(p.shards))
	for _, sp := range p.shards {
		list = append(list, sp)
	}
	p.mu.Unlock()
	for _, sp := range list {
		sp.mu.Lock()
		st, dirty := sp.state, sp.dirty
		sp.dirty = false
		sp.mu.Unlock()
		if !dirty || st.ID == "" {
			continue
		}
		if err := p.opts.States.SaveState(ctx, sp.id, st); err != nil {
			p.saveErrs.Add(1)
			sp.mu.Lock()
			sp.dirty = true
			sp.mu.Unlock()
			if ctx.Err() == nil {
				p.log.Warn("natsbroker: cannot save session state", "shard_id", sp.id, "error", err)
			}
		}
	}
}

// Flush waits until every event handed to Handle so far is acknowledged and
// the states are saved, or ctx ends.
func (p *Publisher) Flush(ctx context.Context) error {
	if err := p.waitAcks(ctx); err != nil {
		return err
	}
	p.saveDirty(ctx)
	return ctx.Err()
}

// waitAcks waits until every event handed to Handle so far is acknowledged.
func (p *Publisher) waitAcks(ctx context.Context) error {
	p.mu.Lock()
	want := make(map[*shardPub]int64, len(p.shards))
	for _, sp := range p.shards {
		want[sp] = sp.sent.Load()
	}
	p.mu.Unlock()
	for sp, n := range want {
		for {
			if sp.ackedN.Load() >= n {
				break
			}
			if !p.sleep(ctx, 5*time.Millisecond) {
				return ctx.Err()
			}
		}
	}
	return nil
}

// Close flushes (bounded by ctx), then stops the publisher's goroutines and
// waits for them. Call it after the shards stopped calling Handle.
func (p *Publisher) Close(ctx context.Context) error {
	err := p.waitAcks(ctx)
	// Stop the periodic saver first, so that no save of it is cut short
	// by the cancel below, then write the final states.
	p.saveStop()
	<-p.saveDone
	p.saveDirty(ctx)
	p.cancel()
	p.wg.Wait()
	return err
}
