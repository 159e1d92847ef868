package discord

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// ComponentType identifies a message or modal component (reference 4.5).
// Values this version does not know round-trip unchanged through
// UnknownComponent.
type ComponentType int

// Component types.
const (
	ComponentTypeActionRow         ComponentType = 1
	ComponentTypeButton            ComponentType = 2
	ComponentTypeStringSelect      ComponentType = 3
	ComponentTypeTextInput         ComponentType = 4
	ComponentTypeUserSelect        ComponentType = 5
	ComponentTypeRoleSelect        ComponentType = 6
	ComponentTypeMentionableSelect ComponentType = 7
	ComponentTypeChannelSelect     ComponentType = 8
	ComponentTypeSection           ComponentType = 9
	ComponentTypeTextDisplay       ComponentType = 10
	ComponentTypeThumbnail         ComponentType = 11
	ComponentTypeMediaGallery      ComponentType = 12
	ComponentTypeFile              ComponentType = 13
	ComponentTypeSeparator         ComponentType = 14
	ComponentTypeContainer         ComponentType = 17
	ComponentTypeLabel             ComponentType = 18
	ComponentTypeFileUpload        ComponentType = 19
	ComponentTypeRadioGroup        ComponentType = 21
	ComponentTypeCheckboxGroup     ComponentType = 22
	ComponentTypeCheckbox          ComponentType = 23
)

var componentTypeNames = map[ComponentType]string{
	ComponentTypeActionRow: "ActionRow", ComponentTypeButton: "Button",
	ComponentTypeStringSelect: "StringSelect", ComponentTypeTextInput: "TextInput",
	ComponentTypeUserSelect: "UserSelect", ComponentTypeRoleSelect: "RoleSelect",
	ComponentTypeMentionableSelect: "MentionableSelect", ComponentTypeChannelSelect: "ChannelSelect",
	ComponentTypeSection: "Section", ComponentTypeTextDisplay: "TextDisplay",
	ComponentTypeThumbnail: "Thumbnail", ComponentTypeMediaGallery: "MediaGallery",
	ComponentTypeFile: "File", ComponentTypeSeparator: "Separator",
	ComponentTypeContainer: "Container", ComponentTypeLabel: "Label",
	ComponentTypeFileUpload: "FileUpload", ComponentTypeRadioGroup: "RadioGroup",
	ComponentTypeCheckboxGroup: "CheckboxGroup", ComponentTypeCheckbox: "Checkbox",
}

// String returns the component's name, or "ComponentType(n)" for unknown values.
func (t ComponentType) String() string {
	if s, ok := componentTypeNames[t]; ok {
		return s
	}
	return "ComponentType(" + strconv.Itoa(int(t)) + ")"
}

// Component is one node of a component tree: every struct in this package
// named after a component type implements it, and so does *UnknownComponent
// for types this version does not know. Components of every type encode their
// own "type" key, so a Component marshals correctly wherever it appears.
type Component interface {
	// ComponentType returns the component's type.
	ComponentType() ComponentType
}

// UnknownComponent carries a component whose type this version of scurry does
// not know. Raw is the component's JSON exactly as received and is written
// back unchanged, so a message edited by a bot keeps components it could not
// read.
type UnknownComponent struct {
	Type ComponentType
	Raw  jsontext.Value
}

// ComponentType returns the type read from the raw JSON.
func (c *UnknownComponent) ComponentType() ComponentType { return c.Type }

// MarshalJSONTo writes Raw unchanged.
func (c *UnknownComponent) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(c.Raw) == 0 {
		return fmt.Errorf("discord: unknown component of type %d has no raw JSON", int(c.Type))
	}
	return enc.WriteValue(c.Raw)
}

// Components is a list of components of any type, as found in a message, a
// modal, an action row or a container. It encodes and decodes through the
// "type" key of each element; unknown types become *UnknownComponent, so
// decoding only fails on malformed JSON or a known type with bad fields, and
// the error (a *ComponentDecodeError) names the JSON path of the culprit.
type Components []Component

// MarshalJSONTo writes the list; a nil element is an error naming its index.
func (cs Components) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginArray); err != nil {
		return err
	}
	for i, c := range cs {
		if c == nil {
			return fmt.Errorf("discord: component %d is nil", i)
		}
		if err := json.MarshalEncode(enc, c); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndArray)
}

// UnmarshalJSONFrom reads a list of components; null reads as nil.
func (cs *Components) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		*cs = nil
		return err
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '[' {
		return fmt.Errorf("discord: components must be an array, got %v", tok.Kind())
	}
	out := make(Components, 0, 4)
	for dec.PeekKind() != ']' {
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		c, err := decodeComponent(raw)
		if err != nil {
			return reroot(dec.StackPointer(), err)
		}
		out = append(out, c)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	*cs = out
	return nil
}

// ComponentDecodeError reports a component that could not be decoded. Path is
// the JSON pointer of the component (relative to the value being decoded, for
// example "/components/0/components/2"), Type its type (0 if unreadable).
type ComponentDecodeError struct {
	Path jsontext.Pointer
	Type ComponentType
	Err  error
}

func (e *ComponentDecodeError) Error() string {
	if e.Type == 0 {
		return fmt.Sprintf("discord: component at %q: %v", string(e.Path), e.Err)
	}
	return fmt.Sprintf("discord: component at %q (%v): %v", string(e.Path), e.Type, e.Err)
}

func (e *ComponentDecodeError) Unwrap() error { return e.Err }

// UnmarshalComponent decodes one component of any type; unknown types give an
// *UnknownComponent holding a copy of raw.
func UnmarshalComponent(raw []byte) (Component, error) {
	if !jsontext.Value(raw).IsValid() {
		return nil, &ComponentDecodeError{Err: errors.New("invalid JSON")}
	}
	return decodeComponent(jsontext.Value(raw))
}

