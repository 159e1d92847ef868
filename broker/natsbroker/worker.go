package natsbroker

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/bot"
)

// priorityGroup is the priority group of the partition consumers; its
// pinned_client policy lets one client at a time receive a partition.
const priorityGroup = "owner"

// WorkerOptions configures NewWorker.
type WorkerOptions struct {
	// Stream is the event stream. Required.
	Stream *Stream
	// ID names this worker among the live ones (unique). Required.
	ID string
	// MemberTTL is how long a worker that stopped renewing its membership
	// still counts as alive. Every worker of a deployment uses the same.
	// Default 5 s.
	MemberTTL time.Duration
	// AckWait is how long an event handed to a worker may stay
	// unacknowledged before JetStream hands it to the partition's next owner
	// (marked redelivered). It bounds how long a dead worker's events wait,
	// and must exceed the slowest handler. Default 10 s.
	AckWait time.Duration
	// MaxAckPending bounds the events of one partition handed out and not
	// yet acknowledged. Default 2048.
	MaxAckPending int
	// NoRebuild skips the cache rebuild of a partition taken over.
	NoRebuild bool
	// OnPartitions, if set, is called with the partitions this worker owns
	// whenever they change. It must not block.
	OnPartitions func(owned []int)
	// Logger receives the worker's logs. Default: discarded.
	Logger *slog.Logger
}

// Worker consumes the event stream for a bot: it is a bot.Source
// (bot.Options.Source). Partitions are spread over the live workers by
// rendezvous hashing of the membership kept in the KV bucket
// <stream>_workers; each partition has one durable consumer whose
// pinned_client priority group lets only one worker receive it at a time, so
// one guild's events are handled in order by one worker. An event is
// acknowledged after its handlers returned; a dead worker's unacknowledged
// events reach the partition's next owner marked redelivered. Before it runs
// handlers for a partition, a worker replays the partition's retained events
// into its cache (Delivery.Replay).
//
// Run runs once. Its methods are safe for concurrent use.
type Worker struct {
	st   *Stream
	js   jetstream.JetStream
	kv   jetstream.KeyValue
	opts WorkerOptions
	log  *slog.Logger

	mu    sync.Mutex
	owned map[int]*partitionRun

	consumed, redelivered, replayed, malformed atomic.Uint64

	partHook func(StreamPart) // tests: called after each part message is taken
}

type partitionRun struct {
	p       int
	cancel  context.CancelFunc
	done    chan struct{}
	pending sync.WaitGroup // deliveries handed out and not yet done
}

// NewWorker checks the options, creates the partition consumers if needed and
// opens the membership bucket. It starts nothing.
func NewWorker(ctx context.Context, o WorkerOptions) (*Worker, error) {
	if o.Stream == nil {
		return nil, errors.New("natsbroker: WorkerOptions.Stream is required")
	}
	if o.ID == "" || strings.ContainsAny(o.ID, ". *>") {
		return nil, fmt.Errorf("natsbroker: WorkerOptions.ID %q must be non-empty, without '.', '*', '>' or spaces", o.ID)
	}
	if o.MemberTTL < 0 || o.AckWait < 0 || o.MaxAckPending < 0 {
		return nil, errors.New("natsbroker: WorkerOptions.MemberTTL, AckWait and MaxAckPending must not be negative")
	}
	if o.MemberTTL == 0 {
		o.MemberTTL = 5 * time.Second
	}
	if o.MemberTTL < 300*time.Millisecond {
		return nil, fmt.Errorf("natsbroker: WorkerOptions.MemberTTL %v is below 300ms", o.MemberTTL)
	}
	if o.AckWait == 0 {
		o.AckWait = 10 * time.Second
	}
	if o.MaxAckPending == 0 {
		o.MaxAckPending = 2048
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	w := &Worker{st: o.Stream, js: o.Stream.js, opts: o, log: o.Logger.With("worker", o.ID), owned: map[int]*partitionRun{}}
	for p := range o.Stream.Partitions() {
		if _, err := w.js.CreateOrUpdateConsumer(ctx, o.Stream.opts.Name, w.consumerConfig(p)); err != nil {
			return nil, fmt.Errorf("natsbroker: consumer of partition %d: %w", p, err)
		}
	}
	kv, err := o.Stream.kv(ctx, "workers", o.MemberTTL)
	if err != nil {
		return nil, err
	}
	w.kv = kv
	return w, nil
}

func consumerName(p int) string { return "partition-" + strconv.Itoa(p) }

func (w *Worker) consumerConfig(p int) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:        consumerName(p),
		FilterSubject:  w.st.PartitionSubject(p),
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        w.opts.AckWait,
		MaxAckPending:  w.opts.MaxAckPending,
		MaxDeliver:     -1,
		DeliverPolicy:  jetstream.DeliverAllPolicy,
		PriorityPolicy: jetstream.PriorityPolicyPinned,
		PriorityGroups: []string{priorityGroup},
		// The pin of a dead worker moves only after its events' ack wait
		// ran out, so the next owner receives them (redelivered) before
		// the events that follow them.
		PinnedTTL: w.opts.AckWait + w.opts.MemberTTL,
	}
}

