package discord

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/go-json-experiment/json"
)

// typicalMember is a member of a GUILD_CREATE member list.
const typicalMember = `{"user":{"id":"500000000000000007","username":"user7","discriminator":"0","global_name":"User 7","avatar":"8342729096ea3675442027381ff50dfe","public_flags":0,"avatar_decoration_data":null},` +
	`"nick":"n","avatar":null,"roles":["300000000000000007","300000000000000014"],"joined_at":"2021-03-04T05:06:07.890000+00:00","premium_since":null,"deaf":false,"mute":false,"flags":0,"pending":false,"communication_disabled_until":null}`

// fullMember is a member with every key the model knows, its user a full
// user object (the keys of User.Account included) with sub-objects.
const fullMember = `{"user":{"id":"500000000000000008","username":"ana","discriminator":"0","global_name":"Ana","avatar":"a_8342729096ea3675442027381ff50dfe",` +
	`"bot":false,"system":false,"public_flags":64,"avatar_decoration_data":{"asset":"x","sku_id":"1"},"collectibles":{"nameplate":{"asset":"y"}},` +
	`"primary_guild":{"identity_guild_id":"2","identity_enabled":true,"tag":"T","badge":"b"},"banner":"c0ffee","accent_color":16711680,` +
	`"mfa_enabled":true,"verified":true,"locale":"en-GB","email":"ana@example.com","flags":64,"premium_type":2},` +
	`"nick":"n","avatar":"d00d","banner":null,"roles":[],"joined_at":"2021-03-04T05:06:07.890000+00:00","premium_since":"2022-01-01T00:00:00+00:00",` +
	`"deaf":true,"mute":false,"pending":true,"flags":10,"permissions":"8","communication_disabled_until":"2030-01-01T00:00:00.000000+00:00",` +
	`"avatar_decoration_data":null}`

func guildCreateFieldsOf(g *GuildCreate) any { return (*guildCreateFields)(g) }

// TestFastGuildCreateMatchesGeneric: the hand-written GUILD_CREATE decoder
// gives what json v2's generic decoding of the struct gives (values,
// re-encoding, errors) on real-shaped payloads, on every key of the guild, a
// member and its user removed, nulled or of the wrong kind, and on malformed
// member lists.
func TestFastGuildCreateMatchesGeneric(t *testing.T) {
	inputs := [][]byte{guildCreatePayload(40), []byte(`null`), []byte(`{}`), []byte(`[]`), []byte(`"x"`),
		[]byte(`{"members":null}`), []byte(`{"members":{}}`), []byte(`{"members":[]}`), []byte(`{"members":[null]}`),
		[]byte(`{"members":[1]}`), []byte(`{"members":[{}, {"user":null}]}`), []byte(`{"members":[{"user":{"id":"x"}}]}`),
		[]byte(`{"members":[{"user":{"id":"1"}},{"roles":["1","y"]}]}`), []byte(`{"members":[],"members":[]}`),
		[]byte(`{"members":[{"user":{"id":"1","id":"2"}}]}`), []byte(`{"m\u0065mbers":[{"us\u0065r":{"id":"3"}}],"x\u0079":1}`),
		[]byte(`{"id":"1","presences":[{"user":{"id":"2"},"status":"online"},null]}`), []byte(`{"presences":[{"status":5}]}`),
		[]byte(`{"id":"1","roles":[{"id":"2","permissions":"lots"}],"members":[{"user":{"id":"x"}}]}`),
		[]byte(`{"members":[{"user":{"id":"x"}}],"roles":[{"id":"2","permissions":"lots"}]}`),
		[]byte(`{"members":[{"joined_at":"2021-02-29T00:00:00.000000+00:00"}]}`),
		[]byte(`{"members":[{"joined_at":"2021-01-01T00:00:00.5Z","premium_since":"2021-01-01T00:00:00.000000+00:00"}]}`),
		[]byte(` { "id" : "1" , "members" : [ { "user" : { "id" : "2" } , "nick" : null } , { } ] , "zz" : [ 1 ] } `),
	}
	if fixture, err := os.ReadFile(filepath.Join("testdata", "events", EventGuildCreate+".json")); err == nil {
		inputs = append(inputs, fixture)
	}
	small := guildCreatePayload(2)
	inputs = append(inputs, variants(t, small)...)
	wrap := func(member []byte) []byte {
		return append(append([]byte(`{"id":"41771983423143937","members":[`), member...), `]}`...)
	}
	for _, member := range []string{typicalMember, fullMember} {
		for _, path := range [][]string{nil, {"user"}} {
			for _, m := range variants(t, []byte(member), path...) {
				inputs = append(inputs, wrap(m))
			}
		}
	}
	// Several members in one list (their users, roles and strings share
	// blocks): every member of typicalMember's and fullMember's variants.
	var list []byte
	for _, member := range []string{typicalMember, fullMember} {
		for _, path := range [][]string{nil, {"user"}} {
			for _, m := range variants(t, []byte(member), path...) {
				var probe guildCreateFields
				if json.Unmarshal(wrap(m), &probe) != nil {
					continue // one bad member fails the whole list
				}
				if len(list) > 0 {
					list = append(list, ',')
				}
				list = append(list, m...)
			}
		}
	}
	inputs = append(inputs, wrap(list))
	t.Logf("list of %d members", bytes.Count(list, []byte(`"joined_at"`)))
	for _, d := range inputs {
		sameAsGeneric(t, d, guildCreateFieldsOf)
	}
	t.Logf("%d inputs", len(inputs))
}

