package main

import (
	"sort"
	"strings"
	"unicode"
)

// Naming rules, applied in this order to every component schema:
//
//  1. builtinTypes: SnowflakeType, Int53Type and UInt32Type are not generated;
//     they map to Snowflake, int64 and int64.
//  2. curatedNames: hand-picked readable names (MessageResponse -> Message,
//     GuildMemberResponse -> Member, MessageEmbedResponse -> Embed, ...).
//  3. Enums (a oneOf of consts): the plural is made singular (ChannelTypes ->
//     ChannelType, GuildFeatures -> GuildFeature).
//  4. Request bodies: a schema that is the whole JSON body of exactly one
//     operation is named after that operation: create_message's
//     MessageCreateRequest -> CreateMessageParams, update_guild's
//     GuildPatchRequestPartial -> UpdateGuildParams.
//  5. Other request schemas (suffix Request, RequestPartial, Partial,
//     RequestData, ForRequest) get the suffix Params instead: ApplicationCommandCreateRequest
//     -> ApplicationCommandCreateParams; when two would meet, the partial one is
//     ...PartialParams (KeywordUpsertRequestPartial -> KeywordUpsertPartialParams).
//  6. Response schemas lose the suffix Response when no other schema has the
//     shorter name (GuildResponse -> Guild, but BlockMessageActionResponse stays
//     because BlockMessageAction is a schema too).
//  7. Anything else keeps its spec name.
//
// Gateway event payloads (MessageCreate, GuildCreate, ...) are hand-written,
// which is why request bodies never take the bare Verb/Noun names.
// A name that two schemas would share falls back to the spec name for the
// later one (sorted by spec name), so every name is unique.

// builtinTypes are schemas that map to an existing Go type.
var builtinTypes = map[string]string{
	"SnowflakeType": "Snowflake",
	"Int53Type":     "int64",
	"UInt32Type":    "int64",
}

// curatedNames are readable names chosen by hand.
var curatedNames = map[string]string{
	"MessageResponse":                     "Message",
	"UserResponse":                        "User",
	"GuildResponse":                       "Guild",
	"GuildMemberResponse":                 "Member",
	"GuildRoleResponse":                   "Role",
	"GuildRoleTagsResponse":               "RoleTags",
	"GuildBanResponse":                    "Ban",
	"EmojiResponse":                       "Emoji",
	"MessageEmbedResponse":                "Embed",
	"MessageEmbedAuthorResponse":          "EmbedAuthor",
	"MessageEmbedFieldResponse":           "EmbedField",
	"MessageEmbedFooterResponse":          "EmbedFooter",
	"MessageEmbedImageResponse":           "EmbedImage",
	"MessageEmbedProviderResponse":        "EmbedProvider",
	"MessageEmbedVideoResponse":           "EmbedVideo",
	"MessageReactionResponse":             "Reaction",
	"MessageReactionCountDetailsResponse": "ReactionCountDetails",
	"MessageReactionEmojiResponse":        "ReactionEmoji",
	"ChannelPermissionOverwriteResponse":  "PermissionOverwrite",
	"ChannelPermissionOverwrites":         "PermissionOverwriteType",
	"GatewayBotSessionStartLimitResponse": "SessionStartLimit",
	"UserAvatarDecorationResponse":        "AvatarDecoration",
	"UserPrimaryGuildResponse":            "PrimaryGuild",
	"InteractionResponse":                 "InteractionCallbackInteraction",
	"ApplicationCommandResponse":          "ApplicationCommand",
	"GuildInviteResponse":                 "Invite",
	"ErrorResponse":                       "ErrorResponse",
	"RatelimitedResponse":                 "RatelimitedResponse",
	// enums whose automatic singular would read badly
	"AvailableLocalesEnum":                 "Locale",
	"ButtonStyleTypes":                     "ButtonStyle",
	"TextInputStyleTypes":                  "TextInputStyle",
	"MessageComponentTypes":                "ComponentType",
	"PremiumGuildTiers":                    "PremiumTier",
	"GuildScheduledEventUserResponses":     "GuildScheduledEventUserResponseKind",
	"MessageComponentSeparatorSpacingSize": "SeparatorSpacingSize",
	"ActionTypes":                          "WebhookEventType",
	// a GitHub pull request, not a request body
	"GithubCheckPullRequest": "GithubCheckPullRequest",
}

