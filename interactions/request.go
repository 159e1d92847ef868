package interactions

import (
	"context"
	"sync/atomic"

	"github.com/scurrygo/scurry/discord"
)

// Handler answers one interaction. It returns the initial response, or nil
// after sending one itself with Request.Respond. The same Handler serves the
// HTTP endpoint and the gateway (Router.HandleGateway). If it takes longer
// than the deadline margin, the interaction is deferred automatically and the
// response it finally returns is delivered as an edit of the original
// response (see DeferralFor). ctx ends when the interaction token expires (15
// minutes), or earlier if the caller's ctx does.
type Handler func(ctx context.Context, r *Request) (*discord.InteractionResponse, error)

// Middleware wraps a Handler; it must call next unless it answers itself.
type Middleware func(next Handler) Handler

// Request is one interaction being handled. Its methods are safe for
// concurrent use; the Interaction must not be modified.
type Request struct {
	// Interaction is the decoded interaction.
	Interaction *discord.Interaction
	// Route is what the router matched: the command path ("admin ban"), or
	// the custom_id pattern ("vote:{poll}:{option}"). Empty outside a Router.
	Route string

	params    []param
	options   []discord.InteractionOption // the invoked leaf's options
	ex        *exchange
	ephemeral atomic.Bool
}

type param struct{ name, value string }

func newRequest(i *discord.Interaction, ex *exchange) *Request {
	r := &Request{Interaction: i, ex: ex}
	if d, ok := i.CommandData(); ok {
		_, r.options = d.Leaf()
	}
	return r
}

// Param returns the value of a {name} placeholder of the matched custom_id
// pattern, or "" when the pattern has none of that name.
func (r *Request) Param(name string) string {
	for _, p := range r.params {
		if p.name == name {
			return p.value
		}
	}
	return ""
}

// DeferEphemeral asks that an automatic deferral (if the handler misses the
// deadline) be ephemeral, so that the final message is only visible to the
// invoker. Call it before the handler's slow work; the EphemeralDefer
// middleware calls it for a whole route.
func (r *Request) DeferEphemeral() { r.ephemeral.Store(true) }

// EphemeralDefer is middleware that calls DeferEphemeral.
func EphemeralDefer(next Handler) Handler {
	return func(ctx context.Context, r *Request) (*discord.InteractionResponse, error) {
		r.DeferEphemeral()
		return next(ctx, r)
	}
}

// Respond sends the initial response now, so that the handler can go on
// with follow-ups; the handler then returns nil. If the automatic deferral
// was already sent, resp becomes an edit of the original response (or a
// follow-up, see DeferralFor). A second call returns ErrAlreadyResponded.
func (r *Request) Respond(ctx context.Context, resp *discord.InteractionResponse) error {
	return r.ex.respond(ctx, resp)
}

// EditOriginal edits the initial response (PATCH …/messages/@original).
func (r *Request) EditOriginal(ctx context.Context, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	if err := r.webhooksReady(msg); err != nil {
		return nil, err
	}
	return r.ex.hooks.EditOriginalInteractionResponse(ctx, r.Interaction.ApplicationID, r.Interaction.Token, msg)
}

// DeleteOriginal deletes the initial response.
func (r *Request) DeleteOriginal(ctx context.Context) error {
	if err := r.webhooksReady(nil); err != nil {
		return err
	}
	return r.ex.hooks.DeleteOriginalInteractionResponse(ctx, r.Interaction.ApplicationID, r.Interaction.Token)
}

// Followup sends a follow-up message (Flags may include EPHEMERAL and
// IS_COMPONENTS_V2). User-installed apps not installed in the guild get at
// most 5 follow-ups per interaction.
func (r *Request) Followup(ctx context.Context, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	if err := r.webhooksReady(msg); err != nil {
		return nil, err
	}
	return r.ex.hooks.CreateFollowupMessage(ctx, r.Interaction.ApplicationID, r.Interaction.Token, msg)
}

// EditFollowup edits a follow-up message.
func (r *Request) EditFollowup(ctx context.Context, messageID discord.Snowflake, msg *discord.InteractionCallbackData) (*discord.Message, error) {
	if err := r.webhooksReady(msg); err != nil {
		return nil, err
	}
	return r.ex.hooks.EditFollowupMessage(ctx, r.Interaction.ApplicationID, r.Interaction.Token, messageID, msg)
}

// DeleteFollowup deletes a follow-up message.
func (r *Request) DeleteFollowup(ctx context.Context, messageID discord.Snowflake) error {
	if err := r.webhooksReady(nil); err != nil {
		return err
	}
	return r.ex.hooks.DeleteFollowupMessage(ctx, r.Interaction.ApplicationID, r.Interaction.Token, messageID)
}

func (r *Request) webhooksReady(msg *discord.InteractionCallbackData) error {
	if r.ex == nil || r.ex.hooks == nil {
		return ErrNoREST
	}
	if msg != nil {
		return validateMessage(msg, "")
	}
	return nil
}
