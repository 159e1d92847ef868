package sandbox

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// maxBody bounds the page's requests; none needs more.
const maxBody = 64 << 10

// apiError is the body of every 4xx answer: what is wrong and with which
// field ("content", "data.options[1].value", "path").
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field"`
}

// badField is returned by the checks below and becomes a 400.
type badField struct{ field, msg string }

func (e *badField) Error() string { return e.field + ": " + e.msg }

func bad(field, format string, args ...any) error {
	return &badField{field, fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.MarshalWrite(w, v, json.Deterministic(true))
}

func writeError(w http.ResponseWriter, status int, field, msg string) {
	writeJSON(w, status, apiError{Error: msg, Field: field})
}

// fail answers err: a *badField as 400, anything else (the fake refused an
// action the checks let through) as 409 with the fake's reason.
func fail(w http.ResponseWriter, err error) {
	var bf *badField
	if errors.As(err, &bf) {
		writeError(w, http.StatusBadRequest, bf.field, bf.msg)
		return
	}
	writeError(w, http.StatusConflict, "", err.Error())
}

// decode reads a JSON body into v, refusing unknown fields, trailing data and
// bodies over maxBody, and naming the field that did not fit.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return bad("Content-Type", "must be application/json, got %q", ct)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return bad("body", "unreadable: %v", err)
	}
	if len(body) > maxBody {
		return bad("body", "larger than %d bytes", maxBody)
	}
	if len(body) == 0 {
		return bad("body", "empty; a JSON object is required")
	}
	if err := json.Unmarshal(body, v, json.RejectUnknownMembers(true)); err != nil {
		var se *json.SemanticError
		if errors.As(err, &se) && se.JSONPointer != "" {
			field := strings.ReplaceAll(strings.TrimPrefix(string(se.JSONPointer), "/"), "/", ".")
			return bad(field, "%v", se.Err)
		}
		return bad("body", "not a valid JSON object: %v", err)
	}
	return nil
}

// snowflake parses an id given as a string; empty is "required".
func snowflake(field, s string) (discord.Snowflake, error) {
	if s == "" {
		return 0, bad(field, "required")
	}
	id, err := discord.ParseSnowflake(s)
	if err != nil || id == 0 {
		return 0, bad(field, "%q is not a snowflake", s)
	}
	return id, nil
}

// channelOf finds a channel in the world and its guild.
func (u *UI) channelOf(field string, id discord.Snowflake) (discordtest.WorldGuild, discordtest.WorldChannel, error) {
	for _, g := range u.s.World() {
		for _, c := range g.Channels {
			if c.ID == id {
				return g, c, nil
			}
		}
	}
	return discordtest.WorldGuild{}, discordtest.WorldChannel{}, bad(field, "no channel %v in the sandbox", id)
}

// memberOf checks that a user is a (non-bot) member of g: the page posts as
// people, never as the bot.
func memberOf(field string, g discordtest.WorldGuild, id discord.Snowflake) (discordtest.WorldMember, error) {
	for _, m := range g.Members {
		if m.ID == id {
			if m.Bot {
				return m, bad(field, "%v is the bot; the page acts as members only", id)
			}
			return m, nil
		}
	}
	return discordtest.WorldMember{}, bad(field, "%v is not a member of guild %v", id, g.ID)
}

// worldJSON is GET /api/world.
type worldJSON struct {
	Bot            memberJSON  `json:"bot"`
	BotConnections int         `json:"bot_connections"` // live gateway connections past IDENTIFY/RESUME
	Guilds         []guildJSON `json:"guilds"`
}

type guildJSON struct {
	ID       discord.Snowflake `json:"id"`
	Name     string            `json:"name"`
	Channels []channelJSON     `json:"channels"`
	Members  []memberJSON      `json:"members"`
}

type channelJSON struct {
	ID       discord.Snowflake `json:"id"`
	Type     int               `json:"type"`
	Name     string            `json:"name"`
	ParentID discord.Snowflake `json:"parent_id,omitzero"`
}

type memberJSON struct {
	ID   discord.Snowflake `json:"id"`
	Name string            `json:"name"`
	Bot  bool              `json:"bot,omitzero"`
}

