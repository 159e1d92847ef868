package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

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

// Activity is a presence activity. Bots may only set Name, State, Type and
// URL (see NewActivity, NewStreaming, NewCustomStatus); the rest arrives in
// PRESENCE_UPDATE, GUILD_CREATE and GUILD_MEMBERS_CHUNK. Unknown keys are
// kept in Extra.
//
// Discord does not validate presences, so received activities may lack name,
// type or flags. A decoded Activity remembers which of those keys were
// absent (or null) and writes them back the same way unless the field was
// changed to a non-zero value; an Activity built in code always writes name
// and type (type 0 is Playing) and writes flags only when non-zero.
// CreatedAt is Optional so that "created_at": 0 survives.
type Activity struct {
	Name          string              `json:"name"`
	Type          ActivityType        `json:"type"`
	URL           Nullable[string]    `json:"url,omitzero"`
	CreatedAt     Optional[int64]     `json:"created_at,omitzero"` // Unix ms
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

	seen activityKeys // set by UnmarshalJSONFrom
}

// activityKeys records how name, type and flags appeared in decoded JSON.
type activityKeys struct {
	decoded          bool
	name, typ, flags nullState
}

// ActivityTimestamps are Unix milliseconds.
type ActivityTimestamps struct {
	Start int64 `json:"start,omitzero"`
	End   int64 `json:"end,omitzero"`
}

// NewActivity returns an activity of the given type and name for an
// UpdatePresence, e.g. NewActivity(ActivityWatching, "the logs").
func NewActivity(typ ActivityType, name string) Activity {
	return Activity{Name: name, Type: typ}
}

// NewStreaming returns a Streaming activity; Discord only shows the stream
// link for twitch.tv and youtube.com URLs.
func NewStreaming(name, url string) Activity {
	return Activity{Name: name, Type: ActivityStreaming, URL: NonNull(url)}
}

// NewCustomStatus returns a Custom activity whose text is state (what users
// see as the bot's custom status).
func NewCustomStatus(state string) Activity {
	return Activity{Name: "Custom Status", Type: ActivityCustom, State: NonNull(state)}
}

// String returns the reference name, or "ActivityType(n)" for unknown values.
func (t ActivityType) String() string {
	return enumString("ActivityType",
		[]string{"PLAYING", "STREAMING", "LISTENING", "WATCHING", "CUSTOM", "COMPETING"}, int(t))
}

type activityFields Activity

// activityWire shadows name, type and flags with Nullable fields so that
// their presence is visible; name and type come first to keep the usual
// key order.
type activityWire struct {
	Name  Nullable[string]       `json:"name,omitzero"`
	Type  Nullable[ActivityType] `json:"type,omitzero"`
	V     *activityFields        `json:",embed"`
	Flags Nullable[int]          `json:"flags,omitzero"`
}

// wireKey decides how one remembered key is written: a non-zero value, or
// a value the input held, or (for name and type of a built Activity) always
// the value; a remembered null while the field is still zero; else nothing.
func wireKey[T comparable](v T, st nullState, always bool) Nullable[T] {
	var zero T
	switch {
	case v != zero || st == nullValue || always:
		return NonNull(v)
	case st == nullNull:
		return Null[T]()
	}
	return Nullable[T]{}
}

// MarshalJSONTo writes the activity (see Activity for absent keys).
func (a Activity) MarshalJSONTo(enc *jsontext.Encoder) error {
	built := !a.seen.decoded
	return json.MarshalEncode(enc, &activityWire{
		Name:  wireKey(a.Name, a.seen.name, built),
		Type:  wireKey(a.Type, a.seen.typ, built),
		V:     (*activityFields)(&a),
		Flags: wireKey(a.Flags, a.seen.flags, false),
	})
}

// UnmarshalJSONFrom reads an activity, remembering absent and null keys.
func (a *Activity) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*a = Activity{}
	w := activityWire{V: (*activityFields)(a)}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	a.Name, _ = w.Name.Get()
	a.Type, _ = w.Type.Get()
	a.Flags, _ = w.Flags.Get()
	a.seen = activityKeys{decoded: true, name: w.Name.state, typ: w.Type.state, flags: w.Flags.state}
	return nil
}
