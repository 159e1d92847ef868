package discordtest

import (
	"time"

	"crypto/rand"
	"encoding/hex"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

type identifyData struct {
	Token          *string         `json:"token"`
	Properties     *jsontext.Value `json:"properties"`
	Intents        *int64          `json:"intents"`
	Shard          []int           `json:"shard"`
	LargeThreshold int             `json:"large_threshold"`
	Compress       bool            `json:"compress"`
	Presence       jsontext.Value  `json:"presence"`
}

// identifyLocked checks an IDENTIFY in the order Discord documents its close
// codes, enforces the identify bucket and the session-start budget, then
// starts a session: READY, then one GUILD_CREATE per guild of the shard.
func (c *Conn) identifyLocked(d jsontext.Value, now time.Time) {
	s := c.s
	var id identifyData
	if !c.decodeLocked(d, &id) {
		return
	}
	switch {
	case id.Token == nil || id.Properties == nil || id.Properties.Kind() != '{' || id.Intents == nil:
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: token, properties and intents are required.")
		return
	case !s.gatewayTokenOK(*id.Token) || s.gw.tokenReset:
		c.closeLocked(discord.CloseAuthenticationFailed, "Authentication failed.")
		return
	case *id.Intents < 0 || discord.Intents(*id.Intents).Unknown() != 0:
		c.closeLocked(discord.CloseInvalidIntents, "Invalid intent(s).")
		return
	case discord.Intents(*id.Intents)&s.opts.DisabledIntents&discord.IntentsPrivileged != 0:
		c.closeLocked(discord.CloseDisallowedIntents, "Disallowed intent(s).")
		return
	case id.LargeThreshold != 0 && (id.LargeThreshold < 50 || id.LargeThreshold > 250):
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: large_threshold must be 50..250.")
		return
	}
	shard := [2]int{0, 1}
	if id.Shard != nil {
		if len(id.Shard) != 2 || id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1] {
			c.closeLocked(discord.CloseInvalidShard, "Invalid shard.")
			return
		}
		shard = [2]int{id.Shard[0], id.Shard[1]}
	}
	guilds := s.world.guildsOfShard(shard)
	if len(guilds) > s.opts.GuildsPerShard {
		c.closeLocked(discord.CloseShardingRequired, "Sharding required.")
		return
	}
	bucket := shard[0] % s.gw.maxConc
	rec := IdentifyRecord{Time: now, Conn: c.id, Shard: shard, Bucket: bucket}
	if last, ok := s.gw.identifyLast[bucket]; ok && now.Sub(last) < s.opts.IdentifyWindow {
		rec.Reason = "identify bucket " + strconv.Itoa(bucket) + " used " + now.Sub(last).String() + " ago"
		s.rec.identifies = append(s.rec.identifies, rec)
		c.enqueueLocked(envelope(discord.OpInvalidSession, "false"))
		s.recordConnLocked(c, ConnInvalidated, 0, rec.Reason)
		s.log.Debug("discordtest: identify refused", "conn", c.id, "shard", shard, "reason", rec.Reason)
		return
	}
	s.refillStartsLocked()
	if s.gw.startLeft <= 0 {
		// Discord resets the token of a bot that overruns its budget and
		// terminates all of its sessions.
		s.gw.tokenReset = true
		rec.Reason = "session start limit exhausted: token reset"
		s.rec.identifies = append(s.rec.identifies, rec)
		for _, other := range s.gw.conns {
			other.closeLocked(discord.CloseAuthenticationFailed, "Authentication failed.")
		}
		return
	}
	s.gw.startLeft--
	s.gw.identifyLast[bucket] = now
	rec.Accepted = true
	s.rec.identifies = append(s.rec.identifies, rec)

	se := &session{id: newSessionID(), shard: shard, intents: discord.Intents(*id.Intents),
		largeThreshold: cmp0(id.LargeThreshold, 50), conn: c, limit: s.opts.ReplayLimit}
	s.gw.sessions[se.id] = se
	c.sess, c.state = se, ConnReady
	se.pushLocked("READY", s.readyJSON(se, guilds))
	s.recordConnLocked(c, ConnIdentified, 0, "")
	s.log.Debug("discordtest: session started", "conn", c.id, "shard", shard, "intents", se.intents.String())
	if se.intents.Has(discord.IntentGuilds) {
		for _, g := range guilds {
			se.pushLocked("GUILD_CREATE", s.world.guildCreateJSON(g, se.intents, se.largeThreshold))
		}
	}
}