func (u *UI) getWorld(w http.ResponseWriter, _ *http.Request) {
	out := worldJSON{Bot: memberJSON{ID: u.s.BotUser(), Bot: true}, Guilds: []guildJSON{}}
	for _, c := range u.s.Conns() {
		if st := c.State(); st == discordtest.ConnReady || st == discordtest.ConnResumed {
			out.BotConnections++
		}
	}
	for _, g := range u.s.World() {
		gj := guildJSON{ID: g.ID, Name: g.Name, Channels: []channelJSON{}, Members: []memberJSON{}}
		for _, c := range g.Channels {
			gj.Channels = append(gj.Channels, channelJSON{c.ID, c.Type, c.Name, c.ParentID})
		}
		for _, m := range g.Members {
			gj.Members = append(gj.Members, memberJSON{m.ID, m.Name, m.Bot})
			if m.ID == out.Bot.ID {
				out.Bot.Name = m.Name
			}
		}
		out.Guilds = append(out.Guilds, gj)
	}
	writeJSON(w, http.StatusOK, out)
}

// maxHistory is how many of a channel's latest messages the page loads.
const maxHistory = 100

func (u *UI) getMessages(w http.ResponseWriter, r *http.Request) {
	id, err := snowflake("channel", r.PathValue("channel"))
	if err != nil {
		fail(w, err)
		return
	}
	if _, _, err := u.channelOf("channel", id); err != nil {
		writeError(w, http.StatusNotFound, "channel", err.(*badField).msg)
		return
	}
	msgs := u.s.Messages(id)
	if len(msgs) > maxHistory {
		msgs = msgs[len(msgs)-maxHistory:]
	}
	out := make([]jsontext.Value, len(msgs))
	for i, m := range msgs {
		out[i] = m
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": out})
}

// maxContent is the message length Discord's client allows (protocol
// reference §6).
const maxContent = 2000

type postMessageJSON struct {
	AuthorID string `json:"author_id"`
	Content  string `json:"content"`
}

func (u *UI) postMessage(w http.ResponseWriter, r *http.Request) {
	var in postMessageJSON
	err := decode(r, &in)
	var id discord.Snowflake
	if err == nil {
		id, err = u.userMessage(r.PathValue("channel"), in)
	}
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

func (u *UI) userMessage(channel string, in postMessageJSON) (discord.Snowflake, error) {
	cid, err := snowflake("channel", channel)
	if err != nil {
		return 0, err
	}
	g, _, err := u.channelOf("channel", cid)
	if err != nil {
		return 0, err
	}
	author, err := snowflake("author_id", in.AuthorID)
	if err != nil {
		return 0, err
	}
	if _, err := memberOf("author_id", g, author); err != nil {
		return 0, err
	}
	switch n := len([]rune(in.Content)); {
	case strings.TrimSpace(in.Content) == "":
		return 0, bad("content", "required (a message cannot be empty)")
	case n > maxContent:
		return 0, bad("content", "at most %d characters, got %d", maxContent, n)
	}
	return u.s.UserMessage(cid, author, in.Content)
}

type postReactionJSON struct {
	UserID string `json:"user_id"`
	Emoji  string `json:"emoji"`
}

func (u *UI) postReaction(w http.ResponseWriter, r *http.Request) {
	var in postReactionJSON
	err := decode(r, &in)
	if err == nil {
		err = u.react(r.PathValue("channel"), r.PathValue("message"), in)
	}
	if err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (u *UI) react(channel, message string, in postReactionJSON) error {
	cid, err := snowflake("channel", channel)
	if err != nil {
		return err
	}
	mid, err := snowflake("message", message)
	if err != nil {
		return err
	}
	g, _, err := u.channelOf("channel", cid)
	if err != nil {
		return err
	}
	if _, ok := u.s.Message(cid, mid); !ok {
		return bad("message", "no message %v in channel %v", mid, cid)
	}
	uid, err := snowflake("user_id", in.UserID)
	if err != nil {
		return err
	}
	if _, err := memberOf("user_id", g, uid); err != nil {
		return err
	}
	if in.Emoji == "" {
		return bad("emoji", "required")
	}
	if err := u.s.UserReaction(cid, mid, uid, in.Emoji); err != nil {
		return bad("emoji", "%v", err)
	}
	return nil
}

// getCommands is GET /api/commands?guild_id=: the global commands and those
// of the guild, as Discord's client lists them.
func (u *UI) getCommands(w http.ResponseWriter, r *http.Request) {
	var gid discord.Snowflake
	if v := r.URL.Query().Get("guild_id"); v != "" {
		var err error
		if gid, err = snowflake("guild_id", v); err != nil {
			fail(w, err)
			return
		}
	}
	out := append([]jsontext.Value{}, u.s.Commands(0)...)
	if gid != 0 {
		out = append(out, u.s.Commands(gid)...)
	}
	writeJSON(w, http.StatusOK, map[string]any{"commands": out})
}
