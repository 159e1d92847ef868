package discord

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// This file holds the layout and content components of Components v2 and the
// modal-only components (reference 4.5). A message using any of the v2 types
// must carry MessageFlags IS_COMPONENTS_V2.

// SeparatorSpacing is the padding of a Separator.
type SeparatorSpacing int

// Separator spacings.
const (
	SeparatorSpacingSmall SeparatorSpacing = 1
	SeparatorSpacingLarge SeparatorSpacing = 2
)

// UnfurledMediaItem points at media for Thumbnail, MediaGallery and File.
// Only URL is settable (any URL, or "attachment://name" for an upload); the
// other fields are filled by Discord.
type UnfurledMediaItem struct {
	URL                string         `json:"url"`
	ProxyURL           string         `json:"proxy_url,omitzero"`
	Height             Nullable[int]  `json:"height,omitzero"`
	Width              Nullable[int]  `json:"width,omitzero"`
	Placeholder        string         `json:"placeholder,omitzero"`
	PlaceholderVersion int            `json:"placeholder_version,omitzero"`
	ContentType        string         `json:"content_type,omitzero"`
	Flags              int            `json:"flags,omitzero"`
	AttachmentID       Snowflake      `json:"attachment_id,omitzero"`
	Extra              jsontext.Value `json:",embed"`
}

// Section shows 1-3 TextDisplays next to an accessory (a *Button or a
// *Thumbnail).
type Section struct {
	ID         int
	Components Components
	Accessory  Component
	Extra      jsontext.Value
}

// TextDisplay shows markdown text.
type TextDisplay struct {
	ID      int            `json:"id,omitzero"`
	Content string         `json:"content"`
	Extra   jsontext.Value `json:",embed"`
}

// Thumbnail is a small image, used as a Section accessory.
type Thumbnail struct {
	ID          int               `json:"id,omitzero"`
	Media       UnfurledMediaItem `json:"media"`
	Description string            `json:"description,omitzero"`
	Spoiler     bool              `json:"spoiler,omitzero"`
	Extra       jsontext.Value    `json:",embed"`
}

// MediaGalleryItem is one image or video of a MediaGallery.
type MediaGalleryItem struct {
	Media       UnfurledMediaItem `json:"media"`
	Description string            `json:"description,omitzero"`
	Spoiler     bool              `json:"spoiler,omitzero"`
}

// MediaGallery shows 1-10 media items.
type MediaGallery struct {
	ID    int                `json:"id,omitzero"`
	Items []MediaGalleryItem `json:"items"`
	Extra jsontext.Value     `json:",embed"`
}

// File shows an uploaded file; File.URL must be "attachment://<filename>".
// Name and Size are filled by Discord.
type File struct {
	ID      int               `json:"id,omitzero"`
	File    UnfurledMediaItem `json:"file"`
	Spoiler bool              `json:"spoiler,omitzero"`
	Name    string            `json:"name,omitzero"`
	Size    int               `json:"size,omitzero"`
	Extra   jsontext.Value    `json:",embed"`
}

// Separator adds vertical space and, unless Divider is Some(false), a line.
type Separator struct {
	ID      int              `json:"id,omitzero"`
	Divider Optional[bool]   `json:"divider,omitzero"`
	Spacing SeparatorSpacing `json:"spacing,omitzero"`
	Extra   jsontext.Value   `json:",embed"`
}

// Container groups components in a box, with an optional accent colour
// (0x000000-0xFFFFFF; null clears it).
type Container struct {
	ID          int            `json:"id,omitzero"`
	Components  Components     `json:"components"`
	AccentColor Nullable[int]  `json:"accent_color,omitzero"`
	Spoiler     bool           `json:"spoiler,omitzero"`
	Extra       jsontext.Value `json:",embed"`
}

