package rest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/rest"
)

// TestListMembersAllPagesOnce: 1,050 members paged 100 at a time come out
// exactly once each, in id order, in 11 requests; stopping early sends no
// further request; a cancelled ctx ends the iteration with its error.
func TestListMembersAllPagesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		g := seed(t, s, discordtest.GuildSeed{Members: 1049}) // plus the bot
		c, _ := fakeClient(t, s, s.Token(), nil)
		ctx := t.Context()
		s.ResetRecords()

		var prev discord.Snowflake
		seen := map[discord.Snowflake]bool{}
		for m, err := range c.ListMembersAll(ctx, g.ID, 0, 100) {
			assert.Success(t, err)
			id := m.User.ID
			if seen[id] {
				t.Fatalf("member %s yielded twice", id)
			}
			if id <= prev {
				t.Fatalf("member %s after %s: not in id order", id, prev)
			}
			seen[id], prev = true, id
		}
		assert.Equal(t, "members", len(seen), 1050)
		for _, id := range g.Members {
			if !seen[id] {
				t.Errorf("member %s never yielded", id)
			}
		}
		assert.Equal(t, "requests", len(s.Requests()), 11)
		noRateLimits(t, s)

		s.ResetRecords()
		n := 0
		for _, err := range c.ListMembersAll(ctx, g.ID, 0, 100) {
			assert.Success(t, err)
			if n++; n == 150 {
				break
			}
		}
		assert.Equal(t, "requests after stopping at 150", len(s.Requests()), 2)

		cctx, cancel := context.WithCancel(ctx)
		cancel()
		var last error
		for _, err := range c.ListMembersAll(cctx, g.ID, 0, 100) {
			last = err
		}
		if !errors.Is(last, context.Canceled) {
			t.Fatalf("cancelled: got %v, want context.Canceled", last)
		}
	})
}

// TestGeneratedIteratorPagesOnce: the generated ListGuildBansAll follows the
// after cursor over 1,050 bans in pages of q.Limit: each ban once, in order,
// every request asking for the page size, 11 requests.
func TestGeneratedIteratorPagesOnce(t *testing.T) {
	const total, size = 1050, 100
	var requests []string
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		after, _ := discord.ParseSnowflake(r.URL.Query().Get("after"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		requests = append(requests, r.URL.RawQuery)
		var page []string
		for id := 1; id <= total && len(page) < limit; id++ {
			if discord.Snowflake(id*10) > after {
				page = append(page, fmt.Sprintf(`{"user":{"id":"%d","username":"u"},"reason":null}`, id*10))
			}
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "["+strings.Join(page, ",")+"]")
	}, nil)
	var prev discord.Snowflake
	n := 0
	for b, err := range c.ListGuildBansAll(t.Context(), 1, rest.ListGuildBansQuery{Limit: size}) {
		assert.Success(t, err)
		if b.User.ID <= prev {
			t.Fatalf("ban %s after %s", b.User.ID, prev)
		}
		prev = b.User.ID
		n++
	}
	assert.Equal(t, "bans", n, total)
	assert.Equal(t, "requests", len(requests), 11)
	for _, q := range requests {
		if !strings.Contains(q, "limit=100") {
			t.Errorf("request %q does not ask for the page size", q)
		}
	}
}

// TestListMessagesAllPagesOnce: 1,050 messages paged 100 at a time with the
// before cursor come out exactly once each, newest first, in 11 requests.
func TestListMessagesAllPagesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewServer(t, nil)
		g := seed(t, s, discordtest.GuildSeed{Members: 1, TextChannels: 1})
		ch := g.Channels[0]
		posted := map[discord.Snowflake]bool{}
		for i := range 1050 {
			id, err := s.UserMessage(ch, g.Members[0], "m"+strconv.Itoa(i))
			assert.Success(t, err)
			posted[id] = true
		}
		assert.Equal(t, "distinct ids posted", len(posted), 1050)
		c, _ := fakeClient(t, s, s.Token(), nil)
		s.ResetRecords()
		prev := discord.Snowflake(1<<63 - 1)
		seen := 0
		for m, err := range c.ListMessagesAll(t.Context(), ch, rest.ListMessagesParams{Limit: 100}) {
			assert.Success(t, err)
			if !posted[m.ID] {
				t.Fatalf("message %s yielded twice or never posted", m.ID)
			}
			if m.ID >= prev {
				t.Fatalf("message %s after %s: not newest first", m.ID, prev)
			}
			delete(posted, m.ID)
			prev = m.ID
			seen++
		}
		assert.Equal(t, "messages", seen, 1050)
		assert.Equal(t, "requests", len(s.Requests()), 11)
		noRateLimits(t, s)
	})
}

// TestAuditLogAllPagesOnce: the audit-log iterator pages 250 entries newest
// first with the before cursor, keeping the filters, each entry once.
func TestAuditLogAllPagesOnce(t *testing.T) {
	const total = 250
	var queries []string
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		queries = append(queries, r.URL.RawQuery)
		before := discord.Snowflake(1 << 62)
		if v := q.Get("before"); v != "" {
			before, _ = discord.ParseSnowflake(v)
		}
		limit, _ := strconv.Atoi(q.Get("limit"))
		var page []string
		for id := total; id >= 1 && len(page) < limit; id-- {
			if discord.Snowflake(id) < before {
				page = append(page, fmt.Sprintf(`{"id":"%d","action_type":72}`, id))
			}
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"audit_log_entries":[`+strings.Join(page, ",")+`],"users":[],"integrations":[],"webhooks":[],"guild_scheduled_events":[],"threads":[],"application_commands":[],"auto_moderation_rules":[]}`)
	}, nil)
	prev, n := discord.Snowflake(total+1), 0
	for e, err := range c.GetGuildAuditLogAll(t.Context(), 1, rest.GetGuildAuditLogQuery{Limit: 100, ActionType: discord.Some(discord.AuditLogEvent(72))}) {
		assert.Success(t, err)
		if e.ID >= prev {
			t.Fatalf("entry %s after %s", e.ID, prev)
		}
		prev = e.ID
		n++
	}
	assert.Equal(t, "entries", n, total)
	assert.Equal(t, "requests", len(queries), 3)
	for _, q := range queries {
		if !strings.Contains(q, "action_type=72") {
			t.Errorf("request %q lost the action_type filter", q)
		}
	}
}
