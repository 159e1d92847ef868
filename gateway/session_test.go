package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func testSession(t *testing.T, edit func(*Options)) *Session {
	t.Helper()
	o := &Options{Token: "tok", URL: "wss://gateway.example"}
	if edit != nil {
		edit(o)
	}
	s, err := New(o)
	assert.Success(t, err)
	return s
}

func TestCloseCodeDecisions(t *testing.T) {
	cases := []struct {
		code     int
		fatal    bool
		identify bool // session forgotten: next connection identifies
	}{
		{1000, false, false}, {1001, false, false}, {1006, false, false},
		{4000, false, false}, {4001, false, false}, {4002, false, false},
		{4003, false, true}, {4004, true, false}, {4005, false, false},
		{4007, false, true}, {4008, false, false}, {4009, false, true},
		{4010, true, false}, {4011, true, false}, {4012, true, false},
		{4013, true, false}, {4014, true, false}, {4999, false, false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			s := testSession(t, nil)
			s.sessionID, s.resumeURL = "abc", "wss://resume.example"
			s.seq.Store(42)
			_, err := s.decide(connResult{cause: newCloseError(tc.code, "why")}, 0)
			if tc.fatal {
				var ce *CloseError
				if !errors.As(err, &ce) || ce.Code != tc.code || !ce.Fatal() {
					t.Fatalf("code %d: want a fatal *CloseError, got %v", tc.code, err)
				}
				assert.Equal(t, "CloseCode", CloseCode(fmt.Errorf("wrapped: %w", err)), tc.code)
				assert.Contains(t, err.Error(), "to fix: ")
				return
			}
			assert.Success(t, err)
			resume, url := s.target()
			assert.Equal(t, "resumes", resume, !tc.identify)
			if tc.identify {
				assert.Equal(t, "url", url, s.baseURL)
				assert.Equal(t, "seq reset", s.seq.Load(), int64(0))
			} else {
				assert.Contains(t, url, "wss://resume.example/?")
			}
		})
	}
}

func TestCloseErrorMessages(t *testing.T) {
	err := newCloseError(4014, "Disallowed intent(s).")
	assert.Contains(t, err.Error(), "gateway: closed by Discord with 4014 (disallowed intents)")
	assert.Contains(t, err.Error(), "enable it in the Developer Portal")
	assert.Equal(t, "CloseCode of nil", CloseCode(nil), -1)
	assert.Equal(t, "CloseCode of other", CloseCode(errors.New("x")), -1)
	assert.Equal(t, "CloseCode of websocket close", CloseCode(fmt.Errorf("x: %w", websocket.CloseError{Code: 4001})), 4001)
}

func TestInvalidSessionDecisions(t *testing.T) {
	s := testSession(t, nil)
	s.rnd = func() float64 { return 0.5 }
	s.sessionID = "abc"
	d, err := s.decide(connResult{cause: &invalidSessionError{resumable: true}}, 0)
	assert.Success(t, err)
	assert.Equal(t, "resumable: no wait", d, time.Duration(0))
	resume, _ := s.target()
	assert.Equal(t, "resumes", resume, true)
	for _, r := range []float64{0, 0.5, 0.9999} {
		s.rnd = func() float64 { return r }
		s.sessionID = "abc"
		d, err = s.decide(connResult{cause: &invalidSessionError{resumable: false}}, 0)
		assert.Success(t, err)
		if d < time.Second || d >= 5*time.Second {
			t.Fatalf("op 9 false wait %v outside [1s, 5s)", d)
		}
		resume, _ = s.target()
		assert.Equal(t, "identifies", resume, false)
	}
}

func TestFailedResumeDialForgetsResumeURL(t *testing.T) {
	s := testSession(t, nil)
	s.sessionID, s.resumeURL = "abc", "wss://resume.example"
	_, err := s.decide(connResult{cause: &dialError{url: "wss://resume.example", err: errors.New("refused")}, resumed: true}, 1)
	assert.Success(t, err)
	resume, url := s.target()
	assert.Equal(t, "still resumes", resume, true)
	assert.Equal(t, "at the main URL", url, s.baseURL)
}

