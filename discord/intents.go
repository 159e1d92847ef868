package discord

// Intents selects which gateway events a session receives (sent in IDENTIFY).
type Intents uint64

// Gateway intents, from the protocol reference 2.15.
const (
	IntentGuilds                      Intents = 1 << 0
	IntentGuildMembers                Intents = 1 << 1 // privileged
	IntentGuildModeration             Intents = 1 << 2
	IntentGuildExpressions            Intents = 1 << 3
	IntentGuildIntegrations           Intents = 1 << 4
	IntentGuildWebhooks               Intents = 1 << 5
	IntentGuildInvites                Intents = 1 << 6
	IntentGuildVoiceStates            Intents = 1 << 7
	IntentGuildPresences              Intents = 1 << 8 // privileged
	IntentGuildMessages               Intents = 1 << 9
	IntentGuildMessageReactions       Intents = 1 << 10
	IntentGuildMessageTyping          Intents = 1 << 11
	IntentDirectMessages              Intents = 1 << 12
	IntentDirectMessageReactions      Intents = 1 << 13
	IntentDirectMessageTyping         Intents = 1 << 14
	IntentMessageContent              Intents = 1 << 15 // privileged
	IntentGuildScheduledEvents        Intents = 1 << 16
	IntentAutoModerationConfiguration Intents = 1 << 20
	IntentAutoModerationExecution     Intents = 1 << 21
	IntentGuildMessagePolls           Intents = 1 << 24
	IntentDirectMessagePolls          Intents = 1 << 25

	// IntentsPrivileged are the intents that must be enabled in the Developer Portal.
	IntentsPrivileged = IntentGuildMembers | IntentGuildPresences | IntentMessageContent
	// IntentsAll is every documented intent (53608447).
	IntentsAll Intents = 53608447
	// IntentsNonPrivileged is every documented intent that needs no approval (53575421).
	IntentsNonPrivileged = IntentsAll &^ IntentsPrivileged
)

var intentNames = []flagName{
	{uint64(IntentGuilds), "GUILDS"},
	{uint64(IntentGuildMembers), "GUILD_MEMBERS"},
	{uint64(IntentGuildModeration), "GUILD_MODERATION"},
	{uint64(IntentGuildExpressions), "GUILD_EXPRESSIONS"},
	{uint64(IntentGuildIntegrations), "GUILD_INTEGRATIONS"},
	{uint64(IntentGuildWebhooks), "GUILD_WEBHOOKS"},
	{uint64(IntentGuildInvites), "GUILD_INVITES"},
	{uint64(IntentGuildVoiceStates), "GUILD_VOICE_STATES"},
	{uint64(IntentGuildPresences), "GUILD_PRESENCES"},
	{uint64(IntentGuildMessages), "GUILD_MESSAGES"},
	{uint64(IntentGuildMessageReactions), "GUILD_MESSAGE_REACTIONS"},
	{uint64(IntentGuildMessageTyping), "GUILD_MESSAGE_TYPING"},
	{uint64(IntentDirectMessages), "DIRECT_MESSAGES"},
	{uint64(IntentDirectMessageReactions), "DIRECT_MESSAGE_REACTIONS"},
	{uint64(IntentDirectMessageTyping), "DIRECT_MESSAGE_TYPING"},
	{uint64(IntentMessageContent), "MESSAGE_CONTENT"},
	{uint64(IntentGuildScheduledEvents), "GUILD_SCHEDULED_EVENTS"},
	{uint64(IntentAutoModerationConfiguration), "AUTO_MODERATION_CONFIGURATION"},
	{uint64(IntentAutoModerationExecution), "AUTO_MODERATION_EXECUTION"},
	{uint64(IntentGuildMessagePolls), "GUILD_MESSAGE_POLLS"},
	{uint64(IntentDirectMessagePolls), "DIRECT_MESSAGE_POLLS"},
}

// IntentNames lists every documented intent with its wire name, in bit order.
func IntentNames() map[Intents]string {
	m := make(map[Intents]string, len(intentNames))
	for _, f := range intentNames {
		m[Intents(f.bit)] = f.name
	}
	return m
}

// Has reports whether all bits of x are set.
func (i Intents) Has(x Intents) bool { return i&x == x }

// Privileged returns the privileged intents in i.
func (i Intents) Privileged() Intents { return i & IntentsPrivileged }

// Unknown returns the bits of i that are not documented intents (close 4013).
func (i Intents) Unknown() Intents { return i &^ IntentsAll }

// String renders the set as "GUILDS|GUILD_MESSAGES".
func (i Intents) String() string { return formatFlags(uint64(i), intentNames) }
