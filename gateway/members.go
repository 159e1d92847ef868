package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
)

// RateLimitedError is Discord refusing a command with a RATE_LIMITED dispatch
// (reference 2.11): for op 8, one "all members" request per guild per 30 s.
type RateLimitedError struct {
	Opcode     discord.Opcode
	RetryAfter time.Duration
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("gateway: %v rate limited by Discord; retry after %v", e.Opcode, e.RetryAfter)
}

// memberWaiter collects the GUILD_MEMBERS_CHUNKs of one nonce.
type memberWaiter struct {
	nonce  string
	chunks []Event // by chunk_index
	seen   []bool
	got    int
	done   chan struct{}
	err    error
}

// FetchGuildMembers sends Request Guild Members (op 8) and collects every
// GUILD_MEMBERS_CHUNK answering it, in chunk_index order. Each Event's Data
// is the decoded chunk (whatever Options.Decode says); the chunks are also
// delivered as ordinary dispatches. If req.Nonce is empty a random one is set.
// It returns when all chunk_count chunks arrived, ctx ends, Discord answers
// with RATE_LIMITED (*RateLimitedError), the session is replaced by a new
// IDENTIFY (ErrSessionInvalidated) or stops (ErrStopped).
func (s *Session) FetchGuildMembers(ctx context.Context, req discord.RequestGuildMembers) ([]Event, error) {
	if req.Nonce == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		req.Nonce = hex.EncodeToString(b[:])
	}
	w := &memberWaiter{nonce: req.Nonce, done: make(chan struct{})}
	s.mu.Lock()
	if _, dup := s.waiters[req.Nonce]; dup {
		s.mu.Unlock()
		return nil, fmt.Errorf("gateway: a member request with nonce %q is already waiting", req.Nonce)
	}
	s.waiters[req.Nonce] = w
	s.waiting.Add(1)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.waiters[req.Nonce] == w {
			delete(s.waiters, req.Nonce)
			s.waiting.Add(-1)
		}
		s.mu.Unlock()
	}()
	if err := s.RequestGuildMembers(ctx, req); err != nil {
		return nil, err
	}
	select {
	case <-w.done:
		if w.err != nil {
			return nil, w.err
		}
		return w.chunks, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("gateway: waiting for member chunks of nonce %q: %w", req.Nonce, ctx.Err())
	}
}

// feedWaiters hands a GUILD_MEMBERS_CHUNK or RATE_LIMITED dispatch to the
// waiter of its nonce (reader goroutine).
func (s *Session) feedWaiters(e *Event) {
	if e.Name == discord.EventRateLimited {
		var rl struct {
			Opcode     int     `json:"opcode"`
			RetryAfter float64 `json:"retry_after"`
			Meta       struct {
				Nonce string `json:"nonce"`
			} `json:"meta"`
		}
		if json.Unmarshal(e.Raw, &rl) != nil || rl.Opcode != int(discord.OpRequestGuildMembers) {
			return
		}
		s.finishWaiter(rl.Meta.Nonce, &RateLimitedError{
			Opcode:     discord.OpRequestGuildMembers,
			RetryAfter: time.Duration(rl.RetryAfter * float64(time.Second)),
		})
		return
	}
	var h struct {
		Nonce      string `json:"nonce"`
		ChunkIndex int    `json:"chunk_index"`
		ChunkCount int    `json:"chunk_count"`
	}
	if json.Unmarshal(e.Raw, &h) != nil || h.Nonce == "" {
		return
	}
	s.mu.Lock()
	w := s.waiters[h.Nonce]
	s.mu.Unlock()
	if w == nil {
		return
	}
	if h.ChunkCount < 1 || h.ChunkIndex < 0 || h.ChunkIndex >= h.ChunkCount {
		s.finishWaiter(h.Nonce, fmt.Errorf("%w: GUILD_MEMBERS_CHUNK %d of %d", ErrBadPayload, h.ChunkIndex, h.ChunkCount))
		return
	}
	s.decode(e)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.waiters[h.Nonce] != w {
		return
	}
	if w.seen == nil {
		w.seen = make([]bool, h.ChunkCount)
		w.chunks = make([]Event, h.ChunkCount)
	}
	if h.ChunkCount != len(w.seen) || w.seen[h.ChunkIndex] {
		return // inconsistent count or a replayed chunk
	}
	w.seen[h.ChunkIndex] = true
	w.got++
	w.chunks[h.ChunkIndex] = *e
	if w.got == len(w.seen) {
		s.closeWaiterLocked(w, nil)
	}
}

func (s *Session) finishWaiter(nonce string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w := s.waiters[nonce]; w != nil {
		s.closeWaiterLocked(w, err)
	}
}

func (s *Session) closeWaiterLocked(w *memberWaiter, err error) {
	select {
	case <-w.done:
		return
	default:
	}
	w.err = err
	close(w.done)
	delete(s.waiters, w.nonce)
	s.waiting.Add(-1)
}

// failWaiters ends every pending member request with err.
func (s *Session) failWaiters(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.waiters {
		s.closeWaiterLocked(w, err)
	}
}

var errNoMemberQuery = errors.New("gateway: request guild members needs a Query (with Limit) or UserIDs")