func cmp0(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func newSessionID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type readyData struct {
	V                int                `json:"v"`
	User             *user              `json:"user"`
	Guilds           []unavailableGuild `json:"guilds"`
	SessionID        string             `json:"session_id"`
	ResumeGatewayURL string             `json:"resume_gateway_url"`
	Shard            [2]int             `json:"shard"`
	Application      readyApplication   `json:"application"`
	PrivateChannels  []struct{}         `json:"private_channels"`
	Trace            []string           `json:"_trace"`
}

type unavailableGuild struct {
	ID          discord.Snowflake `json:"id"`
	Unavailable bool              `json:"unavailable"`
}

type readyApplication struct {
	ID    discord.Snowflake `json:"id"`
	Flags int               `json:"flags"`
}

func (s *Server) readyJSON(se *session, guilds []*guild) []byte {
	r := readyData{V: 10, User: s.world.users[s.world.botID], SessionID: se.id,
		ResumeGatewayURL: s.ResumeURL(), Shard: se.shard,
		Application: readyApplication{ID: s.world.botID, Flags: s.world.appFlags},
		Guilds:      make([]unavailableGuild, 0, len(guilds)), PrivateChannels: []struct{}{},
		Trace: []string{"discordtest"}}
	for _, g := range guilds {
		r.Guilds = append(r.Guilds, unavailableGuild{ID: g.ID, Unavailable: true})
	}
	b, _ := json.Marshal(r)
	return b
}

type resumeData struct {
	Token     *string `json:"token"`
	SessionID *string `json:"session_id"`
	Seq       *int64  `json:"seq"`
}

// resumeLocked attaches the connection to an existing session, replays every
// dispatch after seq in order, then sends RESUMED.
func (c *Conn) resumeLocked(d jsontext.Value) {
	s := c.s
	var r resumeData
	if !c.decodeLocked(d, &r) {
		return
	}
	switch {
	case r.Token == nil || r.SessionID == nil || r.Seq == nil:
		c.closeLocked(discord.CloseDecodeError, "Error while decoding payload: token, session_id and seq are required.")
		return
	case !s.gatewayTokenOK(*r.Token) || s.gw.tokenReset:
		c.closeLocked(discord.CloseAuthenticationFailed, "Authentication failed.")
		return
	}
	se := s.gw.sessions[*r.SessionID]
	if se != nil && s.expiredLocked(se) {
		delete(s.gw.sessions, se.id)
		se = nil
	}
	if se == nil || se.dead {
		c.enqueueLocked(envelope(discord.OpInvalidSession, "false"))
		s.recordConnLocked(c, ConnInvalidated, 0, "unknown or expired session")
		return
	}
	if *r.Seq < 0 || *r.Seq > se.seq {
		c.closeLocked(discord.CloseInvalidSeq, "Invalid seq.")
		return
	}
	if *r.Seq < se.oldest()-1 {
		c.enqueueLocked(envelope(discord.OpInvalidSession, "false"))
		s.recordConnLocked(c, ConnInvalidated, 0, "seq older than the replay buffer")
		return
	}
	if old := se.conn; old != nil && old != c {
		old.sess = nil
		old.closeLocked(discord.CloseUnknownError, "Session resumed on another connection.")
	}
	se.conn, c.sess, c.state = c, se, ConnResumed
	for _, e := range se.buf {
		if e.seq > *r.Seq {
			c.enqueueLocked(discord.AppendDispatch(nil, e.seq, e.name, e.d))
		}
	}
	se.pushLocked("RESUMED", []byte(`{"_trace":["discordtest"]}`))
	s.rec.resumes++
	s.log.Debug("discordtest: session resumed", "conn", c.id, "shard", se.shard, "from_seq", *r.Seq, "to_seq", se.seq)
	s.recordConnLocked(c, ConnResumedEvent, 0, "")
}

// gatewayTokenOK reports whether an IDENTIFY or RESUME token is the bot's.
// Discord documents the bare token but also accepts it with the "Bot " prefix
// used in HTTP headers (discordgo has always sent it that way), so the fake
// accepts both.
func (s *Server) gatewayTokenOK(t string) bool {
	return t == s.opts.Token || t == "Bot "+s.opts.Token
}
