package discord

import (
	"bytes"
	"errors"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Role is a guild role (reference 5: role object). Unknown keys are kept in
// Extra (old payloads carry "permissions_new", for example).
type Role struct {
	ID           Snowflake           `json:"id"`
	Name         string              `json:"name"`
	Color        int                 `json:"color"` // deprecated in favour of Colors
	Colors       *RoleColors         `json:"colors,omitzero"`
	Hoist        bool                `json:"hoist"`
	Icon         Nullable[string]    `json:"icon,omitzero"`
	UnicodeEmoji Nullable[string]    `json:"unicode_emoji,omitzero"`
	Position     int                 `json:"position"`
	Permissions  Permissions         `json:"permissions"`
	Managed      bool                `json:"managed"`
	Mentionable  bool                `json:"mentionable"`
	Tags         *RoleTags           `json:"tags,omitzero"`
	Flags        Optional[RoleFlags] `json:"flags,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// Mention returns the "<@&id>" mention text.
func (r *Role) Mention() string { return "<@&" + r.ID.String() + ">" }

// RoleColors are a role's gradient colours (RGB integers).
type RoleColors struct {
	PrimaryColor   int            `json:"primary_color"`
	SecondaryColor Nullable[int]  `json:"secondary_color,omitzero"`
	TertiaryColor  Nullable[int]  `json:"tertiary_color,omitzero"`
	Extra          jsontext.Value `json:",embed"`
}

// RoleFlags are the bits of a role's flags field.
type RoleFlags uint64

// RoleFlagInPrompt marks a role selectable in an onboarding prompt.
const RoleFlagInPrompt RoleFlags = 1 << 0

// String renders the set.
func (f RoleFlags) String() string {
	return formatFlags(uint64(f), []flagName{{uint64(RoleFlagInPrompt), "IN_PROMPT"}})
}

// RoleTags describe why a role exists. Discord sends premium_subscriber,
// available_for_purchase and guild_connections as keys whose value is null:
// present means true, absent means false. They decode into the bools below and
// encode back as null-valued keys, so a round trip is exact.
type RoleTags struct {
	BotID                 Snowflake
	IntegrationID         Snowflake
	SubscriptionListingID Snowflake
	PremiumSubscriber     bool
	AvailableForPurchase  bool
	GuildConnections      bool
	Extra                 jsontext.Value // unknown keys, as a JSON object
}

// MarshalJSONTo writes the tags with presence keys as null.
func (t RoleTags) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	ids := [...]struct {
		k string
		v Snowflake
	}{{"bot_id", t.BotID}, {"integration_id", t.IntegrationID}, {"subscription_listing_id", t.SubscriptionListingID}}
	for _, f := range ids {
		if f.v == 0 {
			continue
		}
		if err := enc.WriteToken(jsontext.String(f.k)); err != nil {
			return err
		}
		if err := f.v.MarshalJSONTo(enc); err != nil {
			return err
		}
	}
	flags := [...]struct {
		k string
		v bool
	}{{"premium_subscriber", t.PremiumSubscriber}, {"available_for_purchase", t.AvailableForPurchase}, {"guild_connections", t.GuildConnections}}
	for _, f := range flags {
		if !f.v {
			continue
		}
		if err := enc.WriteToken(jsontext.String(f.k)); err != nil {
			return err
		}
		if err := enc.WriteToken(jsontext.Null); err != nil {
			return err
		}
	}
	if len(t.Extra) > 0 {
		if err := writeObjectMembers(enc, t.Extra); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

// UnmarshalJSONFrom reads the tags; a presence key counts whatever its value.
func (t *RoleTags) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '{' {
		return errors.New("discord: role tags must be an object, got " + tok.Kind().String())
	}
	*t = RoleTags{}
	var extra []byte
	for dec.PeekKind() != '}' {
		k, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := k.String()
		switch name {
		case "bot_id":
			err = t.BotID.UnmarshalJSONFrom(dec)
		case "integration_id":
			err = t.IntegrationID.UnmarshalJSONFrom(dec)
		case "subscription_listing_id":
			err = t.SubscriptionListingID.UnmarshalJSONFrom(dec)
		case "premium_subscriber", "available_for_purchase", "guild_connections":
			err = dec.SkipValue()
			switch name {
			case "premium_subscriber":
				t.PremiumSubscriber = true
			case "available_for_purchase":
				t.AvailableForPurchase = true
			default:
				t.GuildConnections = true
			}
		default:
			var v jsontext.Value
			v, err = dec.ReadValue()
			if err == nil {
				extra, err = appendMember(extra, name, v)
			}
		}
		if err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if extra != nil {
		t.Extra = append(append([]byte{'{'}, extra...), '}')
	}
	return nil
}

// appendMember appends `"name":value` (comma-separated) to an object body.
func appendMember(body []byte, name string, v jsontext.Value) ([]byte, error) {
	k, err := json.Marshal(name)
	if err != nil {
		return nil, err
	}
	if len(body) > 0 {
		body = append(body, ',')
	}
	body = append(body, k...)
	body = append(body, ':')
	return append(body, v...), nil
}

// writeObjectMembers writes the members of the JSON object obj into an object
// that enc is currently inside.
func writeObjectMembers(enc *jsontext.Encoder, obj jsontext.Value) error {
	dec := jsontext.NewDecoder(bytes.NewReader(obj))
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '{' {
		return errors.New("discord: extra fields must be a JSON object")
	}
	for dec.PeekKind() != '}' {
		k, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := k.String() // k is only valid until the next read
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if err := enc.WriteToken(jsontext.String(name)); err != nil {
			return err
		}
		if err := enc.WriteValue(v); err != nil {
			return err
		}
	}
	return nil
}
