package discordtest

import (
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// Dispatch sends an event as Discord would: to every session (live or
// resumable) of the shard that owns guildID under that session's own shard
// count ((guildID >> 22) % n; guildID 0 means a guildless event, which goes
// to shard 0 only), filtered by the session's intents, with MESSAGE_CONTENT
// blanking applied. Each session numbers it and keeps it for RESUME. d is
// marshalled as JSON unless it is already []byte or jsontext.Value.
func (s *Server) Dispatch(guildID discord.Snowflake, name string, d any) error {
	if name == "" {
		return errors.New("discordtest: dispatch: empty event name")
	}
	raw, err := marshalD(d)
	if err != nil {
		return fmt.Errorf("discordtest: dispatch %s: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchLocked(guildID, name, raw)
	return nil
}

func marshalD(d any) ([]byte, error) {
	switch v := d.(type) {
	case nil:
		return []byte("null"), nil
	case []byte:
		if !jsontext.Value(v).IsValid() {
			return nil, errors.New("d is not valid JSON")
		}
		return v, nil
	case jsontext.Value:
		if !v.IsValid() {
			return nil, errors.New("d is not valid JSON")
		}
		return v, nil
	}
	return json.Marshal(d)
}

// dispatchLocked routes one event; s.mu must be held.
func (s *Server) dispatchLocked(guildID discord.Snowflake, name string, raw []byte) {
	var blanked []byte // computed once, on first need
	exemptChecked, exempt := false, false
	sent := 0
	for id, se := range s.gw.sessions {
		if se.dead || s.expiredLocked(se) {
			if se.conn == nil {
				delete(s.gw.sessions, id)
			}
			continue
		}
		if !routedTo(guildID, se.shard) || !intentAllows(name, guildID, raw, s.world.botID, se.intents) {
			continue
		}
		d := raw
		if guildID != 0 && (name == "MESSAGE_CREATE" || name == "MESSAGE_UPDATE") && !se.intents.Has(discord.IntentMessageContent) {
			if !exemptChecked {
				exempt, exemptChecked = contentExempt(raw, s.world.botID), true
			}
			if !exempt {
				if blanked == nil {
					blanked = blankContent(raw)
				}
				d = blanked
			}
		}
		se.pushLocked(name, d)
		sent++
	}
	if s.logDisp {
		s.rec.dispatches = append(s.rec.dispatches, Dispatched{Time: s.now(), GuildID: guildID, Name: name, Raw: raw, Sessions: sent})
	}
	s.rec.dispatched++
	s.notifyLocked()
}

func routedTo(guildID discord.Snowflake, shard [2]int) bool {
	if guildID == 0 {
		return shard[0] == 0
	}
	return int((uint64(guildID)>>22)%uint64(shard[1])) == shard[0]
}

// ShardFor returns the shard id that owns guildID under count shards.
func ShardFor(guildID discord.Snowflake, count int) int {
	if count <= 0 {
		return 0
	}
	return int((uint64(guildID) >> 22) % uint64(count))
}

// eventIntents maps gated events to the intent needed in a guild and in DMs.
var eventIntents = map[string][2]discord.Intents{}

func init() {
	gate := func(guild, dm discord.Intents, names ...string) {
		for _, n := range names {
			eventIntents[n] = [2]discord.Intents{guild, dm}
		}
	}
	gate(discord.IntentGuilds, 0, "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "GUILD_ROLE_CREATE",
		"GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE",
		"THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE", "THREAD_LIST_SYNC", "THREAD_MEMBER_UPDATE",
		"THREAD_MEMBERS_UPDATE", "STAGE_INSTANCE_CREATE", "STAGE_INSTANCE_UPDATE", "STAGE_INSTANCE_DELETE",
		"VOICE_CHANNEL_STATUS_UPDATE", "VOICE_CHANNEL_START_TIME_UPDATE")
	gate(discord.IntentGuilds, discord.IntentDirectMessages, "CHANNEL_PINS_UPDATE")
	gate(discord.IntentGuildMembers, 0, "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE")
	gate(discord.IntentGuildModeration, 0, "GUILD_AUDIT_LOG_ENTRY_CREATE", "GUILD_BAN_ADD", "GUILD_BAN_REMOVE")
	gate(discord.IntentGuildExpressions, 0, "GUILD_EMOJIS_UPDATE", "GUILD_STICKERS_UPDATE",
		"GUILD_SOUNDBOARD_SOUND_CREATE", "GUILD_SOUNDBOARD_SOUND_UPDATE", "GUILD_SOUNDBOARD_SOUND_DELETE",
		"GUILD_SOUNDBOARD_SOUNDS_UPDATE")
	gate(discord.IntentGuildIntegrations, 0, "GUILD_INTEGRATIONS_UPDATE", "INTEGRATION_CREATE",
		"INTEGRATION_UPDATE", "INTEGRATION_DELETE")
	gate(discord.IntentGuildWebhooks, 0, "WEBHOOKS_UPDATE")
	gate(discord.IntentGuildInvites, 0, "INVITE_CREATE", "INVITE_DELETE")
	gate(discord.IntentGuildVoiceStates, 0, "VOICE_CHANNEL_EFFECT_SEND", "VOICE_STATE_UPDATE")
	gate(discord.IntentGuildPresences, 0, "PRESENCE_UPDATE")
	gate(discord.IntentGuildMessages, discord.IntentDirectMessages, "MESSAGE_CREATE", "MESSAGE_UPDATE",
		"MESSAGE_DELETE", "MESSAGE_DELETE_BULK")
	gate(discord.IntentGuildMessageReactions, discord.IntentDirectMessageReactions, "MESSAGE_REACTION_ADD",
		"MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI")
	gate(discord.IntentGuildMessageTyping, discord.IntentDirectMessageTyping, "TYPING_START")
	gate(discord.IntentGuildScheduledEvents, 0, "GUILD_SCHEDULED_EVENT_CREATE", "GUILD_SCHEDULED_EVENT_UPDATE",
		"GUILD_SCHEDULED_EVENT_DELETE", "GUILD_SCHEDULED_EVENT_USER_ADD", "GUILD_SCHEDULED_EVENT_USER_REMOVE")
	gate(discord.IntentAutoModerationConfiguration, 0, "AUTO_MODERATION_RULE_CREATE",
		"AUTO_MODERATION_RULE_UPDATE", "AUTO_MODERATION_RULE_DELETE")
	gate(discord.IntentAutoModerationExecution, 0, "AUTO_MODERATION_ACTION_EXECUTION")
	gate(discord.IntentGuildMessagePolls, discord.IntentDirectMessagePolls, "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE")
}

func intentAllows(name string, guildID discord.Snowflake, raw []byte, bot discord.Snowflake, have discord.Intents) bool {
	need, ok := eventIntents[name]
	if !ok {
		return true
	}
	want := need[0]
	if guildID == 0 {
		want = need[1]
	}
	if want == 0 || have.Has(want) {
		return true
	}
	// The bot's own member updates arrive without GUILD_MEMBERS.
	if name == "GUILD_MEMBER_UPDATE" {
		var m struct {
			User struct {
				ID discord.Snowflake `json:"id"`
			} `json:"user"`
		}
		return json.Unmarshal(raw, &m) == nil && m.User.ID == bot
	}
	return false
}

type messageMentions struct {
	Author struct {
		ID discord.Snowflake `json:"id"`
	} `json:"author"`
	Mentions []struct {
		ID discord.Snowflake `json:"id"`
	} `json:"mentions"`
}

// contentExempt reports whether the bot sees a message's content without the
// MESSAGE_CONTENT intent: it wrote it, or it is mentioned.
func contentExempt(raw []byte, bot discord.Snowflake) bool {
	var m messageMentions
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	if m.Author.ID == bot {
		return true
	}
	for _, u := range m.Mentions {
		if u.ID == bot {
			return true
		}
	}
	return false
}

// blankContent empties what MESSAGE_CONTENT guards.
func blankContent(raw []byte) []byte {
	var m map[string]jsontext.Value
	if json.Unmarshal(raw, &m) != nil {
		return raw
	}
	empty := jsontext.Value("[]")
	if _, ok := m["content"]; ok {
		m["content"] = jsontext.Value(`""`)
	}
	for _, k := range []string{"embeds", "attachments", "components"} {
		if _, ok := m[k]; ok {
			m[k] = empty
		}
	}
	delete(m, "poll")
	b, err := json.Marshal(m, json.Deterministic(true))
	if err != nil {
		return raw
	}
	return b
}
