package discord

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/internal/assert"
)

// testdata/events/<NAME>.json holds one d payload per dispatch, written from
// the protocol reference. They include null-valued and absent optional keys,
// unknown keys ("future_*") and unknown enum values, all of which must
// survive a decode/encode round trip.

func readEventTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEventTestdataCoversEveryEvent(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "events", "*.json"))
	assert.Success(t, err)
	have := map[string]bool{}
	for _, f := range files {
		have[strings.TrimSuffix(filepath.Base(f), ".json")] = true
	}
	for _, name := range EventNames {
		if !have[name] {
			t.Errorf("no testdata/events/%s.json", name)
		}
		if !IsKnownEvent(name) {
			t.Errorf("DecodeEvent has no type for %s", name)
		}
	}
	assert.Equal(t, "len(eventConstructors)", len(eventConstructors), len(EventNames))
}

func TestEventTestdataRoundTrip(t *testing.T) {
	for _, name := range EventNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d := readEventTestdata(t, name)
			e, err := DecodeEvent(name, d)
			assert.Success(t, err)
			if _, ok := e.(*UnknownEvent); ok {
				t.Fatalf("%s decoded as UnknownEvent", name)
			}
			assert.Equal(t, "e.EventName()", e.EventName(), name)
			out, err := json.Marshal(e)
			assert.Success(t, err)
			diff, err := semanticDiff(d, out)
			assert.Success(t, err)
			if diff != "" {
				t.Errorf("round trip differs:\n%s", diff)
			}
			// The raw scan and the decoded event agree on the guild.
			assert.Equal(t, "DispatchGuildID(name, d)", DispatchGuildID(name, d), EventGuildID(e))
		})
	}
}

func decodeTestdata[T Event](t *testing.T, name string) T {
	t.Helper()
	e, err := DecodeEvent(name, readEventTestdata(t, name))
	assert.Success(t, err)
	v, ok := e.(T)
	if !ok {
		t.Fatalf("%s decoded as %T", name, e)
	}
	return v
}

