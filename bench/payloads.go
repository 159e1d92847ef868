package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Payload generators. Every library is fed the same bytes: the fake sends
// them on the gateway, and the in-process metrics hand them to each
// library's own decoder.

// guildID returns the id of guild g (g >= 0). Ids are realistic 18-19 digit
// snowflakes.
func guildID(g int) uint64 { return 900_000_000_000_000_000 + uint64(g)*1_000_000_000 }

// guildCreateJSON returns a GUILD_CREATE d for guild g with members members
// (20% with a nickname, 0-3 roles each, every user with an avatar hash and a
// global name), channels text/voice/category channels with two overwrites
// each, and roles roles (role 0 is @everyone). One user in ten is shared with
// the previous guild, as users are in real bots.
func guildCreateJSON(g, members, channels, roles int) []byte {
	if roles < 2 {
		roles = 2
	}
	rng := rand.New(rand.NewPCG(uint64(g), 42))
	var b strings.Builder
	b.Grow(members*330 + channels*330 + roles*200 + 1024)
	gid := guildID(g)
	fmt.Fprintf(&b, `{"id":"%d","name":"Guild %d","icon":"%032x","owner_id":"%d","preferred_locale":"en-US","features":["COMMUNITY","NEWS","INVITE_SPLASH"],`+
		`"verification_level":1,"default_message_notifications":1,"explicit_content_filter":2,"mfa_level":0,"nsfw_level":0,"premium_tier":1,"afk_timeout":300,`+
		`"system_channel_flags":0,"description":null,"banner":null,"splash":null,"discovery_splash":null,"vanity_url_code":null,`+
		`"joined_at":"2024-01-01T00:00:00.000000+00:00","large":true,"unavailable":false,"member_count":%d,"max_members":500000,"premium_subscription_count":3,`+
		`"application_id":null,"afk_channel_id":null,"system_channel_id":null,"rules_channel_id":null,"public_updates_channel_id":null,"roles":[`,
		gid, g, rng.Uint64(), gid+1, members)
	for r := range roles {
		if r > 0 {
			b.WriteByte(',')
		}
		id := gid + uint64(r)
		fmt.Fprintf(&b, `{"id":"%d","name":"role-%d","color":%d,"hoist":%t,"icon":null,"unicode_emoji":null,"position":%d,"permissions":"%d","managed":false,"mentionable":false,"flags":0}`,
			id, r, rng.IntN(1<<24), r%5 == 0, r, rng.Uint64()&0x1ffffffffff&^8)
	}
	b.WriteString(`],"emojis":[],"stickers":[],"guild_scheduled_events":[],"soundboard_sounds":[],"channels":[`)
	for c := range channels {
		if c > 0 {
			b.WriteByte(',')
		}
		id := gid + 10_000 + uint64(c)
		typ := []int{0, 0, 0, 2, 4}[c%5]
		fmt.Fprintf(&b, `{"id":"%d","type":%d,"name":"channel-%d","position":%d,"parent_id":null,"topic":"topic of channel %d","nsfw":false,"rate_limit_per_user":0,"last_message_id":"%d","flags":0,`+
			`"permission_overwrites":[{"id":"%d","type":0,"allow":"0","deny":"2048"},{"id":"%d","type":0,"allow":"1024","deny":"0"}]}`,
			id, typ, c, c, c, id+5, gid, gid+1+uint64(c%(roles-1)))
	}
	b.WriteString(`],"threads":[],"presences":[],"voice_states":[],"stage_instances":[],"members":[`)
	for m := range members {
		if m > 0 {
			b.WriteByte(',')
		}
		uid := 1_000_000*uint64(g+1) + uint64(m)
		if m%10 == 9 && g > 0 {
			uid = 1_000_000*uint64(g) + uint64(m)
		}
		nick := "null"
		if m%5 == 0 {
			nick = fmt.Sprintf(`"nick-%d"`, m)
		}
		var rs []string
		for k := rng.IntN(4); k > 0; k-- {
			rs = append(rs, fmt.Sprintf(`"%d"`, gid+1+uint64(rng.IntN(roles-1))))
		}
		fmt.Fprintf(&b, `{"user":{"id":"%d","username":"user%d","global_name":"User %d","avatar":"%016x%016x","discriminator":"0","public_flags":0,"avatar_decoration_data":null},`+
			`"nick":%s,"avatar":null,"roles":[%s],"joined_at":"2023-0%d-1%dT12:34:56.%06d+00:00","premium_since":null,"deaf":false,"mute":false,"pending":false,"flags":0}`,
			uid, uid, uid, rng.Uint64(), rng.Uint64(), nick, strings.Join(rs, ","), 1+m%9, m%10, rng.IntN(1_000_000))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// userJSON is a user object for id.
func userJSON(id uint64) string {
	return fmt.Sprintf(`{"id":"%d","username":"user%d","global_name":"User %d","avatar":"%032x","discriminator":"0","public_flags":0}`, id, id, id, id*7919)
}

// memberJSON is a partial member object (as in MESSAGE_CREATE, without user).
func memberJSON(gid uint64) string {
	return fmt.Sprintf(`{"roles":["%d"],"nick":null,"avatar":null,"joined_at":"2023-04-12T12:34:56.123000+00:00","premium_since":null,"deaf":false,"mute":false,"pending":false,"flags":0}`, gid+1)
}

// messageCreateJSON is a MESSAGE_CREATE d in guild g from a user.
func messageCreateJSON(g, i int) []byte {
	gid := guildID(g)
	uid := 1_000_000*uint64(g+1) + uint64(i%1000)
	ch := gid + 10_000 + uint64(i%10)
	return fmt.Appendf(nil, `{"type":0,"tts":false,"timestamp":"2026-07-14T13:02:12.171000+00:00","pinned":false,"mentions":[],"mention_roles":[],"mention_everyone":false,`+
		`"id":"%d","flags":0,"embeds":[],"edited_timestamp":null,"content":"hello there, this is a fairly ordinary chat message number %d","components":[],"channel_id":"%d",`+
		`"author":%s,"member":%s,"attachments":[],"guild_id":"%d","nonce":"%d"}`,
		1_300_000_000_000_000_000+uint64(i), i, ch, userJSON(uid), memberJSON(gid), gid, 1_300_000_000_000_000_000+uint64(i))
}

// presenceUpdateJSON is a PRESENCE_UPDATE d in guild g.
func presenceUpdateJSON(g, i int) []byte {
	gid := guildID(g)
	uid := 1_000_000*uint64(g+1) + uint64(i%1000)
	return fmt.Appendf(nil, `{"user":{"id":"%d"},"guild_id":"%d","status":"online","activities":[{"name":"Some Game","type":0,"created_at":1752498132171,"id":"ec0b28a579ecb4bd"}],`+
		`"client_status":{"desktop":"online"}}`, uid, gid)
}

// typingStartJSON is a TYPING_START d in guild g.
func typingStartJSON(g, i int) []byte {
	gid := guildID(g)
	uid := 1_000_000*uint64(g+1) + uint64(i%1000)
	ch := gid + 10_000 + uint64(i%10)
	return fmt.Appendf(nil, `{"user_id":"%d","timestamp":1752498132,"member":{"user":%s,"roles":[],"nick":null,"avatar":null,"joined_at":"2023-04-12T12:34:56.123000+00:00","deaf":false,"mute":false,"flags":0},`+
		`"channel_id":"%d","guild_id":"%d"}`, uid, userJSON(uid), ch, gid)
}

// interactionCreateJSON is an INTERACTION_CREATE d: a slash command with
// one string option, in guild g.
func interactionCreateJSON(g, i int, appID uint64) []byte {
	gid := guildID(g)
	uid := 1_000_000*uint64(g+1) + uint64(i%1000)
	ch := gid + 10_000 + uint64(i%10)
	return fmt.Appendf(nil, `{"id":"%d","application_id":"%d","type":2,"token":"aW50ZXJhY3Rpb246%020d","version":1,"locale":"en-US","guild_locale":"en-US",`+
		`"app_permissions":"2248473465835073","entitlements":[],"authorizing_integration_owners":{"0":"%d"},"context":0,"attachment_size_limit":10485760,`+
		`"guild_id":"%d","guild":{"id":"%d","locale":"en-US","features":[]},"channel_id":"%d","channel":{"id":"%d","type":0,"guild_id":"%d","name":"channel","flags":0,"permissions":"2248473465835073"},`+
		`"member":{"user":%s,"roles":["%d"],"nick":null,"avatar":null,"joined_at":"2023-04-12T12:34:56.123000+00:00","deaf":false,"mute":false,"pending":false,"flags":0,"permissions":"2248473465835073"},`+
		`"data":{"id":"%d","name":"roll","type":1,"options":[{"name":"sides","type":4,"value":20}]}}`,
		1_400_000_000_000_000_000+uint64(i), appID, i, gid, gid, gid, ch, ch, gid, userJSON(uid), gid+1, 1_500_000_000_000_000_000)
}

// mixEvent is one dispatch of the pipeline mix.
type mixEvent struct {
	name string
	gid  uint64
	d    []byte
}

// pipelineMix returns n dispatches: per 1,000, one GUILD_CREATE of members
// members (first one at position 500), 100 PRESENCE_UPDATE, 80 TYPING_START,
// 20 INTERACTION_CREATE, the rest MESSAGE_CREATE, spread over 50 guilds. The
// GUILD_CREATE bytes are shared (the same guild comes back), the rest are
// distinct.
func pipelineMix(n, members int, appID uint64) []mixEvent {
	gc := guildCreateJSON(0, members, 100, 50)
	out := make([]mixEvent, n)
	for i := range out {
		g := i % 50
		switch k := i % 1000; {
		case k == 500:
			out[i] = mixEvent{"GUILD_CREATE", guildID(0), gc}
		case k%10 == 1:
			out[i] = mixEvent{"PRESENCE_UPDATE", guildID(g), presenceUpdateJSON(g, i)}
		case k%25 == 2 || k%25 == 7:
			out[i] = mixEvent{"TYPING_START", guildID(g), typingStartJSON(g, i)}
		case k%50 == 3:
			out[i] = mixEvent{"INTERACTION_CREATE", guildID(g), interactionCreateJSON(g, i, appID)}
		default:
			out[i] = mixEvent{"MESSAGE_CREATE", guildID(g), messageCreateJSON(g, i)}
		}
	}
	return out
}
