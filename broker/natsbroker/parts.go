package natsbroker

import (
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go/jetstream"
)

// maxHeldBytes caps the bytes of partial events a partition run holds (two
// events of MaxEventBytes): above it the oldest partial event is dropped.
const maxHeldBytes = 2 * MaxEventBytes

// partKey names the event a part belongs to.
type partKey struct {
	shard   int
	session string
	seq     int64
}

// maxHeldEvents caps the partial events a partition run holds.
const maxHeldEvents = 1024

// assembly is an event being joined from its parts (HeaderPart).
type assembly struct {
	key         partKey
	name        string
	count       int      // k
	parts       [][]byte // by index-1; nil: not received (parts alias their messages' data)
	have        int      // parts received
	size        int      // their bytes
	part1Seq    uint64   // stream sequence of its part 1; 0 while not received
	firstSeq    uint64   // stream sequence of the first part received (logs)
	redelivered bool     // a part of it was delivered before
	data        []byte   // the whole event, once complete
	// msgs are every part message received for the event, those of an
	// earlier start included (see add): all are acknowledged with it, so a
	// worker that dies before leaves every one to the next owner.
	msgs []jetstream.Msg
}

// assembler joins the parts of events for one partition run. The publisher
// sends an event's parts consecutively, but other messages of the partition
// may come between them, and parts redelivered (a previous owner held them
// unacknowledged) may come in any order. It bounds memory: k by maxParts,
// each event's size by maxEvent, and the partial events held by maxBytes
// and maxEvents (the oldest is dropped beyond). Messages it refuses or
// drops are logged with their stream sequence and terminated. Nil messages
// (the rebuild's, which acknowledges nothing) are allowed.
type assembler struct {
	log       *slog.Logger
	malformed *atomic.Uint64 // counts refused and dropped part messages; may be nil
	maxBytes  int
	maxEvents int
	maxEvent  int

	mu    sync.Mutex
	held  map[partKey]*assembly
	order []*assembly // oldest first
	bytes int         // sum of the held events' size
}

func newAssembler(log *slog.Logger, malformed *atomic.Uint64) *assembler {
	return &assembler{log: log, malformed: malformed, maxBytes: maxHeldBytes, maxEvents: maxHeldEvents,
		maxEvent: MaxEventBytes, held: map[partKey]*assembly{}}
}

// add takes one part (m is its message, seq its stream sequence,
// redelivered whether JetStream delivered it before) and returns the event
// it completes, if any: removed from the held ones, data the whole event's
// and msgs the messages to acknowledge once the event is handled.
//
// A part other than 1 with no part 1 before it is refused, unless it is
// redelivered: then its part 1 comes again too, maybe after it, and it is
// held. A part 1 stored again for an event being joined (another stream
// message: a new gateway owner published the event again after the
// duplicate window) starts the event over: the parts held are dropped, but
// their messages are kept and acknowledged with the event, never before,
// since acknowledging them at once would lose the event if the worker died
// before its new parts came. A part received again (the same index: a
// redelivery, or the same split published again) keeps the data held and
// is acknowledged with the event.
func (as *assembler) add(p StreamPart, m jetstream.Msg, seq uint64, redelivered bool) *assembly {
	as.mu.Lock()
	defer as.mu.Unlock()
	key := partKey{p.Shard, p.Session, p.Seq}
	a := as.held[key]
	if a != nil && p.Index == 1 && a.part1Seq != 0 && seq != a.part1Seq && !redelivered {
		as.log.Warn("natsbroker: part 1 of an event stored again; joining it anew",
			"stream_seq", seq, "first_stream_seq", a.firstSeq, "shard_id", p.Shard, "seq", p.Seq, "had_parts", a.have, "parts", a.count)
		as.remove(a)
		prev := a.msgs
		a = as.start(key, p, seq)
		a.msgs = prev
	}
	switch {
	case len(p.Raw) > as.maxEvent:
		as.refuse(m, seq, p, "part above the event size bound")
		return nil
	case a == nil && p.Index != 1 && !redelivered:
		as.refuse(m, seq, p, "part without its part 1 before it")
		return nil
	case a == nil:
		a = as.start(key, p, seq)
	case p.Count != a.count || p.Name != a.name:
		as.refuse(m, seq, p, "part count or event name differs from the event's other parts")
		return nil
	}
	a.msgs = appendMsg(a.msgs, m)
	a.redelivered = a.redelivered || redelivered
	if p.Index == 1 && a.part1Seq == 0 {
		a.part1Seq = seq
	}
	if a.parts[p.Index-1] != nil {
		return nil // held already
	}
	if a.size+len(p.Raw) > as.maxEvent {
		as.drop(a, "event above the size bound")
		return nil
	}
	a.parts[p.Index-1] = p.Raw
	a.have++
	a.size += len(p.Raw)
	as.bytes += len(p.Raw)
	if a.have == a.count {
		as.remove(a)
		a.data = make([]byte, 0, a.size)
		for _, b := range a.parts {
			a.data = append(a.data, b...)
		}
		a.parts = nil
		return a
	}
	as.enforce()
	return nil
}