// reroot prefixes the path of a *ComponentDecodeError with the pointer of
// the value it was decoded from (computed only on error: it allocates).
func reroot(at jsontext.Pointer, err error) error {
	if de, ok := err.(*ComponentDecodeError); ok {
		return &ComponentDecodeError{Path: at + de.Path, Type: de.Type, Err: de.Err}
	}
	return err
}

// decodeComponent decodes raw; errors are *ComponentDecodeError with a path
// relative to raw. Nested components report their own relative paths, which
// rerootComponentError extends, so the final error names the full path.
func decodeComponent(raw jsontext.Value) (Component, error) {
	const path = jsontext.Pointer("")
	t, err := peekComponentType(raw)
	if err != nil {
		return nil, &ComponentDecodeError{Path: path, Err: err}
	}
	var c Component
	switch t {
	case ComponentTypeActionRow:
		c = new(ActionRow)
	case ComponentTypeButton:
		c = new(Button)
	case ComponentTypeStringSelect:
		c = new(StringSelect)
	case ComponentTypeTextInput:
		c = new(TextInput)
	case ComponentTypeUserSelect:
		c = new(UserSelect)
	case ComponentTypeRoleSelect:
		c = new(RoleSelect)
	case ComponentTypeMentionableSelect:
		c = new(MentionableSelect)
	case ComponentTypeChannelSelect:
		c = new(ChannelSelect)
	case ComponentTypeSection:
		c = new(Section)
	case ComponentTypeTextDisplay:
		c = new(TextDisplay)
	case ComponentTypeThumbnail:
		c = new(Thumbnail)
	case ComponentTypeMediaGallery:
		c = new(MediaGallery)
	case ComponentTypeFile:
		c = new(File)
	case ComponentTypeSeparator:
		c = new(Separator)
	case ComponentTypeContainer:
		c = new(Container)
	case ComponentTypeLabel:
		c = new(Label)
	case ComponentTypeFileUpload:
		c = new(FileUpload)
	case ComponentTypeRadioGroup:
		c = new(RadioGroup)
	case ComponentTypeCheckboxGroup:
		c = new(CheckboxGroup)
	case ComponentTypeCheckbox:
		c = new(Checkbox)
	default:
		return &UnknownComponent{Type: t, Raw: append(jsontext.Value(nil), raw...)}, nil
	}
	if err := json.Unmarshal(raw, c); err != nil {
		return nil, rerootComponentError(path, t, err)
	}
	return c, nil
}

func rerootComponentError(path jsontext.Pointer, t ComponentType, err error) error {
	var inner *ComponentDecodeError
	if errors.As(err, &inner) {
		return &ComponentDecodeError{Path: path + inner.Path, Type: inner.Type, Err: inner.Err}
	}
	var sem *json.SemanticError
	if errors.As(err, &sem) && sem.JSONPointer != "" {
		cause := sem.Err
		if cause == nil {
			cause = errors.New("cannot decode " + sem.JSONKind.String() + " into " + typeName(sem))
		}
		return &ComponentDecodeError{Path: path + sem.JSONPointer, Type: t, Err: cause}
	}
	return &ComponentDecodeError{Path: path, Type: t, Err: err}
}

func typeName(sem *json.SemanticError) string {
	if sem.GoType == nil {
		return "Go value"
	}
	return sem.GoType.String()
}

// peekComponentType reads the "type" key of a component object without
// decoding the rest. A byte scan finds it in the common case; keys written
// with escapes and malformed input take the tokenizer's slower path.
func peekComponentType(raw jsontext.Value) (ComponentType, error) {
	if t, ok := scanComponentType(raw); ok {
		return t, nil
	}
	return tokenizeComponentType(raw)
}

// scanComponentType looks for a top-level "type": <small integer> member.
// It reports false when it cannot decide cheaply.
func scanComponentType(b []byte) (ComponentType, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return 0, false
	}
	depth := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
			if depth == 0 {
				return 0, false // no type at the top level
			}
		case '"':
			start := i + 1
			j := start
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					return 0, false
				}
				j++
			}
			if j >= len(b) {
				return 0, false
			}
			i = skipSpace(b, j+1)
			if depth != 1 || i >= len(b) || b[i] != ':' || string(b[start:j]) != "type" {
				continue
			}
			i = skipSpace(b, i+1)
			n, digits := 0, 0
			for i < len(b) && b[i] >= '0' && b[i] <= '9' && digits < 9 {
				n = n*10 + int(b[i]-'0')
				i++
				digits++
			}
			if digits == 0 || i >= len(b) || (b[i] != ',' && b[i] != '}' && !isSpace(b[i])) {
				return 0, false
			}
			return ComponentType(n), true
		default:
			i++
		}
	}
	return 0, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func tokenizeComponentType(raw jsontext.Value) (ComponentType, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.ReadToken()
	if err != nil {
		return 0, err
	}
	if tok.Kind() != '{' {
		return 0, fmt.Errorf("component must be an object, got %v", tok.Kind())
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return 0, err
		}
		if name.String() != "type" {
			if err := dec.SkipValue(); err != nil {
				return 0, err
			}
			continue
		}
		v, err := dec.ReadToken()
		if err != nil {
			return 0, err
		}
		if v.Kind() != '0' {
			return 0, fmt.Errorf("component type must be a number, got %v", v.Kind())
		}
		n, err := strconv.ParseInt(v.String(), 10, 32)
		if err != nil {
			return 0, fmt.Errorf("component type %s is not a small integer", v.String())
		}
		return ComponentType(n), nil
	}
	return 0, errors.New(`component has no "type"`)
}
