package discordtest

import (
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/scurrygo/scurry/internal/assert"
)

func TestBucketHeadersAnd429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{})
		path := "/channels/" + g.Channels[0].String() + "/messages"
		var hash string
		for i := range 5 {
			r := call(t, s, "POST", path, map[string]any{"content": "hi " + strconv.Itoa(i)})
			assert.Equal(t, "status", r.Status, 200)
			assert.Equal(t, "limit", r.Header.Get("X-RateLimit-Limit"), "5")
			assert.Equal(t, "remaining", r.Header.Get("X-RateLimit-Remaining"), strconv.Itoa(4-i))
			assert.Equal(t, "reset after", r.Header.Get("X-RateLimit-Reset-After"), "5.000")
			hash = r.Header.Get("X-RateLimit-Bucket")
			if hash == "" || r.Header.Get("X-RateLimit-Reset") == "" {
				t.Fatal("missing bucket headers")
			}
		}
		r := call(t, s, "POST", path, map[string]any{"content": "too many"})
		assert.Equal(t, "status", r.Status, 429)
		assert.Equal(t, "scope", r.Header.Get("X-RateLimit-Scope"), "user")
		assert.Equal(t, "retry-after", r.Header.Get("Retry-After"), "5")
		assert.Equal(t, "no global header", r.Header.Get("X-RateLimit-Global"), "")
		var body struct {
			Message    string  `json:"message"`
			RetryAfter float64 `json:"retry_after"`
			Global     bool    `json:"global"`
		}
		r.decode(t, &body)
		assert.Equal(t, "retry_after", body.RetryAfter, 5.0)
		assert.Equal(t, "global", body.Global, false)
		assert.Equal(t, "counted", s.RateLimited().User, 1)

		// Another channel (major parameter) has its own quota, same hash.
		other := call(t, s, "POST", "/guilds/"+g.ID.String()+"/channels", map[string]any{"name": "two"})
		var ch struct {
			ID string `json:"id"`
		}
		other.decode(t, &ch)
		r = call(t, s, "POST", "/channels/"+ch.ID+"/messages", map[string]any{"content": "x"})
		assert.Equal(t, "other channel", r.Status, 200)
		assert.Equal(t, "same hash", r.Header.Get("X-RateLimit-Bucket"), hash)

		time.Sleep(5 * time.Second)
		assert.Equal(t, "after reset", call(t, s, "POST", path, map[string]any{"content": "again"}).Status, 200)
	})
}

// GET /channels/{id}/messages and GET /channels/{id}/messages/{id} share one
// bucket: one hash, one quota.
func TestSharedBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, _ := s.SeedGuild(GuildSeed{})
		base := "/channels/" + g.Channels[0].String() + "/messages"
		var m struct {
			ID string `json:"id"`
		}
		call(t, s, "POST", base, map[string]any{"content": "x"}).decode(t, &m)
		list := call(t, s, "GET", base, nil)
		one := call(t, s, "GET", base+"/"+m.ID, nil)
		assert.Equal(t, "same hash", one.Header.Get("X-RateLimit-Bucket"), list.Header.Get("X-RateLimit-Bucket"))
		assert.Equal(t, "shared quota", one.Header.Get("X-RateLimit-Remaining"), "3")
		create := call(t, s, "POST", base, map[string]any{"content": "y"})
		if create.Header.Get("X-RateLimit-Bucket") == list.Header.Get("X-RateLimit-Bucket") {
			t.Fatal("create shares the read bucket")
		}
	})
}

func TestGlobalLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{GlobalLimit: 3})
		for range 3 {
			assert.Equal(t, "ok", call(t, s, "GET", "/users/@me", nil).Status, 200)
		}
		r := call(t, s, "GET", "/gateway/bot", nil)
		assert.Equal(t, "status", r.Status, 429)
		assert.Equal(t, "global header", r.Header.Get("X-RateLimit-Global"), "true")
		assert.Equal(t, "scope", r.Header.Get("X-RateLimit-Scope"), "global")
		var body struct {
			Global bool `json:"global"`
		}
		r.decode(t, &body)
		assert.Equal(t, "global body", body.Global, true)
		assert.Equal(t, "counted", s.RateLimited().Global, 1)

		// Interaction callbacks are exempt.
		g, _ := s.SeedGuild(GuildSeed{Members: 1})
		in, err := s.TriggerInteraction(InteractionSeed{GuildID: g.ID, Data: map[string]any{"name": "ping", "type": 1}})
		assert.Success(t, err)
		cb := call(t, s, "POST", "/interactions/"+in.ID.String()+"/"+in.Token+"/callback", map[string]any{"type": 4, "data": map[string]any{"content": "pong"}})
		assert.Equal(t, "exempt", cb.Status, 204)

		time.Sleep(time.Second)
		assert.Equal(t, "next window", call(t, s, "GET", "/users/@me", nil).Status, 200)
	})
}

