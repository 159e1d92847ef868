package natsbroker

import (
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/gateway"
)

// The publisher's pipeline. Handle queues each event (in) for batchLoop,
// which owns everything below without locks:
//
//   - each partition has a queue of events waiting and at most one flight
//     (the messages of one publish round) unacknowledged; when its flight is
//     acknowledged, everything that queued meanwhile goes out as the next
//     flight, a message per run of one event name (up to MaxBatch and
//     MaxBatchBytes). So an idle stream sends each event at once, alone, and
//     a busy one sends fewer, larger messages: JetStream's cost is per
//     message (a file write, an ack, a delivery and a consumer ack each), so
//     the batches grow exactly when that cost matters.
//   - each shard has its events in Handle order (fifo); the durable state
//     moves to the last event before which every event is acknowledged.
//
// ackLoop waits for the acks in publish order (JetStream acknowledges the
// messages of one connection in the order it stored them), publishes a
// failed message again with the same id until it is acknowledged, and
// queues each acknowledged message back to batchLoop.

// item is one event on its way to the stream.
type item struct {
	sp      *shardPub
	part    int
	name    string
	raw     []byte
	seq     int64
	session string
	resume  string
	start   time.Time
	skip    bool // already in the stream: only moves the durable state
	alone   bool // goes into a plain message
	acked   bool // batchLoop only
}

// flightMsg is one message of a partition's flight.
type flightMsg struct {
	part  int
	items []*item
	msg   *nats.Msg
	fut   jetstream.PubAckFuture
	last  bool // the flight's last message
}

// ackQueue carries acknowledged messages from ackLoop to batchLoop without
// ever blocking ackLoop (batchLoop may be waiting on ackLoop's channel).
type ackQueue struct {
	mu    sync.Mutex
	list  []*flightMsg
	ready chan struct{} // capacity 1: something was queued
}

