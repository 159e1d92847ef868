package bot

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// Event is one dispatch as handlers receive it: the shard it came from, its
// sequence and name, the raw d and the typed discord.Event (nil if decoding
// failed; Err says why).
type Event = gateway.Event

// Handler handles one event. Its error goes to Options.OnError with the event.
// ctx carries the values of Run's ctx; it is cancelled when the shutdown
// deadline passes (Options.ShutdownTimeout), not when Run's ctx ends, so
// that handlers running at a stop can finish.
type Handler func(ctx context.Context, e *Event) error

// Middleware wraps every handler (typed and raw). It must call next to let
// the event through.
type Middleware func(next Handler) Handler

// PanicError is what OnError receives when a handler panicked.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("bot: handler panicked: %v", e.Value) }

// ErrNilHandler is returned by a registration given a nil function.
var ErrNilHandler = errors.New("bot: nil handler, middleware or hook")

// StuckHandlerError is what OnError receives when a handler call ran past
// Options.HandlerTimeout. Abandoned says whether the guild's queue moved on
// without it (false when Options.MaxAbandoned calls were already abandoned:
// the call then keeps its queue). The call itself keeps running until it
// returns.
type StuckHandlerError struct {
	Handler   string // the registered function's name
	Event     string
	Guild     discord.Snowflake
	Shard     int
	Elapsed   time.Duration
	Abandoned bool
}

func (e *StuckHandlerError) Error() string {
	what := "abandoned; its guild's queue moved on"
	if !e.Abandoned {
		what = "not abandoned (Options.MaxAbandoned reached); its guild waits"
	}
	return fmt.Sprintf("bot: handler %s for %s (guild %s, shard %d) still running after %v: %s",
		e.Handler, e.Event, e.Guild, e.Shard, e.Elapsed.Round(time.Millisecond), what)
}

// DecodeError returns the decoding error of the event a handler is
// handling, when some of its fields could not be decoded (they are left at
// their zero value), or nil. Typed handlers use it with their ctx; raw
// handlers also find it in Event.Err.
func DecodeError(ctx context.Context) *discord.DecodeError {
	if m := metaOf(ctx); m != nil {
		return m.decodeErr
	}
	return nil
}

// funcName names a registered function for reports.
func funcName(f any) string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "?"
	}
	if fn := runtime.FuncForPC(v.Pointer()); fn != nil {
		return fn.Name()
	}
	return "?"
}

// On registers fn for the events of type E, a pointer type from package
// discord such as *discord.MessageCreate (or *GuildsReady). Handlers of one
// event run in the order they were registered. Register before Run;
// registering while Run is running is safe but may miss events already
// queued. An event whose fields partly failed to decode still reaches fn,
// with those fields at their zero value (see DecodeError). A nil fn is
// refused with ErrNilHandler.
func On[E discord.Event](c *Client, fn func(ctx context.Context, e E) error) error {
	if fn == nil {
		return fmt.Errorf("%w: On[%s]", ErrNilHandler, reflect.TypeFor[E]())
	}
	name := eventNameOf[E]()
	c.addHandler(name, funcName(fn), func(ctx context.Context, ev *Event) error {
		data, ok := ev.Data.(E)
		if !ok {
			return nil // not decoded at all: the raw handlers still see it
		}
		return fn(ctx, data)
	})
	return nil
}

// eventNameOf returns the dispatch name of the event type E, by asking a
// fresh value (EventName does not depend on the value's fields).
func eventNameOf[E discord.Event]() string {
	t := reflect.TypeFor[E]()
	if t.Kind() == reflect.Pointer {
		return reflect.New(t.Elem()).Interface().(discord.Event).EventName()
	}
	var zero E
	return zero.EventName()
}

// OnEvent registers h for every dispatch, including names scurry does not
// know (their Data is *discord.UnknownEvent). Raw handlers run after the
// typed handlers of the same event. A nil h is refused with ErrNilHandler.
func (c *Client) OnEvent(h Handler) error {
	if h == nil {
		return fmt.Errorf("%w: OnEvent", ErrNilHandler)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raw = append(c.raw, named{h, funcName(h)})
	c.rebuildLocked()
	return nil
}

// Use adds middleware around every handler; the first added is the
// outermost. A nil middleware is refused with ErrNilHandler and none of mw
// is added.
func (c *Client) Use(mw ...Middleware) error {
	for i, m := range mw {
		if m == nil {
			return fmt.Errorf("%w: Use argument %d", ErrNilHandler, i)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.middleware = append(c.middleware, mw...)
	c.rebuildLocked()
	return nil
}

// named is a handler with the name of the function it was registered with.
type named struct {
	h    Handler
	name string
}

func (c *Client) addHandler(event, fname string, h Handler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handlers[event] = append(c.handlers[event], named{h, fname})
	c.rebuildLocked()
}

// handlerTable is an immutable snapshot of the registered handlers, already
// wrapped in the middleware, so that the per-event path reads it without a
// lock or an allocation. Registration builds a new one.
type handlerTable struct {
	byName map[string][]named // typed handlers of the name, then the raw ones
	raw    []named            // for names with no typed handler
}

// rebuildLocked publishes a new table; c.mu must be held.
func (c *Client) rebuildLocked() {
	wrap := func(n named) named {
		for j := len(c.middleware) - 1; j >= 0; j-- {
			n.h = c.middleware[j](n.h)
		}
		return n
	}
	t := &handlerTable{byName: make(map[string][]named, len(c.handlers))}
	for _, h := range c.raw {
		t.raw = append(t.raw, wrap(h))
	}
	for name, typed := range c.handlers {
		hs := make([]named, 0, len(typed)+len(t.raw))
		for _, h := range typed {
			hs = append(hs, wrap(h))
		}
		t.byName[name] = append(hs, t.raw...)
	}
	c.table.Store(t)
}

// handlersFor returns the wrapped handlers for one event name (typed first,
// then raw). The slice is shared and must not be modified.
func (c *Client) handlersFor(name string) []named {
	t := c.table.Load()
	if hs, ok := t.byName[name]; ok {
		return hs
	}
	return t.raw
}

// registeredNames lists the event names with typed handlers.
func (c *Client) registeredNames() []string {
	t := c.table.Load()
	names := make([]string, 0, len(t.byName))
	for n := range t.byName {
		names = append(names, n)
	}
	return names
}
