package interactions

import (
	"context"
	"crypto/ed25519"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/logdefault"
)

// Options configures an Endpoint. nil means all defaults; Handler is
// required.
type Options struct {
	// Handler answers interactions (usually Router.Handle). Required.
	Handler Handler
	// REST edits the original response when the handler misses the deadline
	// and backs Request's follow-up methods. Defaults to nil: then there is
	// no automatic deferral (a late handler makes the interaction fail on
	// Discord's side) and those methods return ErrNoREST.
	REST Webhooks
	// DeferAfter is how long the handler may run before the endpoint answers
	// with the deferral (see DeferralFor) and turns the handler's eventual
	// answer into an edit. Defaults to 2.5s (Discord allows 3s). Negative
	// disables it.
	DeferAfter time.Duration
	// TimestampWindow is how far X-Signature-Timestamp may be from now, in
	// either direction, before the request is refused as stale (a replay).
	// Defaults to 5 minutes. Negative disables the check.
	TimestampWindow time.Duration
	// MaxBodyBytes bounds the request body; larger bodies get 413. Defaults
	// to 1 MiB.
	MaxBodyBytes int64
	// ReplayCacheSize is how many signatures of accepted requests are kept to
	// refuse exact replays within the timestamp window (401). Defaults to
	// 100,000 (about 10 MB at most); negative disables the check, as does a
	// negative TimestampWindow. When full, new signatures are not recorded.
	ReplayCacheSize int
	// Logger receives refused requests (debug) and handler or delivery
	// failures (error). Tokens are never logged. Defaults to Warn and above
	// as text on stderr, as in every scurry package;
	// slog.New(slog.DiscardHandler) silences it.
	Logger *slog.Logger
}

// Defaults of Options.
const (
	DefaultTimestampWindow = 5 * time.Minute
	DefaultMaxBodyBytes    = 1 << 20
	DefaultReplayCacheSize = 100_000
)

// Endpoint is the http.Handler for Discord's Interactions Endpoint URL. It
// never listens: mount it on your own server or mux. For each POST it checks
// method, content type, size, signature, timestamp and replays (refusing
// with 405, 415, 413, 401), answers PING, and runs the handler, replying inline.
// ServeHTTP returns only once the handler has returned and its answer was
// delivered, so http.Server.Shutdown waits for handlers. Safe for concurrent
// use.
type Endpoint struct {
	key    ed25519.PublicKey
	opts   Options
	log    *slog.Logger
	replay *replayCache // nil: replays not checked
	base   context.Context
	stop   context.CancelFunc
}

