package gateway

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Synthetic but realistic dispatch bodies for benchmarks: field names, order
// and sizes follow what Discord sends (reference 2.17), with unknown keys
// mixed in as Discord adds them.

func snow(r *rand.Rand) string {
	return fmt.Sprintf(`"%d"`, 100000000000000000+r.Uint64N(900000000000000000))
}

func userJSON(r *rand.Rand) string {
	return fmt.Sprintf(`{"id":%s,"username":"user_%d","global_name":"User %d","avatar":"a_%032x","discriminator":"0","public_flags":%d,"avatar_decoration_data":null,"clan":null,"primary_guild":null}`,
		snow(r), r.IntN(1e6), r.IntN(1e6), r.Uint64(), r.IntN(256))
}

func memberJSON(r *rand.Rand, withUser bool) string {
	var b strings.Builder
	b.WriteString(`{`)
	if withUser {
		b.WriteString(`"user":` + userJSON(r) + `,`)
	}
	fmt.Fprintf(&b, `"roles":[%s,%s],"nick":null,"avatar":null,"premium_since":null,"joined_at":"2024-03-30T15:24:39.828000+00:00","deaf":false,"mute":false,"flags":0,"pending":false,"communication_disabled_until":null,"banner":null}`, snow(r), snow(r))
	return b.String()
}

func messageCreate(r *rand.Rand) string {
	words := make([]string, 10+r.IntN(40))
	for i := range words {
		words[i] = fmt.Sprintf("word%d", r.IntN(3000))
	}
	embed := ""
	if r.IntN(4) == 0 {
		embed = `{"type":"rich","title":"An embed title","description":"Some longer description text with \"quotes\" and \\ backslashes\nand newlines","color":5814783,"fields":[{"name":"field one","value":"value one","inline":true},{"name":"field two","value":"value two","inline":false}],"footer":{"text":"footer"}}`
	}
	return fmt.Sprintf(`{"type":0,"tts":false,"timestamp":"2026-07-14T13:02:12.171000+00:00","pinned":false,"nonce":"%d","mentions":[{"id":%s,"username":"mentioned","global_name":null,"avatar":null,"discriminator":"0","public_flags":0,"member":%s}],"mention_roles":[],"mention_everyone":false,"member":%s,"id":%s,"flags":0,"embeds":[%s],"edited_timestamp":null,"content":"%s 🎉 <@123>","components":[],"channel_id":%s,"channel_type":0,"author":%s,"attachments":[],"guild_id":%s}`,
		r.Uint64N(1<<60), snow(r), memberJSON(r, false), memberJSON(r, false), snow(r), embed, strings.Join(words, " "), snow(r), userJSON(r), snow(r))
}

func presenceUpdate(r *rand.Rand) string {
	return fmt.Sprintf(`{"user":{"id":%s},"status":"online","guild_id":%s,"client_status":{"desktop":"online","mobile":"idle"},"activities":[{"type":0,"name":"Some Game","id":"ec0b28a579ecb4bd","created_at":%d,"timestamps":{"start":%d},"application_id":%s,"details":"In a match","state":"Ranked"},{"type":4,"name":"Custom Status","state":"hello","id":"custom","created_at":%d,"emoji":{"name":"🎮"}}]}`,
		snow(r), snow(r), 1700000000000+r.IntN(1e9), 1700000000000+r.IntN(1e9), snow(r), 1700000000000+r.IntN(1e9))
}

func typingStart(r *rand.Rand) string {
	return fmt.Sprintf(`{"user_id":%s,"timestamp":%d,"member":%s,"channel_id":%s,"guild_id":%s}`,
		snow(r), 1700000000+r.IntN(1e6), memberJSON(r, true), snow(r), snow(r))
}

func guildCreate(r *rand.Rand, members, channels, roles int) string {
	var b strings.Builder
	gid := snow(r)
	fmt.Fprintf(&b, `{"id":%s,"name":"A guild","icon":null,"owner_id":%s,"afk_channel_id":null,"afk_timeout":300,"verification_level":1,"default_message_notifications":1,"explicit_content_filter":2,"features":["COMMUNITY","NEWS"],"mfa_level":0,"system_channel_id":null,"premium_tier":2,"premium_subscription_count":9,"preferred_locale":"en-US","nsfw_level":0,"large":true,"unavailable":false,"member_count":%d,"joined_at":"2024-01-01T00:00:00.000000+00:00","hub_type":null,"roles":[`, gid, snow(r), members)
	for i := range roles {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%s,"name":"role %d","color":%d,"hoist":false,"icon":null,"unicode_emoji":null,"position":%d,"permissions":"2248473465835073","managed":false,"mentionable":false,"flags":0}`, snow(r), i, r.IntN(1<<24), i)
	}
	b.WriteString(`],"emojis":[],"stickers":[],"channels":[`)
	for i := range channels {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%s,"type":0,"name":"channel-%d","position":%d,"parent_id":null,"topic":"a topic","nsfw":false,"rate_limit_per_user":0,"last_message_id":%s,"permission_overwrites":[{"id":%s,"type":0,"allow":"1024","deny":"0"}],"flags":0}`, snow(r), i, i, snow(r), gid)
	}
	b.WriteString(`],"threads":[],"voice_states":[],"stage_instances":[],"guild_scheduled_events":[],"soundboard_sounds":[],"presences":[],"members":[`)
	for i := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(memberJSON(r, true))
	}
	b.WriteString(`]}`)
	return b.String()
}

type benchEvent struct {
	name string
	d    string
}

// eventMix is MESSAGE_CREATE heavy: 70% messages, 15% presences, 14% typing,
// 1% GUILD_CREATE (a 200-member guild, ~100 KB).
func eventMix(n int) []benchEvent {
	r := rand.New(rand.NewPCG(7, 8))
	out := make([]benchEvent, n)
	for i := range out {
		switch k := r.IntN(100); {
		case k < 70:
			out[i] = benchEvent{"MESSAGE_CREATE", messageCreate(r)}
		case k < 85:
			out[i] = benchEvent{"PRESENCE_UPDATE", presenceUpdate(r)}
		case k < 99:
			out[i] = benchEvent{"TYPING_START", typingStart(r)}
		default:
			out[i] = benchEvent{"GUILD_CREATE", guildCreate(r, 200, 50, 20)}
		}
	}
	return out
}
