package discordtest

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// guildCreate is the GUILD_CREATE payload: the guild plus its state.
type guildCreate struct {
	*guild
	JoinedAt             string     `json:"joined_at"`
	Large                bool       `json:"large"`
	Unavailable          bool       `json:"unavailable"`
	MemberCount          int        `json:"member_count"`
	VoiceStates          []struct{} `json:"voice_states"`
	Members              []*member  `json:"members"`
	Channels             []*channel `json:"channels"`
	Threads              []*channel `json:"threads"`
	Presences            []struct{} `json:"presences"`
	StageInstances       []struct{} `json:"stage_instances"`
	GuildScheduledEvents []struct{} `json:"guild_scheduled_events"`
	SoundboardSounds     []struct{} `json:"soundboard_sounds"`
}

// guildCreateJSON builds GUILD_CREATE as a session with these intents and
// large_threshold receives it: without GUILD_PRESENCES (or above 75,000
// members) only the bot's member is listed; above large_threshold only members
// with a nickname or a role, and the bot.
func (w *world) guildCreateJSON(g *guild, intents discord.Intents, largeThreshold int) []byte {
	gc := guildCreate{guild: g, MemberCount: len(g.members), Large: len(g.members) > largeThreshold,
		VoiceStates: []struct{}{}, Threads: []*channel{}, Presences: []struct{}{}, StageInstances: []struct{}{},
		GuildScheduledEvents: []struct{}{}, SoundboardSounds: []struct{}{}, Members: []*member{}}
	if bot, ok := g.members[w.botID]; ok {
		gc.JoinedAt = bot.JoinedAt
	}
	all := intents.Has(discord.IntentGuildPresences) && len(g.members) <= 75000
	for _, id := range g.memberIDs {
		m := g.members[id]
		switch {
		case id == w.botID,
			all && len(g.members) <= largeThreshold,
			all && (m.Nick != nil || len(m.Roles) > 0):
			gc.Members = append(gc.Members, m)
		}
	}
	gc.Channels = make([]*channel, 0, len(g.channelIDs))
	for _, id := range g.channelIDs {
		if c := w.channels[id]; isThread(c.Type) {
			gc.Threads = append(gc.Threads, c)
		} else {
			gc.Channels = append(gc.Channels, c)
		}
	}
	b, _ := json.Marshal(gc)
	return b
}

// guildJSON is the guild object REST returns.
func (w *world) guildJSON(g *guild) any {
	return struct {
		*guild
		ApproximateMemberCount int `json:"approximate_member_count"`
	}{g, len(g.members)}
}

// memberEvent is a member with the guild_id GUILD_MEMBER_* events carry.
type memberEvent struct {
	*member
	GuildID discord.Snowflake `json:"guild_id"`
}

// marshal encodes the fake's own structs, whose raw JSON fields are checked
// when they are stored; should one still fail, the event carries null.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("null")
	}
	return b
}

// rawJSON marks bytes as already-encoded JSON inside a map or struct.
func rawJSON(b []byte) jsontext.Value { return jsontext.Value(b) }