// start holds a new event for its first part received.
func (as *assembler) start(key partKey, p StreamPart, seq uint64) *assembly {
	a := &assembly{key: key, name: p.Name, count: p.Count, parts: make([][]byte, p.Count), firstSeq: seq}
	as.held[key] = a
	as.order = append(as.order, a)
	return a
}

func appendMsg(list []jetstream.Msg, m jetstream.Msg) []jetstream.Msg {
	if m == nil {
		return list
	}
	return append(list, m)
}

// enforce drops the oldest partial events while the bytes or the events
// held are above their caps.
func (as *assembler) enforce() {
	for (as.bytes > as.maxBytes || len(as.order) > as.maxEvents) && len(as.order) > 0 {
		as.drop(as.order[0], "partial events above the memory bound; dropping the oldest")
	}
}

// remove forgets a held event.
func (as *assembler) remove(a *assembly) {
	delete(as.held, a.key)
	if i := slices.Index(as.order, a); i >= 0 {
		as.order = slices.Delete(as.order, i, i+1)
	}
	as.bytes -= a.size
}

// drop gives up a held event: logged, its messages terminated.
func (as *assembler) drop(a *assembly, why string) {
	as.remove(a)
	as.log.Error("natsbroker: partial event dropped: "+why, "first_stream_seq", a.firstSeq, "event", a.name,
		"shard_id", a.key.shard, "seq", a.key.seq, "had_parts", a.have, "parts", a.count, "bytes", a.size)
	as.term(a.msgs)
	a.msgs, a.parts = nil, nil
}

// refuse logs and terminates one part message.
func (as *assembler) refuse(m jetstream.Msg, seq uint64, p StreamPart, why string) {
	as.log.Error("natsbroker: part message skipped: "+why, "stream_seq", seq, "event", p.Name,
		"shard_id", p.Shard, "seq", p.Seq, "part", partValue(p.Index, p.Count))
	as.term([]jetstream.Msg{m})
}

func (as *assembler) term(msgs []jetstream.Msg) {
	for _, m := range msgs {
		if m == nil {
			continue
		}
		if as.malformed != nil {
			as.malformed.Add(1)
		}
		_ = m.TermWithReason("malformed")
	}
}

// touch tells JetStream the held part messages are being worked on
// (InProgress resets their ack wait), so that a partial event whose next
// parts take long (the publisher retrying through a NATS outage) is not
// redelivered in a loop meanwhile. The memory bound, not time, ends a
// partial event whose parts never come; when the run ends they go back to
// the partition's next owner (release).
func (as *assembler) touch() {
	as.mu.Lock()
	var msgs []jetstream.Msg
	for _, a := range as.order {
		msgs = append(msgs, a.msgs...)
	}
	as.mu.Unlock()
	for _, m := range msgs {
		_ = m.InProgress()
	}
}

// release gives the held part messages back (Nak: due again at once) and
// forgets them, when the run stops: the partition's next owner receives
// them before the messages that follow them (JetStream hands redeliveries
// out first), so it joins the event instead of refusing its later parts
// for want of a part 1.
func (as *assembler) release() (events int) {
	as.mu.Lock()
	var msgs []jetstream.Msg
	for _, a := range as.order {
		msgs = append(msgs, a.msgs...)
	}
	events = len(as.order)
	clear(as.held)
	as.order, as.bytes = nil, 0
	as.mu.Unlock()
	for _, m := range msgs {
		_ = m.Nak()
	}
	return events
}

// heldBytes is the memory the partial events take (tests).
func (as *assembler) heldBytes() (events, bytes int) {
	as.mu.Lock()
	defer as.mu.Unlock()
	return len(as.held), as.bytes
}
