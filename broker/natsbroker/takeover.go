package natsbroker

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/gateway"
)

// clockSkew is how far the clock of the process that stored a state may be
// ahead of the NATS server's that stamped the stream's messages: the scan of
// a takeover starts this much earlier than the stored instant.
const clockSkew = 5 * time.Second

// takeoverScan is what a process that takes shards over must not publish
// again: for each shard, the sequences of its stored session above the
// stored Sequence that are in the stream already (a previous owner stored
// them and died before it saw them acknowledged, so its saved state does
// not cover them and Discord replays them after the RESUME).
type takeoverScan struct {
	found   map[int][]int64
	scanned int // messages read
}

// partsSeen tracks the part messages of events sent in parts that a
// takeover scan read: an event counts as stored only once every one of its
// parts was (a dead owner may have stored parts 1..j only, or, after a
// reconnect lost some, later parts without earlier ones). Nothing stored
// is kept but the indices.
type partsSeen map[partKey]*partCount

type partCount struct {
	k    int
	seen map[int]bool
	done bool
}

// add records a part; true when it completes its event's k parts, once
// (parts of another split of the event, another k, start the count over).
func (ps partsSeen) add(p StreamPart) bool {
	key := partKey{p.Shard, p.Session, p.Seq}
	c := ps[key]
	if c == nil || c.k != p.Count {
		c = &partCount{k: p.Count, seen: map[int]bool{}}
		ps[key] = c
	}
	if c.done {
		return false
	}
	c.seen[p.Index] = true
	c.done = len(c.seen) == c.k
	return c.done
}

// scanPublished reads the stream from the earliest instant of since (minus
// clockSkew) to its end as it is when the scan starts. Shards of want
// without an instant (a state from an older version) are not looked for:
// their replayed events rely on the message ids of plain messages only.
func (s *Stream) scanPublished(ctx context.Context, want map[int]gateway.SessionState, since map[int]time.Time) (takeoverScan, error) {
	res := takeoverScan{found: map[int][]int64{}}
	var from time.Time
	look := map[int]gateway.SessionState{}
	for id, st := range want {
		t := since[id]
		if st.ID == "" || t.IsZero() {
			continue
		}
		look[id] = st
		if from.IsZero() || t.Before(from) {
			from = t
		}
	}
	if len(look) == 0 {
		return res, nil
	}
	info, err := s.st.Info(ctx)
	if err != nil {
		return res, err
	}
	last := info.State.LastSeq
	if last == 0 {
		return res, nil
	}
	start := from.Add(-clockSkew)
	oc, err := s.js.OrderedConsumer(ctx, s.opts.Name, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartTimePolicy,
		OptStartTime:  &start,
	})
	if err != nil {
		return res, err
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		_ = s.js.DeleteConsumer(dctx, s.opts.Name, oc.CachedInfo().Name)
		cancel()
	}()
	parts := partsSeen{}
	for {
		batch, err := oc.Fetch(1024, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return res, err
		}
		n := 0
		for m := range batch.Messages() {
			n++
			res.scanned++
			md, err := m.Metadata()
			if err != nil {
				continue
			}
			if md.Sequence.Stream > last {
				return res, nil
			}
			evs, err := s.DecodeMessage(m.Subject(), m.Headers(), m.Data())
			if errors.Is(err, ErrPartial) {
				p, perr := s.DecodePart(m.Subject(), m.Headers(), m.Data())
				if st, ok := look[p.Shard]; perr == nil && ok && p.Session == st.ID && p.Seq > st.Sequence && parts.add(p) {
					res.found[p.Shard] = append(res.found[p.Shard], p.Seq)
				}
			} else if err == nil {
				for _, ev := range evs {
					if st, ok := look[ev.Shard]; ok && ev.Session == st.ID && ev.Seq > st.Sequence {
						res.found[ev.Shard] = append(res.found[ev.Shard], ev.Seq)
					}
				}
			}
			if md.Sequence.Stream >= last || md.NumPending == 0 {
				return res, nil
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return res, err
		}
		if n == 0 || ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
}
