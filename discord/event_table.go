package discord

// This file is the event table: for each dispatch type, its name, its
// constructor (used by DecodeEvent) and, for guild-scoped events, the guild
// it belongs to (used by EventGuildID). Adding an event = one struct in an
// events_*.go file + one line in each block below.

// eventConstructors maps a dispatch name to a constructor of its payload.
var eventConstructors = map[string]func() Event{
	EventReady:                               func() Event { return new(Ready) },
	EventResumed:                             func() Event { return new(Resumed) },
	EventRateLimited:                         func() Event { return new(RateLimited) },
	EventApplicationCommandPermissionsUpdate: func() Event { return new(ApplicationCommandPermissionsUpdate) },
	EventAutoModerationRuleCreate:            func() Event { return new(AutoModerationRuleCreate) },
	EventAutoModerationRuleUpdate:            func() Event { return new(AutoModerationRuleUpdate) },
	EventAutoModerationRuleDelete:            func() Event { return new(AutoModerationRuleDelete) },
	EventAutoModerationActionExecution:       func() Event { return new(AutoModerationActionExecution) },
	EventChannelCreate:                       func() Event { return new(ChannelCreate) },
	EventChannelUpdate:                       func() Event { return new(ChannelUpdate) },
	EventChannelDelete:                       func() Event { return new(ChannelDelete) },
	EventChannelInfo:                         func() Event { return new(ChannelInfo) },
	EventChannelPinsUpdate:                   func() Event { return new(ChannelPinsUpdate) },
	EventThreadCreate:                        func() Event { return new(ThreadCreate) },
	EventThreadUpdate:                        func() Event { return new(ThreadUpdate) },
	EventThreadDelete:                        func() Event { return new(ThreadDelete) },
	EventThreadListSync:                      func() Event { return new(ThreadListSync) },
	EventThreadMemberUpdate:                  func() Event { return new(ThreadMemberUpdate) },
	EventThreadMembersUpdate:                 func() Event { return new(ThreadMembersUpdate) },
	EventEntitlementCreate:                   func() Event { return new(EntitlementCreate) },
	EventEntitlementUpdate:                   func() Event { return new(EntitlementUpdate) },
	EventEntitlementDelete:                   func() Event { return new(EntitlementDelete) },
	EventGuildCreate:                         func() Event { return new(GuildCreate) },
	EventGuildUpdate:                         func() Event { return new(GuildUpdate) },
	EventGuildDelete:                         func() Event { return new(GuildDelete) },
	EventGuildAuditLogEntryCreate:            func() Event { return new(GuildAuditLogEntryCreate) },
	EventGuildBanAdd:                         func() Event { return new(GuildBanAdd) },
	EventGuildBanRemove:                      func() Event { return new(GuildBanRemove) },
	EventGuildEmojisUpdate:                   func() Event { return new(GuildEmojisUpdate) },
	EventGuildStickersUpdate:                 func() Event { return new(GuildStickersUpdate) },
	EventGuildIntegrationsUpdate:             func() Event { return new(GuildIntegrationsUpdate) },
	EventGuildMemberAdd:                      func() Event { return new(GuildMemberAdd) },
	EventGuildMemberRemove:                   func() Event { return new(GuildMemberRemove) },
	EventGuildMemberUpdate:                   func() Event { return new(GuildMemberUpdate) },
	EventGuildMembersChunk:                   func() Event { return new(GuildMembersChunk) },
	EventGuildRoleCreate:                     func() Event { return new(GuildRoleCreate) },
	EventGuildRoleUpdate:                     func() Event { return new(GuildRoleUpdate) },
	EventGuildRoleDelete:                     func() Event { return new(GuildRoleDelete) },
	EventGuildScheduledEventCreate:           func() Event { return new(GuildScheduledEventCreate) },
	EventGuildScheduledEventUpdate:           func() Event { return new(GuildScheduledEventUpdate) },
	EventGuildScheduledEventDelete:           func() Event { return new(GuildScheduledEventDelete) },
	EventGuildScheduledEventUserAdd:          func() Event { return new(GuildScheduledEventUserAdd) },
	EventGuildScheduledEventUserRemove:       func() Event { return new(GuildScheduledEventUserRemove) },
	EventGuildSoundboardSoundCreate:          func() Event { return new(GuildSoundboardSoundCreate) },
	EventGuildSoundboardSoundUpdate:          func() Event { return new(GuildSoundboardSoundUpdate) },
	EventGuildSoundboardSoundDelete:          func() Event { return new(GuildSoundboardSoundDelete) },
	EventGuildSoundboardSoundsUpdate:         func() Event { return new(GuildSoundboardSoundsUpdate) },
	EventSoundboardSounds:                    func() Event { return new(SoundboardSounds) },
	EventIntegrationCreate:                   func() Event { return new(IntegrationCreate) },
	EventIntegrationUpdate:                   func() Event { return new(IntegrationUpdate) },
	EventIntegrationDelete:                   func() Event { return new(IntegrationDelete) },
	EventInteractionCreate:                   func() Event { return new(InteractionCreate) },
	EventInviteCreate:                        func() Event { return new(InviteCreate) },
	EventInviteDelete:                        func() Event { return new(InviteDelete) },
	EventMessageCreate:                       func() Event { return new(MessageCreate) },
	EventMessageUpdate:                       func() Event { return new(MessageUpdate) },
	EventMessageDelete:                       func() Event { return new(MessageDelete) },
	EventMessageDeleteBulk:                   func() Event { return new(MessageDeleteBulk) },
	EventMessageReactionAdd:                  func() Event { return new(MessageReactionAdd) },
	EventMessageReactionRemove:               func() Event { return new(MessageReactionRemove) },
	EventMessageReactionRemoveAll:            func() Event { return new(MessageReactionRemoveAll) },
	EventMessageReactionRemoveEmoji:          func() Event { return new(MessageReactionRemoveEmoji) },
	EventMessagePollVoteAdd:                  func() Event { return new(MessagePollVoteAdd) },
	EventMessagePollVoteRemove:               func() Event { return new(MessagePollVoteRemove) },
	EventPresenceUpdate:                      func() Event { return new(PresenceUpdateEvent) },
	EventTypingStart:                         func() Event { return new(TypingStart) },
	EventUserUpdate:                          func() Event { return new(UserUpdate) },
	EventStageInstanceCreate:                 func() Event { return new(StageInstanceCreate) },
	EventStageInstanceUpdate:                 func() Event { return new(StageInstanceUpdate) },
	EventStageInstanceDelete:                 func() Event { return new(StageInstanceDelete) },
	EventSubscriptionCreate:                  func() Event { return new(SubscriptionCreate) },
	EventSubscriptionUpdate:                  func() Event { return new(SubscriptionUpdate) },
	EventSubscriptionDelete:                  func() Event { return new(SubscriptionDelete) },
	EventVoiceChannelEffectSend:              func() Event { return new(VoiceChannelEffectSend) },
	EventVoiceChannelStartTimeUpdate:         func() Event { return new(VoiceChannelStartTimeUpdate) },
	EventVoiceChannelStatusUpdate:            func() Event { return new(VoiceChannelStatusUpdate) },
	EventVoiceStateUpdate:                    func() Event { return new(VoiceStateUpdate) },
	EventVoiceServerUpdate:                   func() Event { return new(VoiceServerUpdate) },
	EventWebhooksUpdate:                      func() Event { return new(WebhooksUpdate) },
}

