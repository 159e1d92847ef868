package gateway

import (
	"context"
	"errors"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// Event is one dispatch (op 0) as the session delivers it.
type Event struct {
	// Shard is Options.ShardID of the session that received it.
	Shard int
	// Seq is the dispatch's sequence number in its session.
	Seq int64
	// Name is the dispatch name (t), e.g. "MESSAGE_CREATE".
	Name string
	// Raw is the dispatch's d, exactly as Discord sent it. It is owned by
	// the Event (not reused by the session).
	Raw jsontext.Value
	// Data is the typed event from discord.DecodeEvent (a pointer type such
	// as *discord.MessageCreate, or *discord.UnknownEvent for names this
	// version does not know). It is nil when Options.Decode filtered the
	// event out or d could not be decoded at all; when only some fields
	// failed, Data holds the rest (see Err).
	Data discord.Event
	// Err is the decoding error (a *discord.DecodeError), if any: with Data
	// nil nothing could be decoded; with Data set, the fields it lists are
	// left at their zero value. The event is delivered anyway, with Raw.
	Err error
	// ReceivedAt is when the session read the frame that carried the
	// dispatch, e.g. the start of an interaction's 3 s deadline.
	ReceivedAt time.Time

	gen uint64 // session generation (see Session.delivered)
}

// decode fills Data if the caller wants this event typed.
func (s *Session) decode(e *Event) {
	if e.Data != nil || e.Err != nil {
		return
	}
	if s.opts.Decode != nil && !s.opts.Decode(e.Name) {
		return
	}
	e.Data, e.Err = discord.DecodeEvent(e.Name, e.Raw)
	if e.Err != nil {
		s.metrics.decodeErrors.Add(1)
		s.log.Debug("gateway: cannot decode dispatch", "event", e.Name, "seq", e.Seq, "partial", e.Data != nil, "error", e.Err)
	}
}

// Next returns the next dispatch, in order, decoded as Options.Decode asks.
// It is for sessions without Options.Handler; call it from one goroutine.
// It blocks until an event arrives or ctx ends. After Run returns it still
// hands out the events already buffered, then returns ErrStopped (wrapping
// the error Run returned).
func (s *Session) Next(ctx context.Context) (Event, error) {
	if s.opts.Handler != nil {
		return Event{}, errors.New("gateway: Next is for sessions without Options.Handler")
	}
	select {
	case e := <-s.events:
		return s.handOut(*e), nil
	default:
	}
	select {
	case e := <-s.events:
		return s.handOut(*e), nil
	case <-ctx.Done():
		return Event{}, ctx.Err()
	case <-s.done:
		select {
		case e := <-s.events:
			return s.handOut(*e), nil
		default:
			return Event{}, s.stoppedErr()
		}
	}
}

func (s *Session) handOut(e Event) Event {
	s.decode(&e)
	s.markDelivered(e)
	return e
}

// deliverLoop feeds Options.Handler; it is the one delivery goroutine Run
// owns. When stop closes (the reader has returned: nothing more can arrive),
// it hands over every event still buffered, then returns.
func (s *Session) deliverLoop(ctx context.Context, stop <-chan struct{}) {
	for {
		select {
		case e := <-s.events:
			s.deliverOne(ctx, e)
			continue
		default:
		}
		select {
		case <-stop:
			for {
				select {
				case e := <-s.events:
					s.deliverOne(ctx, e)
				default:
					return
				}
			}
		case e := <-s.events:
			s.deliverOne(ctx, e)
		}
	}
}

func (s *Session) deliverOne(ctx context.Context, e *Event) {
	s.decode(e)
	s.opts.Handler(ctx, *e)
	s.markDelivered(*e)
}

// markDelivered records e.Seq as handed over, if e belongs to the current
// session, so that State().Sequence never claims an event the consumer has
// not had.
func (s *Session) markDelivered(e Event) {
	if e.Seq == 0 {
		return
	}
	for {
		v := s.delivered.Load()
		if v>>genShift != e.gen || v&seqMask >= uint64(e.Seq) {
			return
		}
		if s.delivered.CompareAndSwap(v, e.gen<<genShift|uint64(e.Seq)) {
			return
		}
	}
}

// delivered packs a session generation (bumped on every READY) and the last
// delivered sequence into one word.
const (
	genShift = 40
	seqMask  = 1<<genShift - 1
)
