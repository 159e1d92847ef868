package cache

import (
	"sync"

	"github.com/scurrygo/scurry/discord"
)

// user is the compact user record. Each user is stored once, however many
// guilds it is a member of; members and messages refer to it by ID.
type user struct {
	username   string
	globalName string
	avatar     string
	discrim    istr
	flags      uint32 // public flags
	bits       uint8  // userBot, userSystem
	refs       int32  // cached members and messages referring to this user
}

const (
	userBot uint8 = 1 << iota
	userSystem
)

// userTable holds every cached user. Users referred to by a cached member or
// message (refs > 0), and the bot itself, are pinned; the others ("loose"
// users) form an LRU list bounded by policy.looseUsers.
type userTable struct {
	mu sync.RWMutex
	s  slab[user]
}

// merge copies the fields present in u into r. Partial users (PRESENCE_UPDATE
// may carry only an ID) leave the other fields alone.
func (r *user) merge(u *discord.User) {
	if u.Username != "" {
		r.username = u.Username
	}
	if u.Discriminator != "" {
		r.discrim = intern(u.Discriminator)
	}
	if u.GlobalName.IsSet() {
		r.globalName = nullString(u.GlobalName)
	}
	if u.Avatar.IsSet() {
		r.avatar = nullString(u.Avatar)
	}
	if b, ok := u.Bot.Get(); ok {
		r.bits = setBit(r.bits, userBot, b)
	}
	if b, ok := u.System.Get(); ok {
		r.bits = setBit(r.bits, userSystem, b)
	}
	if f, ok := u.PublicFlags.Get(); ok {
		r.flags = uint32(f)
	}
}

func setBit(bits, bit uint8, on bool) uint8 {
	if on {
		return bits | bit
	}
	return bits &^ bit
}

func (r *user) view(id discord.Snowflake) User {
	return User{
		ID:            id,
		Username:      r.username,
		GlobalName:    r.globalName,
		Discriminator: r.discrim.String(),
		Avatar:        r.avatar,
		Bot:           r.bits&userBot != 0,
		System:        r.bits&userSystem != 0,
		PublicFlags:   discord.UserFlags(r.flags),
	}
}

// ref records u (if not nil, merging its fields) and adds one reference to
// the user id, pinning it. Callers pair it with unref.
func (s *Store) refUser(id discord.Snowflake, u *discord.User) {
	if id == 0 {
		return
	}
	t := &s.users
	t.mu.Lock()
	r, _ := t.s.put(id)
	if u != nil {
		r.merge(u)
	}
	r.refs++
	if r.refs == 1 {
		t.s.pin(id)
	}
	t.mu.Unlock()
}

// unref drops one reference; a user left without references becomes loose
// (most recently used) and may be evicted.
func (s *Store) unrefUser(id discord.Snowflake) {
	if id == 0 {
		return
	}
	t := &s.users
	t.mu.Lock()
	if r := t.s.get(id); r != nil && r.refs > 0 {
		r.refs--
		if r.refs == 0 && discord.Snowflake(s.self.Load()) != id {
			t.s.unpin(id)
			s.evictLooseLocked()
		}
	}
	t.mu.Unlock()
}

// updateUser merges u into an existing record without adding a reference.
func (s *Store) updateUser(u *discord.User) {
	if u == nil || u.ID == 0 {
		return
	}
	t := &s.users
	t.mu.Lock()
	if r := t.s.get(u.ID); r != nil {
		r.merge(u)
		t.s.touch(u.ID)
	}
	t.mu.Unlock()
}

// seeUser records u as a loose user (if the policy keeps users) or merges it
// into an existing record, marking it recently seen.
func (s *Store) seeUser(u *discord.User) {
	if u == nil || u.ID == 0 {
		return
	}
	if s.policy().looseUsers == 0 {
		s.updateUser(u)
		return
	}
	t := &s.users
	t.mu.Lock()
	r, _ := t.s.put(u.ID)
	r.merge(u)
	t.s.touch(u.ID)
	s.evictLooseLocked()
	t.mu.Unlock()
}

// evictLooseLocked drops the least recently seen loose users beyond the bound.
func (s *Store) evictLooseLocked() {
	max := s.policy().looseUsers
	if max < 0 {
		return
	}
	t := &s.users
	for t.s.linked > max {
		id, ok := t.s.oldest()
		if !ok {
			return
		}
		t.s.remove(id)
	}
}

// userView returns the user, or one with only the ID if unknown. The caller
// must not hold the user lock.
func (s *Store) userView(id discord.Snowflake) User {
	t := &s.users
	t.mu.RLock()
	defer t.mu.RUnlock()
	if r := t.s.get(id); r != nil {
		return r.view(id)
	}
	return User{ID: id}
}

// User returns a cached user.
func (s *Store) User(id discord.Snowflake) (User, bool) {
	t := &s.users
	t.mu.RLock()
	defer t.mu.RUnlock()
	if r := t.s.get(id); r != nil {
		return r.view(id), true
	}
	return User{}, false
}

// UserCount returns the number of cached users.
func (s *Store) UserCount() int {
	t := &s.users
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.s.len()
}

// Self returns the bot's user, learned from READY and USER_UPDATE.
func (s *Store) Self() (User, bool) {
	id := s.SelfID()
	if id == 0 {
		return User{}, false
	}
	return s.User(id)
}
