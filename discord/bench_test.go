package discord

import (
	stdjson "encoding/json" // only for the comparison baseline
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

// Decode benchmarks. Each compares three decoders on the same bytes:
//   - scurry: DecodeEvent into the typed payload (json v2, lossless: Optional,
//     Nullable, unknown keys kept);
//   - v2-plain: json v2 into plain v1-style structs (stdPlain* below);
//   - encoding/json: the standard library into the same plain structs.
// The plain structs carry the fields a typical encoding/json library keeps
// (strings for IDs, pointers for nullable), so the last two isolate the
// engine, and the first shows the cost of scurry's lossless model.

func benchMessageCreate(b *testing.B) []byte {
	d, err := os.ReadFile(filepath.Join("testdata", "events", EventMessageCreate+".json"))
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// guildCreatePayload builds a GUILD_CREATE with n members (each with a
// presence for every other member), 50 channels and 30 roles.
func guildCreatePayload(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"id":"41771983423143937","name":"big","icon":null,"owner_id":"80351110224678912",` +
		`"afk_channel_id":null,"afk_timeout":300,"verification_level":1,"default_message_notifications":1,` +
		`"explicit_content_filter":2,"features":["COMMUNITY","NEWS"],"mfa_level":0,"application_id":null,` +
		`"system_channel_id":null,"system_channel_flags":0,"rules_channel_id":null,"max_members":500000,` +
		`"vanity_url_code":null,"description":null,"banner":null,"premium_tier":2,"premium_subscription_count":9,` +
		`"preferred_locale":"en-US","public_updates_channel_id":null,"nsfw_level":0,"stickers":[],"emojis":[],` +
		`"joined_at":"2020-01-01T00:00:00.000000+00:00","large":true,"unavailable":false,"member_count":`)
	fmt.Fprint(&sb, n)
	sb.WriteString(`,"roles":[`)
	for i := range 30 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"id":"%d","name":"role %d","color":3447003,"colors":{"primary_color":3447003,"secondary_color":null,"tertiary_color":null},"hoist":false,"icon":null,"unicode_emoji":null,"position":%d,"permissions":"1071698660929","managed":false,"mentionable":false,"flags":0}`,
			300000000000000000+i, i, i)
	}
	sb.WriteString(`],"channels":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"id":"%d","type":0,"position":%d,"permission_overwrites":[{"id":"41771983423143937","type":0,"allow":"0","deny":"2048"}],"name":"channel-%d","topic":null,"nsfw":false,"last_message_id":"1153429181143625808","rate_limit_per_user":0,"parent_id":null,"flags":0}`,
			400000000000000000+i, i, i)
	}
	sb.WriteString(`],"members":[`)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"user":{"id":"%d","username":"user%d","discriminator":"0","global_name":"User %d","avatar":"8342729096ea3675442027381ff50dfe","public_flags":0},"nick":null,"avatar":null,"roles":["%d","%d"],"joined_at":"2021-03-04T05:06:07.890000+00:00","premium_since":null,"deaf":false,"mute":false,"flags":0,"pending":false,"communication_disabled_until":null}`,
			500000000000000000+i, i, i, 300000000000000000+i%30, 300000000000000000+(i+7)%30)
	}
	sb.WriteString(`],"presences":[`)
	for i := 0; i < n; i += 2 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"user":{"id":"%d"},"status":"online","activities":[{"name":"a game","type":0,"created_at":1700000000000}],"client_status":{"desktop":"online"}}`,
			500000000000000000+i)
	}
	sb.WriteString(`],"voice_states":[],"threads":[],"stage_instances":[],"guild_scheduled_events":[],"soundboard_sounds":[]}`)
	return []byte(sb.String())
}

func BenchmarkDecodeMessageCreate(b *testing.B) {
	d := benchMessageCreate(b)
	runDecodeBench(b, EventMessageCreate, d, func() any { return new(stdPlainMessage) })
}

func BenchmarkDecodeGuildCreate1000(b *testing.B) {
	d := guildCreatePayload(1000)
	runDecodeBench(b, EventGuildCreate, d, func() any { return new(stdPlainGuild) })
}

func runDecodeBench(b *testing.B, name string, d []byte, plain func() any) {
	b.Run("scurry", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			if _, err := DecodeEvent(name, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("v2-plain", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			if err := json.Unmarshal(d, plain()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			if err := stdjson.Unmarshal(d, plain()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDispatchGuildID measures the raw guild lookup on a GUILD_CREATE
// with 1,000 members, with "id" first and (worst case) last.
func BenchmarkDispatchGuildID(b *testing.B) {
	first := guildCreatePayload(1000)
	last := append([]byte(`{"x":0,`), first[len(`{"id":"41771983423143937",`):len(first)-1]...)
	last = append(last, `,"id":"41771983423143937"}`...)
	for _, c := range []struct {
		name string
		d    []byte
	}{{"first", first}, {"last", last}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.d)))
			for b.Loop() {
				if DispatchGuildID(EventGuildCreate, c.d) != 41771983423143937 {
					b.Fatal("wrong id")
				}
			}
		})
	}
}

func TestGuildCreatePayloadDecodes(t *testing.T) {
	e, err := DecodeEvent(EventGuildCreate, guildCreatePayload(1000))
	if err != nil {
		t.Fatal(err)
	}
	g := e.(*GuildCreate)
	if len(g.Members) != 1000 || len(g.Presences) != 500 || len(g.Channels) != 50 || len(g.Roles) != 30 {
		t.Fatalf("members %d presences %d channels %d roles %d",
			len(g.Members), len(g.Presences), len(g.Channels), len(g.Roles))
	}
	if cap(g.Members) != len(g.Members) || cap(g.Presences) != len(g.Presences) {
		t.Errorf("slices not pre-sized: cap %d/%d", cap(g.Members), cap(g.Presences))
	}
	var p stdPlainGuild
	if err := stdjson.Unmarshal(guildCreatePayload(10), &p); err != nil || len(p.Members) != 10 {
		t.Fatalf("baseline decode: %v (%d members)", err, len(p.Members))
	}
	var m stdPlainMessage
	if err := stdjson.Unmarshal(readEventTestdata(t, EventMessageCreate), &m); err != nil || m.Author.Username == "" {
		t.Fatalf("baseline decode: %v", err)
	}
}

// Plain v1-style structs for the baseline.

type stdPlainUser struct {
	ID            string  `json:"id"`
	Username      string  `json:"username"`
	Discriminator string  `json:"discriminator"`
	GlobalName    *string `json:"global_name"`
	Avatar        *string `json:"avatar"`
	Bot           bool    `json:"bot"`
	PublicFlags   int     `json:"public_flags"`
}

type stdPlainMember struct {
	User                       *stdPlainUser `json:"user"`
	Nick                       *string       `json:"nick"`
	Avatar                     *string       `json:"avatar"`
	Roles                      []string      `json:"roles"`
	JoinedAt                   time.Time     `json:"joined_at"`
	PremiumSince               *time.Time    `json:"premium_since"`
	Deaf                       bool          `json:"deaf"`
	Mute                       bool          `json:"mute"`
	Flags                      int           `json:"flags"`
	Pending                    bool          `json:"pending"`
	CommunicationDisabledUntil *time.Time    `json:"communication_disabled_until"`
}

type stdPlainEmbed struct {
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	Color       int    `json:"color"`
	Fields      []struct {
		Name   string `json:"name"`
		Value  string `json:"value"`
		Inline bool   `json:"inline"`
	} `json:"fields"`
}

type stdPlainMessage struct {
	ID              string               `json:"id"`
	ChannelID       string               `json:"channel_id"`
	GuildID         string               `json:"guild_id"`
	Author          stdPlainUser         `json:"author"`
	Member          *stdPlainMember      `json:"member"`
	Content         string               `json:"content"`
	Timestamp       time.Time            `json:"timestamp"`
	EditedTimestamp *time.Time           `json:"edited_timestamp"`
	TTS             bool                 `json:"tts"`
	MentionEveryone bool                 `json:"mention_everyone"`
	Mentions        []stdPlainUser       `json:"mentions"`
	MentionRoles    []string             `json:"mention_roles"`
	Attachments     []map[string]any     `json:"attachments"`
	Embeds          []stdPlainEmbed      `json:"embeds"`
	Reactions       []map[string]any     `json:"reactions"`
	Nonce           any                  `json:"nonce"`
	Pinned          bool                 `json:"pinned"`
	Type            int                  `json:"type"`
	Flags           int                  `json:"flags"`
	Components      []stdjson.RawMessage `json:"components"`
	Poll            map[string]any       `json:"poll"`
}

type stdPlainRole struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       int    `json:"color"`
	Hoist       bool   `json:"hoist"`
	Position    int    `json:"position"`
	Permissions string `json:"permissions"`
	Managed     bool   `json:"managed"`
	Mentionable bool   `json:"mentionable"`
}

type stdPlainChannel struct {
	ID                   string  `json:"id"`
	Type                 int     `json:"type"`
	Position             int     `json:"position"`
	Name                 string  `json:"name"`
	Topic                *string `json:"topic"`
	NSFW                 bool    `json:"nsfw"`
	LastMessageID        *string `json:"last_message_id"`
	ParentID             *string `json:"parent_id"`
	PermissionOverwrites []struct {
		ID    string `json:"id"`
		Type  int    `json:"type"`
		Allow string `json:"allow"`
		Deny  string `json:"deny"`
	} `json:"permission_overwrites"`
}

type stdPlainGuild struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Icon        *string           `json:"icon"`
	OwnerID     string            `json:"owner_id"`
	Features    []string          `json:"features"`
	PremiumTier int               `json:"premium_tier"`
	JoinedAt    time.Time         `json:"joined_at"`
	Large       bool              `json:"large"`
	MemberCount int               `json:"member_count"`
	Roles       []stdPlainRole    `json:"roles"`
	Channels    []stdPlainChannel `json:"channels"`
	Members     []stdPlainMember  `json:"members"`
	Presences   []struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		Status       string            `json:"status"`
		Activities   []map[string]any  `json:"activities"`
		ClientStatus map[string]string `json:"client_status"`
	} `json:"presences"`
}

// BenchmarkDecodeGuildCreateCaptured decodes serenity's captured GUILD_CREATE
// (9,593 members, 8,834 presences, 2.7 MB) from ../shared/fixtures, when
// present.
func BenchmarkDecodeGuildCreateCaptured(b *testing.B) {
	d, err := os.ReadFile(filepath.Join(fixturesDir, "serenity-2020", "guild_create_1.json"))
	if err != nil {
		b.Skipf("fixture not present: %v", err)
	}
	runDecodeBench(b, EventGuildCreate, d, func() any { return new(stdPlainGuild) })
}
