package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// JSON for the command types whose localizations may be null (see
// Localizations). Each type is encoded through a wire struct that embeds the
// type's fields and shadows the two localization keys with Nullable values;
// the unexported nulls field records which of them were an explicit null.
// Without such a null the fields are encoded directly, in declaration order;
// with one, the localization keys come last (JSON objects are unordered).

// localizationNulls records which localization keys were null on decode.
type localizationNulls uint8

const (
	nameLocalizationsNull localizationNulls = 1 << iota
	descriptionLocalizationsNull
)

// wireLocalizations is the Nullable form of m: a value when m is non-nil,
// null when m is nil and the decoded input held null, absent otherwise.
func wireLocalizations(m Localizations, nulls, bit localizationNulls) Nullable[Localizations] {
	switch {
	case m != nil:
		return NonNull(m)
	case nulls&bit != 0:
		return Null[Localizations]()
	}
	return Nullable[Localizations]{}
}

// readLocalizations stores a decoded Nullable into *m and records a null.
func readLocalizations(n Nullable[Localizations], m *Localizations, nulls *localizationNulls, bit localizationNulls) {
	*m, _ = n.Get()
	if n.IsNull() {
		*nulls |= bit
	}
}

type applicationCommandFields ApplicationCommand

type applicationCommandWire struct {
	V                        *applicationCommandFields `json:",embed"`
	NameLocalizations        Nullable[Localizations]   `json:"name_localizations,omitzero"`
	DescriptionLocalizations Nullable[Localizations]   `json:"description_localizations,omitzero"`
}

// MarshalJSONTo writes the command; see Localizations for null handling.
func (c ApplicationCommand) MarshalJSONTo(enc *jsontext.Encoder) error {
	if c.nulls == 0 {
		return json.MarshalEncode(enc, (*applicationCommandFields)(&c))
	}
	return json.MarshalEncode(enc, &applicationCommandWire{
		V:                        (*applicationCommandFields)(&c),
		NameLocalizations:        wireLocalizations(c.NameLocalizations, c.nulls, nameLocalizationsNull),
		DescriptionLocalizations: wireLocalizations(c.DescriptionLocalizations, c.nulls, descriptionLocalizationsNull),
	})
}

// UnmarshalJSONFrom reads a command, remembering null localizations.
func (c *ApplicationCommand) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*c = ApplicationCommand{}
	w := applicationCommandWire{V: (*applicationCommandFields)(c)}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	readLocalizations(w.NameLocalizations, &c.NameLocalizations, &c.nulls, nameLocalizationsNull)
	readLocalizations(w.DescriptionLocalizations, &c.DescriptionLocalizations, &c.nulls, descriptionLocalizationsNull)
	return nil
}

type applicationCommandOptionFields ApplicationCommandOption

type applicationCommandOptionWire struct {
	V                        *applicationCommandOptionFields `json:",embed"`
	NameLocalizations        Nullable[Localizations]         `json:"name_localizations,omitzero"`
	DescriptionLocalizations Nullable[Localizations]         `json:"description_localizations,omitzero"`
}

// MarshalJSONTo writes the option; see Localizations for null handling.
func (o ApplicationCommandOption) MarshalJSONTo(enc *jsontext.Encoder) error {
	if o.nulls == 0 {
		return json.MarshalEncode(enc, (*applicationCommandOptionFields)(&o))
	}
	return json.MarshalEncode(enc, &applicationCommandOptionWire{
		V:                        (*applicationCommandOptionFields)(&o),
		NameLocalizations:        wireLocalizations(o.NameLocalizations, o.nulls, nameLocalizationsNull),
		DescriptionLocalizations: wireLocalizations(o.DescriptionLocalizations, o.nulls, descriptionLocalizationsNull),
	})
}

// UnmarshalJSONFrom reads an option, remembering null localizations.
func (o *ApplicationCommandOption) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*o = ApplicationCommandOption{}
	w := applicationCommandOptionWire{V: (*applicationCommandOptionFields)(o)}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	readLocalizations(w.NameLocalizations, &o.NameLocalizations, &o.nulls, nameLocalizationsNull)
	readLocalizations(w.DescriptionLocalizations, &o.DescriptionLocalizations, &o.nulls, descriptionLocalizationsNull)
	return nil
}

type applicationCommandOptionChoiceFields ApplicationCommandOptionChoice

type applicationCommandOptionChoiceWire struct {
	V                 *applicationCommandOptionChoiceFields `json:",embed"`
	NameLocalizations Nullable[Localizations]               `json:"name_localizations,omitzero"`
}

// MarshalJSONTo writes the choice; see Localizations for null handling.
func (ch ApplicationCommandOptionChoice) MarshalJSONTo(enc *jsontext.Encoder) error {
	if ch.nulls == 0 {
		return json.MarshalEncode(enc, (*applicationCommandOptionChoiceFields)(&ch))
	}
	return json.MarshalEncode(enc, &applicationCommandOptionChoiceWire{
		V:                 (*applicationCommandOptionChoiceFields)(&ch),
		NameLocalizations: wireLocalizations(ch.NameLocalizations, ch.nulls, nameLocalizationsNull),
	})
}

// UnmarshalJSONFrom reads a choice, remembering a null name_localizations.
func (ch *ApplicationCommandOptionChoice) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*ch = ApplicationCommandOptionChoice{}
	w := applicationCommandOptionChoiceWire{V: (*applicationCommandOptionChoiceFields)(ch)}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	readLocalizations(w.NameLocalizations, &ch.NameLocalizations, &ch.nulls, nameLocalizationsNull)
	return nil
}
