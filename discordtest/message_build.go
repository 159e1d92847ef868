package discordtest

import (
	"net/http"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// messageBody is the JSON of create/edit message, execute webhook, follow-up
// and interaction-response message data.
type messageBody struct {
	Content         *string             `json:"content"`
	Nonce           jsontext.Value      `json:"nonce"`
	EnforceNonce    bool                `json:"enforce_nonce"`
	TTS             bool                `json:"tts"`
	Embeds          []jsontext.Value    `json:"embeds"`
	AllowedMentions jsontext.Value      `json:"allowed_mentions"`
	Reference       jsontext.Value      `json:"message_reference"`
	Components      []jsontext.Value    `json:"components"`
	StickerIDs      []discord.Snowflake `json:"sticker_ids"`
	Attachments     []attachmentRef     `json:"attachments"`
	Flags           *int                `json:"flags"`
	Poll            jsontext.Value      `json:"poll"`
	Username        string              `json:"username"`
	AvatarURL       string              `json:"avatar_url"`
}

type attachmentRef struct {
	ID          jsontext.Value `json:"id"`
	Filename    string         `json:"filename"`
	Description string         `json:"description"`
}

type embedLimits struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
	Footer struct {
		Text string `json:"text"`
	} `json:"footer"`
	Author struct {
		Name string `json:"name"`
	} `json:"author"`
}

// Message flags the create routes accept.
const (
	flagSuppressEmbeds        = 1 << 2
	flagEphemeral             = 1 << 6
	flagLoading               = 1 << 7
	flagSuppressNotifications = 1 << 12
	flagVoiceMessage          = 1 << 13
	flagComponentsV2          = 1 << 15
)