func TestEventFields(t *testing.T) {
	m := decodeTestdata[*MessageCreate](t, EventMessageCreate)
	assert.Equal(t, "m.GuildID", m.GuildID, Snowflake(41771983423143937))
	assert.Equal(t, "m.Author.Username", m.Author.Username, "nelly")
	assert.Equal(t, "m.Type", m.Type, MessageType(99))
	assert.Equal(t, "m.Type.String()", m.Type.String(), "MessageType(99)")
	assert.Equal(t, "m.Nonce", m.Nonce, Nonce{Value: "1234567890123", Int: true})
	assert.Equal(t, "m.ReferencedMessage.IsNull()", m.ReferencedMessage.IsNull(), true)
	assert.Equal(t, "m.Flags.Or(0).Has(MessageFlagSuppressNotifications)", m.Flags.Or(0).Has(MessageFlagSuppressNotifications), true)
	assert.Equal(t, "len(m.Components)", len(m.Components), 1)
	assert.Equal(t, "m.Mentions[0].Member.Roles != nil", m.Mentions[0].Member.Roles != nil, true)
	assert.Equal(t, "m.Embeds[0].Fields[1].Inline.IsZero()", m.Embeds[0].Fields[1].Inline.IsZero(), true) // absent, not false
	assert.Equal(t, "m.Poll.Results.AnswerCounts[0].Count", m.Poll.Results.AnswerCounts[0].Count, 3)
	_, hasGlobalName := m.Author.GlobalName.Get()
	assert.Equal(t, "m.Author.GlobalName.IsNull() && !hasGlobalName", m.Author.GlobalName.IsNull() && !hasGlobalName, true)
	assert.Contains(t, string(m.Extra), "future_message_key")

	cu := decodeTestdata[*ChannelUpdate](t, EventChannelUpdate)
	assert.Equal(t, "cu.Type", cu.Type, ChannelType(42))
	assert.Equal(t, "cu.Type.String()", cu.Type.String(), "ChannelType(42)")
	assert.Equal(t, "cu.PermissionOverwrites[0].Deny", cu.PermissionOverwrites[0].Deny, PermissionSendMessages)
	assert.Equal(t, "cu.ParentID.IsNull()", cu.ParentID.IsNull(), true)
	assert.Equal(t, "cu.ApplicationID.IsZero()", cu.ApplicationID.IsZero(), true)

	rc := decodeTestdata[*GuildRoleCreate](t, EventGuildRoleCreate)
	tags := rc.Role.Tags
	assert.Equal(t, "tags.PremiumSubscriber && tags.GuildConnections && !tags.AvailableForPurchase", tags.PremiumSubscriber && tags.GuildConnections && !tags.AvailableForPurchase, true)
	assert.Equal(t, "tags.BotID", tags.BotID, Snowflake(80351110224678912))
	assert.Equal(t, "rc.Role.Permissions", rc.Role.Permissions, PermissionsAll)

	gd := decodeTestdata[*GuildDelete](t, EventGuildDelete)
	assert.Equal(t, "gd.Removed()", gd.Removed(), true)

	gc := decodeTestdata[*GuildCreate](t, EventGuildCreate)
	assert.Equal(t, "gc.VerificationLevel.Or(0).String()", gc.VerificationLevel.Or(0).String(), "VerificationLevel(7)")
	assert.Equal(t, "len(gc.Members)", len(gc.Members), 1)
	assert.Equal(t, "gc.Threads[0].Type.IsThread()", gc.Threads[0].Type.IsThread(), true)
	assert.Equal(t, "gc.Presences[0].ClientStatus.Mobile", gc.Presences[0].ClientStatus.Mobile, StatusOnline)

	mu := decodeTestdata[*MessageUpdate](t, EventMessageUpdate)
	assert.Equal(t, "mu.Has('embeds')", mu.Has("embeds"), true)
	assert.Equal(t, "mu.Has('content')", mu.Has("content"), false)
	assert.Equal(t, "(&MessageUpdate{}).Has('content')", (&MessageUpdate{}).Has("content"), true)

	chunk := decodeTestdata[*GuildMembersChunk](t, EventGuildMembersChunk)
	assert.Equal(t, "chunk.NotFound[0]", chunk.NotFound[0], Snowflake(123123)) // sent as a JSON number

	ex := decodeTestdata[*AutoModerationRuleCreate](t, EventAutoModerationRuleCreate)
	assert.Equal(t, "ex.Actions[3].Type.String()", ex.Actions[3].Type.String(), "AutoModActionType(9)")
}

func TestEnumStrings(t *testing.T) {
	assert.Equal(t, "ChannelGuildForum.String()", ChannelGuildForum.String(), "GUILD_FORUM")
	assert.Equal(t, "MessageTypeReply.String()", MessageTypeReply.String(), "REPLY")
	assert.Equal(t, "MessageType(-1).String()", MessageType(-1).String(), "MessageType(-1)")
	assert.Equal(t, "AuditLogMemberKick.String()", AuditLogMemberKick.String(), "MEMBER_KICK")
	assert.Equal(t, "AuditLogEvent(9999).String()", AuditLogEvent(9999).String(), "AuditLogEvent(9999)")
	assert.Equal(t, "(MemberFlagDidRejoin | 1<<30).String()", (MemberFlagDidRejoin | 1<<30).String(), "DID_REJOIN|0x40000000")
	assert.Equal(t, "MessageTypeCall.Deletable()", MessageTypeCall.Deletable(), false)
	assert.Equal(t, "ActivityType(9)", ActivityType(9).String(), "ActivityType(9)")
	assert.Equal(t, "ActivityListening", ActivityListening.String(), "LISTENING")
}

func TestUnknownEnumReencodes(t *testing.T) {
	b, err := json.Marshal(struct {
		T ChannelType `json:"t"`
	}{42})
	assert.Success(t, err)
	assert.Equal(t, "string(b)", string(b), `{"t":42}`)
}

func TestDecodeUnknownEventCopies(t *testing.T) {
	d := []byte(`{"guild_id":"1","x":[1,2]}`)
	e, err := DecodeEvent("SOME_FUTURE_EVENT", d)
	assert.Success(t, err)
	u, ok := e.(*UnknownEvent)
	if !ok {
		t.Fatalf("got %T", e)
	}
	d[2] = 'X'
	assert.Equal(t, "string(u.Raw)", string(u.Raw), `{"guild_id":"1","x":[1,2]}`)
	assert.Equal(t, "u.EventName()", u.EventName(), "SOME_FUTURE_EVENT")
	assert.Equal(t, "EventGuildID(u)", EventGuildID(u), Snowflake(0))
}

