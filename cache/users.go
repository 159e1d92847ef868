package cache

import (
	"bytes"
	"strings"
	"sync"

	"github.com/scurrygo/scurry/discord"
)

// user is the compact user record, 32 bytes. Each user is stored once,
// however many guilds it is a member of; members and messages refer to it by
// ID. The names live in the table's arena.
type user struct {
	names   uint32 // in userTable.names: username, or username + "\x00" + global name
	flags   uint32 // public flags
	refs    int32  // cached members and messages referring to this user
	discrim discrim
	bits    uint8 // userBot, userSystem
	avatar  imgHash
}

const (
	userBot uint8 = 1 << iota
	userSystem
)

// userTable holds every cached user. Users referred to by a cached member or
// message (refs > 0), and the bot itself, are pinned; the others ("loose"
// users) form an LRU list bounded by policy.looseUsers.
type userTable struct {
	mu    sync.RWMutex
	s     slab[user]
	names strArena                     // usernames and global names
	odd   map[discord.Snowflake]string // avatars that are not canonical hashes
}

func (t *userTable) init() {
	if !t.s.inited {
		t.s.init(0, true)
	}
}

// setAvatar stores the avatar hash of user id. An odd one is kept as a copy:
// the decoded string may share its memory with every other string of a
// member list (see discord's member decoding).
func (t *userTable) setAvatar(id discord.Snowflake, r *user, avatar string) {
	r.avatar = parseHash(avatar)
	if r.avatar.kind == hashOdd {
		if t.odd == nil {
			t.odd = make(map[discord.Snowflake]string)
		}
		t.odd[id] = strings.Clone(avatar)
	} else if t.odd != nil {
		delete(t.odd, id)
	}
}

// remove deletes user id.
func (t *userTable) remove(id discord.Snowflake) {
	if r := t.s.get(id); r != nil {
		t.names.release(r.names)
	}
	t.s.remove(id)
	if t.odd != nil {
		delete(t.odd, id)
	}
	t.compactNames()
}

// compactNames rewrites the name arena without its garbage once the garbage
// outweighs the live names (amortised O(1) per change).
func (t *userTable) compactNames() {
	if !t.names.wantsCompaction() {
		return
	}
	fresh := t.names.compacted()
	t.s.all(func(_ discord.Snowflake, r *user) bool {
		r.names = fresh.move(&t.names, r.names)
		return true
	})
	t.names = fresh
}

// view returns the user record r of id as a User.
func (t *userTable) view(id discord.Snowflake, r *user) User {
	username, global := splitNames(t.names.get(r.names))
	u := User{
		ID:            id,
		Username:      username,
		GlobalName:    global,
		Discriminator: r.discrim.text(),
		Avatar:        r.avatar.text(),
		Bot:           r.bits&userBot != 0,
		System:        r.bits&userSystem != 0,
		PublicFlags:   discord.UserFlags(r.flags),
	}
	if r.avatar.kind == hashOdd {
		u.Avatar = t.odd[id]
	}
	return u
}

// merge copies the fields present in u into r. Partial users (PRESENCE_UPDATE
// may carry only an ID) leave the other fields alone.
func (t *userTable) merge(r *user, u *discord.User) {
	if u.Username != "" || u.GlobalName.IsSet() {
		t.mergeNames(r, u)
	}
	if u.Discriminator != "" {
		r.discrim = parseDiscrim(u.Discriminator)
	}
	if u.Avatar.IsSet() {
		t.setAvatar(u.ID, r, nullString(u.Avatar))
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

// mergeNames sets the names present in u. Unchanged names cost nothing:
// the comparison reads the arena in place.
func (t *userTable) mergeNames(r *user, u *discord.User) {
	oldUser, oldGlobal := splitNameBytes(t.names.bytes(r.names))
	username, global := u.Username, nullString(u.GlobalName)
	if username == "" {
		username = string(oldUser)
	}
	if !u.GlobalName.IsSet() {
		global = string(oldGlobal)
	}
	if string(oldUser) == username && string(oldGlobal) == global {
		return
	}
	t.names.release(r.names)
	r.names = t.names.putPair(username, global)
	t.compactNames()
}

// splitNames splits a stored names string into username and global name.
func splitNames(s string) (username, global string) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func splitNameBytes(b []byte) (username, global []byte) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

func setBit(bits, bit uint8, on bool) uint8 {
	if on {
		return bits | bit
	}
	return bits &^ bit
}

// ref records u (if not nil, merging its fields) and adds one reference to
// the user id, pinning it. Callers pair it with unref.
func (s *Store) refUser(id discord.Snowflake, u *discord.User) {
	if id == 0 {
		return
	}
	t := &s.users
	t.mu.Lock()
	t.init()
	r, created := t.s.putPinned(id) // referenced users need no LRU links
	if u != nil {
		t.merge(r, u)
	}
	r.refs++
	if r.refs == 1 && !created {
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
		t.merge(r, u)
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
	t.init()
	r, _ := t.s.put(u.ID)
	t.merge(r, u)
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
		t.remove(id)
	}
}

// userView returns the user, or one with only the ID if unknown. The caller
// must not hold the user lock.
func (s *Store) userView(id discord.Snowflake) User {
	t := &s.users
	t.mu.RLock()
	defer t.mu.RUnlock()
	if r := t.s.get(id); r != nil {
		return t.view(id, r)
	}
	return User{ID: id}
}

// User returns a cached user.
func (s *Store) User(id discord.Snowflake) (User, bool) {
	t := &s.users
	t.mu.RLock()
	defer t.mu.RUnlock()
	if r := t.s.get(id); r != nil {
		return t.view(id, r), true
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
