package natsbroker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// Headers a plain message (one event) may carry instead of Nats-Msg-Id =
// shard/session/seq, which is what the publisher writes (see DecodeMessage
// for the batch format).
const (
	HeaderShard = "Scurry-Shard"
	HeaderSeq   = "Scurry-Seq"
)

// PublisherOptions configures NewPublisher.
type PublisherOptions struct {
	// Stream is where events go. Required.
	Stream *Stream
	// States receives each shard's SessionState, with Sequence never ahead
	// of the last event JetStream acknowledged. Nil keeps no state. A
	// *StateStore also keeps when that event was handed over, which lets
	// the next owner of the shard find the events already in the stream
	// (see RunGateway).
	States gateway.StateStore
	// MaxInFlight bounds the events of one shard handed to Handle and not
	// yet acknowledged. When it is reached, Handle blocks: the shard stops
	// reading frames (its heartbeats go on). Default 1024.
	MaxInFlight int
	// AckTimeout is how long an asynchronous publish waits for its ack
	// before it is published again (same message id, so never twice in the
	// stream). Default 5 s.
	AckTimeout time.Duration
	// SaveInterval is how often changed session states are written.
	// Default 200 ms.
	SaveInterval time.Duration
	// MaxBatch bounds the events one stream message carries. The publisher
	// never waits to fill a batch: a message carries the events of one
	// partition and one event name that queued up while the previous
	// messages were being published, so when the stream keeps up each event
	// goes alone and batching adds no latency; under load batches grow and
	// the cost per event (JetStream's per-message work, acks, deliveries)
	// falls. 1 publishes every event as its own message. Default 256.
	MaxBatch int
	// MaxBatchBytes bounds the data of one batch; a larger event goes alone.
	// Default 256 KiB.
	MaxBatchBytes int
	// OnAck, if set, is called for each acknowledged event with the time
	// from Handle to the ack (metrics). It must not block.
	OnAck func(shard int, latency time.Duration)
	// Logger receives the publisher's logs. Default: discarded.
	Logger *slog.Logger
}

// Publisher publishes the dispatches of shards to the stream: its Handle
// method is the shard manager's handler (the event sink of the gateway
// side). Publishing is asynchronous, in order per shard and partition, with
// a bound on events in flight per shard. An event alone in its message
// carries Nats-Msg-Id = shard/session/seq; a batch carries an id unique to
// this publisher; an event whose data does not fit one message (the
// connection's max_payload less 1 KiB, read for each flight) goes as
// consecutive part messages (HeaderPart) with ids shard/session/seq/i/k,
// and counts as acknowledged when its last part is. Any of them is
// published again with the same id until JetStream acknowledges it, so a
// retry never stores it twice. Events that
// a previous owner of the shard stored but did not see acknowledged are
// found by RunGateway's scan and not published again (SkipPublished).
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

	in       chan *item      // Handle -> batchLoop
	flights  chan *flightMsg // batchLoop -> ackLoop, in publish order
	acks     ackQueue        // ackLoop -> batchLoop
	nonce    string          // this publisher's part of batch ids
	prefixes []string        // "<subject>.<partition>." per partition

	mu     sync.Mutex
	shards map[int]*shardPub

	published atomic.Uint64
	acked     atomic.Uint64
	retried   atomic.Uint64
	saveErrs  atomic.Uint64
	messages  atomic.Uint64
	skipped   atomic.Uint64
}

type shardPub struct {
	id int
	// Handle only:
	session     string // session id of the events being published
	resume      string
	batchOK     bool // session can go into a batch record
	lastSeq     int64
	skip        map[int64]bool // already in the stream (SkipPublished), of skipSession
	skipSession string
	skipMax     int64

	fifo   []*item       // batchLoop only: handed over, not yet durable, in Handle order
	head   int           // batchLoop only: first of fifo not yet durable
	slots  chan struct{} // one per event handed over and not yet acknowledged
	sent   atomic.Int64  // events handed to the batcher
	ackedN atomic.Int64  // events acknowledged

	mu    sync.Mutex
	state gateway.SessionState // durable: up to the last acked sequence
	after time.Time            // when the event at state.Sequence was handed over
	dirty bool
}

