package proxy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/ratelimit"
)

// AnonymousID is the limiter id of requests without Authorization (webhook and
// interaction routes, which carry their token in the path).
const AnonymousID = "anonymous"

// TokenID returns the short hash that stands for an Authorization header value
// in logs, metrics, cluster subjects and lease keys: the first 16 hex digits
// of its SHA-256. The token cannot be recovered from it.
func TokenID(authorization string) string {
	sum := sha256.Sum256([]byte(authorization))
	return hex.EncodeToString(sum[:8])
}

// validAuthorization reports whether v is "Bot <token>" or "Bearer <token>"
// with a token of visible ASCII characters.
func validAuthorization(v string) bool {
	var tok string
	switch {
	case len(v) > 4 && v[:4] == "Bot ":
		tok = v[4:]
	case len(v) > 7 && v[:7] == "Bearer ":
		tok = v[7:]
	default:
		return false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] <= ' ' || tok[i] >= 0x7f {
			return false
		}
	}
	return true
}

// token is one Authorization's state in the Handler.
type token struct {
	id    string
	once  sync.Once
	lim   ratelimit.Limiter
	err   error
	ready atomic.Bool // lim and err are set
}

// tokens maps the SHA-256 of an Authorization value to its state; the value
// itself is never kept.
type tokens struct {
	mu sync.Mutex
	m  map[[32]byte]*token
}

func (t *tokens) get(auth string) *token {
	sum := sha256.Sum256([]byte(auth))
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[[32]byte]*token)
	}
	tk := t.m[sum]
	if tk == nil {
		id := AnonymousID
		if auth != "" {
			id = hex.EncodeToString(sum[:8])
		}
		tk = &token{id: id}
		t.m[sum] = tk
	}
	return tk
}

func (t *tokens) all() []*token {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*token, 0, len(t.m))
	for _, tk := range t.m {
		out = append(out, tk)
	}
	return out
}

// limiter returns tk's limiter, creating it on first use (asking Discord for
// the global limit when configured to).
func (h *Handler) limiter(ctx context.Context, tk *token, auth string) (ratelimit.Limiter, error) {
	tk.once.Do(func() {
		g := h.cfg.global
		if h.cfg.discover && auth != "" {
			if n := h.discoverGlobal(ctx, auth); n > 0 {
				g.Limit = n
			}
		}
		tk.lim, tk.err = h.cfg.source.Limiter(tk.id, g)
		tk.ready.Store(true)
	})
	return tk.lim, tk.err
}

// discoverGlobal asks GET /gateway/bot for the bot's max_concurrency and
// returns 50 times it (Discord raises large bots' global limit with their
// identify concurrency), or 0 when the answer is not usable.
func (h *Handler) discoverGlobal(ctx context.Context, auth string) int {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), h.cfg.gatewayBotTO)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", h.cfg.origin+"/api/v10/gateway/bot", nil)
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/scurrygo/scurry, proxy)")
	resp, err := h.cfg.doer.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0
	}
	var gb struct {
		SessionStartLimit struct {
			MaxConcurrency int `json:"max_concurrency"`
		} `json:"session_start_limit"`
	}
	if err := json.UnmarshalRead(io.LimitReader(resp.Body, 1<<16), &gb, json.RejectUnknownMembers(false)); err != nil {
		return 0
	}
	return 50 * min(max(gb.SessionStartLimit.MaxConcurrency, 1), 1000)
}

// TokenStats is one token's limiter state, for metrics.
type TokenStats struct {
	ID string // TokenID of the token
	// Stats is the limiter's snapshot; ok is false when the limiter's state is
	// kept elsewhere (another cluster instance owns it).
	Stats ratelimit.RESTStats
	OK    bool
}

// statser is implemented by limiters that can report their state.
type statser interface {
	Stats() ratelimit.RESTStats
}

// TokenStats returns the state of every token's limiter seen so far.
func (h *Handler) TokenStats() []TokenStats {
	var out []TokenStats
	for _, tk := range h.tokens.all() {
		if !tk.ready.Load() {
			continue
		}
		s := TokenStats{ID: tk.id}
		if st, ok := tk.lim.(statser); ok {
			s.Stats, s.OK = st.Stats(), true
		}
		out = append(out, s)
	}
	return out
}
