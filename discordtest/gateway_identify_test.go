package discordtest

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// Two IDENTIFYs in one bucket inside the window: the second gets op 9 false;
// another bucket is free; after the window the bucket is free again.
func TestIdentifyBuckets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxConcurrency: 2, IdentifyWindow: 5 * time.Second})
		ready(t, s, "", 0, &[2]int{0, 4})
		ready(t, s, "", 0, &[2]int{1, 4}) // bucket 1: allowed at once

		c := dialRaw(t, s, gw(s, ""))
		c.read()
		c.send(discord.OpIdentify, identify(s, 0, &[2]int{2, 4})) // bucket 0 again
		p := c.read()
		assert.Equal(t, "op", p.Op, discord.OpInvalidSession)
		assert.Equal(t, "d", string(p.D), "false")

		time.Sleep(5 * time.Second) // virtual: the identify window passes
		ready(t, s, "", 0, &[2]int{2, 4})

		recs := s.Identifies()
		assert.Equal(t, "records", len(recs), 4)
		assert.Equal(t, "refused", recs[2].Accepted, false)
		assert.Equal(t, "bucket", recs[2].Bucket, 0)
		assert.Equal(t, "violations", len(s.IdentifyBucketViolations()), 0)
		assert.Equal(t, "remaining", s.GatewayBot().SessionStartLimit.Remaining, 997)
	})
}

// Overrunning the session-start budget resets the token: every session ends
// with 4004 and REST answers 401 until the limit is set again.
func TestSessionStartBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxConcurrency: 16})
		s.SetSessionStartLimit(1000, 1, time.Hour, 0)
		live, _ := ready(t, s, "", 0, &[2]int{0, 2})
		assert.Equal(t, "remaining", s.GatewayBot().SessionStartLimit.Remaining, 0)

		c := dialRaw(t, s, gw(s, ""))
		c.read()
		c.send(discord.OpIdentify, identify(s, 0, &[2]int{1, 2}))
		c.expectClose(4004)
		live.expectClose(4004)

		s.SetSessionStartLimit(1000, 5, time.Hour, 0)
		ready(t, s, "", 0, &[2]int{1, 2})
	})
}

// The budget refills when reset_after passes.
func TestSessionStartRefill(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{SessionStartTotal: 10, SessionStartRemaining: 3, SessionStartResetAfter: time.Minute})
		gb := s.GatewayBot()
		assert.Equal(t, "remaining", gb.SessionStartLimit.Remaining, 3)
		assert.Equal(t, "reset_after", gb.SessionStartLimit.ResetAfter, 60000)
		time.Sleep(time.Minute)
		assert.Equal(t, "refilled", s.GatewayBot().SessionStartLimit.Remaining, 10)
	})
}

func TestShardRoutingAndIntents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxConcurrency: 2})
		g0, _ := s.SeedGuild(GuildSeed{Shard: [2]int{0, 2}})
		g1, _ := s.SeedGuild(GuildSeed{Shard: [2]int{1, 2}})
		assert.Equal(t, "shard of g0", ShardFor(g0.ID, 2), 0)
		assert.Equal(t, "shard of g1", ShardFor(g1.ID, 2), 1)
		c0, r0 := ready(t, s, "", discord.IntentGuildMessages, &[2]int{0, 2})
		c1, r1 := ready(t, s, "", discord.IntentGuildMessages|discord.IntentMessageContent, &[2]int{1, 2})
		assert.Equal(t, "guilds on shard 0", len(r0.Guilds), 1)
		assert.Equal(t, "guilds on shard 1", len(r1.Guilds), 1)

		msg := func(g discord.Snowflake, content string) map[string]any {
			return map[string]any{"id": "1", "guild_id": g, "content": content, "author": map[string]any{"id": "5"},
				"embeds": []any{map[string]any{"title": "x"}}, "mentions": []any{}}
		}
		assert.Success(t, s.Dispatch(g1.ID, "TYPING_START", map[string]any{"guild_id": g1.ID})) // no typing intent
		assert.Success(t, s.Dispatch(g0.ID, "MESSAGE_CREATE", msg(g0.ID, "secret")))
		assert.Success(t, s.Dispatch(g1.ID, "MESSAGE_CREATE", msg(g1.ID, "visible")))
		assert.Success(t, s.Dispatch(0, "MESSAGE_CREATE", msg(0, "dm"))) // needs DIRECT_MESSAGES: dropped

		var m struct {
			GuildID discord.Snowflake `json:"guild_id"`
			Content string            `json:"content"`
			Embeds  []any             `json:"embeds"`
		}
		p := c0.read()
		assert.Equal(t, "t", p.T, "MESSAGE_CREATE")
		assert.Success(t, json.Unmarshal(p.D, &m))
		assert.Equal(t, "blanked content", m.Content, "")
		assert.Equal(t, "blanked embeds", len(m.Embeds), 0)
		assert.Equal(t, "guild", m.GuildID, g0.ID)

		p = c1.read()
		assert.Equal(t, "t", p.T, "MESSAGE_CREATE") // TYPING_START was filtered
		assert.Success(t, json.Unmarshal(p.D, &m))
		assert.Equal(t, "content kept", m.Content, "visible")

		// A mention of the bot lifts the blanking.
		mention := msg(g0.ID, "hi bot")
		mention["mentions"] = []any{map[string]any{"id": s.BotUser()}}
		assert.Success(t, s.Dispatch(g0.ID, "MESSAGE_CREATE", mention))
		p = c0.read()
		assert.Success(t, json.Unmarshal(p.D, &m))
		assert.Equal(t, "mentioned", m.Content, "hi bot")
	})
}