// validate checks a message body against Discord's documented limits and
// returns the 50035 field errors. create requires some content; allowed is
// the set of settable flags.
func (b *messageBody) validate(files []upload, create bool, allowed int) (fieldErrors, int) {
	var fe fieldErrors
	if b.Content != nil && utf8.RuneCountInString(*b.Content) > 2000 {
		fe.add("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
	}
	if len(b.Embeds) > 10 {
		fe.add("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	total := 0
	for i, raw := range b.Embeds {
		var e embedLimits
		p := "embeds." + strconv.Itoa(i)
		if json.Unmarshal(raw, &e) != nil {
			fe.add(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType.")
			continue
		}
		check := func(field, v string, max int) {
			n := utf8.RuneCountInString(v)
			total += n
			if n > max {
				fe.add(p+"."+field, "BASE_TYPE_MAX_LENGTH", "Must be "+strconv.Itoa(max)+" or fewer in length.")
			}
		}
		check("title", e.Title, 256)
		check("description", e.Description, 4096)
		check("footer.text", e.Footer.Text, 2048)
		check("author.name", e.Author.Name, 256)
		if len(e.Fields) > 25 {
			fe.add(p+".fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		for j, f := range e.Fields {
			fp := "fields." + strconv.Itoa(j)
			check(fp+".name", f.Name, 256)
			check(fp+".value", f.Value, 1024)
		}
	}
	if total > 6000 {
		fe.add("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
	}
	if len(b.Nonce) > 0 {
		switch b.Nonce.Kind() {
		case '"':
			var n string
			if json.Unmarshal(b.Nonce, &n) != nil || len(n) > 25 {
				fe.add("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
			}
		case '0':
		default:
			fe.add("nonce", "BASE_TYPE_BAD", "Nonce must be a string or integer.")
		}
	}
	if len(b.StickerIDs) > 3 {
		fe.add("sticker_ids", "BASE_TYPE_MAX_LENGTH", "Must be 3 or fewer in length.")
	}
	flags := 0
	if b.Flags != nil {
		flags = *b.Flags
		if flags&^allowed != 0 {
			fe.add("flags", "MESSAGE_FLAGS_INVALID", "Invalid message flags.")
		}
	}
	if flags&flagComponentsV2 != 0 && ((b.Content != nil && *b.Content != "") || len(b.Embeds) > 0 || len(b.Poll) > 0) {
		fe.add("content", "MESSAGE_CONTENT_NOT_ALLOWED", "content, embeds and poll cannot be used with IS_COMPONENTS_V2.")
	}
	if flags&flagComponentsV2 == 0 && len(b.Components) > 5 {
		fe.add("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
	}
	if len(fe) > 0 {
		return fe, 50035
	}
	empty := (b.Content == nil || *b.Content == "") && len(b.Embeds) == 0 && len(files) == 0 &&
		len(b.Components) == 0 && len(b.StickerIDs) == 0 && len(b.Poll) == 0
	if create && empty {
		return nil, 50006
	}
	return nil, 0
}

var (
	mentionRe  = regexp.MustCompile(`<@!?(\d+)>|<@&(\d+)>`)
	everyoneRe = regexp.MustCompile(`@(everyone|here)`)
)

// newMessageLocked builds a message from a validated body.
func (s *Server) newMessageLocked(c *channel, author *user, b *messageBody, files []upload) *message {
	w := &s.world
	m := &message{ID: s.newID(), ChannelID: c.ID, GuildID: c.GuildID, Author: author,
		Timestamp: timestamp(s.now()), TTS: b.TTS, Mentions: []*user{}, MentionRoles: []discord.Snowflake{},
		Attachments: []attachment{}, Embeds: nonNil(b.Embeds), Components: nonNil(b.Components),
		Nonce: b.Nonce, Poll: b.Poll, Reference: b.Reference}
	if b.Content != nil {
		m.Content = *b.Content
	}
	if b.Flags != nil {
		m.Flags = *b.Flags
	}
	if len(b.Reference) > 0 {
		m.Type = 19 // REPLY
	}
	s.applyMentions(m)
	m.Attachments = s.newAttachments(c, b, files)
	if c.GuildID != 0 {
		if g := w.guilds[c.GuildID]; g != nil {
			if mem, ok := g.members[author.ID]; ok {
				cp := *mem
				cp.User = nil
				m.Member = &cp
			}
		}
	}
	return m
}

// newAttachments turns uploaded files[n] parts into attachments, taking each
// description from the payload's attachments entry with id n.
func (s *Server) newAttachments(c *channel, b *messageBody, files []upload) []attachment {
	out := []attachment{}
	for _, f := range files {
		desc := ""
		for _, a := range b.Attachments {
			if string(a.ID) == strconv.Itoa(f.Index) || string(a.ID) == `"`+strconv.Itoa(f.Index)+`"` {
				desc = a.Description
			}
		}
		id := s.newID()
		url := "https://cdn.discordapp.com/attachments/" + c.ID.String() + "/" + id.String() + "/" + f.Filename
		out = append(out, attachment{ID: id, Filename: f.Filename, Description: desc,
			ContentType: f.ContentType, Size: f.Size, URL: url, ProxyURL: url})
	}
	return out
}

func (s *Server) applyMentions(m *message) {
	m.Mentions, m.MentionRoles = []*user{}, []discord.Snowflake{}
	for _, sub := range mentionRe.FindAllStringSubmatch(m.Content, -1) {
		if sub[1] != "" {
			if id, err := discord.ParseSnowflake(sub[1]); err == nil {
				if u, ok := s.world.users[id]; ok {
					m.Mentions = append(m.Mentions, u)
				}
			}
		} else if id, err := discord.ParseSnowflake(sub[2]); err == nil {
			m.MentionRoles = append(m.MentionRoles, id)
		}
	}
	m.MentionEveryone = everyoneRe.MatchString(m.Content)
}

// storeMessageLocked adds the message to its channel and sends MESSAGE_CREATE.
func (s *Server) storeMessageLocked(c *channel, m *message) {
	s.world.messages[m.ID] = m
	c.messageIDs = append(c.messageIDs, m.ID)
	id := m.ID
	c.LastMessageID = &id
	if m.Flags&flagEphemeral == 0 {
		s.dispatchLocked(c.GuildID, "MESSAGE_CREATE", marshal(m))
	}
}

// findMessage looks up a message of a channel, answering 10003/10008.
func (s *Server) findMessageLocked(q *restReq, cid, mid discord.Snowflake) (*channel, *message, bool) {
	c, ok := s.world.channels[cid]
	if !ok {
		q.error(http.StatusNotFound, 10003, nil)
		return nil, nil, false
	}
	m, ok := s.world.messages[mid]
	if !ok || m.ChannelID != cid {
		q.error(http.StatusNotFound, 10008, nil)
		return nil, nil, false
	}
	return c, m, true
}

// editMessageLocked applies an edit body and sends MESSAGE_UPDATE.
func (s *Server) editMessageLocked(m *message, b *messageBody, files []upload) {
	if b.Content != nil {
		m.Content = *b.Content
		s.applyMentions(m)
	}
	if b.Embeds != nil {
		m.Embeds = b.Embeds
	}
	if b.Components != nil {
		m.Components = b.Components
	}
	if b.Flags != nil {
		m.Flags = (m.Flags &^ (flagSuppressEmbeds | flagLoading)) | *b.Flags
	}
	m.Flags &^= flagLoading
	if b.Attachments != nil || len(files) > 0 {
		keep := []attachment{}
		for _, a := range m.Attachments {
			for _, ref := range b.Attachments {
				if string(ref.ID) == `"`+a.ID.String()+`"` || string(ref.ID) == a.ID.String() {
					keep = append(keep, a)
				}
			}
		}
		m.Attachments = append(keep, s.newAttachments(s.world.channels[m.ChannelID], b, files)...)
	}
	ts := timestamp(s.now())
	m.EditedTimestamp = &ts
	if m.Flags&flagEphemeral == 0 {
		s.dispatchLocked(m.GuildID, "MESSAGE_UPDATE", marshal(m))
	}
}
