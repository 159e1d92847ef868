package cache

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// checkUserNames compares the name arena's live bytes with what the user
// records refer to.
func checkUserNames(t *testing.T, s *Store) {
	t.Helper()
	tb := &s.users
	live := 0
	tb.s.all(func(_ discord.Snowflake, r *user) bool {
		live += len(tb.names.bytes(r.names))
		if r.names != 0 {
			live += uvarintLen(uint64(len(tb.names.bytes(r.names))))
		}
		return true
	})
	assert.Equal(t, "name arena live bytes", tb.names.used()-tb.names.garbage, live)
}

// TestUserNamesAgainstModel renames users (full and partial updates, global
// names set and cleared) and evicts loose ones: views match a model, and
// the name arena stays compact.
func TestUserNamesAgainstModel(t *testing.T) {
	t.Parallel()
	s, err := New(&Options{MaxUsers: 10, MessagesPerChannel: 5})
	assert.Success(t, err)
	type names struct{ user, global string }
	model := map[discord.Snowflake]names{}
	rng := rand.New(rand.NewPCG(3, 9))
	for step := 0; step < 4000; step++ {
		id := discord.Snowflake(1 + rng.IntN(40))
		u := discord.User{ID: id}
		cur := model[id]
		_, known := s.User(id)
		switch rng.IntN(4) {
		case 0: // partial: no names
		case 1:
			u.Username = fmt.Sprint("user-", step)
			cur.user = u.Username
		case 2:
			u.GlobalName = discord.Null[string]()
			cur.global = ""
		default:
			u.Username = fmt.Sprint("u", rng.IntN(3))
			u.GlobalName = discord.NonNull(fmt.Sprint("Global ", rng.IntN(1000)))
			cur.user, cur.global = u.Username, nullString(u.GlobalName)
		}
		s.Apply(&discord.UserUpdate{User: u}) // merges into known users only
		if known {
			model[id] = cur
		}
		// Sending a message makes the user known (a loose user).
		m := &discord.MessageCreate{Message: discord.Message{ID: discord.Snowflake(step + 1), ChannelID: 9, Author: u}}
		s.Apply(m)
		if !known {
			model[id] = names{user: u.Username, global: nullString(u.GlobalName)}
		}
		checkUserNames(t, s)
	}
	assert.Equal(t, "some users were evicted", s.UserCount() < len(model), true)
	n := 0
	for id, want := range model {
		got, ok := s.User(id)
		if !ok {
			continue
		}
		n++
		assert.Equal(t, fmt.Sprint("username of ", id), got.Username, want.user)
		assert.Equal(t, fmt.Sprint("global name of ", id), got.GlobalName, want.global)
	}
	assert.Equal(t, "users checked", n > 0, true)
	assert.Equal(t, "arena bounded", s.users.names.used() < 8192, true)
}
