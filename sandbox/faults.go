package sandbox

import (
	"net/http"
	"time"

	"github.com/scurrygo/scurry/discordtest"
)

// faultJSON is POST /api/faults: a fault injected into the bot's gateway
// connections (every live one, or those of one shard) or its REST traffic.
type faultJSON struct {
	// Kind: close, reset, stop_acks, start_acks, reconnect,
	// invalid_session, heartbeat_request, rest_429_storm.
	Kind  string `json:"kind"`
	Shard *int   `json:"shard,omitzero"` // default: every shard
	Code  int    `json:"code,omitzero"`  // for close; default 4000
	// Resumable is INVALID_SESSION's d.
	Resumable bool `json:"resumable,omitzero"`
}

// faultKinds lists what POST /api/faults accepts, with what it does.
var faultKinds = map[string]string{
	"close":             "close the connection with a code (4000 unknown error by default)",
	"reset":             "drop the connection without a close frame",
	"stop_acks":         "stop answering heartbeats (the bot should see a zombie and reconnect)",
	"start_acks":        "answer heartbeats again",
	"reconnect":         "send op 7 RECONNECT",
	"invalid_session":   "send op 9 INVALID_SESSION",
	"heartbeat_request": "send op 1, asking for a heartbeat now",
	"rest_429_storm":    "answer the next REST requests with 429 (scope user, retry after 1s)",
}

func (u *UI) postFault(w http.ResponseWriter, r *http.Request) {
	var in faultJSON
	if err := decode(r, &in); err != nil {
		fail(w, err)
		return
	}
	if _, ok := faultKinds[in.Kind]; !ok {
		writeError(w, http.StatusBadRequest, "kind", "unknown fault "+quote(in.Kind)+"; one of close, reset, stop_acks, start_acks, reconnect, invalid_session, heartbeat_request, rest_429_storm")
		return
	}
	if in.Kind == "rest_429_storm" {
		u.s.InjectREST(discordtest.RESTFault{Status: http.StatusTooManyRequests, Scope: "user", RetryAfter: time.Second, Times: u.opts.StormSize})
		writeJSON(w, http.StatusOK, map[string]any{"affected": u.opts.StormSize})
		return
	}
	if in.Code == 0 {
		in.Code = 4000
	}
	if in.Kind == "close" && (in.Code < 1000 || in.Code > 4999 || in.Code == 1005 || in.Code == 1006) {
		writeError(w, http.StatusBadRequest, "code", "a close code is 1000-4999 (not 1005 or 1006; use reset)")
		return
	}
	var conns []*discordtest.Conn
	for _, c := range u.s.Conns() {
		if c.State() == discordtest.ConnClosed {
			continue
		}
		if in.Shard != nil && c.Shard()[0] != *in.Shard {
			continue
		}
		conns = append(conns, c)
	}
	if len(conns) == 0 {
		writeError(w, http.StatusConflict, "shard", "no live gateway connection to inject into (is a bot connected?)")
		return
	}
	for _, c := range conns {
		switch in.Kind {
		case "close":
			c.Close(in.Code, "closed from the sandbox page")
		case "reset":
			c.Reset()
		case "stop_acks":
			c.StopACKs()
		case "start_acks":
			c.StartACKs()
		case "reconnect":
			c.SendReconnect()
		case "invalid_session":
			c.SendInvalidSession(in.Resumable)
		case "heartbeat_request":
			c.RequestHeartbeat()
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"affected": len(conns)})
}

func quote(s string) string { return `"` + s + `"` }