// Owned returns the partitions this worker consumes now, sorted.
func (w *Worker) Owned() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]int, 0, len(w.owned))
	for p := range w.owned {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// WorkerStats are the worker's counters.
type WorkerStats struct {
	Consumed, Redelivered, Replayed, Malformed uint64
}

// Stats returns the counters.
func (w *Worker) Stats() WorkerStats {
	return WorkerStats{w.consumed.Load(), w.redelivered.Load(), w.replayed.Load(), w.malformed.Load()}
}

// Run joins the workers, consumes the partitions assigned to this worker and
// follows membership changes until ctx ends; then it stops consuming, waits
// (up to AckWait) for the handlers of what it received, gives its partitions
// up and leaves. It implements bot.Source.
func (w *Worker) Run(ctx context.Context, deliver func(context.Context, bot.Delivery)) error {
	defer w.leave()
	t := time.NewTicker(w.opts.MemberTTL / 3)
	defer t.Stop()
	for {
		if err := w.heartbeat(ctx); err != nil && ctx.Err() == nil {
			w.log.Warn("natsbroker: membership update failed", "error", err)
		} else if err == nil {
			w.reconcile(ctx, deliver)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (w *Worker) memberKey() string { return "member." + w.opts.ID }

// heartbeat renews this worker's membership.
func (w *Worker) heartbeat(ctx context.Context) error {
	_, err := w.kv.Put(ctx, w.memberKey(), []byte(strconv.FormatInt(time.Now().UnixNano(), 10)))
	return err
}

// members lists the live workers, sorted.
func (w *Worker) members(ctx context.Context) ([]string, error) {
	lister, err := w.kv.ListKeysFiltered(ctx, "member.*")
	if err != nil {
		return nil, err
	}
	var out []string
	for k := range lister.Keys() {
		out = append(out, strings.TrimPrefix(k, "member."))
	}
	slices.Sort(out)
	return out, nil
}

// Assign returns the partitions the worker id owns among members (rendezvous
// hashing: each partition goes to the member with the highest hash of
// (member, partition), so a join or a leave moves only the partitions it
// must).
func Assign(id string, members []string, partitions int) []int {
	var out []int
	for p := range partitions {
		best, bestH := "", uint64(0)
		for _, m := range members {
			h := fnv.New64a()
			h.Write([]byte(m))
			h.Write([]byte{0})
			h.Write([]byte(strconv.Itoa(p)))
			if v := mix64(h.Sum64()); best == "" || v > bestH {
				best, bestH = m, v
			}
		}
		if best == id {
			out = append(out, p)
		}
	}
	return out
}

func (w *Worker) reconcile(ctx context.Context, deliver func(context.Context, bot.Delivery)) {
	members, err := w.members(ctx)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("natsbroker: cannot list workers", "error", err)
		}
		return
	}
	if !slices.Contains(members, w.opts.ID) {
		members = append(members, w.opts.ID)
	}
	want := Assign(w.opts.ID, members, w.st.Partitions())
	w.mu.Lock()
	var drop []*partitionRun
	for p, r := range w.owned {
		if !slices.Contains(want, p) {
			drop = append(drop, r)
			delete(w.owned, p)
		}
	}
	changed := len(drop) > 0
	for _, p := range want {
		if w.owned[p] == nil {
			pctx, cancel := context.WithCancel(ctx)
			r := &partitionRun{p: p, cancel: cancel, done: make(chan struct{})}
			w.owned[p] = r
			go w.runPartition(pctx, r, deliver)
			changed = true
		}
	}
	w.mu.Unlock()
	for _, r := range drop {
		w.log.Info("natsbroker: giving partition up", "partition", r.p)
		r.cancel()
		<-r.done
	}
	if changed && w.opts.OnPartitions != nil {
		w.opts.OnPartitions(w.Owned())
	}
}

// leave stops every partition and removes the membership.
func (w *Worker) leave() {
	w.mu.Lock()
	runs := make([]*partitionRun, 0, len(w.owned))
	for p, r := range w.owned {
		runs = append(runs, r)
		delete(w.owned, p)
	}
	w.mu.Unlock()
	for _, r := range runs {
		r.cancel()
	}
	for _, r := range runs {
		<-r.done
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = w.kv.Delete(ctx, w.memberKey())
	if w.opts.OnPartitions != nil {
		w.opts.OnPartitions(nil)
	}
}

// runPartition consumes one partition until ctx ends, then drains: the
// events received are delivered, their handlers waited for (up to AckWait),
// and the pin released so that the next owner starts at once.
func (w *Worker) runPartition(ctx context.Context, r *partitionRun, deliver func(context.Context, bot.Delivery)) {
	defer close(r.done)
	log := w.log.With("partition", r.p)
	for wait := 250 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := w.consumePartition(ctx, r, deliver, log)
		if ctx.Err() != nil {
			return
		}
		// A JetStream API call failed (a timeout under load, NATS away):
		// the partition stays this worker's, so try again.
		log.Warn("natsbroker: partition consumer failed; retrying", "error", err, "in", wait)
		if sleepCtx(ctx, wait) != nil {
			return
		}
	}
}

// consumePartition is one attempt of runPartition: it returns an error when
// setting the consumer up failed, nil after ctx ended and it drained.
func (w *Worker) consumePartition(ctx context.Context, r *partitionRun, deliver func(context.Context, bot.Delivery), log *slog.Logger) error {
	cons, err := w.waitUnpinned(ctx, r.p)
	if err != nil {
		return fmt.Errorf("open partition consumer: %w", err)
	}
	if !w.opts.NoRebuild {
		if err := w.rebuild(ctx, r.p, cons, deliver); err != nil {
			if ctx.Err() == nil {
				log.Error("natsbroker: cache rebuild failed; consuming without it", "error", err)
			}
		}
	}
	as := newAssembler(log, &w.malformed)
	cc, err := cons.Consume(func(m jetstream.Msg) { w.handleMsg(ctx, r, as, m, deliver, log) },
		jetstream.PullPriorityGroup(priorityGroup),
		jetstream.PullMaxMessages(512),
		jetstream.PullExpiry(max(time.Second, min(w.opts.MemberTTL, 30*time.Second))),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			if ctx.Err() == nil {
				log.Debug("natsbroker: consume", "error", err)
			}
		}))
	if err != nil {
		return fmt.Errorf("consume partition: %w", err)
	}
	log.Info("natsbroker: consuming partition")
	touch := time.NewTicker(max(w.opts.AckWait/3, 10*time.Millisecond))
	for ctx.Err() == nil {
		select {
		case <-touch.C:
			as.touch()
		case <-ctx.Done():
		}
	}
	touch.Stop()
	cc.Drain()
	<-cc.Closed()
	if n := as.release(); n > 0 {
		log.Info("natsbroker: partial events handed back for the next owner", "events", n)
	}
	waited := make(chan struct{})
	go func() { r.pending.Wait(); close(waited) }()
	t := time.NewTimer(w.opts.AckWait)
	defer t.Stop()
	select {
	case <-waited:
	case <-t.C:
		log.Warn("natsbroker: handlers still running when the partition was given up; their events will be redelivered")
	}
	uctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := w.st.st.UnpinConsumer(uctx, consumerName(r.p), priorityGroup); err != nil && !strings.Contains(err.Error(), "not pinned") {
		log.Debug("natsbroker: unpin", "error", err)
	}
	return nil
}

