package discord

import "github.com/go-json-experiment/json/jsontext"

// ScheduledEventStatus is the lifecycle state of a scheduled event.
type ScheduledEventStatus int

// Scheduled event statuses.
const (
	ScheduledEventScheduled ScheduledEventStatus = 1
	ScheduledEventActive    ScheduledEventStatus = 2
	ScheduledEventCompleted ScheduledEventStatus = 3
	ScheduledEventCanceled  ScheduledEventStatus = 4
)

// String returns the reference name or "ScheduledEventStatus(n)".
func (s ScheduledEventStatus) String() string {
	return enumString("ScheduledEventStatus", []string{1: "SCHEDULED", 2: "ACTIVE", 3: "COMPLETED", 4: "CANCELED"}, int(s))
}

// ScheduledEventEntityType says where a scheduled event happens.
type ScheduledEventEntityType int

// Scheduled event entity types.
const (
	ScheduledEventEntityStageInstance ScheduledEventEntityType = 1
	ScheduledEventEntityVoice         ScheduledEventEntityType = 2
	ScheduledEventEntityExternal      ScheduledEventEntityType = 3
)

// String returns the reference name or "ScheduledEventEntityType(n)".
func (t ScheduledEventEntityType) String() string {
	return enumString("ScheduledEventEntityType", []string{1: "STAGE_INSTANCE", 2: "VOICE", 3: "EXTERNAL"}, int(t))
}

// GuildScheduledEvent is an event planned in a guild. Unknown keys are kept
// in Extra.
type GuildScheduledEvent struct {
	ID                 Snowflake                `json:"id"`
	GuildID            Snowflake                `json:"guild_id"`
	ChannelID          Nullable[Snowflake]      `json:"channel_id,omitzero"`
	CreatorID          Nullable[Snowflake]      `json:"creator_id,omitzero"`
	Name               string                   `json:"name"`
	Description        Nullable[string]         `json:"description,omitzero"`
	ScheduledStartTime Timestamp                `json:"scheduled_start_time"`
	ScheduledEndTime   Nullable[Timestamp]      `json:"scheduled_end_time,omitzero"`
	PrivacyLevel       int                      `json:"privacy_level"` // 2 GUILD_ONLY
	Status             ScheduledEventStatus     `json:"status"`
	EntityType         ScheduledEventEntityType `json:"entity_type"`
	EntityID           Nullable[Snowflake]      `json:"entity_id,omitzero"`
	EntityMetadata     Nullable[EntityMetadata] `json:"entity_metadata,omitzero"`
	Creator            *User                    `json:"creator,omitzero"`
	UserCount          Optional[int]            `json:"user_count,omitzero"`
	Image              Nullable[string]         `json:"image,omitzero"`
	// RecurrenceRule is kept raw (its shape is large and rarely needed).
	RecurrenceRule Nullable[jsontext.Value] `json:"recurrence_rule,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// EntityMetadata holds extra data for EXTERNAL scheduled events.
type EntityMetadata struct {
	Location string         `json:"location,omitzero"`
	Extra    jsontext.Value `json:",embed"`
}
