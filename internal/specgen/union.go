package main

import (
	"sort"
	"strconv"
	"strings"
)

// Unions (a oneOf of several schemas, or anyOf with x-discord-union) become a
// struct that keeps the raw JSON, with As<Variant> methods that decode it as
// one variant and Set<Variant> methods that encode one. Decoding the union
// itself never fails, and a variant Discord adds later round-trips untouched.
// Identical variant sets share one type. The spec declares no discriminators,
// but most unions have one in fact: every variant requires "type" (or
// "entity_type", "kind") restricted to values no other variant uses. For those
// the generator adds Value(), which reads that property and decodes the
// variant it names; a value this version does not know gives the raw JSON.

// unionNames are readable names for union signatures (sorted variant names
// joined by "|"); a signature without an entry is named after the first
// property that uses it.
var unionNames = map[string]string{
	"BlockMessageAction|FlagToChannelAction|QuarantineUserAction|UserCommunicationDisabledAction":                                                                                                                                                               "AutomodActionParams",
	"BlockMessageActionResponse|FlagToChannelActionResponse|QuarantineUserActionResponse|UserCommunicationDisabledActionResponse":                                                                                                                               "AutomodAction",
	"ActionRowComponentForMessageRequest|ContainerComponentForMessageRequest|FileComponentForMessageRequest|MediaGalleryComponentForMessageRequest|SectionComponentForMessageRequest|SeparatorComponentForMessageRequest|TextDisplayComponentForMessageRequest": "MessageComponentParams",
	"ActionRowComponentResponse|ContainerComponentResponse|FileComponentResponse|MediaGalleryComponentResponse|SectionComponentResponse|SeparatorComponentResponse|TextDisplayComponentResponse":                                                                "MessageComponent",
	"GuildStickerResponse|StandardStickerResponse": "Sticker",
	"ApplicationCommandAttachmentOption|ApplicationCommandBooleanOption|ApplicationCommandChannelOption|ApplicationCommandIntegerOption|ApplicationCommandMentionableOption|ApplicationCommandNumberOption|ApplicationCommandRoleOption|ApplicationCommandStringOption|ApplicationCommandSubcommandGroupOption|ApplicationCommandSubcommandOption|ApplicationCommandUserOption":                                                                                         "ApplicationCommandOptionParams",
	"ApplicationCommandAttachmentOptionResponse|ApplicationCommandBooleanOptionResponse|ApplicationCommandChannelOptionResponse|ApplicationCommandIntegerOptionResponse|ApplicationCommandMentionableOptionResponse|ApplicationCommandNumberOptionResponse|ApplicationCommandRoleOptionResponse|ApplicationCommandStringOptionResponse|ApplicationCommandSubcommandGroupOptionResponse|ApplicationCommandSubcommandOptionResponse|ApplicationCommandUserOptionResponse": "ApplicationCommandOptionUnion",
	"ApplicationCommandAttachmentOption|ApplicationCommandBooleanOption|ApplicationCommandChannelOption|ApplicationCommandIntegerOption|ApplicationCommandMentionableOption|ApplicationCommandNumberOption|ApplicationCommandRoleOption|ApplicationCommandStringOption|ApplicationCommandUserOption":                                                                                                                                                                    "ApplicationCommandSubOptionParams",
	"ApplicationCommandAttachmentOptionResponse|ApplicationCommandBooleanOptionResponse|ApplicationCommandChannelOptionResponse|ApplicationCommandIntegerOptionResponse|ApplicationCommandMentionableOptionResponse|ApplicationCommandNumberOptionResponse|ApplicationCommandRoleOptionResponse|ApplicationCommandStringOptionResponse|ApplicationCommandUserOptionResponse":                                                                                            "ApplicationCommandSubOptionUnion",
	"ApplicationCommandInteractionMetadataResponse|MessageComponentInteractionMetadataResponse|ModalSubmitInteractionMetadataResponse": "InteractionMetadata",
	"ApplicationCommandInteractionMetadataResponse|MessageComponentInteractionMetadataResponse":                                        "TriggeringInteractionMetadata",
	"RoleSelectDefaultValue|UserSelectDefaultValue":                                                                                    "MentionableDefaultValueParams",
	"RoleSelectDefaultValueResponse|UserSelectDefaultValueResponse":                                                                    "MentionableDefaultValue",
	"ButtonComponentForMessageRequest|ChannelSelectComponentForMessageRequest|MentionableSelectComponentForMessageRequest|RoleSelectComponentForMessageRequest|StringSelectComponentForMessageRequest|UserSelectComponentForMessageRequest": "ActionRowChildParams",
	"ButtonComponentResponse|ChannelSelectComponentResponse|MentionableSelectComponentResponse|RoleSelectComponentResponse|StringSelectComponentResponse|TextInputComponentResponse|UserSelectComponentResponse":                            "ActionRowChild",
	"InteractionApplicationCommandAutocompleteCallbackIntegerData|InteractionApplicationCommandAutocompleteCallbackNumberData|InteractionApplicationCommandAutocompleteCallbackStringData":                                                  "AutocompleteCallbackData",
	"ActionRowComponentForMessageRequest|FileComponentForMessageRequest|MediaGalleryComponentForMessageRequest|SectionComponentForMessageRequest|SeparatorComponentForMessageRequest|TextDisplayComponentForMessageRequest":                 "ContainerChildParams",
	"ActionRowComponentResponse|FileComponentResponse|MediaGalleryComponentResponse|SectionComponentResponse|SeparatorComponentResponse|TextDisplayComponentResponse":                                                                       "ContainerChild",
	"GuildChannelLocation|PrivateChannelLocation": "ActivityLocation",
	"PartialDiscordIntegrationResponse|PartialExternalConnectionIntegrationResponse|PartialGuildSubscriptionIntegrationResponse":  "PartialIntegration",
	"ApplicationIncomingWebhookResponse|ChannelFollowerWebhookResponse|GuildIncomingWebhookResponse":                              "Webhook",
	"ExternalScheduledEventResponse|StageScheduledEventResponse|VoiceScheduledEventResponse":                                      "ScheduledEventUnion",
	"DefaultKeywordRuleResponse|KeywordRuleResponse|MLSpamRuleResponse|MentionSpamRuleResponse|UserProfileRuleResponse":           "AutomodRule",
	"MultipleChoiceFormFieldResponse|ParagraphFormFieldResponse|TermsFormFieldResponse|TextInputFormFieldResponse":                "FormFieldResponse",
	"CreateMessageInteractionCallbackResponse|LaunchActivityInteractionCallbackResponse|UpdateMessageInteractionCallbackResponse": "InteractionCallbackResource",
	"ChannelSelectComponentForModalRequest|CheckboxComponentForModalRequest|CheckboxGroupComponentForModalRequest|FileUploadComponentForModalRequest|MentionableSelectComponentForModalRequest|RadioGroupComponentForModalRequest|RoleSelectComponentForModalRequest|StringSelectComponentForModalRequest|TextInputComponentForModalRequest|UserSelectComponentForModalRequest": "LabelChildParams",
	"ActionRowComponentForModalRequest|LabelComponentForModalRequest|TextDisplayComponentForModalRequest": "ModalComponentParams",
	"GuildChannelResponse|PrivateChannelResponse|PrivateGroupChannelResponse|ThreadResponse":              "ChannelUnion",
	"ButtonComponentForMessageRequest|ThumbnailComponentForMessageRequest":                                "SectionAccessoryParams",
	"ButtonComponentResponse|ThumbnailComponentResponse":                                                  "SectionAccessory",
	"Int64|String":         "Nonce",
	"SnowflakeList|String": "RoleIDsParam",
}

