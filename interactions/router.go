package interactions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// ErrNoRoute is returned (wrapped) by Router.Handle when nothing matches.
var ErrNoRoute = errors.New("interactions: no route")

// Router dispatches interactions to handlers: application commands by type
// and path (the command name followed by its subcommand group and
// subcommand, separated by single spaces: "admin ban"), autocomplete by
// command path and focused option, components and modals by custom_id
// pattern ("vote:{poll}:{option}", see Request.Param).
//
// Registration methods panic on a malformed or duplicate route, like
// http.ServeMux: these are programming errors found at start-up. A Router is
// safe for concurrent use; routes may be added while it serves. The zero
// value is not usable: call NewRouter.
type Router struct {
	mu         sync.RWMutex
	commands   map[commandKey]Handler
	complete   map[completeKey]Handler
	components patternTable
	modals     patternTable
	mws        []Middleware
	opts       RouterOptions
}

// RouterOptions configures the gateway path of a Router. The zero value
// (or nil) gives the defaults.
type RouterOptions struct {
	// DeferAfter is how long HandleGateway lets a handler run before it sends
	// the automatic deferral. Defaults to 2.5s (Discord's deadline is 3s
	// after the interaction was created). Negative disables it.
	DeferAfter time.Duration
	// NotFound answers interactions no route matches. Defaults to returning
	// an error that wraps ErrNoRoute (nothing is sent to Discord).
	NotFound Handler
}

type commandKey struct {
	typ  discord.ApplicationCommandType
	path string
}

type completeKey struct{ path, option string }

type patternTable struct {
	exact   map[string]Handler
	ordered []patternRoute
}

type patternRoute struct {
	p pattern
	h Handler
}

// DefaultDeferAfter is the default margin before the automatic deferral.
const DefaultDeferAfter = 2500 * time.Millisecond

// NewRouter returns an empty router.
func NewRouter(opts *RouterOptions) *Router {
	r := &Router{
		commands: map[commandKey]Handler{},
		complete: map[completeKey]Handler{},
	}
	if opts != nil {
		r.opts = *opts
	}
	if r.opts.DeferAfter == 0 {
		r.opts.DeferAfter = DefaultDeferAfter
	}
	r.components.exact = map[string]Handler{}
	r.modals.exact = map[string]Handler{}
	return r
}

// Use appends middleware, applied to every route in the order given (the
// first is outermost).
func (rt *Router) Use(mw ...Middleware) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.mws = append(rt.mws, mw...)
}

// Command routes a slash command by path: "ping", "admin ban",
// "admin roles add".
func (rt *Router) Command(path string, h Handler) {
	rt.addCommand(discord.CommandTypeChatInput, normalizePath(path), h)
}

// UserCommand routes a user context-menu command by name.
func (rt *Router) UserCommand(name string, h Handler) {
	rt.addCommand(discord.CommandTypeUser, name, h)
}

// MessageCommand routes a message context-menu command by name.
func (rt *Router) MessageCommand(name string, h Handler) {
	rt.addCommand(discord.CommandTypeMessage, name, h)
}

// Autocomplete routes autocomplete for the command at path; option names
// the focused option, or "" to handle every option of that command without
// a more specific route.
func (rt *Router) Autocomplete(path, option string, h Handler) {
	key := completeKey{normalizePath(path), option}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	mustHandler(h, "autocomplete "+key.path)
	if _, dup := rt.complete[key]; dup {
		panic(fmt.Sprintf("interactions: duplicate autocomplete route %q option %q", key.path, option))
	}
	rt.complete[key] = h
}

// Component routes message components (buttons, selects) by custom_id
// pattern. Literal patterns win over patterns with placeholders; among
// those, the first registered match wins.
func (rt *Router) Component(pattern string, h Handler) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.components.add(pattern, h)
}

// Modal routes modal submissions by custom_id pattern.
func (rt *Router) Modal(pattern string, h Handler) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.modals.add(pattern, h)
}

// EntryPointCommand routes an Activity's PRIMARY_ENTRY_POINT command (with
// handler APP_HANDLER) by name; answer it with LaunchActivity or a message.
func (rt *Router) EntryPointCommand(name string, h Handler) {
	rt.addCommand(discord.CommandTypePrimaryEntryPoint, name, h)
}