// NewPublisher builds a publisher. ctx bounds its whole life: when it ends,
// publishing stops without waiting (use Close for a clean stop).
func NewPublisher(ctx context.Context, o PublisherOptions) (*Publisher, error) {
	if o.Stream == nil {
		return nil, errors.New("natsbroker: PublisherOptions.Stream is required")
	}
	if o.MaxInFlight < 0 || o.AckTimeout < 0 || o.SaveInterval < 0 || o.MaxBatch < 0 || o.MaxBatchBytes < 0 {
		return nil, errors.New("natsbroker: PublisherOptions.MaxInFlight, AckTimeout, SaveInterval, MaxBatch and MaxBatchBytes must not be negative")
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
	if o.MaxBatch == 0 {
		o.MaxBatch = 256
	}
	if o.MaxBatchBytes == 0 {
		o.MaxBatchBytes = 256 << 10
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
	var nonce [6]byte
	_, _ = rand.Read(nonce[:])
	p := &Publisher{js: js, st: o.Stream, opts: o, log: o.Logger, shards: map[int]*shardPub{},
		in: make(chan *item, 4096), flights: make(chan *flightMsg, 4096), nonce: "b/" + hex.EncodeToString(nonce[:]) + "/"}
	for i := range o.Stream.Partitions() {
		p.prefixes = append(p.prefixes, o.Stream.opts.Subject+"."+strconv.Itoa(i)+".")
	}
	p.ctx, p.cancel = context.WithCancel(ctx)
	saveCtx, saveStop := context.WithCancel(p.ctx)
	p.saveStop, p.saveDone = saveStop, make(chan struct{})
	go p.saveLoop(saveCtx)
	p.acks.ready = make(chan struct{}, 1)
	p.wg.Add(2)
	go p.batchLoop()
	go p.ackLoop()
	return p, nil
}

// SetState tells the publisher the state a shard starts from (the one loaded
// from the store to RESUME), so that the message ids of the replayed events
// match those published before and the state saved stays that session's.
// Call it before the shard's first Handle.
func (p *Publisher) SetState(shardID int, st gateway.SessionState) {
	sp := p.shard(shardID)
	sp.session, sp.resume, sp.batchOK = st.ID, st.ResumeURL, batchable(st.ID)
	sp.mu.Lock()
	sp.state = st
	sp.mu.Unlock()
}

// SkipPublished tells the publisher that these events of a shard's session
// are in the stream already (a previous owner stored them and died before
// it saw them acknowledged): when Discord replays them after the RESUME they
// are not published again. Call it after SetState, before the shard's first
// Handle.
func (p *Publisher) SkipPublished(shardID int, session string, seqs []int64) {
	if len(seqs) == 0 {
		return
	}
	sp := p.shard(shardID)
	sp.skip, sp.skipSession, sp.skipMax = make(map[int64]bool, len(seqs)), session, 0
	for _, s := range seqs {
		sp.skip[s] = true
		sp.skipMax = max(sp.skipMax, s)
	}
}

// State returns the durable state of a shard: the last acknowledged event.
func (p *Publisher) State(shardID int) gateway.SessionState {
	sp := p.shard(shardID)
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.state
}

// PublisherStats are the publisher's counters. Published, Acked and
// Republished count events; Messages counts the stream messages that
// carried them (Published/Messages is the mean batch); Skipped counts
// events found in the stream already and not published again.
type PublisherStats struct {
	Published, Acked, Republished, SaveErrors, Messages, Skipped uint64
}

// Stats returns the counters.
func (p *Publisher) Stats() PublisherStats {
	return PublisherStats{p.published.Load(), p.acked.Load(), p.retried.Load(), p.saveErrs.Load(), p.messages.Load(), p.skipped.Load()}
}

// Pending is the number of events handed over and not yet acknowledged.
func (p *Publisher) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, sp := range p.shards {
		n += len(sp.slots)
	}
	return n
}

func (p *Publisher) shard(id int) *shardPub {
	p.mu.Lock()
	defer p.mu.Unlock()
	sp := p.shards[id]
	if sp == nil {
		sp = &shardPub{id: id, batchOK: true, slots: make(chan struct{}, p.opts.MaxInFlight)}
		p.shards[id] = sp
	}
	return sp
}

// Handle publishes one dispatch; it is a shard.Handler. Calls for one shard
// must come from one goroutine, in order (the shard manager does that). It
// blocks while the shard has MaxInFlight events unacknowledged, until ctx
// or the publisher's context ends.
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
			sp.session, sp.resume, sp.batchOK = rd.SessionID, rd.ResumeURL, batchable(rd.SessionID)
			sp.skip = nil
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
	it := &item{sp: sp, part: Partition(guild, p.st.opts.Partitions), name: e.Name, raw: e.Raw, seq: e.Seq,
		session: sp.session, resume: sp.resume, start: time.Now(), alone: !sp.batchOK || len(e.Raw) > p.opts.MaxBatchBytes}
	if len(e.Raw) > MaxEventBytes {
		// Only a gateway configured above Discord's 64 MiB reads such an
		// event; workers refuse it, so it is not stored (the shard goes on).
		p.log.Error("natsbroker: event above MaxEventBytes not published", "shard_id", e.Shard, "seq", e.Seq,
			"event", e.Name, "bytes", len(e.Raw), "max", MaxEventBytes)
		it.skip = true
	}
	if sp.skip != nil {
		if sp.session == sp.skipSession && sp.skip[e.Seq] {
			it.skip = true
		}
		if e.Seq >= sp.skipMax || sp.session != sp.skipSession {
			sp.skip = nil
		}
	}
	select {
	case sp.slots <- struct{}{}:
	case <-ctx.Done():
		return
	case <-p.ctx.Done():
		return
	}
	select {
	case p.in <- it:
		sp.sent.Add(1)
	case <-ctx.Done():
		<-sp.slots
	case <-p.ctx.Done():
	}
}