// unionBranchKey names one branch in a signature.
func (g *gen) unionBranch(b *Schema, hint, site string, i int) (key string, v unionVariant) {
	if r := b.RefName(); r != "" {
		t := g.refType(r, site)
		return r, unionVariant{Type: t, Schema: r}
	}
	t, n := g.typeOf(b, hint+"Variant"+strconv.Itoa(i+1), site)
	if n {
		t = nullableOf(t)
	}
	return t.accessorName(), unionVariant{Type: t}
}

// union returns the Go name of the union type for branches (null excluded).
func (g *gen) union(branches []*Schema, hint, site string) string {
	keys := make([]string, len(branches))
	vars := make([]unionVariant, len(branches))
	for i, b := range branches {
		keys[i], vars[i] = g.unionBranch(b, hint, site, i)
	}
	sorted := append([]string{}, keys...)
	sort.Strings(sorted)
	sig := strings.Join(sorted, "|")
	if u, ok := g.unionBySig[sig]; ok {
		u.Sites = append(u.Sites, site)
		return u.Name
	}
	name := unionNames[sig]
	if name == "" {
		name = hint + "Union"
	}
	if g.hw.Types[name] && !g.hw.Interfaces[name] {
		// Hand-written code provides this union.
		g.unionBySig[sig] = &unionDecl{Name: name, Sig: sig, Sites: []string{site}}
		return name
	}
	name = g.claim(name, hint+"Union")
	u := &unionDecl{Name: name, Sig: sig, Variants: vars, Sites: []string{site}}
	g.nameVariants(u)
	g.findDiscriminator(u)
	g.unionBySig[sig] = u
	g.unionByName[name] = u
	return name
}