// EventName returns EventReady.
func (*Ready) EventName() string { return EventReady }

// EventName returns EventResumed.
func (*Resumed) EventName() string { return EventResumed }

// EventName returns EventRateLimited.
func (*RateLimited) EventName() string { return EventRateLimited }

// EventName returns EventApplicationCommandPermissionsUpdate.
func (*ApplicationCommandPermissionsUpdate) EventName() string {
	return EventApplicationCommandPermissionsUpdate
}

// EventName returns EventAutoModerationRuleCreate.
func (*AutoModerationRuleCreate) EventName() string { return EventAutoModerationRuleCreate }

// EventName returns EventAutoModerationRuleUpdate.
func (*AutoModerationRuleUpdate) EventName() string { return EventAutoModerationRuleUpdate }

// EventName returns EventAutoModerationRuleDelete.
func (*AutoModerationRuleDelete) EventName() string { return EventAutoModerationRuleDelete }

// EventName returns EventAutoModerationActionExecution.
func (*AutoModerationActionExecution) EventName() string { return EventAutoModerationActionExecution }

// EventName returns EventChannelCreate.
func (*ChannelCreate) EventName() string { return EventChannelCreate }

// EventName returns EventChannelUpdate.
func (*ChannelUpdate) EventName() string { return EventChannelUpdate }

