package discord

import "github.com/go-json-experiment/json/jsontext"

// ActivityType is the kind of an activity (reference 2.16).
type ActivityType int

// Activity types.
const (
	ActivityPlaying   ActivityType = 0
	ActivityStreaming ActivityType = 1
	ActivityListening ActivityType = 2
	ActivityWatching  ActivityType = 3
	ActivityCustom    ActivityType = 4
	ActivityCompeting ActivityType = 5
)

// Activity is a presence activity. Bots may only set Name, State, Type and URL;
// the rest arrives in PRESENCE_UPDATE. Unknown keys are kept in Extra.
type Activity struct {
	Name          string              `json:"name"`
	Type          ActivityType        `json:"type"`
	URL           Nullable[string]    `json:"url,omitzero"`
	CreatedAt     int64               `json:"created_at,omitzero"` // Unix ms
	Timestamps    *ActivityTimestamps `json:"timestamps,omitzero"`
	ApplicationID Snowflake           `json:"application_id,omitzero"`
	Details       Nullable[string]    `json:"details,omitzero"`
	State         Nullable[string]    `json:"state,omitzero"`
	Emoji         jsontext.Value      `json:"emoji,omitzero"`
	Party         jsontext.Value      `json:"party,omitzero"`
	Assets        jsontext.Value      `json:"assets,omitzero"`
	Secrets       jsontext.Value      `json:"secrets,omitzero"`
	Instance      Optional[bool]      `json:"instance,omitzero"`
	Flags         int                 `json:"flags,omitzero"`
	Buttons       jsontext.Value      `json:"buttons,omitzero"`
	Extra         jsontext.Value      `json:",embed"`
}

// ActivityTimestamps are Unix milliseconds.
type ActivityTimestamps struct {
	Start int64 `json:"start,omitzero"`
	End   int64 `json:"end,omitzero"`
}

// String returns the reference name, or "ActivityType(n)" for unknown values.
func (t ActivityType) String() string {
	return enumString("ActivityType",
		[]string{"PLAYING", "STREAMING", "LISTENING", "WATCHING", "CUSTOM", "COMPETING"}, int(t))
}
