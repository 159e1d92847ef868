package interactions

import (
	"fmt"
	"strings"

	"github.com/scurrygo/scurry/discord"
)

// fields checks the type-specific limits of one component (reference 4.5,
// 6) and recurses into its children.
func (v *validator) fields(c discord.Component, path string, ctx where) {
	switch c := c.(type) {
	case *discord.ActionRow:
		v.actionRow(c, path, ctx)
	case *discord.Button:
		v.button(c, path)
	case *discord.StringSelect:
		v.selectCommon(c.CustomID, c.Placeholder, c.MinValues, c.MaxValues, c.Disabled, path, 25)
		if n := len(c.Options); n < 1 || n > 25 {
			v.fail(path+".options", fmt.Sprintf("1-25 options, got %d", n))
		}
		for k, o := range c.Options {
			p := fmt.Sprintf("%s.options[%d]", path, k)
			v.text(o.Label, 1, 100, p+".label")
			v.text(o.Value, 1, 100, p+".value")
			v.text(o.Description, 0, 100, p+".description")
		}
		if hi, ok := c.MaxValues.Get(); ok && hi > len(c.Options) && len(c.Options) > 0 {
			v.fail(path+".max_values", fmt.Sprintf("max_values %d exceeds the %d options", hi, len(c.Options)))
		}
	case *discord.UserSelect:
		v.selectCommon(c.CustomID, c.Placeholder, c.MinValues, c.MaxValues, c.Disabled, path, 25)
		v.defaults(c.DefaultValues, c.MaxValues, path)
	case *discord.RoleSelect:
		v.selectCommon(c.CustomID, c.Placeholder, c.MinValues, c.MaxValues, c.Disabled, path, 25)
		v.defaults(c.DefaultValues, c.MaxValues, path)
	case *discord.MentionableSelect:
		v.selectCommon(c.CustomID, c.Placeholder, c.MinValues, c.MaxValues, c.Disabled, path, 25)
		v.defaults(c.DefaultValues, c.MaxValues, path)
	case *discord.ChannelSelect:
		v.selectCommon(c.CustomID, c.Placeholder, c.MinValues, c.MaxValues, c.Disabled, path, 25)
		v.defaults(c.DefaultValues, c.MaxValues, path)
	case *discord.TextInput:
		v.customID(c.CustomID, path+".custom_id")
		if c.Style != discord.TextInputStyleShort && c.Style != discord.TextInputStyleParagraph {
			v.fail(path+".style", fmt.Sprintf("style must be 1 (short) or 2 (paragraph), got %d", c.Style))
		}
		v.rangeOpt(c.MinLength, 0, 4000, path+".min_length")
		v.rangeOpt(c.MaxLength, 1, 4000, path+".max_length")
		v.text(c.Value, 0, 4000, path+".value")
		v.text(c.Placeholder, 0, 100, path+".placeholder")
		v.text(c.Label, 0, 45, path+".label")
	case *discord.Section:
		if n := len(c.Components); n < 1 || n > 3 {
			v.fail(path+".components", fmt.Sprintf("a section has 1-3 text displays, got %d", n))
		}
		for k, child := range c.Components {
			p := fmt.Sprintf("%s.components[%d]", path, k)
			if child != nil && child.ComponentType() != discord.ComponentTypeTextDisplay {
				v.fail(p, fmt.Sprintf("a section holds text displays, not %v", child.ComponentType()))
			}
			v.one(child, p, ctx, false)
		}
		switch c.Accessory.(type) {
		case *discord.Button, *discord.Thumbnail:
			v.one(c.Accessory, path+".accessory", ctx, false)
		case nil:
			v.fail(path+".accessory", "required (a button or a thumbnail)")
		default:
			v.fail(path+".accessory", fmt.Sprintf("must be a button or a thumbnail, not %v", c.Accessory.ComponentType()))
		}
	case *discord.TextDisplay:
		v.text(c.Content, 1, 4000, path+".content")
	case *discord.Thumbnail:
		v.media(c.Media, path+".media")
		v.text(c.Description, 0, 1024, path+".description")
	case *discord.MediaGallery:
		if n := len(c.Items); n < 1 || n > 10 {
			v.fail(path+".items", fmt.Sprintf("1-10 items, got %d", n))
		}
		for k, it := range c.Items {
			p := fmt.Sprintf("%s.items[%d]", path, k)
			v.media(it.Media, p+".media")
			v.text(it.Description, 0, 1024, p+".description")
		}
	case *discord.File:
		if !strings.HasPrefix(c.File.URL, "attachment://") {
			v.fail(path+".file.url", "must be attachment://<filename>")
		}
	case *discord.Separator:
		if c.Spacing != 0 && c.Spacing != discord.SeparatorSpacingSmall && c.Spacing != discord.SeparatorSpacingLarge {
			v.fail(path+".spacing", fmt.Sprintf("spacing must be 1 or 2, got %d", c.Spacing))
		}
	case *discord.Container:
		if col, ok := c.AccentColor.Get(); ok && (col < 0 || col > 0xFFFFFF) {
			v.fail(path+".accent_color", fmt.Sprintf("must be 0x000000-0xFFFFFF, got %#x", col))
		}
		for k, child := range c.Components {
			p := fmt.Sprintf("%s.components[%d]", path, k)
			if child != nil && !typeOK(child, discord.ComponentTypeActionRow, discord.ComponentTypeTextDisplay,
				discord.ComponentTypeSection, discord.ComponentTypeMediaGallery, discord.ComponentTypeSeparator,
				discord.ComponentTypeFile) {
				if _, unknown := child.(*discord.UnknownComponent); !unknown {
					v.fail(p, fmt.Sprintf("%v is not allowed in a container", child.ComponentType()))
				}
			}
			v.one(child, p, ctx, false)
		}
	case *discord.Label:
		v.text(c.Label, 1, 45, path+".label")
		v.text(c.Description, 0, 100, path+".description")
		switch c.Component.(type) {
		case *discord.TextInput, *discord.StringSelect, *discord.UserSelect, *discord.RoleSelect,
			*discord.MentionableSelect, *discord.ChannelSelect, *discord.FileUpload,
			*discord.RadioGroup, *discord.CheckboxGroup, *discord.Checkbox:
			v.one(c.Component, path+".component", ctx, false)
		case nil:
			v.fail(path+".component", "required")
		default:
			v.fail(path+".component", fmt.Sprintf("%v cannot be labelled", c.Component.ComponentType()))
		}
	case *discord.FileUpload:
		v.customID(c.CustomID, path+".custom_id")
		v.rangeOpt(c.MinValues, 0, 10, path+".min_values")
		v.rangeOpt(c.MaxValues, 1, 10, path+".max_values")
		if len(c.FileTypes) > 10 {
			v.fail(path+".file_types", fmt.Sprintf("at most 10 file types, got %d", len(c.FileTypes)))
		}
	case *discord.RadioGroup:
		v.customID(c.CustomID, path+".custom_id")
		v.groupOptions(c.Options, 2, 10, path+".options")
	case *discord.CheckboxGroup:
		v.customID(c.CustomID, path+".custom_id")
		v.groupOptions(c.Options, 1, 10, path+".options")
		v.rangeOpt(c.MinValues, 0, 10, path+".min_values")
		v.rangeOpt(c.MaxValues, 1, 10, path+".max_values")
	case *discord.Checkbox:
		v.customID(c.CustomID, path+".custom_id")
	}
}