// NewHandler returns an Endpoint verifying with the application's public key
// (the hex string from the Developer Portal, or an ed25519.PublicKey). A
// missing or malformed key, or a nil Handler, is an error.
func NewHandler[K PublicKey](publicKey K, opts *Options) (*Endpoint, error) {
	key, err := ParsePublicKey(publicKey)
	if err != nil {
		return nil, err
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Handler == nil {
		return nil, errors.New("interactions: Options.Handler is required")
	}
	if o.DeferAfter == 0 {
		o.DeferAfter = DefaultDeferAfter
	}
	if o.TimestampWindow == 0 {
		o.TimestampWindow = DefaultTimestampWindow
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.ReplayCacheSize == 0 {
		o.ReplayCacheSize = DefaultReplayCacheSize
	}
	log := o.Logger
	if log == nil {
		log = logdefault.New()
	}
	e := &Endpoint{key: key, opts: o, log: log}
	e.base, e.stop = context.WithCancel(context.Background())
	if o.ReplayCacheSize > 0 && o.TimestampWindow > 0 {
		e.replay = newReplayCache(o.ReplayCacheSize)
	}
	return e, nil
}

var pong = []byte(`{"type":1}`)

// Close cancels the context of handlers still running (for example after
// the automatic deferral) and makes the endpoint answer 503 from then on.
// It does not wait: the handlers' ServeHTTP calls return when the handlers
// do, and http.Server.Shutdown waits for those. Close is idempotent.
func (e *Endpoint) Close() error {
	e.stop()
	return nil
}

// ServeHTTP implements http.Handler.
func (e *Endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.base.Err() != nil {
		http.Error(w, "interactions endpoint closed", http.StatusServiceUnavailable)
		return
	}
	i, status, err := e.parse(w, r)
	if err != nil {
		e.log.Debug("interactions: request refused", "status", status, "error", err.Error(),
			"remote", r.RemoteAddr)
		http.Error(w, http.StatusText(status), status)
		return
	}
	if i.Type == discord.InteractionTypePing {
		writeJSON(w, pong)
		return
	}
	ex := &exchange{i: i, hooks: e.opts.REST}
	ex.send = func(_ context.Context, resp *discord.InteractionResponse) error {
		b, err := json.Marshal(resp)
		if err != nil {
			http.Error(w, "cannot encode response", http.StatusInternalServerError)
			return err
		}
		return writeJSON(w, b)
	}
	ex.fail = func() {
		http.Error(w, "interaction handler failed", http.StatusInternalServerError)
	}
	// The handler outlives the HTTP exchange when it is deferred, and Discord
	// may hang up once it has the reply: do not inherit the request's
	// cancellation, but do end with Close.
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	defer context.AfterFunc(e.base, cancel)()
	if err := run(ctx, e.opts.Handler, newRequest(i, ex), e.opts.DeferAfter); err != nil {
		e.log.Error("interactions: handler failed", "error", err.Error(),
			"interaction_id", i.ID, "type", i.Type.String())
	}
}

// parse checks and decodes a request, returning the HTTP status to answer
// with when it is refused.
func (e *Endpoint) parse(w http.ResponseWriter, r *http.Request) (*discord.Interaction, int, error) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return nil, http.StatusMethodNotAllowed, errors.New("interactions: method " + r.Method)
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, http.StatusUnsupportedMediaType, errors.New("interactions: content type is not application/json")
	}
	sig, ts := r.Header.Get(HeaderSignature), r.Header.Get(HeaderTimestamp)
	if sig == "" || ts == "" {
		return nil, http.StatusUnauthorized, ErrMissingSignature
	}
	if r.ContentLength > e.opts.MaxBodyBytes {
		return nil, http.StatusRequestEntityTooLarge, errors.New("interactions: body of " +
			strconv.FormatInt(r.ContentLength, 10) + " bytes exceeds the limit")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, e.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge, errors.New("interactions: body exceeds the limit")
		}
		return nil, http.StatusBadRequest, err
	}
	now := time.Now()
	if err := Verify(e.key, sig, ts, body, now, e.opts.TimestampWindow); err != nil {
		return nil, http.StatusUnauthorized, err
	}
	if e.replay != nil {
		secs, _ := strconv.ParseInt(ts, 10, 64) // Verify checked it
		if !e.replay.admit(sig, now, time.Unix(secs, 0).Add(e.opts.TimestampWindow+time.Second)) {
			return nil, http.StatusUnauthorized, ErrReplayed
		}
	}
	i, err := DecodeInteraction(body)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	return i, 0, nil
}

// DecodeInteraction decodes a verified request body, requiring the fields
// every interaction has (id, application_id, type; token except for PING).
func DecodeInteraction(body []byte) (*discord.Interaction, error) {
	i := new(discord.Interaction)
	if err := json.Unmarshal(body, i); err != nil {
		return nil, errors.New("interactions: malformed interaction: " + err.Error())
	}
	switch {
	case i.Type == 0:
		return nil, errors.New("interactions: interaction has no type")
	case i.Type == discord.InteractionTypePing:
		return i, nil
	case i.ID == 0 || i.ApplicationID == 0:
		return nil, errors.New("interactions: interaction has no id or application_id")
	case i.Token == "":
		return nil, errors.New("interactions: interaction has no token")
	}
	return i, nil
}

func writeJSON(w http.ResponseWriter, b []byte) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	if ferr := http.NewResponseController(w).Flush(); err == nil && !errors.Is(ferr, http.ErrNotSupported) {
		err = ferr
	}
	return err
}
