package discord_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// A field of an unexpected type costs that field only: the event still
// decodes, the field stays at zero and the error lists it.
func TestDecodeEventPartial(t *testing.T) {
	cases := []struct {
		name, event, d string
		fields         []string
		check          func(t *testing.T, e discord.Event)
	}{
		{
			name:   "member roles as objects",
			event:  discord.EventGuildMemberAdd,
			d:      `{"guild_id":"7","user":{"id":"9","username":"ann"},"roles":[{"id":"1"}],"nick":"a","deaf":true}`,
			fields: []string{"/roles/0"},
			check: func(t *testing.T, e discord.Event) {
				m := e.(*discord.GuildMemberAdd)
				if m.GuildID != 7 || m.User == nil || m.User.ID != 9 || len(m.Roles) != 0 || !m.Deaf.Or(false) {
					t.Fatalf("decoded %+v", m)
				}
			},
		},
		{
			name:   "bad elements cost themselves; pointers are into the original d",
			event:  discord.EventGuildMemberAdd,
			d:      `{"guild_id":"7","roles":[{"x":1},"2",{"y":1},"4"]}`,
			fields: []string{"/roles/0", "/roles/2"},
			check: func(t *testing.T, e discord.Event) {
				m := e.(*discord.GuildMemberAdd)
				if !slices.Equal(m.Roles, []discord.Snowflake{2, 4}) {
					t.Fatalf("roles %v, want the good ones [2 4]", m.Roles)
				}
			},
		},
		{
			name:   "an array with many bad elements goes whole",
			event:  discord.EventGuildMemberAdd,
			d:      `{"guild_id":"7","roles":[{},{},"3",{},{},{},{}],"nick":"n"}`,
			fields: []string{"/roles"},
			check: func(t *testing.T, e discord.Event) {
				m := e.(*discord.GuildMemberAdd)
				if m.Roles != nil || m.GuildID != 7 {
					t.Fatalf("decoded %+v", m)
				}
			},
		},
		{
			name:   "a bad field of one element costs that field",
			event:  discord.EventMessageCreate,
			d:      `{"id":"5","channel_id":"6","content":"hi","mentions":[{"id":"1","username":"a"},{"id":{"x":1},"username":"b"},{"id":"3","username":"c"}]}`,
			fields: []string{"/mentions/1/id"},
			check: func(t *testing.T, e discord.Event) {
				m := e.(*discord.MessageCreate)
				var names []string
				for _, u := range m.Mentions {
					names = append(names, u.Username)
				}
				if !slices.Equal(names, []string{"a", "b", "c"}) || m.Mentions[1].ID != 0 || m.Mentions[2].ID != 3 {
					t.Fatalf("mentions %+v", m.Mentions)
				}
			},
		},
		{
			name:   "nested object field and a second bad field",
			event:  discord.EventMessageCreate,
			d:      `{"id":"5","channel_id":"6","author":{"id":{"x":1},"username":"bob"},"content":"hi","pinned":"yes"}`,
			fields: []string{"/author/id", "/pinned"},
			check: func(t *testing.T, e discord.Event) {
				m := e.(*discord.MessageCreate)
				if m.ID != 5 || m.ChannelID != 6 || m.Content != "hi" || m.Author.Username != "bob" || m.Author.ID != 0 {
					t.Fatalf("decoded %+v", m.Message)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := discord.DecodeEvent(tc.event, jsontext.Value(tc.d))
			var de *discord.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			if e == nil || !de.Partial() {
				t.Fatalf("event %v, partial %v: want a partial event", e, de.Partial())
			}
			got := slices.Clone(de.Fields)
			slices.Sort(got)
			if !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %q, want %q", got, tc.fields)
			}
			tc.check(t, e)
		})
	}
	// Invalid JSON blames no field: no event.
	e, err := discord.DecodeEvent(discord.EventGuildMemberAdd, jsontext.Value(`{"guild_id":"7","roles":[`))
	if e != nil || err == nil {
		t.Fatalf("bad JSON: event %v, err %v", e, err)
	}
}
