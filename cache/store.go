package cache

import (
	"sync"
	"sync/atomic"

	"github.com/scurrygo/scurry/discord"
)

// shardCount is the number of independently locked parts of each global
// table. Guilds also lock individually, so shards only cover the short map
// lookups.
const shardCount = 16

// Store is an in-memory cache of Discord state, fed by Apply.
//
// The zero value is an empty cache with the default Options; use New for
// another policy. A Store must not be copied after first use.
//
// Store is safe for concurrent use. Reads take read locks on one guild, one
// shard of the channel or message tables, or the user table; Apply takes the
// matching write locks for the guild or channel it touches, so readers of
// other guilds never wait. Getters return copies (see views.go); nothing they
// return aliases the cache's memory.
//
// Lock order, for maintainers: guild → users, and message shard → users.
// No two guilds, and no guild and message shard, are ever locked together.
type Store struct {
	polOnce sync.Once
	pol     policy

	self atomic.Uint64 // the bot's user ID, from READY

	guilds [shardCount]guildShard
	chans  [shardCount]chanShard
	msgs   [shardCount]msgShard
	users  userTable
}

type guildShard struct {
	mu sync.RWMutex
	m  map[discord.Snowflake]*guildState
}

// chanShard maps every cached guild channel and thread to its guild, and
// holds DM channels.
type chanShard struct {
	mu      sync.RWMutex
	guildOf map[discord.Snowflake]discord.Snowflake
	dms     map[discord.Snowflake]*channel
}

// New returns an empty Store with the given policy (nil for the defaults). It
// fails with ErrInvalidOptions if a limit is negative (other than Unlimited) or
// Disable has unknown bits.
func New(opts *Options) (*Store, error) {
	p, err := resolve(opts)
	if err != nil {
		return nil, err
	}
	s := &Store{pol: p}
	return s, nil
}

// policy returns the resolved options, resolving the defaults for a zero Store.
func (s *Store) policy() *policy {
	s.polOnce.Do(func() {
		if !s.pol.initialized {
			s.pol, _ = resolve(nil)
		}
	})
	return &s.pol
}

// SelfID returns the bot's user ID learned from READY, or 0.
func (s *Store) SelfID() discord.Snowflake { return discord.Snowflake(s.self.Load()) }

func shardOf(id discord.Snowflake) int {
	return int((uint64(id) * 0x9E3779B97F4A7C15) >> 60)
}

// guild returns the guild's state or nil.
func (s *Store) guild(id discord.Snowflake) *guildState {
	sh := &s.guilds[shardOf(id)]
	sh.mu.RLock()
	g := sh.m[id]
	sh.mu.RUnlock()
	return g
}

// guildOrCreate returns the guild's state, creating an empty one.
func (s *Store) guildOrCreate(id discord.Snowflake) *guildState {
	if g := s.guild(id); g != nil {
		return g
	}
	sh := &s.guilds[shardOf(id)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if g := sh.m[id]; g != nil {
		return g
	}
	if sh.m == nil {
		sh.m = make(map[discord.Snowflake]*guildState)
	}
	g := &guildState{id: id}
	sh.m[id] = g
	return g
}

// dropGuild removes the guild from the table and returns its state, marked
// removed so that writers holding a stale pointer do nothing.
func (s *Store) dropGuild(id discord.Snowflake) *guildState {
	sh := &s.guilds[shardOf(id)]
	sh.mu.Lock()
	g := sh.m[id]
	delete(sh.m, id)
	sh.mu.Unlock()
	return g
}

// lockGuild write-locks the guild, creating it if needed, and returns it
// locked. It retries if the guild was removed between lookup and lock.
func (s *Store) lockGuild(id discord.Snowflake) *guildState {
	for {
		g := s.guildOrCreate(id)
		g.mu.Lock()
		if !g.removed {
			return g
		}
		g.mu.Unlock()
	}
}

// lockKnownGuild write-locks the guild only if it is cached.
func (s *Store) lockKnownGuild(id discord.Snowflake) *guildState {
	g := s.guild(id)
	if g == nil {
		return nil
	}
	g.mu.Lock()
	if g.removed {
		g.mu.Unlock()
		return nil
	}
	return g
}

// rlockGuild read-locks the guild if cached.
func (s *Store) rlockGuild(id discord.Snowflake) *guildState {
	g := s.guild(id)
	if g == nil {
		return nil
	}
	g.mu.RLock()
	if g.removed {
		g.mu.RUnlock()
		return nil
	}
	return g
}

// indexChannels records that the channels belong to guildID (0 removes them).
func (s *Store) indexChannels(guildID discord.Snowflake, ids ...discord.Snowflake) {
	for _, id := range ids {
		sh := &s.chans[shardOf(id)]
		sh.mu.Lock()
		if guildID == 0 {
			delete(sh.guildOf, id)
		} else {
			if sh.guildOf == nil {
				sh.guildOf = make(map[discord.Snowflake]discord.Snowflake)
			}
			sh.guildOf[id] = guildID
		}
		sh.mu.Unlock()
	}
}
