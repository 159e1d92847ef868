package rest_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// fakeClient returns a client for s with its own limiter.
func fakeClient(t testing.TB, s *discordtest.Server, token string, lopts *ratelimit.RESTOptions) (*rest.Client, *ratelimit.RESTLimiter) {
	t.Helper()
	l, err := ratelimit.NewRESTLimiter(lopts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := rest.New(token, &rest.Options{BaseURL: s.URL(), HTTPClient: s.Client(), Limiter: l})
	if err != nil {
		t.Fatal(err)
	}
	return c, l
}

func seed(t testing.TB, s *discordtest.Server, g discordtest.GuildSeed) discordtest.SeededGuild {
	t.Helper()
	sg, err := s.SeedGuild(g)
	if err != nil {
		t.Fatal(err)
	}
	return sg
}

func noRateLimits(t testing.TB, s *discordtest.Server) {
	t.Helper()
	if got := s.RateLimited(); got != (discordtest.RateLimitCounts{}) {
		t.Fatalf("the fake sent 429s: %+v", got)
	}
}

// Test200GoroutinesOneChannel: 200 goroutines post 3 messages each to one
// channel (5 per 5 s): no 429 ever, and each goroutine's messages are created
// in the order it sent them.
func Test200GoroutinesOneChannel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, l := fakeClient(t, s, s.Token(), nil)
		const goroutines, each = 200, 3
		ids := make([][]discord.Snowflake, goroutines)
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for i := range each {
					m, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: fmt.Sprintf("g%d-%d", g, i)})
					if err != nil {
						t.Errorf("goroutine %d message %d: %v", g, i, err)
						return
					}
					ids[g] = append(ids[g], m.ID)
				}
			})
		}
		wg.Wait()
		noRateLimits(t, s)
		for g, list := range ids {
			assert.Equal(t, "messages of goroutine "+strconv.Itoa(g), len(list), each)
			for i := 1; i < len(list); i++ {
				if list[i] <= list[i-1] {
					t.Fatalf("goroutine %d: message %d was created before message %d", g, i, i-1)
				}
			}
		}
		assert.Equal(t, "in flight", l.Stats().InFlight, 0)
		// The channel holds them all, in per-goroutine order.
		var all []discord.Message
		var before discord.Snowflake
		for {
			page, err := c.ListMessages(t.Context(), ch, rest.ListMessagesParams{Before: before, Limit: 100})
			assert.Success(t, err)
			if len(page) == 0 {
				break
			}
			all = append(all, page...)
			before = page[len(page)-1].ID
		}
		assert.Equal(t, "messages in the channel", len(all), goroutines*each)
		next := make(map[string]int)
		for i := len(all) - 1; i >= 0; i-- { // oldest first
			g, n, _ := strings.Cut(all[i].Content, "-")
			want := strconv.Itoa(next[g])
			if n != want {
				t.Fatalf("%s: message %s arrived where %s was expected", g, n, want)
			}
			next[g]++
		}
		noRateLimits(t, s)
	})
}

// TestSharedBucketLimitedTogether: GET one message and GET the list share the
// fake's "messages.read" bucket (5 per 5 s); hammering both at once never
// draws a 429, which it would if they were limited apart.
func TestSharedBucketLimitedTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, l := fakeClient(t, s, s.Token(), nil)
		m, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: "x"})
		assert.Success(t, err)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				var err error
				if i%2 == 0 {
					_, err = c.GetMessage(t.Context(), ch, m.ID)
				} else {
					_, err = c.ListMessages(t.Context(), ch, rest.ListMessagesParams{Limit: 1})
				}
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		noRateLimits(t, s)
		// 40 requests at 5 per 5 s need at least 7 full windows.
		if took := time.Since(start); took < 35*time.Second {
			t.Fatalf("40 requests on one 5-per-5s bucket took only %v", took)
		}
		assert.Equal(t, "routes learned", l.Stats().Routes >= 2, true)
	})
}

// TestGlobalLimitNeverExceeded: 100 channels, 4 messages each, all at once:
// the per-channel buckets allow 400 requests at once, the global limit 50/s.
func TestGlobalLimitNeverExceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		g := seed(t, s, discordtest.GuildSeed{TextChannels: 100})
		c, _ := fakeClient(t, s, s.Token(), nil)
		var wg sync.WaitGroup
		for _, ch := range g.Channels {
			for i := range 4 {
				wg.Go(func() {
					if _, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: strconv.Itoa(i)}); err != nil {
						t.Error(err)
					}
				})
			}
		}
		wg.Wait()
		noRateLimits(t, s)
		// And the global limit was the bottleneck: 400 requests at 50/s.
		reqs := s.Requests()
		first, last := reqs[0].Time, reqs[len(reqs)-1].Time
		if d := last.Sub(first); d < 7*time.Second {
			t.Fatalf("400 requests in %v: faster than 50/s", d)
		}
	})
}