// Sessions with different shard counts coexist; each gets the guilds its own
// count routes to it (resharding relies on this).
func TestMixedShardCounts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MaxConcurrency: 16})
		g, _ := s.SeedGuild(GuildSeed{Shard: [2]int{3, 4}})
		old, _ := ready(t, s, "", discord.IntentGuilds, &[2]int{ShardFor(g.ID, 2), 2})
		old.readDispatch("GUILD_CREATE")
		neu, _ := ready(t, s, "", discord.IntentGuilds, &[2]int{3, 4})
		neu.readDispatch("GUILD_CREATE")
		assert.Success(t, s.Dispatch(g.ID, "GUILD_UPDATE", map[string]any{"id": g.ID}))
		assert.Equal(t, "old set", old.read().T, "GUILD_UPDATE")
		assert.Equal(t, "new set", neu.read().T, "GUILD_UPDATE")
	})
}

func TestRequestGuildMembers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewServer(t, &Options{MemberRequestWindow: 30 * time.Second})
		g, _ := s.SeedGuild(GuildSeed{Members: 2500})
		c, _ := ready(t, s, "", discord.IntentGuildMembers, nil)
		c.send(discord.OpRequestGuildMembers, map[string]any{"guild_id": g.ID, "query": "", "limit": 0, "nonce": "n1"})
		total := 0
		for i := range 3 {
			p := c.readDispatch("GUILD_MEMBERS_CHUNK")
			var ch struct {
				Index   int    `json:"chunk_index"`
				Count   int    `json:"chunk_count"`
				Nonce   string `json:"nonce"`
				Members []any  `json:"members"`
			}
			assert.Success(t, json.Unmarshal(p.D, &ch))
			assert.Equal(t, "index", ch.Index, i)
			assert.Equal(t, "count", ch.Count, 3)
			assert.Equal(t, "nonce", ch.Nonce, "n1")
			total += len(ch.Members)
		}
		assert.Equal(t, "members", total, 2501)

		c.send(discord.OpRequestGuildMembers, map[string]any{"guild_id": g.ID, "query": "", "limit": 0})
		p := c.readDispatch("RATE_LIMITED")
		var rl struct {
			Opcode int `json:"opcode"`
		}
		assert.Success(t, json.Unmarshal(p.D, &rl))
		assert.Equal(t, "opcode", rl.Opcode, 8)

		c.send(discord.OpRequestGuildMembers, map[string]any{"guild_id": g.ID, "user_ids": []string{g.Members[0].String(), "123"}})
		p = c.readDispatch("GUILD_MEMBERS_CHUNK")
		var one struct {
			Members  []any               `json:"members"`
			NotFound []discord.Snowflake `json:"not_found"`
		}
		assert.Success(t, json.Unmarshal(p.D, &one))
		if len(one.Members) != 1 {
			t.Fatalf("%s", p.D)
		}
		assert.Equal(t, "not found", one.NotFound, []discord.Snowflake{123})
	})
}