// EventName returns EventChannelDelete.
func (*ChannelDelete) EventName() string { return EventChannelDelete }

// EventName returns EventChannelInfo.
func (*ChannelInfo) EventName() string { return EventChannelInfo }

// EventName returns EventChannelPinsUpdate.
func (*ChannelPinsUpdate) EventName() string { return EventChannelPinsUpdate }

// EventName returns EventThreadCreate.
func (*ThreadCreate) EventName() string { return EventThreadCreate }

// EventName returns EventThreadUpdate.
func (*ThreadUpdate) EventName() string { return EventThreadUpdate }

// EventName returns EventThreadDelete.
func (*ThreadDelete) EventName() string { return EventThreadDelete }

// EventName returns EventThreadListSync.
func (*ThreadListSync) EventName() string { return EventThreadListSync }

// EventName returns EventThreadMemberUpdate.
func (*ThreadMemberUpdate) EventName() string { return EventThreadMemberUpdate }

// EventName returns EventThreadMembersUpdate.
func (*ThreadMembersUpdate) EventName() string { return EventThreadMembersUpdate }

// EventName returns EventEntitlementCreate.
func (*EntitlementCreate) EventName() string { return EventEntitlementCreate }

// EventName returns EventEntitlementUpdate.
func (*EntitlementUpdate) EventName() string { return EventEntitlementUpdate }

// EventName returns EventEntitlementDelete.
func (*EntitlementDelete) EventName() string { return EventEntitlementDelete }

// EventName returns EventGuildCreate.
func (*GuildCreate) EventName() string { return EventGuildCreate }

// EventName returns EventGuildUpdate.
func (*GuildUpdate) EventName() string { return EventGuildUpdate }

// EventName returns EventGuildDelete.
func (*GuildDelete) EventName() string { return EventGuildDelete }

// EventName returns EventGuildAuditLogEntryCreate.
func (*GuildAuditLogEntryCreate) EventName() string { return EventGuildAuditLogEntryCreate }

// EventName returns EventGuildBanAdd.
func (*GuildBanAdd) EventName() string { return EventGuildBanAdd }

// EventName returns EventGuildBanRemove.
func (*GuildBanRemove) EventName() string { return EventGuildBanRemove }

// EventName returns EventGuildEmojisUpdate.
func (*GuildEmojisUpdate) EventName() string { return EventGuildEmojisUpdate }

// EventName returns EventGuildStickersUpdate.
func (*GuildStickersUpdate) EventName() string { return EventGuildStickersUpdate }

// EventName returns EventGuildIntegrationsUpdate.
func (*GuildIntegrationsUpdate) EventName() string { return EventGuildIntegrationsUpdate }

// EventName returns EventGuildMemberAdd.
func (*GuildMemberAdd) EventName() string { return EventGuildMemberAdd }

// EventName returns EventGuildMemberRemove.
func (*GuildMemberRemove) EventName() string { return EventGuildMemberRemove }

// EventName returns EventGuildMemberUpdate.
func (*GuildMemberUpdate) EventName() string { return EventGuildMemberUpdate }

// EventName returns EventGuildMembersChunk.
func (*GuildMembersChunk) EventName() string { return EventGuildMembersChunk }

// EventName returns EventGuildRoleCreate.
func (*GuildRoleCreate) EventName() string { return EventGuildRoleCreate }

// EventName returns EventGuildRoleUpdate.
func (*GuildRoleUpdate) EventName() string { return EventGuildRoleUpdate }