func (q *ackQueue) push(f *flightMsg) {
	q.mu.Lock()
	q.list = append(q.list, f)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

func (q *ackQueue) take(buf []*flightMsg) []*flightMsg {
	q.mu.Lock()
	defer q.mu.Unlock()
	buf = append(buf[:0], q.list...)
	clear(q.list)
	q.list = q.list[:0]
	return buf
}

// partQueue is a partition's state in batchLoop.
type partQueue struct {
	waiting []*item
	flying  bool // a flight is unacknowledged
	ready   bool // in batchLoop's ready list
}

// maxTake bounds the events or acks batchLoop takes in one go before it
// publishes.
const maxTake = 4096

func (p *Publisher) batchLoop() {
	defer p.wg.Done()
	parts := make([]partQueue, p.st.opts.Partitions)
	var ready []int // partitions with events waiting and no flight
	var acked []*flightMsg
	var touched []*shardPub
	queue := func(it *item) {
		sp := it.sp
		sp.fifo = append(sp.fifo, it)
		if it.skip {
			p.skipped.Add(1)
			it.acked = true
			touched = append(touched, sp)
			return
		}
		pq := &parts[it.part]
		pq.waiting = append(pq.waiting, it)
		if !pq.flying && !pq.ready {
			pq.ready = true
			ready = append(ready, it.part)
		}
	}
	for {
		select {
		case it := <-p.in:
			queue(it)
		more:
			for range maxTake {
				select {
				case it := <-p.in:
					queue(it)
				default:
					break more
				}
			}
		case <-p.acks.ready:
			acked = p.acks.take(acked)
			for _, f := range acked {
				for _, it := range f.items {
					it.acked = true
					touched = append(touched, it.sp)
				}
				if f.last {
					pq := &parts[f.part]
					pq.flying = false
					if len(pq.waiting) > 0 && !pq.ready {
						pq.ready = true
						ready = append(ready, f.part)
					}
				}
			}
			clear(acked)
		case <-p.ctx.Done():
			return
		}
		for _, sp := range touched {
			p.advance(sp)
		}
		clear(touched)
		touched = touched[:0]
		for _, part := range ready {
			pq := &parts[part]
			pq.ready = false
			if !p.launch(part, pq) {
				return
			}
		}
		ready = ready[:0]
	}
}

// launch publishes a partition's waiting events as one flight and hands its
// messages to ackLoop; false when the publisher stops.
func (p *Publisher) launch(part int, pq *partQueue) bool {
	limit := p.partLimit()
	msgs := p.cut(part, pq.waiting, limit)
	clear(pq.waiting)
	pq.waiting = pq.waiting[:0]
	if len(msgs) == 0 {
		return true
	}
	msgs[len(msgs)-1].last = true
	pq.flying = true
	for i := 0; i < len(msgs); i++ {
		f := msgs[i]
		for wait := 10 * time.Millisecond; ; wait = min(wait*2, time.Second) {
			fut, err := p.js.PublishMsgAsync(f.msg)
			if err == nil {
				f.fut = fut
				break
			}
			if nl := p.partLimit(); errors.Is(err, nats.ErrMaxPayload) && nl > 0 && nl < limit {
				// The server's max_payload shrank (a reconnect to another
				// server) since the flight was cut: cut what is left of it
				// again. An event whose first parts went out already goes
				// again whole, as another split (other message ids): its
				// new part 1 starts it over at the workers.
				p.log.Warn("natsbroker: max_payload shrank; cutting the rest of the flight again",
					"subject", f.msg.Subject, "bytes", len(f.msg.Data), "max_payload", p.js.Conn().MaxPayload())
				var rest []*item
				for _, g := range msgs[i:] {
					rest = append(rest, g.items...)
				}
				limit = nl
				msgs = append(msgs[:i], p.cut(part, rest, limit)...)
				msgs[len(msgs)-1].last = true
				f = msgs[i]
				continue
			}
			p.log.Warn("natsbroker: publish failed; holding the shards' events until NATS takes them",
				"subject", f.msg.Subject, "error", err)
			if !p.sleep(p.ctx, wait) {
				return false
			}
		}
		p.published.Add(uint64(len(f.items)))
		select {
		case p.flights <- f:
		case <-p.ctx.Done():
			return false
		}
	}
	return true
}

// cut makes the messages of a flight: runs of one event name batched (up to
// MaxBatch, MaxBatchBytes and limit), an event alone in a plain message, an
// event above limit in parts. limit 0: no bound known.
func (p *Publisher) cut(part int, w []*item, limit int) []*flightMsg {
	var msgs []*flightMsg
	for i := 0; i < len(w); {
		if limit > 0 && len(w[i].raw) > limit {
			msgs = append(msgs, p.partMessages(part, w[i], limit)...)
			i++
			continue
		}
		j, size, enc := i+1, len(w[i].raw), len(w[i].raw)+recordOverhead(w[i])
		if !w[i].alone {
			for j < len(w) && j-i < p.opts.MaxBatch && !w[j].alone && w[j].name == w[i].name &&
				size+len(w[j].raw)+64 <= p.opts.MaxBatchBytes &&
				(limit <= 0 || enc+len(w[j].raw)+recordOverhead(w[j]) <= limit) {
				size += len(w[j].raw)
				enc += len(w[j].raw) + recordOverhead(w[j])
				j++
			}
		}
		items := make([]*item, j-i)
		copy(items, w[i:j])
		msgs = append(msgs, &flightMsg{part: part, items: items, msg: p.message(part, items, size)})
		i = j
	}
	return msgs
}

// partHeadroom is what a message's subject and headers may take of the
// server's max_payload: the data of a part is at most max_payload minus
// this.
const partHeadroom = 1024

// partLimit is the most data one message may carry, read from the
// connection's max_payload when a flight is cut (a reconnect may change
// it); 0 when the connection has not learnt it yet (nothing is split).
func (p *Publisher) partLimit() int {
	mp := int(p.js.Conn().MaxPayload())
	if mp <= 0 {
		return 0
	}
	if mp > 2*partHeadroom {
		return mp - partHeadroom
	}
	return mp / 2
}

// recordOverhead bounds what a batch record's header line adds to the
// event's data: shard, sequence and length are at most 10, 19 and 10
// digits.
func recordOverhead(it *item) int { return len(it.session) + 44 }

// partMessages cuts an event whose data is above limit into k consecutive
// part messages of at most limit bytes each (HeaderPart). Only the last one
// carries the item: the event counts as acknowledged when its last part is.
func (p *Publisher) partMessages(part int, it *item, limit int) []*flightMsg {
	n := len(it.raw)
	k := (n + limit - 1) / limit
	base := msgID(it.sp.id, it.session, it.seq) + "/"
	msgs := make([]*flightMsg, 0, k)
	for i := 1; i <= k; i++ {
		p.messages.Add(1)
		pv := partValue(i, k)
		f := &flightMsg{part: part, msg: &nats.Msg{
			Subject: p.prefixes[part] + it.name,
			Data:    it.raw[n*(i-1)/k : n*i/k], // each part non-empty (k <= n) and at most limit bytes
			Header:  nats.Header{jetstream.MsgIDHeader: {base + pv}, HeaderPart: {pv}},
		}}
		if i == k {
			f.items = []*item{it}
		}
		msgs = append(msgs, f)
	}
	return msgs
}

// message builds the message of items (a plain one for a single event).
func (p *Publisher) message(part int, items []*item, size int) *nats.Msg {
	n := p.messages.Add(1)
	if len(items) == 1 {
		it := items[0]
		return &nats.Msg{
			Subject: p.prefixes[part] + it.name,
			Data:    it.raw,
			Header:  nats.Header{jetstream.MsgIDHeader: {msgID(it.sp.id, it.session, it.seq)}},
		}
	}
	data := make([]byte, 0, size+len(items)*(len(items[0].session)+32))
	for _, it := range items {
		data = appendRecord(data, it.sp.id, it.session, it.seq, it.raw)
	}
	return &nats.Msg{
		Subject: p.prefixes[part] + items[0].name,
		Data:    data,
		Header: nats.Header{
			jetstream.MsgIDHeader: {p.nonce + strconv.FormatUint(n, 36)},
			HeaderBatch:           {strconv.Itoa(len(items))},
		},
	}
}

// advance moves a shard's durable state over its acknowledged events, in
// Handle order, up to the first one not acknowledged.
func (p *Publisher) advance(sp *shardPub) {
	n := 0
	for sp.head < len(sp.fifo) && sp.fifo[sp.head].acked {
		it := sp.fifo[sp.head]
		sp.fifo[sp.head] = nil
		sp.head++
		n++
		sp.mu.Lock()
		switch {
		case sp.state.ID == it.session:
			if it.seq > sp.state.Sequence {
				sp.state.Sequence, sp.after = it.seq, it.start
				sp.dirty = true
			}
		case sp.state.ID == "":
			sp.state = gateway.SessionState{ID: it.session, ResumeURL: it.resume, Sequence: it.seq}
			sp.after, sp.dirty = it.start, true
		default:
			// An event of an older session, acknowledged after the newer
			// session's READY moved the state on (startSession): the state
			// stays the newer session's.
		}
		sp.mu.Unlock()
		<-sp.slots
		if p.opts.OnAck != nil && !it.skip {
			p.opts.OnAck(sp.id, time.Since(it.start))
		}
	}
	if n == 0 {
		return
	}
	if sp.head == len(sp.fifo) {
		sp.fifo, sp.head = sp.fifo[:0], 0
	} else if sp.head >= 1024 && sp.head*2 >= len(sp.fifo) {
		k := copy(sp.fifo, sp.fifo[sp.head:])
		clear(sp.fifo[k:])
		sp.fifo, sp.head = sp.fifo[:k], 0
	}
	p.acked.Add(uint64(n))
	sp.ackedN.Add(int64(n))
}

// ackLoop waits for the acks in publish order, publishing a failed message
// again (same id) until it is acknowledged, and queues each acknowledged
// message back to batchLoop.
func (p *Publisher) ackLoop() {
	defer p.wg.Done()
	for {
		var f *flightMsg
		select {
		case f = <-p.flights:
		case <-p.ctx.Done():
			return
		}
		if !p.awaitAck(f.msg, f.fut) {
			return
		}
		p.acks.push(f)
	}
}
