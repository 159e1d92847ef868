package rest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

const createRoute = "/channels/{channel_id}/messages"

// storedContents counts the fake's stored messages of ch by content.
func storedContents(t *testing.T, s *discordtest.Server, ch discord.Snowflake) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, raw := range s.Messages(ch) {
		var m struct {
			Content string `json:"content"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		out[m.Content]++
	}
	return out
}

// TestGlobalLimitFairness20x20: 20 channels x 20 messages, one goroutine per
// message, against the global limit of 50/s (route windows of 1 s, so the
// global limit is the bound: 400 messages need 7 s). Global waiters are
// served in order of arrival, so no channel is left behind for a stretched
// last round: at least 99% of the allowed rate, and no 429 at all.
func TestGlobalLimitFairness20x20(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, &discordtest.Options{RouteWindow: time.Second})
		g := seed(t, s, discordtest.GuildSeed{TextChannels: 20})
		c, _ := fakeClient(t, s, s.Token(), nil)
		start := time.Now()
		var wg sync.WaitGroup
		// Callers arrive one after another (each is blocked in the client
		// before the next starts), round robin over the channels, so the
		// order of arrival, and with it the result, does not depend on how
		// the scheduler happened to start 400 goroutines.
		for i := range 20 {
			for ch := range 20 {
				wg.Go(func() {
					content := strconv.Itoa(ch) + "-" + strconv.Itoa(i)
					if _, err := c.CreateMessage(t.Context(), g.Channels[ch], &rest.CreateMessageParams{Content: content}); err != nil {
						t.Errorf("%s: %v", content, err)
					}
				})
				synctest.Wait()
			}
		}
		wg.Wait()
		took := time.Since(start)
		noRateLimits(t, s)
		const ideal = 7 * time.Second // (400/50 - 1) global windows
		if share := ideal.Seconds() / took.Seconds(); share < 0.99 {
			t.Fatalf("took %v for an ideal of %v: %.1f%% of the allowed rate, want >= 99%%", took, ideal, 100*share)
		}
		for ch := range 20 {
			assert.Equal(t, "messages in channel "+strconv.Itoa(ch), len(s.Messages(g.Channels[ch])), 20)
		}
	})
}

// TestNonceCreateRetriedOn500: a create with nonce and enforce_nonce is safe
// to repeat, so a 500 is retried. Whether the 500 came before Discord acted
// (the retry creates it) or after (the retry returns the same message), the
// message exists exactly once and the call succeeds. A create without a nonce
// is never sent twice: the 500 is returned.
func TestNonceCreateRetriedOn500(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		l, err := ratelimit.NewRESTLimiter(nil)
		assert.Success(t, err)
		c, err := rest.New(s.Token(), &rest.Options{BaseURL: s.URL(), HTTPClient: s.Client(), Limiter: l, RetryBackoff: 10 * time.Millisecond})
		assert.Success(t, err)
		for i, processed := range []bool{false, true, false, true} {
			s.InjectREST(discordtest.RESTFault{Method: "POST", Route: createRoute, Status: 500, Processed: processed, Times: 1})
			content := "nonce-" + strconv.Itoa(i)
			_, err := c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: content, Nonce: content, EnforceNonce: true})
			assert.Success(t, err)
		}
		s.InjectREST(discordtest.RESTFault{Method: "POST", Route: createRoute, Status: 500, Times: 1})
		_, err = c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: "plain"})
		var apiErr *rest.Error
		if !errors.As(err, &apiErr) || apiErr.Status != 500 {
			t.Fatalf("a create without nonce: want the 500 as *rest.Error, got %v", err)
		}
		got := storedContents(t, s, ch)
		for i := range 4 {
			assert.Equal(t, "copies of nonce-"+strconv.Itoa(i), got["nonce-"+strconv.Itoa(i)], 1)
		}
		assert.Equal(t, "the plain create was not repeated", got["plain"], 0)
		noRateLimits(t, s)
	})
}

// TestHeaderless500KeepsSlotSpent: every third create is served by Discord
// but answered with a 500 without rate-limit headers (a proxy failing after
// Discord acted). When it used the bucket's last slot, the limiter must not
// hand the slot out again: 99 creates on one channel, no 429.
func TestHeaderless500KeepsSlotSpent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		ch := seed(t, s, discordtest.GuildSeed{}).Channels[0]
		c, _ := fakeClient(t, s, s.Token(), nil)
		var wg sync.WaitGroup
		for i := range 99 {
			if i%3 == 2 {
				s.InjectREST(discordtest.RESTFault{Method: "POST", Route: createRoute, Status: 500, Processed: true, Times: 1})
			}
			wg.Go(func() {
				c.CreateMessage(t.Context(), ch, &rest.CreateMessageParams{Content: strconv.Itoa(i)})
			})
			synctest.Wait() // one at a time, so that the fault hits every third
			if i%3 == 2 {
				wg.Wait()
			}
		}
		wg.Wait()
		noRateLimits(t, s)
		assert.Equal(t, "stored", len(s.Messages(ch)), 99)
	})
}

// refusingDoer dials nothing: every connection is refused, as by a closed
// port. It counts the dials.
func refusingDoer(dials *atomic.Int32) rest.Doer {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		},
	}}
}

// TestDialErrorFailsFast: 20 creates to a server that refuses connections all
// fail at once (no rate-limit slot stays counted, no retry), with the dial
// error reachable through errors.As; the limiter holds nothing afterwards.
func TestDialErrorFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var dials atomic.Int32
		l, err := ratelimit.NewRESTLimiter(nil)
		assert.Success(t, err)
		c, err := rest.New(testToken, &rest.Options{BaseURL: "http://discord.test/api/v10", HTTPClient: refusingDoer(&dials), Limiter: l})
		assert.Success(t, err)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				_, err := c.CreateMessage(t.Context(), 1234, &rest.CreateMessageParams{Content: strconv.Itoa(i)})
				var op *net.OpError
				if !errors.As(err, &op) || !errors.Is(err, syscall.ECONNREFUSED) {
					t.Errorf("create %d: want the dial error, got %v", i, err)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, "time spent", time.Since(start), time.Duration(0))
		assert.Equal(t, "dials", int(dials.Load()), 20)
		// A GET is safe to repeat, but a refused dial is not retried either.
		_, err = c.GetChannel(t.Context(), 1234)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
		assert.Equal(t, "dials after a GET", int(dials.Load()), 21)
		assert.Equal(t, "in flight", l.Stats().InFlight, 0)
	})
}
