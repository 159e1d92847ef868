package rest

import (
	"net/http"
	"strings"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// This file exports what a REST proxy (package proxy) needs to limit requests
// it did not build: the rate-limit key of a raw API path and the parsing of a
// reply's rate-limit headers, so that the proxy and Client agree on both.

// interactionTokenPrefix starts every interaction token: base64 of
// "interaction:". It tells an interaction webhook (exempt from the global
// limit, keyed by the token) from an ordinary webhook.
const interactionTokenPrefix = "aW50ZXJhY3Rpb24"

// paramNames names the id that follows a collection segment, as the route
// table spells it, so that a proxied request and a Client call of the same
// endpoint share one route key.
var paramNames = map[string]string{
	"channels":          "channel_id",
	"guilds":            "guild_id",
	"messages":          "message_id",
	"members":           "user_id",
	"bans":              "user_id",
	"users":             "user_id",
	"roles":             "role_id",
	"pins":              "message_id",
	"applications":      "application_id",
	"commands":          "command_id",
	"emojis":            "emoji_id",
	"stickers":          "sticker_id",
	"threads":           "thread_id",
	"invites":           "invite_code",
	"permissions":       "overwrite_id",
	"webhooks":          "webhook_id",
	"interactions":      "interaction_id",
	"entitlements":      "entitlement_id",
	"skus":              "sku_id",
	"scheduled-events":  "event_id",
	"auto-moderation":   "rule_id",
	"rules":             "rule_id",
	"integrations":      "integration_id",
	"templates":         "template_code",
	"stage-instances":   "channel_id",
	"soundboard-sounds": "sound_id",
}

// KeyForPath returns the rate-limit key of a request for path, which is
// relative to the API root (e.g. "/channels/123/messages/456", no /api/v10
// and no query). A path of an operation in the route table (Routes) gets
// exactly the key Client computes for it (pathmatch.go). For other paths,
// snowflakes become {name} placeholders named after the
// collection before them, the emoji of a reactions route and the token of a
// webhook or interaction become placeholders too, and the major parameter
// (channel_id, guild_id, webhook_id+webhook_token or an interaction token) is
// extracted. Interaction callbacks and interaction webhooks are marked Exempt.
// ok is false when the path is empty or malformed (an empty segment, "..").
//
// For the routes of the table in routes.go the key equals the one Client
// computes. secrets lists the path values that are tokens, to keep them out of
// logs.
func KeyForPath(method, path string) (key ratelimit.RouteKey, secrets []string, ok bool) {
	path = strings.TrimSuffix(path, "/")
	if !strings.HasPrefix(path, "/") || len(path) < 2 {
		return ratelimit.RouteKey{}, nil, false
	}
	segs := strings.Split(path[1:], "/")
	for _, s := range segs {
		if s == "" || s == "." || s == ".." {
			return ratelimit.RouteKey{}, nil, false
		}
	}
	if c, ok := matchRoute(method, segs); ok {
		return c.key, c.secrets, true
	}
	var (
		b     strings.Builder
		major string
	)
	b.Grow(len(method) + len(path) + 16)
	b.WriteString(method)
	b.WriteByte(' ')
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		if s == "" || s == "." || s == ".." {
			return ratelimit.RouteKey{}, nil, false
		}
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		b.WriteByte('/')
		switch {
		case i == 0:
			b.WriteString(s)
		case i == 1 && prev == "webhooks" && i+1 < len(segs):
			// /webhooks/{id}/{token}...: an interaction webhook when the token
			// is an interaction token.
			tok := segs[i+1]
			if strings.HasPrefix(tok, interactionTokenPrefix) {
				b.WriteString("{application_id}/{interaction_token}")
				major, key.Exempt = tok, true
			} else {
				b.WriteString("{webhook_id}/{webhook_token}")
				major = s + "/" + tok
			}
			secrets = append(secrets, tok)
			i++
		case i == 1 && prev == "interactions" && i+1 < len(segs):
			tok := segs[i+1]
			b.WriteString("{interaction_id}/{interaction_token}")
			major, key.Exempt = tok, true
			secrets = append(secrets, tok)
			i++
		case prev == "reactions":
			b.WriteString("{emoji}")
			if i+1 < len(segs) && segs[i+1] != "@me" {
				b.WriteString("/{user_id}")
				i++
			}
		case i == 1 && (prev == "invites" || prev == "templates"):
			// Codes, not snowflakes: collapse them too, so that metrics
			// labelled by route stay a bounded set.
			b.WriteString("{" + paramNames[prev] + "}")
		case isSnowflake(s):
			name := paramNames[prev]
			if name == "" {
				name = "id"
			}
			if major == "" && (prev == "channels" || prev == "guilds") {
				major = s
			}
			b.WriteByte('{')
			b.WriteString(name)
			b.WriteByte('}')
		default:
			b.WriteString(s)
		}
	}
	key.Route = b.String()
	key.Major = major
	return key, secrets, true
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseRateLimit reads the rate-limit part of a reply: its X-RateLimit-*
// headers and, for a 429, the retry_after and global fields of body (which
// may be nil or not JSON). It applies the same rules as Client: a 429 without
// bucket, scope or JSON body (Cloudflare's ban) is treated as global, and a
// 429 without any wait is given max(ResetAfter, 1 s).
func ParseRateLimit(status int, h http.Header, body []byte) ratelimit.Headers {
	out := parseHeaders(status, h)
	if status != http.StatusTooManyRequests {
		return out
	}
	_, eb := parseErrorBody(status, "", "", body)
	if eb.RetryAfter > 0 {
		out.RetryAfter = secondsToDuration(eb.RetryAfter)
	}
	if out.RetryAfter == 0 {
		out.RetryAfter = max(out.ResetAfter, time.Second)
	}
	out.Global = out.Global || eb.Global
	if !eb.JSON && out.Bucket == "" && out.Scope == "" {
		out.Global = true
	}
	return out
}
