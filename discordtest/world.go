package discordtest

import (
	"crypto/ed25519"
	"sort"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// The world is the fake's state: small structs of its own (independent of
// the client's models, so the fake cannot share their bugs) whose JSON is
// what Discord sends. Guarded by Server.mu.
type world struct {
	ids          idGen
	guildSeq     uint64
	botID        discord.Snowflake // the bot user, also the application id
	appFlags     int
	publicKey    ed25519.PublicKey // the application's key (HTTP interactions)
	privateKey   ed25519.PrivateKey
	users        map[discord.Snowflake]*user
	guilds       map[discord.Snowflake]*guild
	channels     map[discord.Snowflake]*channel
	messages     map[discord.Snowflake]*message
	webhooks     map[discord.Snowflake]*webhook
	commands     map[discord.Snowflake]*command
	interactions map[string]*interaction // by token
}

// idGen makes snowflakes from the server's clock: unique and increasing.
type idGen struct {
	last atomic.Uint64
}

func (g *idGen) next(now time.Time) discord.Snowflake {
	base := uint64(discord.SnowflakeFromTime(idTime(now)))
	for {
		last := g.last.Load()
		id := max(base, last+1)
		if g.last.CompareAndSwap(last, id) {
			return discord.Snowflake(id)
		}
	}
}

// idTime maps the clock to the time ids encode. A testing/synctest bubble
// starts in 2000, before the Discord epoch; its ids are dated 24 years later
// so they look like real ones (and do not start at 1).
func idTime(now time.Time) time.Time {
	if now.UnixMilli() < discord.Epoch {
		return now.AddDate(24, 0, 0)
	}
	return now
}

func (s *Server) newID() discord.Snowflake { return s.world.ids.next(s.now()) }

type user struct {
	ID            discord.Snowflake `json:"id"`
	Username      string            `json:"username"`
	Discriminator string            `json:"discriminator"`
	GlobalName    *string           `json:"global_name"`
	Avatar        *string           `json:"avatar"`
	Bot           bool              `json:"bot,omitzero"`
	PublicFlags   int               `json:"public_flags"`
}

type role struct {
	ID          discord.Snowflake `json:"id"`
	Name        string            `json:"name"`
	Color       int               `json:"color"`
	Hoist       bool              `json:"hoist"`
	Position    int               `json:"position"`
	Permissions string            `json:"permissions"`
	Managed     bool              `json:"managed"`
	Mentionable bool              `json:"mentionable"`
	Flags       int               `json:"flags"`
}

type member struct {
	User     *user               `json:"user,omitzero"`
	Nick     *string             `json:"nick"`
	Roles    []discord.Snowflake `json:"roles"`
	JoinedAt string              `json:"joined_at"`
	Deaf     bool                `json:"deaf"`
	Mute     bool                `json:"mute"`
	Flags    int                 `json:"flags"`
	Pending  bool                `json:"pending"`
	TimeOut  *string             `json:"communication_disabled_until"`
}

type guild struct {
	ID                discord.Snowflake `json:"id"`
	Name              string            `json:"name"`
	Icon              *string           `json:"icon"`
	OwnerID           discord.Snowflake `json:"owner_id"`
	Roles             []*role           `json:"roles"`
	Features          []string          `json:"features"`
	Description       *string           `json:"description"`
	PreferredLocale   string            `json:"preferred_locale"`
	VerificationLevel int               `json:"verification_level"`

	channelIDs []discord.Snowflake
	members    map[discord.Snowflake]*member
	memberIDs  []discord.Snowflake // join order
	bans       map[discord.Snowflake]*string
}

type overwrite struct {
	ID    discord.Snowflake `json:"id"`
	Type  int               `json:"type"`
	Allow string            `json:"allow"`
	Deny  string            `json:"deny"`
}

type channel struct {
	ID                   discord.Snowflake  `json:"id"`
	Type                 int                `json:"type"`
	GuildID              discord.Snowflake  `json:"guild_id,omitzero"`
	Name                 string             `json:"name,omitzero"`
	Position             int                `json:"position"`
	Topic                *string            `json:"topic"`
	NSFW                 bool               `json:"nsfw"`
	ParentID             *discord.Snowflake `json:"parent_id"`
	LastMessageID        *discord.Snowflake `json:"last_message_id"`
	RateLimitPerUser     int                `json:"rate_limit_per_user"`
	PermissionOverwrites []overwrite        `json:"permission_overwrites"`
	Recipients           []*user            `json:"recipients,omitzero"`
	OwnerID              discord.Snowflake  `json:"owner_id,omitzero"`        // threads
	ThreadMetadata       *threadMetadata    `json:"thread_metadata,omitzero"` // threads
	MessageCount         *int               `json:"message_count,omitzero"`   // threads

	messageIDs []discord.Snowflake
	pins       []discord.Snowflake
}

type threadMetadata struct {
	Archived            bool   `json:"archived"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
	ArchiveTimestamp    string `json:"archive_timestamp"`
	Locked              bool   `json:"locked"`
	CreateTimestamp     string `json:"create_timestamp,omitzero"`
}

// isThread reports whether a channel type is a thread (10, 11, 12).
func isThread(typ int) bool { return typ >= 10 && typ <= 12 }

type attachment struct {
	ID          discord.Snowflake `json:"id"`
	Filename    string            `json:"filename"`
	Description string            `json:"description,omitzero"`
	ContentType string            `json:"content_type,omitzero"`
	Size        int               `json:"size"`
	URL         string            `json:"url"`
	ProxyURL    string            `json:"proxy_url"`
}

type reaction struct {
	Count int            `json:"count"`
	Me    bool           `json:"me"`
	Emoji jsontext.Value `json:"emoji"`

	key   string
	users []discord.Snowflake
}

type message struct {
	ID              discord.Snowflake   `json:"id"`
	Type            int                 `json:"type"`
	ChannelID       discord.Snowflake   `json:"channel_id"`
	GuildID         discord.Snowflake   `json:"guild_id,omitzero"`
	Author          *user               `json:"author"`
	Member          *member             `json:"member,omitzero"`
	Content         string              `json:"content"`
	Timestamp       string              `json:"timestamp"`
	EditedTimestamp *string             `json:"edited_timestamp"`
	TTS             bool                `json:"tts"`
	MentionEveryone bool                `json:"mention_everyone"`
	Mentions        []*user             `json:"mentions"`
	MentionRoles    []discord.Snowflake `json:"mention_roles"`
	Attachments     []attachment        `json:"attachments"`
	Embeds          []jsontext.Value    `json:"embeds"`
	Components      []jsontext.Value    `json:"components"`
	Reactions       []*reaction         `json:"reactions,omitzero"`
	Nonce           jsontext.Value      `json:"nonce,omitzero"`
	Pinned          bool                `json:"pinned"`
	pinnedAt        time.Time
	WebhookID       discord.Snowflake `json:"webhook_id,omitzero"`
	ApplicationID   discord.Snowflake `json:"application_id,omitzero"`
	Flags           int               `json:"flags"`
	Poll            jsontext.Value    `json:"poll,omitzero"`
	Reference       jsontext.Value    `json:"message_reference,omitzero"`
}

type webhook struct {
	ID            discord.Snowflake  `json:"id"`
	Type          int                `json:"type"`
	GuildID       discord.Snowflake  `json:"guild_id,omitzero"`
	ChannelID     discord.Snowflake  `json:"channel_id"`
	Name          *string            `json:"name"`
	Avatar        *string            `json:"avatar"`
	Token         string             `json:"token,omitzero"`
	ApplicationID *discord.Snowflake `json:"application_id"`
	User          *user              `json:"user,omitzero"`
}

type command struct {
	ID                       discord.Snowflake `json:"id"`
	Type                     int               `json:"type"`
	ApplicationID            discord.Snowflake `json:"application_id"`
	GuildID                  discord.Snowflake `json:"guild_id,omitzero"`
	Name                     string            `json:"name"`
	NameLocalizations        jsontext.Value    `json:"name_localizations,omitzero"`
	Description              string            `json:"description"`
	DescriptionLocalizations jsontext.Value    `json:"description_localizations,omitzero"`
	Options                  jsontext.Value    `json:"options,omitzero"`
	DefaultMemberPermissions *string           `json:"default_member_permissions"`
	NSFW                     bool              `json:"nsfw"`
	IntegrationTypes         jsontext.Value    `json:"integration_types,omitzero"`
	Contexts                 jsontext.Value    `json:"contexts"`
	Version                  discord.Snowflake `json:"version"`
	Extra                    jsontext.Value    `json:",embed"`
}

func (s *Server) initWorld() {
	w := &s.world
	w.users = map[discord.Snowflake]*user{}
	w.guilds = map[discord.Snowflake]*guild{}
	w.channels = map[discord.Snowflake]*channel{}
	w.messages = map[discord.Snowflake]*message{}
	w.webhooks = map[discord.Snowflake]*webhook{}
	w.commands = map[discord.Snowflake]*command{}
	w.interactions = map[string]*interaction{}
	w.publicKey, w.privateKey, _ = ed25519.GenerateKey(nil)
	w.botID = s.newID()
	w.users[w.botID] = &user{ID: w.botID, Username: s.opts.BotName, Discriminator: "0", Bot: true}
}

// guildsOfShard lists the guilds a shard owns, in id order.
func (w *world) guildsOfShard(shard [2]int) []*guild {
	var out []*guild
	for id, g := range w.guilds {
		if ShardFor(id, shard[1]) == shard[0] {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }
