package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// The live stream (GET /api/events) is server-sent events, one JSON object
// per event, named:
//
//	dispatch  {time, t, guild_id, sessions, d}            every dispatch the fake sent
//	request   {time, method, path, route, status, scope, rate_limit}  every REST request of the bot
//	frame     {time, conn, shard, op, t, size}             every payload the bot sent on the gateway
//	conn      {time, conn, shard, kind, code, reason}      connections opening, identifying, resuming, closing
//	response  {time, interaction_id, type, data}           every initial interaction response
//
// The stream starts with "ready" {} once it follows every log, so a test (or
// the page) can act after it without missing anything.

type dispatchEvent struct {
	Time     time.Time         `json:"time"`
	T        string            `json:"t"`
	GuildID  discord.Snowflake `json:"guild_id,omitzero"`
	Sessions int               `json:"sessions"`
	D        jsontext.Value    `json:"d"`
}

type requestEvent struct {
	Time      time.Time         `json:"time"`
	Method    string            `json:"method"`
	Path      string            `json:"path"`
	Route     string            `json:"route"`
	Status    int               `json:"status"`
	Scope     string            `json:"scope,omitzero"`
	RateLimit map[string]string `json:"rate_limit"`
}

type frameEvent struct {
	Time  time.Time `json:"time"`
	Conn  uint64    `json:"conn"`
	Shard int       `json:"shard"`
	Op    int       `json:"op"`
	T     string    `json:"t,omitzero"`
	Size  int       `json:"size"`
}

type connEvent struct {
	Time   time.Time `json:"time"`
	Conn   uint64    `json:"conn"`
	Shard  int       `json:"shard"`
	Kind   string    `json:"kind"`
	Code   int       `json:"code,omitzero"`
	Reason string    `json:"reason,omitzero"`
}

type responseEvent struct {
	Time          time.Time         `json:"time"`
	InteractionID discord.Snowflake `json:"interaction_id"`
	Type          int               `json:"type"`
	Data          jsontext.Value    `json:"data,omitzero"`
}

func (u *UI) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	u.wg.Add(1)
	defer u.wg.Done()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(u.ctx, cancel)
	defer stop()

	disp := u.s.WatchDispatches(ctx)
	reqs := u.s.WatchRequests(ctx)
	frames := u.s.WatchFrames(ctx)
	conns := u.s.WatchConnEvents(ctx)
	resps := u.s.WatchInteractionResponses(ctx)
	var buf bytes.Buffer
	send := func(name string, v any) bool {
		buf.Reset()
		buf.WriteString("event: " + name + "\ndata: ")
		if err := json.MarshalWrite(&buf, v, json.Deterministic(true)); err != nil {
			u.log.Warn("sandbox: event not encoded", "event", name, "err", err)
			return true
		}
		buf.WriteString("\n\n")
		if _, err := w.Write(buf.Bytes()); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("ready", struct{}{}) {
		return
	}
	for {
		var ok bool
		select {
		case <-ctx.Done():
			return
		case d, open := <-disp:
			ok = open && send("dispatch", dispatchEvent{d.Time, d.Name, d.GuildID, d.Sessions, d.Raw})
		case q, open := <-reqs:
			rl := map[string]string{}
			for k, v := range q.RateLimit {
				if len(v) > 0 {
					rl[k] = v[0]
				}
			}
			ok = open && send("request", requestEvent{q.Time, q.Method, q.Path, q.Route, q.Status, q.Scope, rl})
		case f, open := <-frames:
			ok = open && send("frame", frameEvent{f.Time, f.Conn, f.Shard[0], int(f.Op), f.T, f.Size})
		case c, open := <-conns:
			ok = open && send("conn", connEvent{c.Time, c.Conn, c.Shard[0], c.Kind.String(), c.Code, c.Reason})
		case p, open := <-resps:
			ok = open && send("response", responseEvent{p.Time, p.InteractionID, p.Type, p.Data})
		}
		if !ok {
			return
		}
	}
}