// EventName returns EventGuildRoleDelete.
func (*GuildRoleDelete) EventName() string { return EventGuildRoleDelete }

// EventName returns EventGuildScheduledEventCreate.
func (*GuildScheduledEventCreate) EventName() string { return EventGuildScheduledEventCreate }

// EventName returns EventGuildScheduledEventUpdate.
func (*GuildScheduledEventUpdate) EventName() string { return EventGuildScheduledEventUpdate }

// EventName returns EventGuildScheduledEventDelete.
func (*GuildScheduledEventDelete) EventName() string { return EventGuildScheduledEventDelete }

// EventName returns EventGuildScheduledEventUserAdd.
func (*GuildScheduledEventUserAdd) EventName() string { return EventGuildScheduledEventUserAdd }

// EventName returns EventGuildScheduledEventUserRemove.
func (*GuildScheduledEventUserRemove) EventName() string { return EventGuildScheduledEventUserRemove }

// EventName returns EventGuildSoundboardSoundCreate.
func (*GuildSoundboardSoundCreate) EventName() string { return EventGuildSoundboardSoundCreate }

// EventName returns EventGuildSoundboardSoundUpdate.
func (*GuildSoundboardSoundUpdate) EventName() string { return EventGuildSoundboardSoundUpdate }

// EventName returns EventGuildSoundboardSoundDelete.
func (*GuildSoundboardSoundDelete) EventName() string { return EventGuildSoundboardSoundDelete }

// EventName returns EventGuildSoundboardSoundsUpdate.
func (*GuildSoundboardSoundsUpdate) EventName() string { return EventGuildSoundboardSoundsUpdate }

// EventName returns EventSoundboardSounds.
func (*SoundboardSounds) EventName() string { return EventSoundboardSounds }

// EventName returns EventIntegrationCreate.
func (*IntegrationCreate) EventName() string { return EventIntegrationCreate }

// EventName returns EventIntegrationUpdate.
func (*IntegrationUpdate) EventName() string { return EventIntegrationUpdate }

// EventName returns EventIntegrationDelete.
func (*IntegrationDelete) EventName() string { return EventIntegrationDelete }

// EventName returns EventInteractionCreate.
func (*InteractionCreate) EventName() string { return EventInteractionCreate }

// EventName returns EventInviteCreate.
func (*InviteCreate) EventName() string { return EventInviteCreate }

// EventName returns EventInviteDelete.
func (*InviteDelete) EventName() string { return EventInviteDelete }

// EventName returns EventMessageCreate.
func (*MessageCreate) EventName() string { return EventMessageCreate }

// EventName returns EventMessageUpdate.
func (*MessageUpdate) EventName() string { return EventMessageUpdate }

// EventName returns EventMessageDelete.
func (*MessageDelete) EventName() string { return EventMessageDelete }

// EventName returns EventMessageDeleteBulk.
func (*MessageDeleteBulk) EventName() string { return EventMessageDeleteBulk }

// EventName returns EventMessageReactionAdd.
func (*MessageReactionAdd) EventName() string { return EventMessageReactionAdd }

// EventName returns EventMessageReactionRemove.
func (*MessageReactionRemove) EventName() string { return EventMessageReactionRemove }

// EventName returns EventMessageReactionRemoveAll.
func (*MessageReactionRemoveAll) EventName() string { return EventMessageReactionRemoveAll }

// EventName returns EventMessageReactionRemoveEmoji.
func (*MessageReactionRemoveEmoji) EventName() string { return EventMessageReactionRemoveEmoji }

// EventName returns EventMessagePollVoteAdd.
func (*MessagePollVoteAdd) EventName() string { return EventMessagePollVoteAdd }

// EventName returns EventMessagePollVoteRemove.
func (*MessagePollVoteRemove) EventName() string { return EventMessagePollVoteRemove }

// EventName returns EventPresenceUpdate.
func (*PresenceUpdateEvent) EventName() string { return EventPresenceUpdate }

// EventName returns EventTypingStart.
func (*TypingStart) EventName() string { return EventTypingStart }

// EventName returns EventUserUpdate.
func (*UserUpdate) EventName() string { return EventUserUpdate }