func TestBackoffBounds(t *testing.T) {
	s := testSession(t, func(o *Options) { o.Backoff = Backoff{Base: time.Second, Max: 30 * time.Second, Jitter: 0.5} })
	assert.Equal(t, "first retry after a healthy connection", s.backoff(0), time.Duration(0))
	for fails := 1; fails < 70; fails++ {
		want := 30 * time.Second
		if fails < 10 {
			want = min(time.Second<<(fails-1), want)
		}
		for _, r := range []float64{0, 0.5, 0.99999} {
			s.rnd = func() float64 { return r }
			d := s.backoff(fails)
			if d > want || d < want/2 {
				t.Fatalf("fails=%d r=%v: delay %v outside [%v, %v]", fails, r, d, want/2, want)
			}
		}
	}
	s.opts.Backoff.Jitter = 0
	assert.Equal(t, "no jitter", s.backoff(3), 4*time.Second)
}

func TestGatewayURL(t *testing.T) {
	u, err := gatewayURL("wss://gateway.discord.gg", CompressZstd)
	assert.Success(t, err)
	assert.Equal(t, "url", u, "wss://gateway.discord.gg/?compress=zstd-stream&encoding=json&v=10")
	u, err = gatewayURL("https://x.example/gw?v=9&compress=zlib-stream&foo=1", CompressNone)
	assert.Success(t, err)
	assert.Equal(t, "url", u, "wss://x.example/gw?encoding=json&foo=1&v=10")
	for _, bad := range []string{"ftp://x", "wss://", "::"} {
		_, err := gatewayURL(bad, CompressNone)
		assert.Error(t, err)
	}
}

func TestOptionsValidation(t *testing.T) {
	_, err := New(nil)
	assert.Error(t, err)
	bad := []struct {
		edit func(*Options)
		msg  string
	}{
		{func(o *Options) { o.Token = "" }, "Token is required"},
		{func(o *Options) { o.URL = "" }, "URL is required"},
		{func(o *Options) { o.URL = "mailto:x" }, "must use wss://"},
		{func(o *Options) { o.Intents = 1 << 17 }, "undocumented bits"},
		{func(o *Options) { o.ShardID, o.ShardCount = 2, 2 }, "out of range"},
		{func(o *Options) { o.ShardID = 1 }, "out of range"},
		{func(o *Options) { o.LargeThreshold = 10 }, "between 50 and 250"},
		{func(o *Options) { o.Compression = "lz4" }, "unknown compression"},
		{func(o *Options) { o.BufferSize = -1 }, "BufferSize"},
		{func(o *Options) { o.Backoff.Jitter = 2 }, "Jitter"},
		{func(o *Options) { o.MaxMessageSize = 10 }, "MaxMessageSize"},
	}
	for _, b := range bad {
		o := &Options{Token: "secret-token", URL: "wss://gateway.example"}
		b.edit(o)
		_, err := New(o)
		assert.Error(t, err)
		assert.Contains(t, err.Error(), b.msg)
		if strings.Contains(err.Error(), "secret-token") {
			t.Fatalf("error leaks the token: %v", err)
		}
	}
	s := testSession(t, nil)
	assert.Equal(t, "default compression", s.opts.Compression, CompressZstd)
	assert.Equal(t, "default intents", s.opts.Intents, discord.IntentsNonPrivileged)
	assert.Equal(t, "default buffer", cap(s.events), DefaultBufferSize)
}

func TestStateRoundTrip(t *testing.T) {
	s := testSession(t, func(o *Options) {
		o.State = SessionState{ID: "sess", Sequence: 77, ResumeURL: "wss://resume.example"}
	})
	assert.Equal(t, "state", s.State(), SessionState{ID: "sess", Sequence: 77, ResumeURL: "wss://resume.example"})
	resume, url := s.target()
	assert.Equal(t, "resumes", resume, true)
	assert.Contains(t, url, "wss://resume.example/?")
	assert.Equal(t, "seq for RESUME", s.seq.Load(), int64(77))
	// A delivered event of the current session moves State's sequence; one
	// from an older session does not.
	s.markDelivered(Event{Seq: 80, gen: 0})
	assert.Equal(t, "seq", s.State().Sequence, int64(80))
	s.markDelivered(Event{Seq: 90, gen: 5})
	assert.Equal(t, "seq", s.State().Sequence, int64(80))
}