func (g *gen) buildTopUnion(name, specName string, s *Schema) {
	var vars []unionVariant
	var keys []string
	for i, b := range append(append([]*Schema{}, s.OneOf...), s.AnyOf...) {
		if b.IsNull() {
			continue
		}
		k, v := g.unionBranch(b, name, specName, i)
		keys = append(keys, k)
		vars = append(vars, v)
	}
	sort.Strings(keys)
	u := &unionDecl{Name: name, Sig: strings.Join(keys, "|"), Doc: s.Description, Variants: vars, Sites: []string{specName}}
	g.nameVariants(u)
	g.findDiscriminator(u)
	g.unionByName[name] = u
	g.schemaOf[name] = s
}

// nameVariants gives each variant a unique accessor suffix.
func (g *gen) nameVariants(u *unionDecl) {
	seen := map[string]bool{}
	for i := range u.Variants {
		a := u.Variants[i].Type.accessorName()
		base := a
		for j := 2; seen[a]; j++ {
			a = base + strconv.Itoa(j)
		}
		seen[a] = true
		u.Variants[i].Accessor = a
	}
}

// discriminators are the property names tried, in order, as a union's tag.
var discriminators = []string{"type", "entity_type", "kind"}

// findDiscriminator sets Disc and the variants' Tags when every variant is a
// component object that requires one discriminator property restricted to an
// enum or const, and no tag value selects two variants.
func (g *gen) findDiscriminator(u *unionDecl) {
	for _, d := range discriminators {
		if tags, ok := g.tagsFor(u, d); ok {
			u.Disc = d
			for i := range u.Variants {
				u.Variants[i].Tags = tags[i]
			}
			return
		}
	}
}

func (g *gen) tagsFor(u *unionDecl, d string) ([][]string, bool) {
	seen := map[string]bool{}
	tags := make([][]string, len(u.Variants))
	for i, v := range u.Variants {
		s := g.spec.Components.Schemas[v.Schema]
		if v.Schema == "" || s == nil {
			return nil, false
		}
		props, req := flatten(g.spec.Components.Schemas, s)
		var ps *Schema
		for _, p := range props {
			if p.Name == d {
				ps = p.Schema
			}
		}
		if ps == nil || !req[d] {
			return nil, false
		}
		vals := ps.Enum
		if len(ps.Const) > 0 {
			vals = append(vals, ps.Const)
		}
		if len(vals) == 0 {
			return nil, false
		}
		for _, val := range vals {
			t := strings.TrimSpace(string(val))
			if seen[t] || strings.Contains(t, "`") {
				return nil, false
			}
			seen[t] = true
			tags[i] = append(tags[i], t)
		}
	}
	return tags, true
}