// TestUnauthorizedStormBrakes: with a bad token every request is a 401. The
// client stops at its brake, before the fake's ban threshold.
func TestUnauthorizedStormBrakes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{InvalidRequestLimit: 200, InvalidRequestWindow: time.Minute})
		c, _ := fakeClient(t, s, "bad.token.value", &ratelimit.RESTOptions{InvalidRequestLimit: 200,
			InvalidRequestWindow: time.Minute})
		sent := 0
		for ; sent < 1000; sent++ {
			_, err := c.CurrentUser(t.Context())
			if errors.Is(err, ratelimit.ErrInvalidRequestBudget) {
				break
			}
			assert.ErrorIs(t, err, rest.ErrUnauthorized)
		}
		assert.Equal(t, "401s before the brake", sent, 180)
		assert.Equal(t, "bans", s.RateLimited().Ban, 0)
		if n := s.InvalidRequests(); n >= 200 {
			t.Fatalf("the fake counted %d invalid requests: banned", n)
		}
		var be *ratelimit.BudgetError
		_, err := c.CurrentUser(t.Context())
		if !errors.As(err, &be) {
			t.Fatalf("want *BudgetError, got %v", err)
		}
		// The brake lifts once the window has moved on.
		time.Sleep(be.RetryAfter)
		_, err = c.CurrentUser(t.Context())
		assert.ErrorIs(t, err, rest.ErrUnauthorized)
	})
}

// TestCancellationFreesSlots: a request stalled by the fake is cancelled; its
// slot comes back and the next request goes through at once.
func TestCancellationFreesSlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, l := fakeClient(t, s, s.Token(), nil)
		_, err := c.GetChannel(t.Context(), ch) // learn the bucket
		assert.Success(t, err)
		remove := s.InjectREST(discordtest.RESTFault{Method: "GET", Route: "/channels/{channel_id}", Stall: true, Times: 1})
		defer remove()
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			_, err := c.GetChannel(ctx, ch)
			done <- err
		}()
		synctest.Wait()
		assert.Equal(t, "in flight while stalled", l.Stats().InFlight, 1)
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		assert.Equal(t, "in flight after cancel", l.Stats().InFlight, 0)
		_, err = c.GetChannel(t.Context(), ch)
		assert.Success(t, err)
	})
}

// TestDeadlineFailsFastOnEmptyBucket: when the bucket is empty for longer than
// the caller's deadline, the call fails at once with *RateLimitError.
func TestDeadlineFailsFastOnEmptyBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, _ := fakeClient(t, s, s.Token(), nil)
		for i := range 5 {
			_, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: strconv.Itoa(i)})
			assert.Success(t, err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: "late"})
		var rle *rest.RateLimitError
		if !errors.As(err, &rle) {
			t.Fatalf("want *RateLimitError, got %v", err)
		}
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "waited", time.Since(start), time.Duration(0))
		noRateLimits(t, s)
	})
}

// TestServerErrorsRetriedOnlyWhenSafe: 503s are retried for GET and for a
// create with nonce+enforce_nonce, never for a plain create.
func TestServerErrorsRetriedOnlyWhenSafe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, _ := fakeClient(t, s, s.Token(), nil)
		count := func(method string) int {
			n := 0
			for _, r := range s.Requests() {
				if r.Method == method && r.Route == "/channels/{channel_id}/messages" {
					n++
				}
			}
			return n
		}
		s.InjectREST(discordtest.RESTFault{Method: "POST", Route: "/channels/{channel_id}/messages", Status: 503, Times: 1})
		_, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: "once"})
		var e *rest.Error
		if !errors.As(err, &e) || e.Status != 503 {
			t.Fatalf("want a 503 *rest.Error, got %v", err)
		}
		assert.Equal(t, "plain create attempts", count("POST"), 1)

		s.InjectREST(discordtest.RESTFault{Method: "POST", Route: "/channels/{channel_id}/messages", Status: 503, Times: 2})
		m, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: "safe", Nonce: "n-1", EnforceNonce: true})
		assert.Success(t, err)
		assert.Equal(t, "content", m.Content, "safe")
		assert.Equal(t, "idempotent create attempts", count("POST"), 4)

		s.InjectREST(discordtest.RESTFault{Method: "GET", Route: "/channels/{channel_id}/messages", Status: 502, Times: 2})
		_, err = c.ListMessages(t.Context(), ch, rest.ListMessagesParams{})
		assert.Success(t, err)
		assert.Equal(t, "list attempts", count("GET"), 3)
	})
}

// TestForced429Retried: a shared-scope 429 is waited out and retried without
// counting as invalid.
func TestForced429Retried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, l := fakeClient(t, s, s.Token(), nil)
		s.InjectREST(discordtest.RESTFault{Route: "/channels/{channel_id}", Status: 429, Scope: "shared",
			RetryAfter: 2 * time.Second, Times: 1})
		start := time.Now()
		_, err := c.GetChannel(t.Context(), ch)
		assert.Success(t, err)
		if took := time.Since(start); took < 2*time.Second {
			t.Fatalf("retried after %v, before retry_after (2s)", took)
		}
		assert.Equal(t, "invalid requests counted", l.Stats().InvalidRequests, 0)
	})
}

// TestCloudflareBanStopsEverything: once banned (here by a fake whose ban
// threshold is far below the client's brake), the client stops sending on
// every route instead of hammering the ban.
func TestCloudflareBanStopsEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{InvalidRequestLimit: 10, BanDuration: time.Hour})
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		bad, _ := fakeClient(t, s, "bad.token", nil)
		for range 10 {
			_, err := bad.CurrentUser(t.Context())
			assert.ErrorIs(t, err, rest.ErrUnauthorized)
		}
		good, _ := fakeClient(t, s, s.Token(), nil)
		_, err := good.GetChannel(t.Context(), ch)
		var rle *rest.RateLimitError
		if !errors.As(err, &rle) || !rle.Global {
			t.Fatalf("want a global *RateLimitError for the ban, got %v", err)
		}
		sent := len(s.Requests())
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		_, err = good.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: "x"})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "requests sent while banned", len(s.Requests()), sent)
	})
}