// Label wraps one modal input (text input, any select, file upload, radio
// group, checkbox group or checkbox) with a label (≤45) and description (≤100).
type Label struct {
	ID          int
	Label       string
	Description string
	Component   Component
	Extra       jsontext.Value
}

// FileUpload lets a modal's user upload files; in a submission, Values holds
// attachment IDs resolved in the interaction's resolved.attachments.
type FileUpload struct {
	ID        int            `json:"id,omitzero"`
	CustomID  string         `json:"custom_id"`
	MinValues Optional[int]  `json:"min_values,omitzero"`
	MaxValues Optional[int]  `json:"max_values,omitzero"`
	Required  Optional[bool] `json:"required,omitzero"`
	FileTypes []string       `json:"file_types,omitzero"`
	Values    []Snowflake    `json:"values,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// GroupOption is one option of a RadioGroup or CheckboxGroup (each text ≤100).
type GroupOption struct {
	Value       string `json:"value"`
	Label       string `json:"label"`
	Description string `json:"description,omitzero"`
	Default     bool   `json:"default,omitzero"`
}

// RadioGroup offers 2-10 mutually exclusive options in a modal. In a
// submission, Value holds the chosen value (null when none).
type RadioGroup struct {
	ID       int              `json:"id,omitzero"`
	CustomID string           `json:"custom_id"`
	Options  []GroupOption    `json:"options,omitzero"`
	Required Optional[bool]   `json:"required,omitzero"`
	Value    Nullable[string] `json:"value,omitzero"`
	Extra    jsontext.Value   `json:",embed"`
}

// CheckboxGroup offers 1-10 options of which several may be checked. In a
// submission, Values holds the checked values.
type CheckboxGroup struct {
	ID        int            `json:"id,omitzero"`
	CustomID  string         `json:"custom_id"`
	Options   []GroupOption  `json:"options,omitzero"`
	MinValues Optional[int]  `json:"min_values,omitzero"`
	MaxValues Optional[int]  `json:"max_values,omitzero"`
	Required  Optional[bool] `json:"required,omitzero"`
	Values    []string       `json:"values,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// Checkbox is a single yes/no box in a modal (it cannot be required). In a
// submission, Value holds its state.
type Checkbox struct {
	ID       int            `json:"id,omitzero"`
	CustomID string         `json:"custom_id"`
	Default  bool           `json:"default,omitzero"`
	Value    Optional[bool] `json:"value,omitzero"`
	Extra    jsontext.Value `json:",embed"`
}

type (
	textDisplayJSON   TextDisplay
	thumbnailJSON     Thumbnail
	mediaGalleryJSON  MediaGallery
	fileJSON          File
	separatorJSON     Separator
	containerJSON     Container
	fileUploadJSON    FileUpload
	radioGroupJSON    RadioGroup
	checkboxGroupJSON CheckboxGroup
	checkboxJSON      Checkbox
)

// sectionJSON and labelJSON are the wire forms of the two components that
// hold a single child of any type.
type sectionJSON struct {
	ID         int            `json:"id,omitzero"`
	Components Components     `json:"components"`
	Accessory  componentBox   `json:"accessory"`
	Extra      jsontext.Value `json:",embed"`
}

type labelJSON struct {
	ID          int            `json:"id,omitzero"`
	Label       string         `json:"label,omitzero"`
	Description string         `json:"description,omitzero"`
	Component   componentBox   `json:"component"`
	Extra       jsontext.Value `json:",embed"`
}

// componentBox carries one Component of any type through JSON.
type componentBox struct{ C Component }

func (b componentBox) MarshalJSONTo(enc *jsontext.Encoder) error {
	if b.C == nil {
		return enc.WriteToken(jsontext.Null)
	}
	return json.MarshalEncode(enc, b.C)
}

func (b *componentBox) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		b.C = nil
		return err
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	c, err := decodeComponent(raw)
	if err != nil {
		return reroot(dec.StackPointer(), err)
	}
	b.C = c
	return nil
}