// handwrittenAliases name the hand-written type that represents a schema
// under a different name (the models and interactions code follow the docs'
// names). An alias applies only while that type exists; otherwise the schema
// is generated under its usual name. Several schemas may share one alias.
// Besides these, a generated name that matches a hand-written type except for
// case (AutomodTriggerType vs AutoModTriggerType) resolves to the latter.
var handwrittenAliases = map[string]string{
	"GuildScheduledEventEntityTypes":                "ScheduledEventEntityType",
	"GuildScheduledEventStatuses":                   "ScheduledEventStatus",
	"GuildMFALevel":                                 "MFALevel",
	"GuildNSFWContentLevel":                         "NSFWLevel",
	"GuildExplicitContentFilterTypes":               "ExplicitContentFilter",
	"UserNotificationSettings":                      "MessageNotificationLevel",
	"StickerFormatTypes":                            "StickerFormat",
	"ChannelPermissionOverwrites":                   "OverwriteType",
	"MessageComponentSeparatorSpacingSize":          "SeparatorSpacing",
	"SubscriptionResponseStatusType":                "SubscriptionStatus",
	"ApplicationCommandHandler":                     "EntryPointHandlerType",
	"AuditLogActionTypes":                           "AuditLogEvent",
	"ScheduledEventResponse":                        "GuildScheduledEvent",
	"MessageEmbedImageResponse":                     "EmbedMedia",
	"MessageEmbedVideoResponse":                     "EmbedMedia",
	"GuildIncidentsDataResponse":                    "IncidentsData",
	"InteractionCallbackResponse":                   "InteractionCallbackResponse",
	"InteractionResponse":                           "InteractionCallbackInfo",
	"AuditLogObjectChangeResponse":                  "AuditLogChange",
	"MessageStickerItemResponse":                    "StickerItem",
	"GuildStickerResponse":                          "Sticker",
	"StandardStickerResponse":                       "Sticker",
	"MessageRoleSubscriptionDataResponse":           "RoleSubscriptionData",
	"MessageMentionChannelResponse":                 "ChannelMention",
	"UnfurledMediaResponse":                         "UnfurledMediaItem",
	"StringSelectOptionResponse":                    "SelectOption",
	"DefaultReactionEmojiResponse":                  "DefaultReaction",
	"ApplicationCommandOptionIntegerChoiceResponse": "ApplicationCommandOptionChoice",
	"ApplicationCommandOptionNumberChoiceResponse":  "ApplicationCommandOptionChoice",
	"ApplicationCommandOptionStringChoiceResponse":  "ApplicationCommandOptionChoice",
	"ActionRowComponentResponse":                    "ActionRow",
	"ButtonComponentResponse":                       "Button",
	"ChannelSelectComponentResponse":                "ChannelSelect",
	"ContainerComponentResponse":                    "Container",
	"FileComponentResponse":                         "File",
	"MediaGalleryComponentResponse":                 "MediaGallery",
	"MentionableSelectComponentResponse":            "MentionableSelect",
	"RoleSelectComponentResponse":                   "RoleSelect",
	"SectionComponentResponse":                      "Section",
	"SeparatorComponentResponse":                    "Separator",
	"StringSelectComponentResponse":                 "StringSelect",
	"TextDisplayComponentResponse":                  "TextDisplay",
	"TextInputComponentResponse":                    "TextInput",
	"ThumbnailComponentResponse":                    "Thumbnail",
	"UserSelectComponentResponse":                   "UserSelect",
	"MessageAllowedMentionsRequest":                 "AllowedMentions",
	"EntityMetadataExternalResponse":                "EntityMetadata",
	"EntityMetadataStageInstanceResponse":           "EntityMetadata",
	"EntityMetadataVoiceResponse":                   "EntityMetadata",
}

