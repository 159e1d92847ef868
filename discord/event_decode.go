package discord

import (
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// DecodeEvent decodes the d of a dispatch named name into its typed payload
// (always a pointer, e.g. *MessageCreate). Names this version does not know
// give an *UnknownEvent holding a copy of d, and no error. A known name with a
// malformed d gives an error that names the event and, for a wrong type, the
// JSON pointer of the offending field (e.g. "/author/id"); it never panics.
// d is not retained: the result may outlive the frame it came from.
func DecodeEvent(name string, d jsontext.Value) (Event, error) {
	newEvent, ok := eventConstructors[name]
	if !ok {
		return &UnknownEvent{Name: name, Raw: append(jsontext.Value(nil), d...)}, nil
	}
	e := newEvent()
	if len(d) == 0 {
		return nil, fmt.Errorf("discord: decode %s: empty payload", name)
	}
	if err := json.Unmarshal(d, e); err != nil {
		return nil, fmt.Errorf("discord: decode %s: %w", name, err)
	}
	return e, nil
}

// IsKnownEvent reports whether DecodeEvent has a typed payload for name.
func IsKnownEvent(name string) bool {
	_, ok := eventConstructors[name]
	return ok
}

// GuildEvent is implemented by dispatches that can belong to a guild. Its
// method returns 0 when the particular event has no guild (a DM message, for
// example). Dispatches that never belong to a guild (READY, USER_UPDATE,
// subscriptions) do not implement it.
type GuildEvent interface {
	Event
	EventGuildID() Snowflake
}

// EventGuildID returns the guild a decoded event belongs to, or 0. Use it to
// order events per guild; use DispatchGuildID to do the same before decoding.
func EventGuildID(e Event) Snowflake {
	if g, ok := e.(GuildEvent); ok {
		return g.EventGuildID()
	}
	return 0
}

// DispatchGuildID returns the guild of a raw dispatch without decoding it: the
// top-level "id" of GUILD_CREATE/GUILD_UPDATE/GUILD_DELETE, the top-level
// "guild_id" of any other event, or 0 when absent, null or unreadable. It
// scans only the top level of d, skipping nested values without allocating,
// so a dispatcher can route a GUILD_CREATE of several megabytes cheaply. For
// RATE_LIMITED, whose guild sits in meta, it returns 0; decode to learn it.
func DispatchGuildID(name string, d []byte) Snowflake {
	key := "guild_id"
	switch name {
	case EventGuildCreate, EventGuildUpdate, EventGuildDelete:
		key = "id"
	}
	id, _ := topLevelSnowflake(d, key)
	return id
}

// topLevelSnowflake finds key among the top-level members of the object d and
// parses its value as a snowflake.
func topLevelSnowflake(d []byte, key string) (Snowflake, bool) {
	sc := scanner{b: d}
	sc.ws()
	if !sc.eat('{') {
		return 0, false
	}
	sc.ws()
	if sc.eat('}') {
		return 0, false
	}
	for {
		sc.ws()
		k, ok := sc.str()
		if !ok {
			return 0, false
		}
		sc.ws()
		if !sc.eat(':') {
			return 0, false
		}
		sc.ws()
		start := sc.i
		if !sc.skipValue(0) {
			return 0, false
		}
		if string(k) == key {
			v := d[start:sc.i]
			if len(v) >= 2 && v[0] == '"' {
				v = v[1 : len(v)-1]
			}
			n, err := parseDigits(v)
			if err != nil {
				return 0, false
			}
			return Snowflake(n), true
		}
		sc.ws()
		if sc.eat(',') {
			continue
		}
		return 0, false
	}
}

// nullableID returns the ID or 0 for absent/null.
func nullableID(n Nullable[Snowflake]) Snowflake {
	id, _ := n.Get()
	return id
}
