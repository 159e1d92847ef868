package discordtest

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// route is one row of the route table: an endpoint with its rate-limit
// bucket. Routes with the same Bucket share one X-RateLimit-Bucket hash and,
// for the same major parameter, one quota.
type route struct {
	Method string
	Path   string // template under /api/v10, e.g. "/channels/{channel_id}/messages"
	Major  string // "channel_id", "guild_id", "webhook" (id+token), "interaction" (id+token) or ""
	Bucket string
	Limit  int
	Window time.Duration
	Auth   authMode
	// NoGlobal exempts the route from the global limit (interaction routes).
	NoGlobal bool
	Handler  func(*Server, *restReq)

	hash  string
	parts []string
}

type authMode int

const (
	authBot      authMode = iota // "Bot <token>" required
	authOptional                 // token in the path; Authorization checked only if sent
)

// RouteInfo describes one endpoint of the fake, for tests and docs.
type RouteInfo struct {
	Method, Path, Major, Bucket, BucketHash string
	Limit                                   int
	Window                                  time.Duration
	GlobalExempt                            bool
}

// Routes returns the route table.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, 0, len(s.routes))
	for _, r := range s.routes {
		out = append(out, RouteInfo{r.Method, r.Path, r.Major, r.Bucket, r.hash, r.Limit, r.Window, r.NoGlobal})
	}
	return out
}

func buildRoutes(specOnly bool) []*route {
	var rs []*route
	if !specOnly {
		rs = routeTable()
	}
	rs = append(rs, specRoutes(rs)...)
	for _, r := range rs {
		r.hash = bucketHash(r.Bucket)
		r.parts = strings.Split(strings.Trim(r.Path, "/"), "/")
	}
	return rs
}

// serveREST answers one /api/... request: ban, User-Agent, route lookup,
// then the per-route pipeline in serveRoute.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	rw := &statusWriter{ResponseWriter: w}
	rec := Request{Time: now, Method: r.Method, Path: trimVersion(r.URL.Path),
		Query: r.URL.RawQuery, Header: redact(r.Header)}
	if reason := r.Header.Get("X-Audit-Log-Reason"); reason != "" {
		if dec, err := url.PathUnescape(reason); err == nil {
			rec.AuditLogReason = dec
		} else {
			rec.AuditLogReason = reason
		}
	}
	defer func() { s.finishRequest(rw, &rec) }()

	if wait, ok := s.banned(now); ok {
		rec.Scope = "ban"
		writeBan(rw, wait)
		return
	}
	if !s.opts.SkipUserAgent && !strings.HasPrefix(r.Header.Get("User-Agent"), "DiscordBot") {
		writeError(rw, http.StatusForbidden, 40333, "", nil)
		return
	}
	// v9 is still available on Discord and answers the same as v10 here;
	// older versions are refused as Discord refuses them.
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v10/")
	if !ok {
		rest, ok = strings.CutPrefix(r.URL.Path, "/api/v9/")
	}
	if !ok {
		writeError(rw, http.StatusBadRequest, 50041, "Invalid API version", nil)
		return
	}
	rt, params := s.matchRoute(r.Method, "/"+rest)
	if rt == nil {
		if params != nil { // the path exists for another method
			writeError(rw, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed", nil)
			return
		}
		writeError(rw, http.StatusNotFound, 0, "404: Not Found", nil)
		return
	}
	rec.Route = rt.Path
	s.serveRoute(rw, r, rt, params, &rec)
}

// matchRoute finds the route for method and path. When several templates
// match, the one with the most literal segments wins (/messages/pins beats
// /messages/{message_id}), as in net/http's ServeMux. With no match for the
// method but a match for another, it returns nil and non-nil params.
func (s *Server) matchRoute(method, path string) (*route, map[string]string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var other, bestParams map[string]string
	var best *route
	bestLiterals := -1
	for _, rt := range s.routes {
		params, ok := matchPath(rt.parts, parts)
		if !ok {
			continue
		}
		if rt.Method != method {
			other = params
			continue
		}
		if n := len(rt.parts) - len(params); n > bestLiterals {
			best, bestParams, bestLiterals = rt, params, n
		}
	}
	if best != nil {
		return best, bestParams
	}
	return nil, other
}

func matchPath(tp, parts []string) (map[string]string, bool) {
	if len(tp) != len(parts) {
		return nil, false
	}
	for i, t := range tp {
		if !strings.HasPrefix(t, "{") && t != parts[i] {
			return nil, false
		}
	}
	params := map[string]string{}
	for i, t := range tp {
		if strings.HasPrefix(t, "{") {
			v, err := url.PathUnescape(parts[i])
			if err != nil || v == "" {
				return nil, false
			}
			params[t[1:len(t)-1]] = v
		} else if t != parts[i] {
			return nil, false
		}
	}
	return params, true
}

