package bot

import (
	"context"
	"fmt"
	"reflect"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
)

// Event is one dispatch as handlers receive it: the shard it came from, its
// sequence and name, the raw d and the typed discord.Event (nil if decoding
// failed; Err says why).
type Event = gateway.Event

// Handler handles one event. Its error goes to Options.OnError with the event.
// ctx is cancelled when shutdown gives up waiting for handlers.
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

// On registers fn for the events of type E, a pointer type from package
// discord such as *discord.MessageCreate. Handlers of one event run in the
// order they were registered. Register before Run; registering while Run is
// running is safe but may miss events already queued.
func On[E discord.Event](c *Client, fn func(ctx context.Context, e E) error) {
	name := eventNameOf[E]()
	c.addHandler(name, func(ctx context.Context, ev *Event) error {
		data, ok := ev.Data.(E)
		if !ok {
			return nil // decoding failed: the raw handlers still see it
		}
		return fn(ctx, data)
	})
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
// typed handlers of the same event.
func (c *Client) OnEvent(h Handler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raw = append(c.raw, h)
	c.rebuildLocked()
}

// Use adds middleware around every handler; the first added is the outermost.
func (c *Client) Use(mw ...Middleware) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.middleware = append(c.middleware, mw...)
	c.rebuildLocked()
}

func (c *Client) addHandler(name string, h Handler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handlers[name] = append(c.handlers[name], h)
	c.rebuildLocked()
}

// handlerTable is an immutable snapshot of the registered handlers, already
// wrapped in the middleware, so that the per-event path reads it without a
// lock or an allocation. Registration builds a new one.
type handlerTable struct {
	byName map[string][]Handler // typed handlers of the name, then the raw ones
	raw    []Handler            // for names with no typed handler
}

// rebuildLocked publishes a new table; c.mu must be held.
func (c *Client) rebuildLocked() {
	wrap := func(h Handler) Handler {
		for j := len(c.middleware) - 1; j >= 0; j-- {
			h = c.middleware[j](h)
		}
		return h
	}
	t := &handlerTable{byName: make(map[string][]Handler, len(c.handlers))}
	for _, h := range c.raw {
		t.raw = append(t.raw, wrap(h))
	}
	for name, typed := range c.handlers {
		hs := make([]Handler, 0, len(typed)+len(t.raw))
		for _, h := range typed {
			hs = append(hs, wrap(h))
		}
		t.byName[name] = append(hs, t.raw...)
	}
	c.table.Store(t)
}

// handlersFor returns the wrapped handlers for one event name (typed first,
// then raw). The slice is shared and must not be modified.
func (c *Client) handlersFor(name string) []Handler {
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
