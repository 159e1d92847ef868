package gateway_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestPresenceBurstNeverTrips4008(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, &discordtest.Options{HeartbeatInterval: 41250 * time.Millisecond})
		h := start(t, srv, nil)
		h.newConn()
		began := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, 500)
		for w := range 5 {
			wg.Go(func() {
				for i := range 100 {
					p := discord.PresenceUpdate{Status: discord.StatusOnline, Activities: []discord.Activity{{Name: "burst", Type: discord.ActivityPlaying}}}
					if (w+i)%2 == 0 {
						p.Status = discord.StatusIdle
					}
					errs <- h.s.UpdatePresence(t.Context(), p)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			assert.Success(t, err)
		}
		elapsed := time.Since(began)
		synctest.Wait()
		assert.Equal(t, "presence frames", len(framesOp(srv, discord.OpPresenceUpdate)), 500)
		assert.Equal(t, "no close at all", closeCodes(srv), []int(nil))
		assert.Equal(t, "one connection", h.s.Metrics().Connects, uint64(1))
		// 110 user commands per rolling minute: 500 need four full windows.
		if elapsed < 4*time.Minute || elapsed > 5*time.Minute {
			t.Fatalf("500 presence updates took %v", elapsed)
		}
		// Heartbeats kept going during the burst.
		if hb := len(framesOp(srv, discord.OpHeartbeat)); hb < 5 {
			t.Fatalf("only %d heartbeats during a %v burst", hb, elapsed)
		}
	})
}

func TestOversizedCommandIsNotSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h := start(t, srv, nil)
		h.newConn()
		before := len(srv.Frames())
		big := discord.PresenceUpdate{Status: discord.StatusOnline, Activities: []discord.Activity{{Name: strings.Repeat("x", 4100)}}}
		err := h.s.UpdatePresence(t.Context(), big)
		assert.ErrorIs(t, err, gateway.ErrPayloadTooLarge)
		synctest.Wait()
		assert.Equal(t, "frames", len(srv.Frames()), before)
	})
}

func TestFetchGuildMembersCollectsAllChunks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		g, err := srv.SeedGuild(discordtest.GuildSeed{Members: 2500})
		assert.Success(t, err)
		h := start(t, srv, nil)
		h.newConn()
		q := ""
		chunks, err := h.s.FetchGuildMembers(t.Context(), discord.RequestGuildMembers{GuildID: g.ID, Query: &q, Limit: 0})
		assert.Success(t, err)
		assert.Equal(t, "chunks", len(chunks), 3)
		total := 0
		for i, e := range chunks {
			c, ok := e.Data.(*discord.GuildMembersChunk)
			if !ok {
				t.Fatalf("chunk %d decoded as %T (%v)", i, e.Data, e.Err)
			}
			assert.Equal(t, "index", c.ChunkIndex, i)
			total += len(c.Members)
		}
		assert.Equal(t, "members (seeded + the bot)", total, 2501)

		// A second "all members" request within 30 s: RATE_LIMITED.
		_, err = h.s.FetchGuildMembers(t.Context(), discord.RequestGuildMembers{GuildID: g.ID, Query: &q, Limit: 0})
		var rl *gateway.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter <= 0 {
			t.Fatalf("second request: %v", err)
		}

		// Specific users, one of them unknown.
		chunks, err = h.s.FetchGuildMembers(t.Context(), discord.RequestGuildMembers{GuildID: g.ID, UserIDs: []discord.Snowflake{g.Members[0], g.Members[1], 12345}})
		assert.Success(t, err)
		c := chunks[0].Data.(*discord.GuildMembersChunk)
		assert.Equal(t, "found", len(c.Members), 2)
		assert.Equal(t, "not found", c.NotFound, []discord.Snowflake{12345})

		// ctx ends before the answer: the request gives up cleanly.
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err = h.s.FetchGuildMembers(ctx, discord.RequestGuildMembers{GuildID: g.ID, UserIDs: []discord.Snowflake{g.Members[2]}})
		assert.ErrorIs(t, err, context.Canceled)
	})
}

func TestOtherCommandsReachDiscord(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		g, err := srv.SeedGuild(discordtest.GuildSeed{VoiceChannels: 1})
		assert.Success(t, err)
		h := start(t, srv, nil)
		h.newConn()
		ctx := t.Context()
		ch := g.Channels[len(g.Channels)-1]
		assert.Success(t, h.s.UpdateVoiceState(ctx, discord.VoiceStateUpdateCommand{GuildID: g.ID, ChannelID: &ch}))
		assert.Success(t, h.s.RequestSoundboardSounds(ctx, discord.RequestSoundboardSounds{GuildIDs: []discord.Snowflake{g.ID}}))
		assert.Success(t, h.s.RequestChannelInfo(ctx, discord.RequestChannelInfo{GuildID: g.ID, Fields: []string{"status"}}))
		synctest.Wait()
		for _, op := range []discord.Opcode{discord.OpVoiceStateUpdate, discord.OpRequestSoundboardSounds, discord.OpRequestChannelInfo} {
			assert.Equal(t, op.String(), len(framesOp(srv, op)), 1)
		}
		assert.Equal(t, "no close", closeCodes(srv), []int(nil))
	})
}

func TestRestartFromSessionStateResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		h1 := start(t, srv, func(o *gateway.Options) { o.KeepSession = true })
		c1 := h1.newConn()
		dispatchN(t, srv, 0, 5)
		h1.collectN(0, 5)
		synctest.Wait()
		assert.ErrorIs(t, h1.stop(), context.Canceled)
		synctest.Wait() // let the fake record the close frame Run sent
		st := h1.s.State()
		assert.Equal(t, "state id", st.ID, c1.SessionID())
		assert.Equal(t, "state resume url", st.ResumeURL, srv.ResumeURL())
		assert.Equal(t, "state seq (READY + GUILD_CREATEs + 5)", st.Sequence, srv.Sessions()[0].Seq)
		if codes := closeCodes(srv); len(codes) != 1 || codes[0] == 1000 || codes[0] == 1001 {
			t.Fatalf("KeepSession closed with %v, want one code other than 1000/1001", codes)
		}
		// Events while no process runs the session.
		dispatchN(t, srv, 5, 10)

		h2 := start(t, srv, func(o *gateway.Options) { o.State = st })
		c2 := h2.newConn()
		assert.Equal(t, "resumed", c2.State(), discordtest.ConnResumed)
		assert.Equal(t, "same session", c2.SessionID(), st.ID)
		assert.Equal(t, "one identify in all", len(srv.Identifies()), 1)
		h2.collectN(5, 5)
		e := h2.nextNamed(discord.EventResumed)
		_ = e
	})
}

func TestUndeliveredEventsAreNotInState(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		var s *gateway.Session
		h := &harness{t: t, srv: srv, done: make(chan error, 1)}
		var err error
		s, err = gateway.New(&gateway.Options{Token: srv.Token(), URL: srv.GatewayURL(), HTTPClient: srv.Client(), KeepSession: true})
		assert.Success(t, err)
		h.s = s
		h.run()
		defer h.stop()
		// Pull mode: nobody calls Next yet.
		h.newConn()
		ready, err := s.Next(t.Context())
		assert.Success(t, err)
		assert.Equal(t, "first", ready.Name, discord.EventReady)
		dispatchN(t, srv, 0, 5)
		synctest.Wait()
		assert.Equal(t, "buffered", s.Metrics().Buffered, 5)
		assert.Equal(t, "state counts only what Next returned", s.State().Sequence, ready.Seq)
		for i := range 5 {
			e, err := s.Next(t.Context())
			assert.Success(t, err)
			assert.Equal(t, "n", eventN(t, e), i)
			assert.Equal(t, "state follows", s.State().Sequence, e.Seq)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, err = s.Next(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		// After Run returns, buffered events still come out, then ErrStopped.
		dispatchN(t, srv, 5, 7)
		synctest.Wait()
		assert.ErrorIs(t, h.stop(), context.Canceled)
		for i := 5; i < 7; i++ {
			e, err := s.Next(t.Context())
			assert.Success(t, err)
			assert.Equal(t, "n", eventN(t, e), i)
		}
		_, err = s.Next(t.Context())
		assert.ErrorIs(t, err, gateway.ErrStopped)
		assert.ErrorIs(t, err, context.Canceled)
	})
}

func TestSlowConsumerDoesNotStopHeartbeats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFake(t, nil)
		release := make(chan struct{})
		got := make(chan gateway.Event, 100)
		h := start(t, srv, func(o *gateway.Options) {
			o.BufferSize = 1
			o.Handler = func(ctx context.Context, e gateway.Event) {
				if e.Name == testEventName {
					<-release
				}
				got <- e
			}
		})
		h.newConn()
		dispatchN(t, srv, 0, 50)
		beatsBefore := len(framesOp(srv, discord.OpHeartbeat))
		time.Sleep(5 * time.Minute)
		beats := len(framesOp(srv, discord.OpHeartbeat)) - beatsBefore
		if beats < 25 {
			t.Fatalf("only %d heartbeats in 5 minutes with a stuck consumer", beats)
		}
		assert.Equal(t, "no reconnect", h.s.Metrics().Connects, uint64(1))
		close(release)
		want := 0
		for want < 50 {
			select {
			case e := <-got:
				if e.Name == testEventName {
					assert.Equal(t, "order", eventN(t, e), want)
					want++
				}
			case <-time.After(time.Minute):
				t.Fatalf("stuck after %d events", want)
			}
		}
	})
}