// serveRoute runs auth, injected faults, the global limit and the route
// bucket, then the handler.
func (s *Server) serveRoute(w *statusWriter, r *http.Request, rt *route, params map[string]string, rec *Request) {
	auth := r.Header.Get("Authorization")
	validAuth := auth == "Bot "+s.opts.Token && !s.tokenIsReset()
	if (rt.Auth == authBot && !validAuth) || (rt.Auth == authOptional && auth != "" && !validAuth) {
		writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized", nil)
		return
	}
	handled, after := s.applyFault(w, r, rt, params, rec)
	if handled {
		return
	}
	if after != nil {
		s.serveThenFail(w, r, rt, params, rec, after)
		return
	}
	s.serveLimited(w, r, rt, params, rec)
}

// serveLimited runs the global limit and the route bucket, then the handler.
func (s *Server) serveLimited(w *statusWriter, r *http.Request, rt *route, params map[string]string, rec *Request) {
	now := s.now()
	// Interaction webhooks (/webhooks/{application_id}/{token}) share the
	// webhook route but, like the callback, skip the global limit.
	exempt := rt.NoGlobal || (rt.Major == "webhook" && params["webhook_id"] == s.world.botID.String())
	if !exempt {
		if wait, ok := s.takeGlobal(r.Header.Get("Authorization"), now); !ok {
			rec.Scope = "global"
			write429(w, "global", wait)
			return
		}
	}
	major := majorValue(rt, params)
	wait, ok := s.takeBucket(w.Header(), rt, major, now)
	rec.Bucket = rt.hash
	if !ok {
		rec.Scope = "user"
		write429(w, "user", wait)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	q := &restReq{s: s, w: w, r: r, route: rt, params: params, query: r.URL.Query()}
	rt.Handler(s, q)
}

func majorValue(rt *route, p map[string]string) string {
	switch rt.Major {
	case "":
		return ""
	case "webhook":
		return p["webhook_id"] + "/" + p["webhook_token"]
	case "interaction":
		if id, ok := p["interaction_id"]; ok {
			return id + "/" + p["interaction_token"]
		}
		return p["application_id"] + "/" + p["interaction_token"]
	}
	return p[rt.Major]
}

func (s *Server) tokenIsReset() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.tokenReset
}

// finishRequest counts invalid requests and records the request.
func (s *Server) finishRequest(w *statusWriter, rec *Request) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	rec.Status = w.status
	rec.RateLimit = rateLimitHeaders(w.Header())
	switch {
	case w.status == http.StatusUnauthorized, w.status == http.StatusForbidden,
		w.status == http.StatusTooManyRequests && rec.Scope != "shared" && rec.Scope != "ban":
		s.countInvalid(rec.Time)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.status == http.StatusTooManyRequests {
		switch rec.Scope {
		case "global":
			s.rec.limited.Global++
		case "shared":
			s.rec.limited.Shared++
		case "ban":
			s.rec.limited.Ban++
		default:
			s.rec.limited.User++
		}
	}
	s.rec.requests = append(s.rec.requests, *rec)
	s.notifyLocked()
}

// redact copies headers, hiding the token.
func redact(h http.Header) http.Header {
	c := h.Clone()
	if a := c.Get("Authorization"); a != "" {
		kind, _, _ := strings.Cut(a, " ")
		c.Set("Authorization", kind+" [redacted]")
	}
	return c
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// restReq is one request inside a handler.
type restReq struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	route  *route
	params map[string]string
	query  url.Values
	files  []upload
}

// id parses a snowflake path parameter; on failure it answers 50035 and
// returns false.
func (q *restReq) id(name string) (discord.Snowflake, bool) {
	v, err := discord.ParseSnowflake(q.params[name])
	if err != nil {
		var fe fieldErrors
		fe.add(name, "NUMBER_TYPE_COERCE", "Value \""+q.params[name]+"\" is not snowflake.")
		q.error(http.StatusBadRequest, 50035, fe)
		return 0, false
	}
	return v, true
}

func (q *restReq) json(status int, v any) { writeJSON(q.w, status, v) }

func (q *restReq) noContent() { q.w.WriteHeader(http.StatusNoContent) }

// error answers with a Discord error; errs may be nil or fieldErrors.
func (q *restReq) error(status, code int, errs fieldErrors) {
	var tree any
	if len(errs) > 0 {
		tree = errs.tree()
	}
	writeError(q.w, status, code, "", tree)
}

// auditReason returns the decoded X-Audit-Log-Reason.
func (q *restReq) auditReason() string {
	v, err := url.PathUnescape(q.r.Header.Get("X-Audit-Log-Reason"))
	if err != nil {
		return ""
	}
	return v
}

// trimVersion drops the /api/vN prefix from a path.
func trimVersion(p string) string {
	for _, v := range []string{"/api/v10", "/api/v9"} {
		if rest, ok := strings.CutPrefix(p, v); ok {
			return rest
		}
	}
	return p
}