// fieldTypeOverrides give a property a hand-written type the spec cannot
// express (bit sets). An override applies only while that type exists in the
// hand-written code, so the generated file always builds.
var fieldTypeOverrides = map[string]string{
	"BaseCreateMessageCreateRequest.flags":                            "MessageFlags",
	"BasicMessageResponse.flags":                                      "MessageFlags",
	"IncomingWebhookInteractionRequest.flags":                         "MessageFlags",
	"IncomingWebhookRequestPartial.flags":                             "MessageFlags",
	"IncomingWebhookUpdateForInteractionCallbackRequestPartial.flags": "MessageFlags",
	"IncomingWebhookUpdateRequestPartial.flags":                       "MessageFlags",
	"MessageCreateRequest.flags":                                      "MessageFlags",
	"MessageEditRequestPartial.flags":                                 "MessageFlags",
	"MessageResponse.flags":                                           "MessageFlags",
	"MinimalContentMessageResponse.flags":                             "MessageFlags",
	"SearchMessageResponse.flags":                                     "MessageFlags",
	"UserResponse.flags":                                              "UserFlags",
	"UserResponse.public_flags":                                       "UserFlags",
	"UserPIIResponse.flags":                                           "UserFlags",
	"UserPIIResponse.public_flags":                                    "UserFlags",
	"BasicGuildMemberResponse.flags":                                  "MemberFlags",
	"GuildMemberResponse.flags":                                       "MemberFlags",
	"PrivateGuildMemberResponse.flags":                                "MemberFlags",
	"BotAddGuildMemberRequest.flags":                                  "MemberFlags",
	"GuildRoleResponse.flags":                                         "RoleFlags",
	"GuildChannelResponse.flags":                                      "ChannelFlags",
	"ThreadResponse.flags":                                            "ChannelFlags",
	"PrivateChannelResponse.flags":                                    "ChannelFlags",
	"PrivateGroupChannelResponse.flags":                               "ChannelFlags",
	"CreatedThreadResponse.flags":                                     "ChannelFlags",
	"UpdateGuildChannelRequestPartial.flags":                          "ChannelFlags",
	"UpdateThreadRequestPartial.flags":                                "ChannelFlags",
	// The spec reuses Error (integer code) for the leaves of an error tree,
	// whose codes the docs (reference 3.5) show as strings such as
	// "BASE_TYPE_REQUIRED"; top-level codes (ErrorResponse.code) stay int.
	"Error.code": "string",
}

// builtinOverrides are override targets that need no hand-written type.
var builtinOverrides = map[string]bool{"string": true, "int": true, "int64": true, rawValue: true}

// permissionProps are property names that carry a permission bit set. The
// spec types them as integer in requests and string in responses; Discord's
// docs say decimal strings, which Permissions reads and writes (it also reads
// numbers).
var permissionProps = map[string]bool{
	"permissions":                true,
	"allow":                      true,
	"deny":                       true,
	"default_member_permissions": true,
}

// initialisms are written in upper case inside Go names.
var initialisms = map[string]string{
	"id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "uri": "URI", "uris": "URIs",
	"api": "API", "json": "JSON", "http": "HTTP", "https": "HTTPS", "html": "HTML",
	"nsfw": "NSFW", "mfa": "MFA", "dm": "DM", "dms": "DMs", "sku": "SKU", "skus": "SKUs",
	"afk": "AFK", "tts": "TTS", "rpc": "RPC", "ip": "IP", "ttl": "TTL", "uuid": "UUID",
	"sdk": "SDK", "oidc": "OIDC", "cdn": "CDN", "gif": "GIF", "pii": "PII", "oauth2": "OAuth2",
	"sha": "SHA", "gifv": "GIFV", "hd": "HD", "utc": "UTC", "ml": "ML", "rtc": "RTC",
}