func TestSendRefusesBadCommands(t *testing.T) {
	s := testSession(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	big := discord.PresenceUpdate{Status: discord.StatusOnline, Activities: []discord.Activity{{Name: strings.Repeat("x", 5000)}}}
	assert.ErrorIs(t, s.UpdatePresence(ctx, big), ErrPayloadTooLarge)
	for _, op := range []discord.Opcode{discord.OpHeartbeat, discord.OpIdentify, discord.OpResume, discord.OpHello, discord.OpDispatch} {
		assert.Error(t, s.Send(ctx, op, nil))
	}
	assert.ErrorIs(t, s.RequestGuildMembers(ctx, discord.RequestGuildMembers{GuildID: 1}), errNoMemberQuery)
	q := ""
	err := s.RequestGuildMembers(ctx, discord.RequestGuildMembers{GuildID: 1, Query: &q, Nonce: strings.Repeat("n", 33)})
	assert.Contains(t, err.Error(), "nonce")
	assert.Error(t, s.UpdateVoiceState(ctx, discord.VoiceStateUpdateCommand{}))
	assert.Error(t, s.RequestSoundboardSounds(ctx, discord.RequestSoundboardSounds{}))
	assert.Error(t, s.RequestChannelInfo(ctx, discord.RequestChannelInfo{GuildID: 1}))
	// Not connected: a valid command waits for readiness until ctx ends.
	err = s.UpdatePresence(ctx, discord.PresenceUpdate{Status: discord.StatusIdle})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestMemberChunkCollector(t *testing.T) {
	s := testSession(t, nil)
	w := &memberWaiter{nonce: "n1", done: make(chan struct{})}
	s.waiters["n1"] = w
	s.waiting.Add(1)
	chunk := func(i, n int, nonce string) *Event {
		return &Event{Name: discord.EventGuildMembersChunk, Raw: []byte(fmt.Sprintf(
			`{"guild_id":"1","members":[],"chunk_index":%d,"chunk_count":%d,"nonce":%q}`, i, n, nonce))}
	}
	s.feedWaiters(chunk(2, 3, "n1"))
	s.feedWaiters(chunk(0, 3, "other"))
	s.feedWaiters(chunk(2, 3, "n1")) // replayed: ignored
	s.feedWaiters(chunk(0, 3, "n1"))
	select {
	case <-w.done:
		t.Fatal("done after 2 of 3 chunks")
	default:
	}
	s.feedWaiters(chunk(1, 3, "n1"))
	<-w.done
	assert.Success(t, w.err)
	var idx []string
	for _, e := range w.chunks {
		idx = append(idx, string(e.Raw[strings.Index(string(e.Raw), `"chunk_index"`):][:15]))
	}
	assert.Equal(t, "chunks in order", idx, []string{`"chunk_index":0`, `"chunk_index":1`, `"chunk_index":2`})
	assert.Equal(t, "waiter removed", len(s.waiters), 0)

	w2 := &memberWaiter{nonce: "n2", done: make(chan struct{})}
	s.waiters["n2"] = w2
	s.waiting.Add(1)
	s.feedWaiters(&Event{Name: discord.EventRateLimited, Raw: []byte(`{"opcode":8,"retry_after":12.5,"meta":{"guild_id":"1","nonce":"n2"}}`)})
	<-w2.done
	var rl *RateLimitedError
	if !errors.As(w2.err, &rl) || rl.RetryAfter != 12500*time.Millisecond {
		t.Fatalf("rate limited: %v", w2.err)
	}

	w3 := &memberWaiter{nonce: "n3", done: make(chan struct{})}
	s.waiters["n3"] = w3
	s.waiting.Add(1)
	s.clearSession()
	<-w3.done
	assert.ErrorIs(t, w3.err, ErrSessionInvalidated)
	assert.Equal(t, "waiting count", s.waiting.Load(), int32(0))
}

func TestReplayedDispatchesAreDroppedOnce(t *testing.T) {
	s := testSession(t, nil)
	c := &conn{ctx: t.Context()}
	for _, seq := range []int{1, 2, 3, 2, 3, 4, 1, 5} {
		name := "X"
		if seq == 1 {
			name = discord.EventReady
		}
		p := discord.AppendDispatch(nil, int64(seq), name, []byte(`{"session_id":"s","resume_gateway_url":"wss://r"}`))
		assert.Success(t, s.handlePayload(c, p))
	}
	var got []int64
	for len(s.events) > 0 {
		got = append(got, (<-s.events).Seq)
	}
	assert.Equal(t, "delivered", got, []int64{1, 2, 3, 4, 5})
	assert.Equal(t, "duplicates", s.Metrics().Duplicates, uint64(3))
	assert.Equal(t, "seq", s.seq.Load(), int64(5))
}