// EventName returns EventStageInstanceCreate.
func (*StageInstanceCreate) EventName() string { return EventStageInstanceCreate }

// EventName returns EventStageInstanceUpdate.
func (*StageInstanceUpdate) EventName() string { return EventStageInstanceUpdate }

// EventName returns EventStageInstanceDelete.
func (*StageInstanceDelete) EventName() string { return EventStageInstanceDelete }

// EventName returns EventSubscriptionCreate.
func (*SubscriptionCreate) EventName() string { return EventSubscriptionCreate }

// EventName returns EventSubscriptionUpdate.
func (*SubscriptionUpdate) EventName() string { return EventSubscriptionUpdate }

// EventName returns EventSubscriptionDelete.
func (*SubscriptionDelete) EventName() string { return EventSubscriptionDelete }

// EventName returns EventVoiceChannelEffectSend.
func (*VoiceChannelEffectSend) EventName() string { return EventVoiceChannelEffectSend }

// EventName returns EventVoiceChannelStartTimeUpdate.
func (*VoiceChannelStartTimeUpdate) EventName() string { return EventVoiceChannelStartTimeUpdate }

// EventName returns EventVoiceChannelStatusUpdate.
func (*VoiceChannelStatusUpdate) EventName() string { return EventVoiceChannelStatusUpdate }

// EventName returns EventVoiceStateUpdate.
func (*VoiceStateUpdate) EventName() string { return EventVoiceStateUpdate }

// EventName returns EventVoiceServerUpdate.
func (*VoiceServerUpdate) EventName() string { return EventVoiceServerUpdate }

// EventName returns EventWebhooksUpdate.
func (*WebhooksUpdate) EventName() string { return EventWebhooksUpdate }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *RateLimited) EventGuildID() Snowflake { return e.Meta.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ApplicationCommandPermissionsUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *AutoModerationRuleCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *AutoModerationRuleUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *AutoModerationRuleDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *AutoModerationActionExecution) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ChannelCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ChannelUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ChannelDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ChannelInfo) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ChannelPinsUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ThreadCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ThreadUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ThreadDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ThreadListSync) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ThreadMemberUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *ThreadMembersUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *EntitlementCreate) EventGuildID() Snowflake { return nullableID(e.Entitlement.GuildID) }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *EntitlementUpdate) EventGuildID() Snowflake { return nullableID(e.Entitlement.GuildID) }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *EntitlementDelete) EventGuildID() Snowflake { return nullableID(e.Entitlement.GuildID) }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildCreate) EventGuildID() Snowflake { return e.ID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildUpdate) EventGuildID() Snowflake { return e.ID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildDelete) EventGuildID() Snowflake { return e.ID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildAuditLogEntryCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildBanAdd) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildBanRemove) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildEmojisUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildStickersUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildIntegrationsUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildMemberAdd) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildMemberRemove) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildMemberUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildMembersChunk) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildRoleCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildRoleUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildRoleDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildScheduledEventCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildScheduledEventUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildScheduledEventDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildScheduledEventUserAdd) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildScheduledEventUserRemove) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildSoundboardSoundCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildSoundboardSoundUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildSoundboardSoundDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *GuildSoundboardSoundsUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *SoundboardSounds) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *IntegrationCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *IntegrationUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *IntegrationDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *InteractionCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *InviteCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *InviteDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageDeleteBulk) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageReactionAdd) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageReactionRemove) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageReactionRemoveAll) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessageReactionRemoveEmoji) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessagePollVoteAdd) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *MessagePollVoteRemove) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *PresenceUpdateEvent) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *TypingStart) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *StageInstanceCreate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *StageInstanceUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *StageInstanceDelete) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *VoiceChannelEffectSend) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *VoiceChannelStartTimeUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *VoiceChannelStatusUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *VoiceStateUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *VoiceServerUpdate) EventGuildID() Snowflake { return e.GuildID }

// EventGuildID returns the guild the event belongs to (0 if none).
func (e *WebhooksUpdate) EventGuildID() Snowflake { return e.GuildID }