// camel turns snake_case, kebab-case or UPPER_CASE text into a Go identifier
// part: "guild_id" -> "GuildID", "GUILD_TEXT" -> "GuildText", "en-US" -> "EnUs".
// Text that is already mixed case ("MLSpam") keeps its inner capitals.
func camel(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var b strings.Builder
	for _, p := range parts {
		lower := strings.ToLower(p)
		if v, ok := initialisms[lower]; ok {
			b.WriteString(v)
			continue
		}
		if p == strings.ToUpper(p) || p == lower {
			p = lower // all one case: normalise
		}
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

// fieldName is the Go name of a JSON property.
func fieldName(prop string) string {
	n := camel(prop)
	if n == "" {
		return "Field"
	}
	if unicode.IsDigit(rune(n[0])) {
		n = "N" + n
	}
	return n
}

// singular makes an enum's plural name singular.
func singular(n string) string {
	switch {
	case strings.HasSuffix(n, "ies"):
		return strings.TrimSuffix(n, "ies") + "y"
	case strings.HasSuffix(n, "uses"), strings.HasSuffix(n, "sses"):
		return strings.TrimSuffix(n, "es")
	case strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss") && !strings.HasSuffix(n, "us"):
		return strings.TrimSuffix(n, "s")
	}
	return n
}

// requestSuffixes are stripped (longest first) by rule 5.
var requestSuffixes = []string{"RequestPartial", "RequestData", "ForRequest", "Request", "Partial"}

// assignNames applies the naming rules to every schema and returns the Go
// name for each (builtins excluded). It is deterministic.
func assignNames(schemas map[string]*Schema, ops []Operation) map[string]string {
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)

	// Rule 4: schemas that are the whole JSON body of exactly one operation.
	bodyOf := map[string][]string{}
	for _, op := range ops {
		if op.Body != "" {
			bodyOf[op.Body] = append(bodyOf[op.Body], op.OperationID)
		}
	}

	type cand struct {
		name string
		prio int // lower wins a clash
	}
	want := map[string]cand{}
	for _, n := range names {
		if _, ok := builtinTypes[n]; ok {
			continue
		}
		s := schemas[n]
		switch {
		case curatedNames[n] != "":
			want[n] = cand{curatedNames[n], 0}
		case s.IsEnum():
			want[n] = cand{singular(n), 1}
		case len(bodyOf[n]) == 1:
			want[n] = cand{camel(bodyOf[n][0]) + "Params", 2}
		case hasRequestSuffix(n):
			base := trimRequestSuffix(n)
			name := base + "Params"
			if strings.HasSuffix(n, "Partial") && hasNonPartialTwin(schemas, base) {
				name = base + "PartialParams"
			}
			want[n] = cand{name, 3}
		case strings.HasSuffix(n, "Response") && n != "Response":
			short := strings.TrimSuffix(n, "Response")
			if _, clash := schemas[short]; clash {
				want[n] = cand{n, 5}
			} else {
				want[n] = cand{short, 4}
			}
		default:
			want[n] = cand{n, 5}
		}
	}
	// Resolve clashes: the best priority (then the smaller spec name) keeps
	// the name; the others fall back to their spec names.
	byName := map[string][]string{}
	for _, n := range names {
		if c, ok := want[n]; ok {
			byName[c.name] = append(byName[c.name], n)
		}
	}
	out := make(map[string]string, len(want))
	for _, n := range names {
		c, ok := want[n]
		if !ok {
			continue
		}
		out[n] = c.name
		rivals := byName[c.name]
		if len(rivals) < 2 {
			continue
		}
		best := rivals[0]
		for _, r := range rivals[1:] {
			if want[r].prio < want[best].prio {
				best = r
			}
		}
		if best != n {
			out[n] = n
		}
	}
	return out
}

func hasRequestSuffix(n string) bool {
	for _, s := range requestSuffixes {
		if strings.HasSuffix(n, s) && n != s {
			return true
		}
	}
	return false
}

func trimRequestSuffix(n string) string {
	for _, s := range requestSuffixes {
		if b, ok := strings.CutSuffix(n, s); ok && b != "" {
			return b
		}
	}
	return n
}

// hasNonPartialTwin reports whether base+"Request" (or base itself) exists,
// so a Partial schema must not take base+"Params".
func hasNonPartialTwin(schemas map[string]*Schema, base string) bool {
	_, a := schemas[base+"Request"]
	_, b := schemas[base+"RequestData"]
	return a || b
}
