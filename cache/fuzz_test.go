package cache_test

import (
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
)

// FuzzApply feeds arbitrary payloads for the scripted event names to a store
// that already holds the scripted world: whatever decodes must apply without
// panicking, and the getters must keep working afterwards.
func FuzzApply(f *testing.F) {
	names := map[string]bool{}
	for _, d := range append(append([]dispatch{}, opening...), body...) {
		f.Add(d.t, []byte(d.d))
		names[d.t] = true
	}
	f.Fuzz(func(t *testing.T, name string, d []byte) {
		if !names[name] {
			return
		}
		s, _ := cache.New(&cache.Options{MessagesPerChannel: 2, MembersPerGuild: 2, MaxUsers: 2})
		play(t, s, opening...)
		e, err := discord.DecodeEvent(name, jsontext.Value(d))
		if err != nil {
			return
		}
		s.Apply(e)
		s.Apply(e) // twice: every event must be idempotent enough not to break
		for id := range s.Guilds() {
			_ = id
		}
		for _, g := range s.GuildIDs() {
			for m := range s.GuildMembers(g) {
				s.MemberPermissions(g, 100, m.User.ID, m.JoinedAt)
			}
			for _, c := range s.GuildChannels(g) {
				s.Messages(c.ID)
			}
			s.GuildThreads(g)
			s.VoiceStates(g)
			s.Roles(g)
		}
	})
}
