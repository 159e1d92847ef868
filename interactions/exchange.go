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

// Errors of the response flow.
var (
	// ErrAlreadyResponded: an interaction gets one initial response (Discord
	// answers a second one with error 40060). Returned by Request.Respond and
	// reported when a handler returns a response after calling Respond.
	ErrAlreadyResponded = errors.New("interactions: interaction already responded to")
	// ErrNoResponse: the handler returned neither a response nor an error,
	// and did not call Respond.
	ErrNoResponse = errors.New("interactions: handler returned no response")
	// ErrTooLate: the handler's answer cannot follow the automatic deferral
	// (a modal, an activity launch or autocomplete choices must be the
	// initial response).
	ErrTooLate = errors.New("interactions: response kind not possible after the automatic deferral")
	// ErrNoREST: a call needs the REST client, which was not configured.
	ErrNoREST = errors.New("interactions: no REST client configured")
	// ErrWrongResponse: the response kind does not fit the interaction (a
	// modal in answer to a modal, an update for a slash command, choices for
	// anything but autocomplete, …).
	ErrWrongResponse = errors.New("interactions: response kind not allowed for this interaction")
)

// checkKind refuses responses Discord rejects for the interaction's type.
func checkKind(i *discord.Interaction, resp *discord.InteractionResponse) error {
	fromMessage := i.Type == discord.InteractionTypeMessageComponent ||
		i.Type == discord.InteractionTypeModalSubmit && i.Message != nil
	auto := i.Type == discord.InteractionTypeApplicationCommandAutocomplete
	var ok bool
	switch resp.Type {
	case discord.CallbackApplicationCommandAutocompleteResult:
		ok = auto
	case discord.CallbackModal:
		ok = !auto && i.Type != discord.InteractionTypeModalSubmit
	case discord.CallbackDeferredUpdateMessage, discord.CallbackUpdateMessage:
		ok = fromMessage
	default:
		ok = !auto
	}
	if !ok {
		return fmt.Errorf("%w: %v in answer to %v", ErrWrongResponse, resp.Type, i.Type)
	}
	return nil
}

type exchangeState uint8

const (
	statePending  exchangeState = iota // nothing sent yet
	stateDeferred                      // the automatic deferral was sent
	stateAnswered                      // the handler's answer was delivered (or failed)
)

// exchange is the state of one interaction's answer: it guarantees exactly
// one initial response, whoever sends it first (the handler through
// Request.Respond or its return value, or the deadline's automatic deferral),
// and turns answers that come after a deferral into webhook calls.
type exchange struct {
	mu       sync.Mutex
	state    exchangeState
	deferred *discord.InteractionResponse // set in stateDeferred
	i        *discord.Interaction
	hooks    Webhooks // nil: no late answers possible

	// send delivers the initial response (HTTP: writes the reply; gateway:
	// the callback route). fail reports a handler failure before any answer
	// (HTTP: a 500); may be nil. Both are called with mu held.
	send func(ctx context.Context, resp *discord.InteractionResponse) error
	fail func()
}

func (ex *exchange) respond(ctx context.Context, resp *discord.InteractionResponse) error {
	if resp == nil {
		return errors.New("interactions: nil response")
	}
	if err := checkKind(ex.i, resp); err != nil {
		return err
	}
	if err := ValidateResponse(resp); err != nil {
		return err
	}
	ex.mu.Lock()
	defer ex.mu.Unlock()
	switch ex.state {
	case statePending:
		ex.state = stateAnswered
		return ex.send(ctx, resp)
	case stateDeferred:
		ex.state = stateAnswered
		return ex.late(ctx, resp)
	default:
		return ErrAlreadyResponded
	}
}

// autoDefer sends the deferral if nothing was sent yet.
func (ex *exchange) autoDefer(ctx context.Context, ephemeral bool) error {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	if ex.state != statePending {
		return nil
	}
	d := DeferralFor(ex.i, ephemeral)
	ex.state = stateDeferred
	if d.Type == discord.CallbackApplicationCommandAutocompleteResult {
		ex.state = stateAnswered // an empty choice list is final
	}
	ex.deferred = d
	if err := ex.send(ctx, d); err != nil {
		return fmt.Errorf("interactions: automatic deferral: %w", err)
	}
	return nil
}

// late delivers an answer that arrives after the automatic deferral.
func (ex *exchange) late(ctx context.Context, resp *discord.InteractionResponse) error {
	switch resp.Type {
	case discord.CallbackDeferredChannelMessageWithSource, discord.CallbackDeferredUpdateMessage:
		return nil // the deferral already said this
	case discord.CallbackChannelMessageWithSource, discord.CallbackUpdateMessage:
	default:
		return fmt.Errorf("%w: %v", ErrTooLate, resp.Type)
	}
	if ex.hooks == nil {
		return ErrNoREST
	}
	msg := resp.Data
	if msg == nil {
		msg = &discord.InteractionCallbackData{}
	}
	if resp.Type == discord.CallbackChannelMessageWithSource &&
		ex.deferred.Type == discord.CallbackDeferredUpdateMessage {
		// A new message was wanted but the component's message was
		// acknowledged: post it as a follow-up rather than overwrite.
		_, err := ex.hooks.CreateFollowupMessage(ctx, ex.i.ApplicationID, ex.i.Token, msg)
		return err
	}
	edit := *msg
	edit.Flags &^= discord.MessageFlags(1 << 6) // EPHEMERAL is fixed by the deferral
	_, err := ex.hooks.EditOriginalInteractionResponse(ctx, ex.i.ApplicationID, ex.i.Token, &edit)
	return err
}