// TestFastGuildCreateNestedErrors: decoded inside a larger document, errors
// carry the same JSON pointers as the generic decoding's.
func TestFastGuildCreateNestedErrors(t *testing.T) {
	for _, d := range []string{`[{},{"members":[{},{"user":{"id":"x"}}]}]`, `[{"roles":[{"id":true}]}]`,
		`[{"members":[{"roles":["1",true]}]}]`, `[{"presences":[{"user":{"id":true}}]}]`,
		`[{"channels":[{},{"id":true}]}]`, `[{"threads":[{"id":"1"}],"emojis":[{"id":[]}]}]`, `[{"voice_states":[{"user_id":{}}]}]`} {
		var fast []GuildCreate
		var gen []guildCreateFields
		errFast, errGen := json.Unmarshal([]byte(d), &fast), json.Unmarshal([]byte(d), &gen)
		if errFast == nil || errGen == nil || errFast.Error() != errGen.Error() {
			t.Errorf("%s:\nfast    %v\ngeneric %v", d, errFast, errGen)
		}
	}
}

func FuzzFastGuildCreateMatchesGeneric(f *testing.F) {
	f.Add(guildCreatePayload(2))
	f.Add([]byte(`{"members":[` + typicalMember + `],"presences":[{"user":{"id":"1"}}],"x":null}`))
	f.Add([]byte(`{"members":[` + fullMember + `,` + typicalMember + `,{"roles":["1"],"nick":"x"}]}`))
	f.Fuzz(func(t *testing.T, d []byte) { sameAsGeneric(t, d, guildCreateFieldsOf) })
}

