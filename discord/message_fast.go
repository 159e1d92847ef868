package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// messageCreateFields is MessageCreate without its JSON methods: the generic
// json v2 decoding that UnmarshalJSONFrom must match.
type messageCreateFields MessageCreate

// UnmarshalJSONFrom decodes MESSAGE_CREATE. It gives exactly the result of
// json v2's generic decoding of the struct (unknown keys in Extra, absent
// and null kept apart, the same errors with the same JSON pointers), only
// faster. It walks the top-level members with dec: the scalars and the
// author, member and mentions are read as whole values and decoded by hand
// (see decode_fast.go); arrays of other objects are read element by element
// and the rest is left to json.UnmarshalDecode on the same decoder, which is
// what the generic decoding does for them anyway.
func (m *MessageCreate) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*m = MessageCreate{}
	if dec.PeekKind() != '{' {
		return json.UnmarshalDecode(dec, (*messageCreateFields)(m))
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		rawName, err := dec.ReadValue()
		if err != nil {
			return err
		}
		// The name's bytes may be overwritten by the next read.
		var buf [64]byte
		rawName = append(buf[:0], rawName...)
		name := rawName[1 : len(rawName)-1]
		if hasEscape(name) {
			if name, err = jsontext.AppendUnquote(nil, rawName); err != nil {
				return err
			}
		}
		if err := m.decodeMember(dec, name, rawName); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// decodeMember decodes the value of the top-level member name from dec.
func (m *MessageCreate) decodeMember(dec *jsontext.Decoder, name, rawName []byte) error {
	switch string(name) {
	case "attachments":
		return readSlice(dec, &m.Attachments)
	case "embeds":
		return readSlice(dec, &m.Embeds)
	case "reactions":
		return readSlice(dec, &m.Reactions)
	case "sticker_items":
		return readSlice(dec, &m.StickerItems)
	case "mention_channels":
		return readSlice(dec, &m.MentionChannels)
	case "stickers":
		return readSlice(dec, &m.Stickers)
	case "message_snapshots":
		return readSlice(dec, &m.MessageSnapshots)
	}
	if p := m.genericField(name); p != nil {
		return json.UnmarshalDecode(dec, p)
	}
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	at := &jsonPath{name: name}
	switch string(name) {
	case "guild_id":
		err = rawSnowflake(v, &m.GuildID, at)
	case "member":
		err = rawMemberPtr(v, &m.Member, at)
	case "channel_type":
		err = rawOptionalInt(v, &m.ChannelType, at)
	default:
		err = m.Message.rawField(name, rawName, v, at)
	}
	return rerootEvent(dec, err, true)
}

// rawField decodes the value v of the member name into m; unknown names go
// to Extra.
func (m *Message) rawField(name, rawName, v []byte, at *jsonPath) error {
	switch string(name) {
	case "id":
		return rawSnowflake(v, &m.ID, at)
	case "channel_id":
		return rawSnowflake(v, &m.ChannelID, at)
	case "author":
		return rawUser(v, &m.Author, at)
	case "content":
		return rawString(v, &m.Content, at)
	case "timestamp":
		return rawTimestamp(v, &m.Timestamp, at)
	case "edited_timestamp":
		return rawNullableTimestamp(v, &m.EditedTimestamp, at)
	case "tts":
		return rawBool(v, &m.TTS, at)
	case "mention_everyone":
		return rawBool(v, &m.MentionEveryone, at)
	case "mentions":
		return rawUserMentions(v, &m.Mentions, at)
	case "mention_roles":
		return rawSnowflakes(v, &m.MentionRoles, at)
	case "nonce":
		return rawNonce(v, &m.Nonce, at)
	case "pinned":
		return rawBool(v, &m.Pinned, at)
	case "webhook_id":
		return rawSnowflake(v, &m.WebhookID, at)
	case "application_id":
		return rawSnowflake(v, &m.ApplicationID, at)
	case "flags":
		return rawOptionalInt(v, &m.Flags, at)
	case "position":
		return rawOptionalInt(v, &m.Position, at)
	case "type":
		return rawInt(v, &m.Type, at)
	}
	addRawExtra(&m.Extra, rawName, v)
	return nil
}

// genericField returns a pointer to the field of the rarer keys, decoded
// by json v2, or nil.
func (m *Message) genericField(name []byte) any {
	switch string(name) {
	case "components":
		return &m.Components
	case "activity":
		return &m.Activity
	case "application":
		return &m.Application
	case "message_reference":
		return &m.MessageReference
	case "referenced_message":
		return &m.ReferencedMessage
	case "interaction":
		return &m.Interaction
	case "interaction_metadata":
		return &m.InteractionMetadata
	case "thread":
		return &m.Thread
	case "role_subscription_data":
		return &m.RoleSubscriptionData
	case "resolved":
		return &m.Resolved
	case "poll":
		return &m.Poll
	case "call":
		return &m.Call
	}
	return nil
}