func TestDispatchGuildID(t *testing.T) {
	cases := []struct {
		name, d string
		want    Snowflake
	}{
		{EventMessageCreate, `{"id":"5","author":{"guild_id":"9"},"guild_id":"7"}`, 7},
		{EventGuildCreate, `{"members":[{"id":"3"}],"id":"8","guild_id":"1"}`, 8},
		{EventMessageCreate, `{"id":"5"}`, 0},
		{EventMessageCreate, `{"guild_id":null}`, 0},
		{EventMessageCreate, `{"guild_id":12}`, 12},
		{EventMessageCreate, `{"guild_id":"99999999999999999999999"}`, 0},
		{EventMessageCreate, `{"guild_id":"7"`, 7},
		{EventMessageCreate, `[`, 0},
		{EventMessageCreate, ``, 0},
		{EventTypingStart, ` { "a" : { "guild_id" : "1" } , "guild_id" : "2" } `, 2},
	}
	for _, c := range cases {
		assert.Equal(t, "DispatchGuildID(c.name, []byte(c.d))", DispatchGuildID(c.name, []byte(c.d)), c.want)
	}
}

func TestInteractionCreateDecodes(t *testing.T) {
	ic := decodeTestdata[*InteractionCreate](t, EventInteractionCreate)
	assert.Equal(t, "ic.Type", ic.Type, InteractionType(2))
	assert.Equal(t, "ic.Member.Permissions.Or(0)", ic.Member.Permissions.Or(0), Permissions(2147483647))
	var _ jsontext.Value = ic.Extra
}

func TestGuildEventCoverage(t *testing.T) {
	notGuild := map[string]bool{
		EventReady: true, EventResumed: true, EventUserUpdate: true,
		EventSubscriptionCreate: true, EventSubscriptionUpdate: true, EventSubscriptionDelete: true,
	}
	for _, name := range EventNames {
		_, isGuild := eventConstructors[name]().(GuildEvent)
		assert.Equal(t, name+" implements GuildEvent", isGuild, !notGuild[name])
	}
	tmu := decodeTestdata[*ThreadMembersUpdate](t, EventThreadMembersUpdate)
	assert.Equal(t, "added member presence is null", tmu.AddedMembers[0].Presence.IsNull(), true)
}

func TestCountArray(t *testing.T) {
	for in, want := range map[string]int{
		`[]`: 0, `[1]`: 1, `[ {"a":[1,2]} , "x,]" , null ]`: 3, `[1,`: 0, `{}`: 0, ``: 0,
		`[1 2]`: 0, `[{}{}]`: 0, `[,]`: 0, `[1,]`: 0, `[{},{"a":"\"]"}]`: 2, `["\\",true]`: 2,
		`[{}] `: 1, `[{}] x`: 0, `[{}`: 0, `["abc`: 0, `[1,2,3]`: 3,
	} {
		assert.Equal(t, in, countArray([]byte(in)), want)
	}
}

func TestNonceNull(t *testing.T) {
	mu := decodeTestdata[*MessageUpdate](t, EventMessageUpdate)
	assert.Equal(t, "nonce null", mu.Nonce.IsNull(), true)
	assert.Equal(t, "nonce not zero", mu.Nonce.IsZero(), false)
	b, err := json.Marshal(struct {
		N Nonce `json:"n,omitzero"`
	}{})
	assert.Success(t, err)
	assert.Equal(t, "absent nonce", string(b), `{}`)
}

// DecodeEvent must not retain d: the gateway reuses its read buffer.
func TestDecodeEventDoesNotAliasInput(t *testing.T) {
	for _, name := range EventNames {
		d := readEventTestdata(t, name)
		e, err := DecodeEvent(name, d)
		assert.Success(t, err)
		before, err := json.Marshal(e)
		assert.Success(t, err)
		for i := range d {
			d[i] = ' '
		}
		after, err := json.Marshal(e)
		assert.Success(t, err)
		assert.Equal(t, name+" unchanged after the input is overwritten", string(after), string(before))
	}
}