// waitUnpinned returns the partition's consumer once no other client is
// pinned to it (the previous owner gave it up and unpinned), or once a pin
// could have lapsed (PinnedTTL and a second): the server moves a lapsed pin
// only when a pull arrives, so waiting longer for it to clear by itself
// could wait forever. Pulling while another client is pinned is harmless:
// the server keeps the partition with the pinned client.
func (w *Worker) waitUnpinned(ctx context.Context, p int) (jetstream.Consumer, error) {
	deadline := time.Now().Add(w.consumerConfig(p).PinnedTTL + time.Second)
	for {
		cons, err := w.js.Consumer(ctx, w.st.opts.Name, consumerName(p))
		if err != nil {
			return nil, err
		}
		pinned := false
		for _, g := range cons.CachedInfo().PriorityGroups {
			if g.Group == priorityGroup && g.PinnedClientID != "" {
				pinned = true
			}
		}
		if !pinned || time.Now().After(deadline) {
			return cons, nil
		}
		if err := sleepCtx(ctx, 100*time.Millisecond); err != nil {
			return nil, err
		}
	}
}

// rebuild replays the partition's retained events, up to the last one its
// consumer handed out, into the cache (Delivery.Replay): the events of the
// partition's guilds, from their GUILD_CREATE (or the oldest retained) on.
// Events still unacknowledged come again afterwards, redelivered.
func (w *Worker) rebuild(ctx context.Context, p int, cons jetstream.Consumer, deliver func(context.Context, bot.Delivery)) error {
	upTo := cons.CachedInfo().Delivered.Stream
	if upTo == 0 {
		return nil
	}
	oc, err := w.js.OrderedConsumer(ctx, w.st.opts.Name, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{w.st.PartitionSubject(p)},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return err
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		_ = w.js.DeleteConsumer(dctx, w.st.opts.Name, oc.CachedInfo().Name)
		cancel()
	}()
	// Events in parts are joined as the live consumer does; the rebuild
	// acknowledges nothing and logs nothing (the live consumer refuses the
	// malformed parts it receives).
	as := newAssembler(slog.New(slog.DiscardHandler), nil)
	for {
		batch, err := oc.Fetch(1024, jetstream.FetchMaxWait(500*time.Millisecond))
		if err != nil {
			return err
		}
		n := 0
		for m := range batch.Messages() {
			n++
			md, err := m.Metadata()
			if err != nil {
				continue
			}
			if md.Sequence.Stream > upTo {
				return nil
			}
			evs, err := w.st.DecodeMessage(m.Subject(), m.Headers(), m.Data())
			if errors.Is(err, ErrPartial) {
				evs = nil
				if p, err := w.st.DecodePart(m.Subject(), m.Headers(), m.Data()); err == nil {
					if a := as.add(p, nil, md.Sequence.Stream, false); a != nil {
						evs = []StreamEvent{{Shard: p.Shard, Session: p.Session, Seq: p.Seq, Name: p.Name, Raw: a.data}}
					}
				}
			} else if err != nil {
				evs = nil
			}
			for _, ev := range evs {
				if jsontext.Value(ev.Raw).IsValid() {
					w.replayed.Add(1)
					deliver(ctx, bot.Delivery{Replay: true, Event: bot.Event{Name: ev.Name, Raw: ev.Raw, Shard: -1}})
				}
			}
			if md.Sequence.Stream >= upTo || md.NumPending == 0 {
				return nil
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return err
		}
		if n == 0 || ctx.Err() != nil {
			return ctx.Err() // nothing more retained up to upTo
		}
	}
}

// handleMsg turns one message into its deliveries (several for a batch);
// the message is acknowledged once every one of them is done. A message
// that cannot be read is logged with its stream sequence and terminated
// (never redelivered); an event whose data is not JSON is logged with its
// stream sequence and place in the batch and skipped alone.
func (w *Worker) handleMsg(ctx context.Context, r *partitionRun, as *assembler, m jetstream.Msg, deliver func(context.Context, bot.Delivery), log *slog.Logger) {
	md, err := m.Metadata()
	if err != nil {
		log.Error("natsbroker: message without metadata skipped", "error", err)
		_ = m.Term()
		return
	}
	if m.Headers().Get(HeaderPart) != "" {
		w.handlePart(ctx, r, as, m, md, deliver, log)
		return
	}
	evs, err := w.st.DecodeMessage(m.Subject(), m.Headers(), m.Data())
	if err != nil {
		w.malformed.Add(1)
		log.Error("natsbroker: malformed message skipped", "stream_seq", md.Sequence.Stream, "subject", m.Subject(), "error", err)
		_ = m.TermWithReason("malformed")
		return
	}
	valid := evs[:0]
	for i, ev := range evs {
		if !jsontext.Value(ev.Raw).IsValid() {
			w.malformed.Add(1)
			log.Error("natsbroker: malformed event skipped", "stream_seq", md.Sequence.Stream, "index", i,
				"subject", m.Subject(), "shard_id", ev.Shard, "seq", ev.Seq, "error", "data is not valid JSON")
			continue
		}
		valid = append(valid, ev)
	}
	if len(valid) == 0 {
		_ = m.TermWithReason("malformed")
		return
	}
	w.consumed.Add(uint64(len(valid)))
	redelivered := md.NumDelivered > 1
	if redelivered {
		w.redelivered.Add(uint64(len(valid)))
	}
	r.pending.Add(1)
	a := &msgAck{m: m, r: r}
	a.left.Store(int32(len(valid)))
	for _, ev := range valid {
		deliver(ctx, bot.Delivery{
			Event:       bot.Event{Shard: ev.Shard, Seq: ev.Seq, Name: ev.Name, Raw: ev.Raw},
			Redelivered: redelivered,
			Done:        a.done,
		})
	}
}

// handlePart joins a part message into its event (see assembler.add) and
// delivers the event when its last part came; its part messages are
// acknowledged once its handlers are done. Part messages held meanwhile stay
// unacknowledged: a worker that stops before leaves them to the next owner.
func (w *Worker) handlePart(ctx context.Context, r *partitionRun, as *assembler, m jetstream.Msg, md *jetstream.MsgMetadata, deliver func(context.Context, bot.Delivery), log *slog.Logger) {
	p, err := w.st.DecodePart(m.Subject(), m.Headers(), m.Data())
	if err != nil {
		w.malformed.Add(1)
		log.Error("natsbroker: malformed part message skipped", "stream_seq", md.Sequence.Stream, "subject", m.Subject(), "error", err)
		_ = m.TermWithReason("malformed")
		return
	}
	a := as.add(p, m, md.Sequence.Stream, md.NumDelivered > 1)
	if w.partHook != nil {
		w.partHook(p)
	}
	if a == nil {
		return
	}
	if !jsontext.Value(a.data).IsValid() {
		w.malformed.Add(1)
		log.Error("natsbroker: malformed event skipped", "first_stream_seq", a.firstSeq, "last_stream_seq", md.Sequence.Stream,
			"subject", m.Subject(), "shard_id", p.Shard, "seq", p.Seq, "parts", a.count, "error", "data is not valid JSON")
		for _, pm := range a.msgs {
			_ = pm.TermWithReason("malformed")
		}
		return
	}
	w.consumed.Add(1)
	if a.redelivered {
		w.redelivered.Add(1)
	}
	r.pending.Add(1)
	msgs := a.msgs
	deliver(ctx, bot.Delivery{
		Event:       bot.Event{Shard: p.Shard, Seq: p.Seq, Name: p.Name, Raw: a.data},
		Redelivered: a.redelivered,
		Done: func() {
			for _, pm := range msgs {
				_ = pm.Ack()
			}
			r.pending.Done()
		},
	})
}

// msgAck acknowledges a message once every event it carries is done (each
// delivery's Done is called exactly once: bot.Delivery's contract).
type msgAck struct {
	m    jetstream.Msg
	r    *partitionRun
	left atomic.Int32
}

func (a *msgAck) done() {
	if a.left.Add(-1) == 0 {
		_ = a.m.Ack()
		a.r.pending.Done()
	}
}

// mix64 is splitmix64's finaliser: FNV alone leaves similar names (w1, w2)
// with correlated high bits, which would give one worker every partition.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