func (v *validator) actionRow(c *discord.ActionRow, path string, ctx where) {
	n := len(c.Components)
	if n < 1 || n > 5 {
		v.fail(path+".components", fmt.Sprintf("an action row has 1-5 components, got %d", n))
	}
	buttons, selects := 0, 0
	for k, child := range c.Components {
		p := fmt.Sprintf("%s.components[%d]", path, k)
		if child == nil {
			v.fail(p, "nil component")
			continue
		}
		switch child.ComponentType() {
		case discord.ComponentTypeButton:
			buttons++
		case discord.ComponentTypeStringSelect, discord.ComponentTypeUserSelect, discord.ComponentTypeRoleSelect,
			discord.ComponentTypeMentionableSelect, discord.ComponentTypeChannelSelect,
			discord.ComponentTypeTextInput:
			selects++
		default:
			if _, unknown := child.(*discord.UnknownComponent); !unknown {
				v.fail(p, fmt.Sprintf("%v is not allowed in an action row", child.ComponentType()))
			}
		}
		if child.ComponentType() == discord.ComponentTypeTextInput && ctx == ctxModal {
			// deprecated modal layout: a text input alone in a row
			v.count++
			v.fields(child, p, ctx)
			continue
		}
		v.one(child, p, ctx, false)
	}
	if selects > 0 && (selects > 1 || buttons > 0) {
		v.fail(path+".components", "an action row holds up to 5 buttons or exactly one select")
	}
}

func (v *validator) button(c *discord.Button, path string) {
	v.text(c.Label, 0, 80, path+".label")
	switch c.Style {
	case discord.ButtonStylePrimary, discord.ButtonStyleSecondary, discord.ButtonStyleSuccess, discord.ButtonStyleDanger:
		v.customID(c.CustomID, path+".custom_id")
		if c.URL != "" || c.SKUID != 0 {
			v.fail(path, fmt.Sprintf("a %v-style button has a custom_id and no url or sku_id", c.Style))
		}
		if c.Label == "" && c.Emoji == nil {
			v.fail(path+".label", "a button needs a label or an emoji")
		}
	case discord.ButtonStyleLink:
		v.text(c.URL, 1, 512, path+".url")
		if c.CustomID != "" || c.SKUID != 0 {
			v.fail(path, "a link button has a url and no custom_id or sku_id")
		}
	case discord.ButtonStylePremium:
		if c.SKUID == 0 {
			v.fail(path+".sku_id", "required for a premium button")
		}
		if c.CustomID != "" || c.Label != "" || c.URL != "" || c.Emoji != nil {
			v.fail(path, "a premium button has only a sku_id")
		}
	default:
		v.fail(path+".style", fmt.Sprintf("unknown button style %d", c.Style))
	}
}
