package rest

import (
	"net/url"
	"strings"

	"github.com/scurrygo/scurry/ratelimit"
)

// Route is one endpoint of Discord's API, as data: the table in routes.go
// lists the ones scurry calls, and a caller can declare any other and pass it
// to Client.Do.
//
// Path parameters are written {name}. Major names the parameter(s) Discord
// keys rate limits by (channel_id, guild_id, webhook_id+webhook_token, an
// interaction token); join two with '+'. Every other id in the path is a minor
// parameter and does not split the rate-limit bucket.
type Route struct {
	Method string // GET, POST, PUT, PATCH or DELETE
	Path   string // e.g. "/channels/{channel_id}/messages/{message_id}"
	Major  string // e.g. "channel_id"; empty when the route has none
	// Exempt marks the interaction routes that do not count against the
	// global rate limit.
	Exempt bool
}

// String returns "METHOD /path/{template}", the route's rate-limit key.
func (r Route) String() string { return r.Method + " " + r.Path }

// compiled is a route filled with parameter values.
type compiled struct {
	path    string             // escaped, filled path
	key     ratelimit.RouteKey // what the limiter is asked for
	secrets []string           // values of token parameters, kept out of errors
}

// compile fills r's template with params, in order of appearance.
func (r Route) compile(params []string) (compiled, error) {
	const op = "request"
	switch r.Method {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
	default:
		return compiled{}, inputErr(op, "Route.Method", "%q is not GET, POST, PUT, PATCH or DELETE", r.Method)
	}
	if !strings.HasPrefix(r.Path, "/") {
		return compiled{}, inputErr(op, "Route.Path", "%q does not start with /", r.Path)
	}
	var (
		b       strings.Builder
		major   []string
		secrets []string
		rest    = r.Path
		n       int
	)
	majors := strings.Split(r.Major, "+")
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return compiled{}, inputErr(op, "Route.Path", "%q has an unmatched }", r.Path)
			}
			b.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return compiled{}, inputErr(op, "Route.Path", "%q has an unmatched {", r.Path)
		}
		name := rest[i+1 : i+j]
		b.WriteString(rest[:i])
		rest = rest[i+j+1:]
		if n >= len(params) {
			return compiled{}, inputErr(op, "Params", "%s needs a value for {%s}; %d given", r, name, len(params))
		}
		v := params[n]
		n++
		if v == "" || v == "0" {
			return compiled{}, inputErr(op, name, "is empty (or a zero snowflake)")
		}
		b.WriteString(url.PathEscape(v))
		if strings.HasSuffix(name, "token") {
			secrets = append(secrets, v, url.PathEscape(v))
		}
		for _, m := range majors {
			if m == name {
				major = append(major, v)
			}
		}
	}
	if n != len(params) {
		return compiled{}, inputErr(op, "Params", "%s takes %d values, %d given", r, n, len(params))
	}
	if r.Major != "" && len(major) != len(majors) {
		return compiled{}, inputErr(op, "Route.Major", "%q names a parameter not in %q", r.Major, r.Path)
	}
	return compiled{
		path:    b.String(),
		key:     ratelimit.RouteKey{Route: r.String(), Major: strings.Join(major, "/"), Exempt: r.Exempt},
		secrets: secrets,
	}, nil
}