// msgID is a plain message's Nats-Msg-Id: shard/session/seq (parseMsgID
// reads it).
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
	shard, _, seq, ok = parseMsgIDSession(id)
	return shard, seq, ok
}

// startSession makes a new session's state durable as soon as its READY is
// read, before the READY itself is acknowledged: the session id, the resume
// URL and the sequence before READY (nothing of it acknowledged yet), so a
// process killed from here on is replaced by one that RESUMEs and gets the
// whole session replayed (READY included) instead of identifying again. The
// save is attempted at once (bounded by AckTimeout); if it fails the
// periodic saver retries it.
func (p *Publisher) startSession(ctx context.Context, sp *shardPub, st gateway.SessionState) {
	now := time.Now()
	sp.mu.Lock()
	sp.state, sp.after, sp.dirty = st, now, true
	sp.mu.Unlock()
	if p.opts.States == nil {
		return
	}
	sctx, cancel := context.WithTimeout(ctx, p.opts.AckTimeout)
	defer cancel()
	if err := p.save(sctx, sp.id, st, now); err != nil {
		p.saveErrs.Add(1)
		p.log.Warn("natsbroker: cannot save the new session's state yet; retrying periodically", "shard_id", sp.id, "error", err)
	}
}

// save writes a state, with the time of its last event when the store keeps
// it.
func (p *Publisher) save(ctx context.Context, id int, st gateway.SessionState, after time.Time) error {
	if s, ok := p.opts.States.(*StateStore); ok {
		return s.SaveStateAfter(ctx, id, st, after)
	}
	return p.opts.States.SaveState(ctx, id, st)
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

func (p *Publisher) awaitAck(m *nats.Msg, fut jetstream.PubAckFuture) bool {
	select {
	case <-fut.Ok():
		return true
	case err := <-fut.Err():
		p.log.Warn("natsbroker: publish not acknowledged; publishing again", "subject", m.Subject, "msg_id", m.Header.Get(jetstream.MsgIDHeader), "error", err)
	case <-p.ctx.Done():
		return false
	}
	for wait := 50 * time.Millisecond; ; wait = min(wait*2, 2*time.Second) {
		p.retried.Add(uint64(batchCount(m)))
		ctx, cancel := context.WithTimeout(p.ctx, p.opts.AckTimeout)
		_, err := p.js.PublishMsg(ctx, &nats.Msg{Subject: m.Subject, Data: m.Data, Header: m.Header})
		cancel()
		if err == nil {
			return true
		}
		if p.ctx.Err() != nil {
			return false
		}
		p.log.Warn("natsbroker: publish failed again", "subject", m.Subject, "msg_id", m.Header.Get(jetstream.MsgIDHeader), "error", err)
		if !p.sleep(p.ctx, wait) {
			return false
		}
	}
}

// batchCount is the number of events a message carries (1 for a plain one):
// a part counts as its event only when it is the last.
func batchCount(m *nats.Msg) int {
	if n, err := strconv.Atoi(m.Header.Get(HeaderBatch)); err == nil {
		return max(1, n)
	}
	if v := m.Header.Get(HeaderPart); v != "" {
		if i, k, ok := parsePart(v); ok && i < k {
			return 0
		}
	}
	return 1
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
		st, after, dirty := sp.state, sp.after, sp.dirty
		sp.dirty = false
		sp.mu.Unlock()
		if !dirty || st.ID == "" {
			continue
		}
		if err := p.save(ctx, sp.id, st, after); err != nil {
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
