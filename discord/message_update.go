package discord

import (
	"bytes"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// MessageUpdate is MESSAGE_UPDATE. Discord documents it as the full updated
// message (tts is always false), but older and some current updates (embed
// unfurls, for example) carry only id, channel_id and the changed fields. So
// MessageUpdate remembers which top-level keys it was decoded from: Has
// reports them, a cache should apply only those, and encoding writes back
// exactly those keys. A MessageUpdate built in code (not decoded) has every
// key.
type MessageUpdate struct {
	Message
	GuildID     Snowflake             `json:"guild_id,omitzero"`
	Member      *Member               `json:"member,omitzero"`
	ChannelType Optional[ChannelType] `json:"channel_type,omitzero"`

	present map[string]struct{}
}

// messageUpdateFields is MessageUpdate without its JSON methods.
type messageUpdateFields MessageUpdate

// Has reports whether the decoded update carried the top-level key (e.g.
// "content"). It is true for every key of a MessageUpdate built in code.
func (m *MessageUpdate) Has(key string) bool {
	if m.present == nil {
		return true
	}
	_, ok := m.present[key]
	return ok
}

// UnmarshalJSONFrom decodes the update and records its top-level keys.
func (m *MessageUpdate) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, (*messageUpdateFields)(m)); err != nil {
		return err
	}
	if raw.Kind() != '{' {
		return nil // null: nothing was sent
	}
	m.present = make(map[string]struct{}, 24)
	sub := jsontext.NewDecoder(bytes.NewReader(raw))
	if _, err := sub.ReadToken(); err != nil {
		return err
	}
	for sub.PeekKind() == '"' {
		k, err := sub.ReadToken()
		if err != nil {
			return err
		}
		m.present[k.String()] = struct{}{}
		if err := sub.SkipValue(); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSONTo encodes the update; a decoded update writes only the keys it
// was decoded from.
func (m *MessageUpdate) MarshalJSONTo(enc *jsontext.Encoder) error {
	if m.present == nil {
		return json.MarshalEncode(enc, (*messageUpdateFields)(m))
	}
	full, err := json.Marshal((*messageUpdateFields)(m))
	if err != nil {
		return err
	}
	sub := jsontext.NewDecoder(bytes.NewReader(full))
	if _, err := sub.ReadToken(); err != nil {
		return err
	}
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for sub.PeekKind() == '"' {
		k, err := sub.ReadToken()
		if err != nil {
			return err
		}
		name := k.String() // k is only valid until the next read
		v, err := sub.ReadValue()
		if err != nil {
			return err
		}
		if _, ok := m.present[name]; !ok {
			continue
		}
		if err := enc.WriteToken(jsontext.String(name)); err != nil {
			return err
		}
		if err := enc.WriteValue(v); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}
