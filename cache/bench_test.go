package cache_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
)

// guildCreateJSON returns a realistic GUILD_CREATE d for guild g: members
// members (20% with a nickname, 0-3 roles each, every user with an avatar
// hash and a global name), channels channels (two overwrites each) and roles
// roles. IDs are unique per guild, except that one user in ten is shared
// with the previous guild, as users are in real bots.
func guildCreateJSON(g, members, channels, roles int) []byte {
	rng := rand.New(rand.NewPCG(uint64(g), 42))
	var b strings.Builder
	gid := 1_000_000_000 * (g + 1)
	fmt.Fprintf(&b, `{"id":"%d","name":"Guild %d","icon":"%032x","owner_id":"%d","preferred_locale":"en-US","features":["COMMUNITY","NEWS","INVITE_SPLASH"],`+
		`"verification_level":1,"afk_timeout":300,"joined_at":"2024-01-01T00:00:00.000000+00:00","large":true,"member_count":%d,"roles":[`,
		gid, g, rng.Uint64(), gid+1, members)
	for r := 0; r < roles; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		id := gid + r // role 0 is @everyone (id == guild id)
		fmt.Fprintf(&b, `{"id":"%d","name":"role-%d","color":%d,"hoist":%t,"position":%d,"permissions":"%d","managed":false,"mentionable":false,"flags":0}`,
			id, r, rng.IntN(1<<24), r%5 == 0, r, rng.Uint64()&uint64(discord.PermissionsAll)&^uint64(discord.PermissionAdministrator))
	}
	b.WriteString(`],"emojis":[],"stickers":[],"channels":[`)
	for c := 0; c < channels; c++ {
		if c > 0 {
			b.WriteByte(',')
		}
		id := gid + 10_000 + c
		fmt.Fprintf(&b, `{"id":"%d","type":%d,"name":"channel-%d","position":%d,"parent_id":null,"topic":"topic of channel %d","nsfw":false,"rate_limit_per_user":0,"last_message_id":"%d",`+
			`"permission_overwrites":[{"id":"%d","type":0,"allow":"0","deny":"2048"},{"id":"%d","type":0,"allow":"1024","deny":"0"}]}`,
			id, []int{0, 0, 0, 2, 4}[c%5], c, c, c, id+5, gid, gid+1+c%(roles-1))
	}
	b.WriteString(`],"threads":[],"presences":[],"voice_states":[],"stage_instances":[],"members":[`)
	for m := 0; m < members; m++ {
		if m > 0 {
			b.WriteByte(',')
		}
		uid := 1_000_000*(g+1) + m
		if m%10 == 9 && g > 0 {
			uid = 1_000_000*g + m // shared with the previous guild
		}
		var nick string
		if m%5 == 0 {
			nick = fmt.Sprintf(`"nick-%d"`, m)
		} else {
			nick = "null"
		}
		var rs []string
		for k := rng.IntN(4); k > 0; k-- {
			rs = append(rs, fmt.Sprintf(`"%d"`, gid+1+rng.IntN(roles-1)))
		}
		fmt.Fprintf(&b, `{"user":{"id":"%d","username":"user%d","global_name":"User %d","avatar":"%016x%016x","discriminator":"0","public_flags":0,"avatar_decoration_data":null},`+
			`"nick":%s,"avatar":null,"roles":[%s],"joined_at":"2023-0%d-1%dT12:34:56.%06d+00:00","premium_since":null,"deaf":false,"mute":false,"pending":false,"flags":0}`,
			uid, uid, uid, rng.Uint64(), rng.Uint64(), nick, strings.Join(rs, ","), 1+m%9, m%10, rng.IntN(1_000_000))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func decode(tb testing.TB, name string, d []byte) discord.Event {
	e, err := discord.DecodeEvent(name, jsontext.Value(d))
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkGuildCreateMemory reports the heap the cache holds per guild after
// GUILD_CREATEs with 1,000 members, 100 channels and 50 roles, each decoded
// from JSON, applied and dropped. Per iteration it fills a fresh store with
// 20 guilds.
func BenchmarkGuildCreateMemory(b *testing.B) {
	const guilds = 20
	payloads := make([][]byte, guilds)
	for g := range payloads {
		payloads[g] = guildCreateJSON(g, 1000, 100, 50)
	}
	var perGuild float64
	for b.Loop() {
		before := heapAlloc()
		s, _ := cache.New(nil)
		for _, p := range payloads {
			s.Apply(decode(b, "GUILD_CREATE", p))
		}
		after := heapAlloc()
		perGuild = float64(int64(after)-int64(before)) / guilds
		runtime.KeepAlive(s)
	}
	b.ReportMetric(perGuild, "bytes/guild")
	b.ReportMetric(perGuild/1000, "bytes/member")
}

// BenchmarkApplyGuildCreate is the cost of applying one decoded GUILD_CREATE
// (1,000 members) to a store that already holds the guild.
func BenchmarkApplyGuildCreate(b *testing.B) {
	e := decode(b, "GUILD_CREATE", guildCreateJSON(0, 1000, 100, 50))
	var s cache.Store
	b.ReportAllocs()
	for b.Loop() {
		s.Apply(e)
	}
}

// BenchmarkApplyGuildCreateFresh is the cost of applying one decoded
// GUILD_CREATE (1,000 members) to an empty store: every member and user is
// new.
func BenchmarkApplyGuildCreateFresh(b *testing.B) {
	e := decode(b, "GUILD_CREATE", guildCreateJSON(0, 1000, 100, 50))
	b.ReportAllocs()
	for b.Loop() {
		var s cache.Store
		s.Apply(e)
	}
}

// BenchmarkApplyMessageCreate is the cost of applying one decoded
// MESSAGE_CREATE (with a partial member) in steady state: the channel's ring
// is full, so each message also evicts one.
func BenchmarkApplyMessageCreate(b *testing.B) {
	gc := decode(b, "GUILD_CREATE", guildCreateJSON(0, 1000, 100, 50)).(*discord.GuildCreate)
	var s cache.Store
	s.Apply(gc)
	events := make([]discord.Event, 256)
	for i := range events {
		m := gc.Members[i%len(gc.Members)]
		d := fmt.Sprintf(`{"id":"%d","channel_id":"%d","guild_id":"%d","author":{"id":"%d","username":"%s","global_name":"x","avatar":"%s","discriminator":"0","public_flags":0},`+
			`"member":{"roles":[],"joined_at":"2023-01-01T00:00:00+00:00","deaf":false,"mute":false,"flags":0},`+
			`"content":"hello there, this is message %d","timestamp":"2026-01-01T10:00:00.000000+00:00","edited_timestamp":null,"tts":false,`+
			`"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"pinned":false,"type":0,"flags":0,"components":[]}`,
			1<<40+i, gc.Channels[i%4].ID, gc.ID, m.User.ID, m.User.Username, nullString(m.User.Avatar), i)
		events[i] = decode(b, "MESSAGE_CREATE", []byte(d))
	}
	for _, e := range events { // fill the rings
		s.Apply(e)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Apply(events[i%len(events)])
		i++
	}
}

func nullString(n discord.Nullable[string]) string {
	v, _ := n.Get()
	return v
}

// BenchmarkMemberPermissions is the cost of computing a member's permissions
// in a channel from cached state.
func BenchmarkMemberPermissions(b *testing.B) {
	gc := decode(b, "GUILD_CREATE", guildCreateJSON(0, 1000, 100, 50)).(*discord.GuildCreate)
	var s cache.Store
	s.Apply(gc)
	uid, ch := gc.Members[3].User.ID, gc.Channels[0].ID
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.MemberPermissions(gc.ID, ch, uid, now); !ok {
			b.Fatal("not cached")
		}
	}
}

// BenchmarkMemberGet is the cost of reading a member with its user.
func BenchmarkMemberGet(b *testing.B) {
	gc := decode(b, "GUILD_CREATE", guildCreateJSON(0, 1000, 100, 50)).(*discord.GuildCreate)
	var s cache.Store
	s.Apply(gc)
	uid := gc.Members[3].User.ID
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.Member(gc.ID, uid); !ok {
			b.Fatal("not cached")
		}
	}
}
