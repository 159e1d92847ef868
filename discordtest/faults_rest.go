package discordtest

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// RESTFault makes matching REST requests fail. Faults apply after the
// Authorization check and before the global and route limits, so a faulted
// request spends no quota.
type RESTFault struct {
	// Method and Route select requests; "" matches any. Route is a template of
	// the route table, like "/channels/{channel_id}/messages".
	Method string
	Route  string
	// Status is the answer: 429 (rate limit with Scope), 5xx, or a 4xx with
	// the Discord error Code. 0 with Delay or Stall answers normally.
	Status int
	Code   int
	// Scope of a forced 429: "user" (default), "shared" or "global". Shared
	// 429s carry the bucket headers and do not count as invalid requests.
	Scope string
	// RetryAfter of a forced 429. Defaults to 1s.
	RetryAfter time.Duration
	// Delay holds the request this long before answering.
	Delay time.Duration
	// Stall holds the request until the client gives up or the server closes;
	// the client sees no answer.
	Stall bool
	// Times is the number of requests affected; 0 means until removed.
	Times int
	// Processed serves the request in full first (limits spent, handler
	// run, the world changed, dispatches sent) and only then replaces a
	// successful answer with Status (a 5xx or 4xx; not 429), without
	// rate-limit headers: a gateway or proxy in front of Discord failing
	// after Discord acted. A request the limits refuse gets its 429 as usual.
	Processed bool
}

type faultState struct {
	rest []*activeFault
}

type activeFault struct {
	f    RESTFault
	used int
}

// InjectREST adds a REST fault and returns a function that removes it.
func (s *Server) InjectREST(f RESTFault) (remove func()) {
	af := &activeFault{f: f}
	s.mu.Lock()
	s.faults.rest = append(s.faults.rest, af)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, x := range s.faults.rest {
			if x == af {
				s.faults.rest = append(s.faults.rest[:i:i], s.faults.rest[i+1:]...)
				return
			}
		}
	}
}

// applyFault answers the request if a fault matches; it reports whether it
// did. A Delay-only fault waits and lets the request go on; a Processed fault
// is handed back for serveThenFail.
func (s *Server) applyFault(w *statusWriter, r *http.Request, rt *route, params map[string]string, rec *Request) (bool, *RESTFault) {
	s.mu.Lock()
	var f RESTFault
	found := false
	for i, af := range s.faults.rest {
		if (af.f.Method == "" || af.f.Method == rt.Method) && (af.f.Route == "" || af.f.Route == rt.Path) {
			af.used++
			f, found = af.f, true
			if af.f.Times > 0 && af.used >= af.f.Times {
				s.faults.rest = append(s.faults.rest[:i:i], s.faults.rest[i+1:]...)
			}
			break
		}
	}
	s.mu.Unlock()
	if !found {
		return false, nil
	}
	if f.Stall {
		select {
		case <-r.Context().Done():
		case <-s.ctx.Done():
		}
		if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
			}
		}
		w.status = 499 // recorded as "client gave up"
		return true, nil
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		case <-s.ctx.Done():
			t.Stop()
		}
	}
	switch {
	case f.Status == 0:
		return false, nil
	case f.Processed && f.Status != http.StatusTooManyRequests:
		return false, &f
	case f.Status == http.StatusTooManyRequests:
		scope := f.Scope
		if scope == "" {
			scope = "user"
		}
		retry := f.RetryAfter
		if retry <= 0 {
			retry = time.Second
		}
		now := s.now()
		switch scope {
		case "shared": // the resource's limit, not ours: our bucket is untouched
			s.peekBucket(w.Header(), rt, majorValue(rt, params), now)
		case "user": // as if our bucket ran dry until retry
			limit, _ := s.bucketLimit(rt)
			setBucketHeaders(w.Header(), rt, limit, 0, now.Add(retry), now)
		}
		rec.Scope = scope
		write429(w, scope, retry)
	case f.Status >= 500:
		writeJSON(w, f.Status, apiError{Code: 0, Message: strconv.Itoa(f.Status) + ": " + http.StatusText(f.Status)})
	default:
		writeError(w, f.Status, f.Code, "", nil)
	}
	return true, nil
}

// serveThenFail serves the request as usual into a recorder and answers with
// f's failure if it succeeded, or with what the limits or the handler said.
func (s *Server) serveThenFail(w *statusWriter, r *http.Request, rt *route, params map[string]string, rec *Request, f *RESTFault) {
	inner := httptest.NewRecorder()
	s.serveLimited(&statusWriter{ResponseWriter: inner}, r, rt, params, rec)
	if inner.Code >= 300 {
		maps.Copy(w.Header(), inner.Header())
		w.WriteHeader(inner.Code)
		w.Write(inner.Body.Bytes())
		return
	}
	if f.Status >= 500 {
		writeJSON(w, f.Status, apiError{Code: 0, Message: strconv.Itoa(f.Status) + ": " + http.StatusText(f.Status)})
		return
	}
	writeError(w, f.Status, f.Code, "", nil)
}

func (s *Server) bucketLimit(rt *route) (int, time.Duration) {
	s.rl.mu.Lock()
	defer s.rl.mu.Unlock()
	return s.bucketLimitLocked(rt)
}