// DeferralFor returns the response sent when a handler misses the deadline:
// a deferred update for components (and modals opened from a message), a
// deferred message (ephemeral if asked) for commands and other modals, and
// an empty choice list for autocomplete, which cannot be deferred.
func DeferralFor(i *discord.Interaction, ephemeral bool) *discord.InteractionResponse {
	switch {
	case i.Type == discord.InteractionTypeApplicationCommandAutocomplete:
		return &discord.InteractionResponse{Type: discord.CallbackApplicationCommandAutocompleteResult,
			Data: &discord.InteractionCallbackData{Choices: []discord.ApplicationCommandOptionChoice{}}}
	case i.Type == discord.InteractionTypeMessageComponent,
		i.Type == discord.InteractionTypeModalSubmit && i.Message != nil:
		return &discord.InteractionResponse{Type: discord.CallbackDeferredUpdateMessage}
	}
	r := &discord.InteractionResponse{Type: discord.CallbackDeferredChannelMessageWithSource}
	if ephemeral {
		r.Data = &discord.InteractionCallbackData{Flags: discord.MessageFlags(1 << 6)}
	}
	return r
}

// TokenLifetime is how long an interaction token stays valid for edits and
// follow-ups; handler contexts end then.
const TokenLifetime = 15 * time.Minute

type outcome struct {
	resp *discord.InteractionResponse
	err  error
}

// run calls h and delivers its answer, sending the automatic deferral if h
// has not answered within deferAfter (≤0: never). It returns when h has
// returned and its answer was delivered; the error joins h's error and any
// delivery error.
func run(ctx context.Context, h Handler, req *Request, deferAfter time.Duration) error {
	var d *deferral
	if deferAfter > 0 {
		d = armDeferral(ctx, req, deferAfter)
	}
	return runArmed(ctx, h, req, d)
}

// runArmed is run with the deferral (if any) already armed.
func runArmed(ctx context.Context, h Handler, req *Request, d *deferral) error {
	ctx, cancel := context.WithTimeout(ctx, TokenLifetime)
	defer cancel()
	o := call(ctx, h, req)
	deferErr := d.stop()
	if err := errors.Join(deferErr, req.ex.finish(ctx, o)); err != nil {
		return &redacted{err: err, token: req.Interaction.Token}
	}
	return nil
}

// deferral is an automatic deferral armed on a timer; it sends from the
// timer's goroutine, which stop waits for.
type deferral struct {
	t    *time.Timer
	done chan struct{}
	err  error
}

// armDeferral sends req's deferral after delay (at once if delay ≤ 0) unless
// stop comes first. It returns nil when the exchange cannot defer.
func armDeferral(ctx context.Context, req *Request, delay time.Duration) *deferral {
	ex := req.ex
	if ex.hooks == nil {
		return nil
	}
	d := &deferral{done: make(chan struct{})}
	d.t = time.AfterFunc(max(delay, 0), func() {
		defer close(d.done)
		d.err = ex.autoDefer(ctx, req.ephemeral.Load())
	})
	return d
}

// stop disarms the deferral, or waits for the one being sent, and returns
// its error. A nil deferral does nothing.
func (d *deferral) stop() error {
	if d == nil || d.t.Stop() {
		return nil
	}
	<-d.done
	return d.err
}

// redacted hides the interaction token in an error's text (a REST client
// or a handler may have put it there); errors.Is and As still see through.
type redacted struct {
	err   error
	token string
}

func (r *redacted) Error() string {
	s := r.err.Error()
	if r.token != "" {
		s = strings.ReplaceAll(s, r.token, "[token]")
	}
	return s
}

func (r *redacted) Unwrap() error { return r.err }

func (ex *exchange) finish(ctx context.Context, o outcome) error {
	var err error
	switch {
	case o.err != nil:
		err = o.err
	case o.resp != nil:
		err = ex.respond(ctx, o.resp)
	default:
		ex.mu.Lock()
		pending := ex.state == statePending
		ex.mu.Unlock()
		if pending {
			err = ErrNoResponse
		}
	}
	if err != nil {
		ex.mu.Lock()
		if ex.state == statePending {
			ex.state = stateAnswered
			if ex.fail != nil {
				ex.fail()
			}
		}
		ex.mu.Unlock()
	}
	return err
}

func call(ctx context.Context, h Handler, req *Request) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: fmt.Errorf("interactions: handler panicked: %v", p)}
		}
	}()
	resp, err := h(ctx, req)
	return outcome{resp: resp, err: err}
}
