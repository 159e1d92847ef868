package bot

import (
	"sort"

	"github.com/scurrygo/scurry/discord"
)

// eventIntents maps dispatch names to the intents that bring them (any one of
// them suffices), from the reference's intent table (2.15). Events missing
// from the map need no intent.
var eventIntents = func() map[string]discord.Intents {
	m := map[string]discord.Intents{}
	add := func(i discord.Intents, names ...string) {
		for _, n := range names {
			m[n] |= i
		}
	}
	add(discord.IntentGuilds, "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "GUILD_ROLE_CREATE",
		"GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE",
		"CHANNEL_PINS_UPDATE", "THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE", "THREAD_LIST_SYNC",
		"THREAD_MEMBER_UPDATE", "THREAD_MEMBERS_UPDATE", "STAGE_INSTANCE_CREATE", "STAGE_INSTANCE_UPDATE",
		"STAGE_INSTANCE_DELETE", "VOICE_CHANNEL_STATUS_UPDATE", "VOICE_CHANNEL_START_TIME_UPDATE")
	add(discord.IntentGuildMembers, "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE", "THREAD_MEMBERS_UPDATE")
	add(discord.IntentGuildModeration, "GUILD_AUDIT_LOG_ENTRY_CREATE", "GUILD_BAN_ADD", "GUILD_BAN_REMOVE")
	add(discord.IntentGuildExpressions, "GUILD_EMOJIS_UPDATE", "GUILD_STICKERS_UPDATE", "GUILD_SOUNDBOARD_SOUND_CREATE",
		"GUILD_SOUNDBOARD_SOUND_UPDATE", "GUILD_SOUNDBOARD_SOUND_DELETE", "GUILD_SOUNDBOARD_SOUNDS_UPDATE")
	add(discord.IntentGuildIntegrations, "GUILD_INTEGRATIONS_UPDATE", "INTEGRATION_CREATE", "INTEGRATION_UPDATE", "INTEGRATION_DELETE")
	add(discord.IntentGuildWebhooks, "WEBHOOKS_UPDATE")
	add(discord.IntentGuildInvites, "INVITE_CREATE", "INVITE_DELETE")
	add(discord.IntentGuildVoiceStates, "VOICE_CHANNEL_EFFECT_SEND", "VOICE_STATE_UPDATE")
	add(discord.IntentGuildPresences, "PRESENCE_UPDATE")
	add(discord.IntentGuildMessages|discord.IntentDirectMessages, "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE")
	add(discord.IntentGuildMessages, "MESSAGE_DELETE_BULK")
	add(discord.IntentDirectMessages, "CHANNEL_PINS_UPDATE")
	add(discord.IntentGuildMessageReactions|discord.IntentDirectMessageReactions, "MESSAGE_REACTION_ADD",
		"MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI")
	add(discord.IntentGuildMessageTyping|discord.IntentDirectMessageTyping, "TYPING_START")
	add(discord.IntentGuildScheduledEvents, "GUILD_SCHEDULED_EVENT_CREATE", "GUILD_SCHEDULED_EVENT_UPDATE",
		"GUILD_SCHEDULED_EVENT_DELETE", "GUILD_SCHEDULED_EVENT_USER_ADD", "GUILD_SCHEDULED_EVENT_USER_REMOVE")
	add(discord.IntentAutoModerationConfiguration, "AUTO_MODERATION_RULE_CREATE", "AUTO_MODERATION_RULE_UPDATE", "AUTO_MODERATION_RULE_DELETE")
	add(discord.IntentAutoModerationExecution, "AUTO_MODERATION_ACTION_EXECUTION")
	add(discord.IntentGuildMessagePolls|discord.IntentDirectMessagePolls, "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE")
	return m
}()

// IntentWarning says that a handler was registered for events the intents
// will not bring, or whose content they will blank.
type IntentWarning struct {
	Event   string
	Missing discord.Intents // any one of these brings the event
	Message string
}

// intentWarnings checks the handled event names against the intents.
func intentWarnings(intents discord.Intents, names []string) []IntentWarning {
	sort.Strings(names)
	var out []IntentWarning
	for _, n := range names {
		need, ok := eventIntents[n]
		if ok && intents&need == 0 {
			out = append(out, IntentWarning{Event: n, Missing: need,
				Message: "handler for " + n + " will never run: it needs one of the intents " + need.String()})
			continue
		}
		if (n == discord.EventMessageCreate || n == discord.EventMessageUpdate) && !intents.Has(discord.IntentMessageContent) {
			out = append(out, IntentWarning{Event: n, Missing: discord.IntentMessageContent,
				Message: "handler for " + n + " will see empty content, embeds, attachments, components and polls (except DMs, mentions of the bot and its own messages): it needs the privileged intent MESSAGE_CONTENT"})
		}
	}
	return out
}