// Forced shared 429s do not count against the invalid-request budget; 401s
// do, and past the limit every request gets a Cloudflare-style ban.
func TestSharedScopeAndBan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{InvalidRequestLimit: 5, BanDuration: time.Minute})
		remove := s.InjectREST(RESTFault{Route: "/users/@me", Status: 429, Scope: "shared", RetryAfter: 2 * time.Second, Times: 3})
		for range 3 {
			r := call(t, s, "GET", "/users/@me", nil)
			assert.Equal(t, "shared", r.Header.Get("X-RateLimit-Scope"), "shared")
			assert.Equal(t, "retry", r.Header.Get("Retry-After"), "2")
			assert.Equal(t, "bucket untouched", r.Header.Get("X-RateLimit-Remaining"), "50")
		}
		remove()
		assert.Equal(t, "not counted", s.InvalidRequests(), 0)
		assert.Equal(t, "shared count", s.RateLimited().Shared, 3)

		for range 5 {
			r := call(t, s, "GET", "/users/@me", nil, "Authorization", "Bot wrong")
			assert.Equal(t, "401", r.Status, 401)
		}
		r := call(t, s, "GET", "/users/@me", nil)
		assert.Equal(t, "banned", r.Status, 429)
		assert.Contains(t, string(r.Body), "1015")
		assert.Equal(t, "no bucket headers", r.Header.Get("X-RateLimit-Bucket"), "")
		assert.Equal(t, "ban count", s.RateLimited().Ban, 1)
		time.Sleep(time.Minute)
		assert.Equal(t, "ban over", call(t, s, "GET", "/users/@me", nil).Status, 200)
	})
}

func TestRouteWindowAndOverrides(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{RouteWindow: 10 * time.Millisecond})
		r := call(t, s, "GET", "/users/@me", nil)
		assert.Equal(t, "scaled window", r.Header.Get("X-RateLimit-Reset-After"), "0.010")
		s.SetRouteLimit("users.me", 1, time.Second)
		time.Sleep(10 * time.Millisecond)
		call(t, s, "GET", "/users/@me", nil)
		assert.Equal(t, "override", call(t, s, "GET", "/users/@me", nil).Status, 429)
	})
}

func TestRESTFaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		s.InjectREST(RESTFault{Method: "GET", Route: "/gateway/bot", Status: 502, Times: 1})
		assert.Equal(t, "502", call(t, s, "GET", "/gateway/bot", nil).Status, 502)
		assert.Equal(t, "then ok", call(t, s, "GET", "/gateway/bot", nil).Status, 200)

		s.InjectREST(RESTFault{Route: "/users/@me", Delay: 3 * time.Second, Times: 1})
		start := time.Now()
		assert.Equal(t, "delayed ok", call(t, s, "GET", "/users/@me", nil).Status, 200)
		assert.Equal(t, "delay", time.Since(start), 3*time.Second)

		s.InjectREST(RESTFault{Route: "/users/@me", Stall: true, Times: 1})
		ctx, cancel := contextWithTimeout(5 * time.Second)
		defer cancel()
		req, _ := newRequest(ctx, s, "GET", "/users/@me")
		if _, err := s.Client().Do(req); err == nil {
			t.Fatal("stalled request answered")
		}
	})
}

// The global window is rolling: a fixed window restarted at 1.0 s would let
// the fourth request through at 1.1 s; a rolling one must not.
func TestGlobalWindowIsRolling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{GlobalLimit: 3})
		at := func(d time.Duration) int {
			time.Sleep(d)
			return call(t, s, "GET", "/users/@me", nil).Status
		}
		assert.Equal(t, "t=0", at(0), 200)
		assert.Equal(t, "t=0.5", at(500*time.Millisecond), 200)
		assert.Equal(t, "t=0.9", at(400*time.Millisecond), 200)
		assert.Equal(t, "t=1.0", at(100*time.Millisecond), 200) // the t=0 request left the window
		r := call(t, s, "GET", "/gateway/bot", nil)
		assert.Equal(t, "t=1.0 again", r.Status, 429)
		var body struct {
			RetryAfter float64 `json:"retry_after"`
		}
		r.decode(t, &body)
		assert.Equal(t, "retry until t=1.5", body.RetryAfter, 0.5)
		assert.Equal(t, "t=1.5", at(500*time.Millisecond), 200)
	})
}

// A Processed fault fails after the request was served: the message exists,
// the bucket slot is spent, and the 500 carries no rate-limit headers. A
// request the bucket refuses still gets its 429.
func TestProcessedFault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, nil)
		g, err := s.SeedGuild(GuildSeed{})
		if err != nil {
			t.Fatal(err)
		}
		path := "/channels/" + g.Channels[0].String() + "/messages"
		ok := call(t, s, "POST", path, map[string]any{"content": "a"})
		assert.Equal(t, "first", ok.Status, 200)
		left := ok.Header.Get("X-RateLimit-Remaining")
		s.InjectREST(RESTFault{Method: "POST", Route: "/channels/{channel_id}/messages", Status: 500, Processed: true, Times: 1})
		r := call(t, s, "POST", path, map[string]any{"content": "b"})
		assert.Equal(t, "status", r.Status, 500)
		assert.Equal(t, "no bucket headers", r.Header.Get("X-RateLimit-Bucket")+r.Header.Get("X-RateLimit-Remaining"), "")
		assert.Equal(t, "both stored", len(s.Messages(g.Channels[0])), 2)
		next := call(t, s, "POST", path, map[string]any{"content": "c"})
		assert.Equal(t, "the 500 spent a slot", next.Header.Get("X-RateLimit-Remaining"), strconv.Itoa(atoi(t, left)-2))

		s.InjectREST(RESTFault{Method: "POST", Route: "/channels/{channel_id}/messages", Status: 503, Processed: true})
		statuses := map[int]int{}
		for range 4 {
			statuses[call(t, s, "POST", path, map[string]any{"content": "d"}).Status]++
		}
		assert.Equal(t, "refused by the bucket", statuses[429], 2)
		assert.Equal(t, "served then failed", statuses[503], 2)
	})
}

func atoi(tb testing.TB, s string) int {
	tb.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Fatalf("%q: %v", s, err)
	}
	return n
}
