package discord

import (
	"math"

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
// absent and leaves them out again unless the field was changed to a
// non-zero value. An Activity built in code always writes name and type
// (type 0 is Playing) and writes flags only when non-zero. A JSON null in
// name, type or flags reads as the zero value. CreatedAt is Optional so that
// "created_at": 0 survives.
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

// activityKeys records whether name, type and flags were in decoded JSON.
// A JSON null decodes as the zero value, as for any string or number field,
// and is written back as that value.
type activityKeys struct {
	decoded, name, typ, flags bool
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

// activityWire is the encoding form: it shadows name, type and flags with
// Nullable fields so that they can be left out; name and type come first to
// keep the usual key order.
type activityWire struct {
	Name  Nullable[string] `json:"name,omitzero"`
	Type  Nullable[int]    `json:"type,omitzero"`
	V     *activityFields  `json:",embed"`
	Flags Nullable[int]    `json:"flags,omitzero"`
}

// wireKey decides whether one remembered key is written: when the value is
// non-zero, was in the input, or (name and type of a built Activity) always.
func wireKey[T comparable](v T, seen, always bool) Nullable[T] {
	var zero T
	if v != zero || seen || always {
		return NonNull(v)
	}
	return Nullable[T]{}
}

// MarshalJSONTo writes the activity (see Activity for absent keys).
func (a Activity) MarshalJSONTo(enc *jsontext.Encoder) error {
	built := !a.seen.decoded
	return json.MarshalEncode(enc, &activityWire{
		Name:  wireKey(a.Name, a.seen.name, built),
		Type:  wireKey(int(a.Type), a.seen.typ, built),
		V:     (*activityFields)(&a),
		Flags: wireKey(a.Flags, a.seen.flags, false),
	})
}

// Sentinels for keys missing from the input. UnmarshalJSONFrom stores them
// before decoding; a key that is present overwrites them (json leaves
// fields of absent keys alone). JSON text is valid UTF-8, so no decoded
// name equals activityNameAbsent; the integer sentinels would need the
// input to hold math.MinInt64 itself.
const (
	activityNameAbsent               = "\xff"
	activityTypeAbsent  ActivityType = math.MinInt64
	activityFlagsAbsent              = math.MinInt
)

// UnmarshalJSONFrom reads an activity, remembering which of name, type and
// flags were absent. It decodes straight into a (no wire struct): this runs
// for every activity of every presence.
func (a *Activity) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*a = Activity{Name: activityNameAbsent, Type: activityTypeAbsent, Flags: activityFlagsAbsent}
	err := json.UnmarshalDecode(dec, (*activityFields)(a))
	a.seen = activityKeys{decoded: true, name: true, typ: true, flags: true}
	if a.Name == activityNameAbsent {
		a.Name, a.seen.name = "", false
	}
	if a.Type == activityTypeAbsent {
		a.Type, a.seen.typ = 0, false
	}
	if a.Flags == activityFlagsAbsent {
		a.Flags, a.seen.flags = 0, false
	}
	return err
}
