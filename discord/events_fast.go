package discord

import "github.com/go-json-experiment/json/jsontext"

// typingStartFields is TypingStart without its JSON methods: the generic
// decoding UnmarshalJSONFrom must match.
type typingStartFields TypingStart

// UnmarshalJSONFrom decodes TYPING_START, the most frequent dispatch after
// MESSAGE_CREATE, by hand (see decode_fast.go for the contract).
func (e *TypingStart) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*e = TypingStart{}
	return rerootEvent(dec, e.rawDecode(v), false)
}

// rawDecode decodes the validated value v.
func (e *TypingStart) rawDecode(v []byte) (err error) {
	it, ok := iterate(v, '{')
	if !ok {
		return decodeGeneric(v, (*typingStartFields)(e), nil)
	}
	for {
		name, rawName, val, ok := it.member()
		if !ok {
			return nil
		}
		at := &jsonPath{name: name}
		switch string(name) {
		case "channel_id":
			err = rawSnowflake(val, &e.ChannelID, at)
		case "guild_id":
			err = rawSnowflake(val, &e.GuildID, at)
		case "user_id":
			err = rawSnowflake(val, &e.UserID, at)
		case "timestamp":
			err = rawInt(val, &e.Timestamp, at)
		case "member":
			err = rawMemberPtr(val, &e.Member, at)
		default:
			addRawExtra(&e.Extra, rawName, val)
		}
		if err != nil {
			return err
		}
	}
}
