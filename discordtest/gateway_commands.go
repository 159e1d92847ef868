package discordtest

import (
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// commandLocked answers the send events that need a session: presence,
// voice state, member requests, soundboard sounds and channel info. Bad
// payloads get 4001 (invalid payload for the opcode), as Discord documents.
func (c *Conn) commandLocked(op discord.Opcode, d jsontext.Value) {
	switch op {
	case discord.OpPresenceUpdate:
		var p struct {
			Since      *int64           `json:"since"`
			Activities []jsontext.Value `json:"activities"`
			Status     string           `json:"status"`
			AFK        bool             `json:"afk"`
		}
		if !c.decodeOpLocked(d, &p) {
			return
		}
		switch p.Status {
		case "online", "dnd", "idle", "invisible", "offline":
		default:
			c.closeLocked(discord.CloseUnknownOpcode, "Invalid payload for opcode 3: bad status.")
		}
	case discord.OpVoiceStateUpdate:
		var v struct {
			GuildID   discord.Snowflake  `json:"guild_id"`
			ChannelID *discord.Snowflake `json:"channel_id"`
			SelfMute  bool               `json:"self_mute"`
			SelfDeaf  bool               `json:"self_deaf"`
		}
		if !c.decodeOpLocked(d, &v) {
			return
		}
		c.voiceStateLocked(v.GuildID, v.ChannelID, v.SelfMute, v.SelfDeaf)
	case discord.OpRequestGuildMembers:
		c.requestMembersLocked(d)
	case discord.OpRequestSoundboardSounds:
		var r struct {
			GuildIDs []discord.Snowflake `json:"guild_ids"`
		}
		if !c.decodeOpLocked(d, &r) {
			return
		}
		for _, g := range r.GuildIDs {
			if _, ok := c.s.world.guilds[g]; ok {
				c.sess.pushLocked("SOUNDBOARD_SOUNDS", marshal(map[string]any{"guild_id": g, "soundboard_sounds": []struct{}{}}))
			}
		}
	case discord.OpRequestChannelInfo:
		var r struct {
			GuildID discord.Snowflake `json:"guild_id"`
			Fields  []string          `json:"fields"`
		}
		if !c.decodeOpLocked(d, &r) {
			return
		}
		g, ok := c.s.world.guilds[r.GuildID]
		if !ok {
			return
		}
		type info struct {
			ID discord.Snowflake `json:"id"`
		}
		chans := []info{}
		for _, id := range g.channelIDs {
			if t := c.s.world.channels[id].Type; t == 2 || t == 13 {
				chans = append(chans, info{id})
			}
		}
		c.sess.pushLocked("CHANNEL_INFO", marshal(map[string]any{"guild_id": g.ID, "channels": chans}))
	}
	c.s.notifyLocked()
}

func (c *Conn) decodeOpLocked(d jsontext.Value, v any) bool {
	if len(d) == 0 || d.Kind() != '{' || json.Unmarshal(d, v) != nil {
		c.closeLocked(discord.CloseUnknownOpcode, "Invalid payload for opcode.")
		return false
	}
	return true
}

func (c *Conn) voiceStateLocked(guildID discord.Snowflake, channelID *discord.Snowflake, mute, deaf bool) {
	w := &c.s.world
	if _, ok := w.guilds[guildID]; !ok {
		return
	}
	state := map[string]any{"guild_id": guildID, "channel_id": channelID, "user_id": w.botID,
		"session_id": c.sess.id, "deaf": false, "mute": false, "self_deaf": deaf, "self_mute": mute,
		"self_video": false, "suppress": false, "request_to_speak_timestamp": nil}
	if c.sess.intents.Has(discord.IntentGuildVoiceStates) {
		c.sess.pushLocked("VOICE_STATE_UPDATE", marshal(state))
	}
	if channelID != nil {
		c.sess.pushLocked("VOICE_SERVER_UPDATE", marshal(map[string]any{"token": "voice-" + c.sess.id[:8],
			"guild_id": guildID, "endpoint": "voice.discordtest.invalid:443"}))
	}
}

// requestMembersLocked answers op 8 with GUILD_MEMBERS_CHUNK dispatches of at
// most 1000 members, or a RATE_LIMITED dispatch for a repeated "all members"
// request inside MemberRequestWindow.
func (c *Conn) requestMembersLocked(d jsontext.Value) {
	s := c.s
	var r struct {
		GuildID   discord.Snowflake `json:"guild_id"`
		Query     *string           `json:"query"`
		Limit     *int              `json:"limit"`
		Presences bool              `json:"presences"`
		UserIDs   jsontext.Value    `json:"user_ids"`
		Nonce     string            `json:"nonce"`
	}
	if !c.decodeOpLocked(d, &r) {
		return
	}
	var ids []discord.Snowflake
	if len(r.UserIDs) > 0 {
		var one discord.Snowflake
		if json.Unmarshal(r.UserIDs, &ids) != nil {
			if json.Unmarshal(r.UserIDs, &one) != nil {
				c.closeLocked(discord.CloseUnknownOpcode, "Invalid payload for opcode 8: user_ids.")
				return
			}
			ids = []discord.Snowflake{one}
		}
	}
	if r.GuildID == 0 || (r.Query == nil && ids == nil) || (r.Query != nil && r.Limit == nil) {
		c.closeLocked(discord.CloseUnknownOpcode, "Invalid payload for opcode 8: guild_id and query+limit or user_ids required.")
		return
	}
	if r.Query != nil && *r.Query == "" && *r.Limit == 0 && !c.sess.intents.Has(discord.IntentGuildMembers) {
		c.closeLocked(discord.CloseDisallowedIntents, "Disallowed intent(s): GUILD_MEMBERS is needed to request all members.")
		return
	}
	nonce := r.Nonce
	if len(nonce) > 32 {
		nonce = "" // Discord ignores invalid nonces
	}
	g, ok := s.world.guilds[r.GuildID]
	if !ok || !routedTo(r.GuildID, c.sess.shard) {
		return
	}
	if r.Query != nil && *r.Query == "" && *r.Limit == 0 {
		now := s.now()
		if last, ok := s.gw.memberReqs[g.ID]; ok && now.Sub(last) < s.opts.MemberRequestWindow {
			meta := map[string]any{"guild_id": g.ID}
			if nonce != "" {
				meta["nonce"] = nonce
			}
			retry := (s.opts.MemberRequestWindow - now.Sub(last)).Seconds()
			c.sess.pushLocked("RATE_LIMITED", marshal(map[string]any{"opcode": 8, "retry_after": retry, "meta": meta}))
			return
		}
		s.gw.memberReqs[g.ID] = now
	}
	var found []*member
	var notFound []discord.Snowflake
	if ids != nil {
		for i, id := range ids {
			if i == 100 {
				break
			}
			if m, ok := g.members[id]; ok {
				found = append(found, m)
			} else {
				notFound = append(notFound, id)
			}
		}
	} else {
		limit := *r.Limit
		q := strings.ToLower(*r.Query)
		if q != "" && (limit == 0 || limit > 100) {
			limit = 100
		}
		for _, id := range g.memberIDs {
			m := g.members[id]
			if q == "" || strings.HasPrefix(strings.ToLower(m.User.Username), q) {
				found = append(found, m)
				if limit > 0 && len(found) == limit {
					break
				}
			}
		}
	}
	count := max(1, (len(found)+999)/1000)
	for i := range count {
		chunk := found[min(i*1000, len(found)):min((i+1)*1000, len(found))]
		ev := map[string]any{"guild_id": g.ID, "members": nonNil(chunk), "chunk_index": i, "chunk_count": count}
		if i == 0 && notFound != nil {
			ev["not_found"] = notFound
		}
		if nonce != "" && utf8.ValidString(nonce) {
			ev["nonce"] = nonce
		}
		if r.Presences && c.sess.intents.Has(discord.IntentGuildPresences) {
			ev["presences"] = []struct{}{}
		}
		c.sess.pushLocked("GUILD_MEMBERS_CHUNK", marshal(ev))
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