func (rt *Router) addCommand(t discord.ApplicationCommandType, path string, h Handler) {
	if path == "" {
		panic("interactions: empty command path")
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	mustHandler(h, path)
	key := commandKey{t, path}
	if _, dup := rt.commands[key]; dup {
		panic(fmt.Sprintf("interactions: duplicate %v command route %q", t, path))
	}
	rt.commands[key] = h
}

func (pt *patternTable) add(src string, h Handler) {
	mustHandler(h, src)
	p, err := compilePattern(src)
	if err != nil {
		panic(err.Error())
	}
	if p.literal() {
		if _, dup := pt.exact[src]; dup {
			panic(fmt.Sprintf("interactions: duplicate custom_id route %q", src))
		}
		pt.exact[src] = h
		return
	}
	for _, r := range pt.ordered {
		if r.p.src == src {
			panic(fmt.Sprintf("interactions: duplicate custom_id route %q", src))
		}
	}
	pt.ordered = append(pt.ordered, patternRoute{p, h})
}

func (pt *patternTable) lookup(id string) (Handler, string, []param) {
	if h, ok := pt.exact[id]; ok {
		return h, id, nil
	}
	for _, r := range pt.ordered {
		if ps, ok := r.p.match(id, nil); ok {
			return r.h, r.p.src, ps
		}
	}
	return nil, "", nil
}

func mustHandler(h Handler, what string) {
	if h == nil {
		panic("interactions: nil handler for " + what)
	}
}

func normalizePath(p string) string { return strings.Join(strings.Fields(p), " ") }

// Handle is the router as a Handler: it finds the route, fills r.Route and
// the placeholders, and calls the route's handler through the middleware.
func (rt *Router) Handle(ctx context.Context, r *Request) (*discord.InteractionResponse, error) {
	h, err := rt.route(r)
	if err != nil {
		if rt.opts.NotFound != nil {
			return rt.opts.NotFound(ctx, r)
		}
		return nil, err
	}
	return h(ctx, r)
}

func (rt *Router) route(r *Request) (Handler, error) {
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	i := r.Interaction
	var h Handler
	switch d := i.Data.(type) {
	case *discord.ApplicationCommandData:
		path, _ := d.Leaf()
		full := strings.Join(append([]string{d.Name}, path...), " ")
		r.Route = full
		if i.Type == discord.InteractionTypeApplicationCommandAutocomplete {
			if f, ok := d.Focused(); ok {
				h = rt.complete[completeKey{full, f.Name}]
			}
			if h == nil {
				h = rt.complete[completeKey{full, ""}]
			}
			break
		}
		t := d.Type
		if t == 0 {
			t = discord.CommandTypeChatInput
		}
		h = rt.commands[commandKey{t, full}]
	case *discord.MessageComponentData:
		h, r.Route, r.params = rt.components.lookup(d.CustomID)
	case *discord.ModalSubmitData:
		h, r.Route, r.params = rt.modals.lookup(d.CustomID)
	}
	if h == nil {
		return nil, fmt.Errorf("%w for %v %q", ErrNoRoute, i.Type, routeName(i))
	}
	for k := len(rt.mws) - 1; k >= 0; k-- {
		h = rt.mws[k](h)
	}
	return h, nil
}

func routeName(i *discord.Interaction) string {
	switch d := i.Data.(type) {
	case *discord.ApplicationCommandData:
		p, _ := d.Leaf()
		return strings.Join(append([]string{d.Name}, p...), " ")
	case *discord.MessageComponentData:
		return d.CustomID
	case *discord.ModalSubmitData:
		return d.CustomID
	}
	return ""
}

// HandleGateway handles an interaction received over the gateway
// (INTERACTION_CREATE): the same routes as over HTTP, with the initial
// response sent through rest's callback route and later messages through its
// webhook routes. It blocks until the handler has returned and its answer is
// delivered (the caller owns the goroutine), and returns the handler's error
// and any delivery error, joined; it does not log them. The deferral clock
// starts now; use StartGateway when the interaction was received earlier.
func (rt *Router) HandleGateway(ctx context.Context, i *discord.Interaction, rest REST) error {
	g, err := rt.StartGateway(ctx, i, rest, time.Now())
	if err != nil {
		return err
	}
	return g.Run(ctx)
}

// GatewayCall is an interaction received over the gateway whose deadline
// clock runs from its receipt, not from when its handler starts: a bot that
// queues events calls StartGateway on receipt and Run when the queue reaches
// the interaction. Call exactly one of Run or Cancel.
type GatewayCall struct {
	rt  *Router
	req *Request
	d   *deferral
}

// StartGateway prepares i, received at receivedAt (zero: now), and arms the
// automatic deferral for DeferAfter after the interaction was created (the
// time in its id, when that is plausible: before receivedAt by less than 3 s;
// else receivedAt): if the handler has not
// answered by then, started or not, the deferral is sent from a timer
// goroutine with ctx (which should outlive the wait in the queue). The
// handler's answer then follows as an edit or follow-up.
func (rt *Router) StartGateway(ctx context.Context, i *discord.Interaction, rest REST, receivedAt time.Time) (*GatewayCall, error) {
	if i == nil {
		return nil, errors.New("interactions: nil interaction")
	}
	if rest == nil {
		return nil, ErrNoREST
	}
	ex := &exchange{i: i, hooks: rest}
	ex.send = func(ctx context.Context, resp *discord.InteractionResponse) error {
		return rest.CreateInteractionResponse(ctx, i.ID, i.Token, resp)
	}
	g := &GatewayCall{rt: rt, req: newRequest(i, ex)}
	if after := rt.opts.DeferAfter; after > 0 {
		start := deadlineStart(i.ID, receivedAt)
		g.d = armDeferral(ctx, g.req, after-time.Since(start))
	}
	return g, nil
}

// deadlineStart is when Discord's 3 s clock started, as well as this
// process can tell: the creation time in the interaction's id when it is
// plausible (before the receipt, by less than the deadline: transit time),
// else the receipt (a clock skewed ahead would otherwise defer everything at
// once). A zero receivedAt means now.
func deadlineStart(id discord.Snowflake, receivedAt time.Time) time.Time {
	if receivedAt.IsZero() {
		receivedAt = time.Now()
	}
	if created := id.Time(); created.Before(receivedAt) && receivedAt.Sub(created) < 3*time.Second {
		return created
	}
	return receivedAt
}

// Run runs the routed handler and delivers its answer, like HandleGateway.
func (g *GatewayCall) Run(ctx context.Context) error {
	return runArmed(ctx, g.rt.Handle, g.req, g.d)
}

// Cancel gives up an interaction whose handler will not run (the bot is
// stopping): it disarms the deferral, or waits for one being sent, and
// returns that deferral's error.
func (g *GatewayCall) Cancel() error { return g.d.stop() }
