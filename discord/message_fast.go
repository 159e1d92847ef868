package discord

import (
	"reflect"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// messageCreateFields is MessageCreate without its JSON methods: the generic
// json v2 decoding that UnmarshalJSONFrom must match.
type messageCreateFields MessageCreate

// UnmarshalJSONFrom decodes MESSAGE_CREATE. It gives exactly the result of
// json v2's generic decoding of the struct (unknown keys in Extra, absent
// and null kept apart, the same errors with the same JSON pointers), only
// faster: the message, its author, mentions and member are decoded by hand
// (see decode_fast.go); rarer fields by json.UnmarshalDecode.
func (m *MessageCreate) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() != '{' {
		*m = MessageCreate{}
		return json.UnmarshalDecode(dec, (*messageCreateFields)(m))
	}
	*m = MessageCreate{}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, raw, err := readName(dec)
		if err != nil {
			return err
		}
		switch string(name) {
		case "guild_id":
			err = readSnowflake(dec, &m.GuildID)
		case "member":
			err = decodeMemberPtrFast(dec, &m.Member)
		case "channel_type":
			err = readMethod(dec, &m.ChannelType)
		default:
			err = m.Message.decodeFieldFast(dec, name, raw)
		}
		if err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// decodeFieldFast decodes the value of the member name into m; unknown
// names go to Extra.
func (m *Message) decodeFieldFast(dec *jsontext.Decoder, name, raw []byte) error {
	switch string(name) {
	case "id":
		return readSnowflake(dec, &m.ID)
	case "channel_id":
		return readSnowflake(dec, &m.ChannelID)
	case "author":
		return decodeUserFast(dec, &m.Author)
	case "content":
		return readString(dec, &m.Content)
	case "timestamp":
		return readMethod(dec, &m.Timestamp)
	case "edited_timestamp":
		return readMethod(dec, &m.EditedTimestamp)
	case "tts":
		return readBool(dec, &m.TTS)
	case "mention_everyone":
		return readBool(dec, &m.MentionEveryone)
	case "mentions":
		return decodeUserMentionsFast(dec, &m.Mentions)
	case "mention_roles":
		return readSnowflakes(dec, &m.MentionRoles)
	case "nonce":
		return readMethod(dec, &m.Nonce)
	case "pinned":
		return readBool(dec, &m.Pinned)
	case "webhook_id":
		return readSnowflake(dec, &m.WebhookID)
	case "application_id":
		return readSnowflake(dec, &m.ApplicationID)
	case "flags":
		return readMethod(dec, &m.Flags)
	case "position":
		return readMethod(dec, &m.Position)
	case "type":
		n, handled, err := readInt(dec, strconv.IntSize, reflect.TypeFor[MessageType]())
		if !handled {
			return json.UnmarshalDecode(dec, &m.Type)
		}
		m.Type = MessageType(n)
		return fieldError(dec, reflect.TypeFor[MessageType](), err)
	case "attachments":
		return readSlice(dec, &m.Attachments)
	case "embeds":
		return readSlice(dec, &m.Embeds)
	case "components":
		return json.UnmarshalDecode(dec, &m.Components)
	}
	if p := m.genericField(name); p != nil {
		return json.UnmarshalDecode(dec, p)
	}
	return addExtra(dec, &m.Extra, raw)
}

// genericField returns a pointer to the field of the rarer keys, decoded
// by json v2, or nil for an unknown key.
func (m *Message) genericField(name []byte) any {
	switch string(name) {
	case "mention_channels":
		return &m.MentionChannels
	case "reactions":
		return &m.Reactions
	case "activity":
		return &m.Activity
	case "application":
		return &m.Application
	case "message_reference":
		return &m.MessageReference
	case "message_snapshots":
		return &m.MessageSnapshots
	case "referenced_message":
		return &m.ReferencedMessage
	case "interaction":
		return &m.Interaction
	case "interaction_metadata":
		return &m.InteractionMetadata
	case "thread":
		return &m.Thread
	case "sticker_items":
		return &m.StickerItems
	case "stickers":
		return &m.Stickers
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