// memberList returns {"members":[...]} with n members in the style of
// typicalMember, with 0 to 3 roles and every fifth with a nickname.
func memberList(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"members":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		nick := "null"
		if i%5 == 0 {
			nick = fmt.Sprintf(`"nick %d"`, i)
		}
		roles := []string{}
		for k := range i % 4 {
			roles = append(roles, fmt.Sprintf(`"%d"`, 300000000000000000+i+k))
		}
		fmt.Fprintf(&b, `{"user":{"id":"%d","username":"user%d","discriminator":"0","global_name":"User %d","avatar":"%032x","public_flags":0},`+
			`"nick":%s,"roles":[%s],"joined_at":"2021-03-04T05:06:07.%06d+00:00","deaf":false,"mute":false,"flags":0}`,
			500000000000000000+i, i, i, i*7919, nick, strings.Join(roles, ","), i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// TestMemberListBlocks: members of a list take their users, role lists and
// strings from shared blocks. Large lists (several blocks of each kind)
// decode as the generic decoder does; a member's role list is capped, so
// appending to it leaves its neighbour's roles alone; and the list costs a
// few allocations in all, not a few per member.
func TestMemberListBlocks(t *testing.T) {
	for _, n := range []int{1, 2, 100, 5000} {
		sameAsGeneric(t, memberList(n), guildCreateFieldsOf)
	}
	// The slice is sized by counting the separators between members: exact
	// for compact JSON, corrected once for other spacing, a little too
	// large when a string holds a separator; never quadratic for many tiny
	// members.
	spaced := bytes.ReplaceAll(memberList(300), []byte(`},{"user"`), []byte("},\n {\"user\""))
	tricky := bytes.ReplaceAll(memberList(300), []byte(`"nick 5"`), []byte(`"a},{"`))
	tiny := []byte(`{"members":[{}` + strings.Repeat(`,{}`, 5000) + `]}`)
	for _, c := range []struct {
		d     []byte
		exact bool
	}{{memberList(300), true}, {spaced, true}, {tricky, false}, {tiny, false}} {
		sameAsGeneric(t, c.d, guildCreateFieldsOf)
		var g GuildCreate
		if err := json.Unmarshal(c.d, &g); err != nil {
			t.Fatal(err)
		}
		if c.exact && len(g.Members) != cap(g.Members) {
			t.Errorf("%.60s...: %d members in a slice of %d", c.d, len(g.Members), cap(g.Members))
		}
	}
	if bytes.Equal(spaced, memberList(300)) || bytes.Equal(tricky, memberList(300)) {
		t.Fatal("variants not made")
	}
	var g GuildCreate
	if err := json.Unmarshal(memberList(8), &g); err != nil {
		t.Fatal(err)
	}
	ms := g.Members
	if len(ms[2].Roles) != 2 || len(ms[3].Roles) != 3 || cap(ms[2].Roles) != 2 {
		t.Fatalf("roles %v (cap %d), %v", ms[2].Roles, cap(ms[2].Roles), ms[3].Roles)
	}
	want := append([]Snowflake(nil), ms[3].Roles...)
	_ = append(ms[2].Roles, 1, 2, 3)
	ms[1].Roles = append(ms[1].Roles, 9)
	if !reflect.DeepEqual(ms[3].Roles, want) || !reflect.DeepEqual(ms[2].Roles, []Snowflake{300000000000000002, 300000000000000003}) {
		t.Errorf("an append overwrote a neighbour: %v, %v", ms[2].Roles, ms[3].Roles)
	}
	if ms[0].Roles == nil || len(ms[0].Roles) != 0 {
		t.Errorf("[] decoded as %#v, want an empty non-nil slice", ms[0].Roles)
	}
	for i := range ms {
		if ms[i].User == nil || ms[i].User.ID != Snowflake(500000000000000000+i) || ms[i].User.Username != fmt.Sprint("user", i) {
			t.Fatalf("member %d: user %+v", i, ms[i].User)
		}
		if i > 0 && ms[i].User == ms[i-1].User {
			t.Fatalf("members %d and %d share a user", i-1, i)
		}
	}

	d := memberList(1000)
	allocs := testing.AllocsPerRun(5, func() {
		var g GuildCreate
		if err := json.Unmarshal(d, &g); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 100 {
		t.Errorf("%v allocations for a list of 1000 members, want a few blocks", allocs)
	}
	t.Logf("%v allocations for 1000 members", allocs)
}

// TestMemberSizes guards the sizes that a member list's allocation is made
// of (a GUILD_CREATE of 10,000 members holds 10,000 of each): a field added
// to Member or User, or one placed so that it adds padding, shows here.
func TestMemberSizes(t *testing.T) {
	if strconv.IntSize != 64 {
		t.Skip("sizes are for 64-bit platforms")
	}
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Member", unsafe.Sizeof(Member{}), 256},
		{"User", unsafe.Sizeof(User{}), 200},
		{"Timestamp", unsafe.Sizeof(Timestamp{}), 16},
		{"Nullable[Timestamp]", unsafe.Sizeof(Nullable[Timestamp]{}), 24},
	} {
		if c.got > c.want {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.got, c.want)
		}
	}
}