func (*Section) ComponentType() ComponentType       { return ComponentTypeSection }
func (*TextDisplay) ComponentType() ComponentType   { return ComponentTypeTextDisplay }
func (*Thumbnail) ComponentType() ComponentType     { return ComponentTypeThumbnail }
func (*MediaGallery) ComponentType() ComponentType  { return ComponentTypeMediaGallery }
func (*File) ComponentType() ComponentType          { return ComponentTypeFile }
func (*Separator) ComponentType() ComponentType     { return ComponentTypeSeparator }
func (*Container) ComponentType() ComponentType     { return ComponentTypeContainer }
func (*Label) ComponentType() ComponentType         { return ComponentTypeLabel }
func (*FileUpload) ComponentType() ComponentType    { return ComponentTypeFileUpload }
func (*RadioGroup) ComponentType() ComponentType    { return ComponentTypeRadioGroup }
func (*CheckboxGroup) ComponentType() ComponentType { return ComponentTypeCheckboxGroup }
func (*Checkbox) ComponentType() ComponentType      { return ComponentTypeCheckbox }

func (c *Section) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := sectionJSON{ID: c.ID, Components: c.Components, Accessory: componentBox{c.Accessory}, Extra: c.Extra}
	return marshalTyped(enc, ComponentTypeSection, &w)
}
func (c *Section) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w sectionJSON
	if err := unmarshalTyped(dec, ComponentTypeSection, &w); err != nil {
		return err
	}
	*c = Section{ID: w.ID, Components: w.Components, Accessory: w.Accessory.C, Extra: w.Extra}
	return nil
}
func (c *Label) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := labelJSON{ID: c.ID, Label: c.Label, Description: c.Description, Component: componentBox{c.Component}, Extra: c.Extra}
	return marshalTyped(enc, ComponentTypeLabel, &w)
}
func (c *Label) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w labelJSON
	if err := unmarshalTyped(dec, ComponentTypeLabel, &w); err != nil {
		return err
	}
	*c = Label{ID: w.ID, Label: w.Label, Description: w.Description, Component: w.Component.C, Extra: w.Extra}
	return nil
}
func (c *TextDisplay) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeTextDisplay, (*textDisplayJSON)(c))
}
func (c *TextDisplay) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeTextDisplay, (*textDisplayJSON)(c))
}
func (c *Thumbnail) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeThumbnail, (*thumbnailJSON)(c))
}
func (c *Thumbnail) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeThumbnail, (*thumbnailJSON)(c))
}
func (c *MediaGallery) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeMediaGallery, (*mediaGalleryJSON)(c))
}
func (c *MediaGallery) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeMediaGallery, (*mediaGalleryJSON)(c))
}
func (c *File) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeFile, (*fileJSON)(c))
}
func (c *File) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeFile, (*fileJSON)(c))
}
func (c *Separator) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeSeparator, (*separatorJSON)(c))
}
func (c *Separator) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeSeparator, (*separatorJSON)(c))
}
func (c *Container) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeContainer, (*containerJSON)(c))
}
func (c *Container) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeContainer, (*containerJSON)(c))
}
func (c *FileUpload) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeFileUpload, (*fileUploadJSON)(c))
}
func (c *FileUpload) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeFileUpload, (*fileUploadJSON)(c))
}
func (c *RadioGroup) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeRadioGroup, (*radioGroupJSON)(c))
}
func (c *RadioGroup) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeRadioGroup, (*radioGroupJSON)(c))
}
func (c *CheckboxGroup) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeCheckboxGroup, (*checkboxGroupJSON)(c))
}
func (c *CheckboxGroup) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeCheckboxGroup, (*checkboxGroupJSON)(c))
}
func (c *Checkbox) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTyped(enc, ComponentTypeCheckbox, (*checkboxJSON)(c))
}
func (c *Checkbox) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalTyped(dec, ComponentTypeCheckbox, (*checkboxJSON)(c))
}
