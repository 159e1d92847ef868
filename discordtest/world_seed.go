package discordtest

import (
	"fmt"
	"strconv"

	"github.com/scurrygo/scurry/discord"
)

// GuildSeed describes a guild for SeedGuild. The zero value is a guild with
// one text channel, the @everyone role and the bot as its only member.
type GuildSeed struct {
	// Name defaults to "guild N".
	Name string
	// Members is the number of users besides the bot.
	Members int
	// TextChannels defaults to 1; VoiceChannels defaults to 0.
	TextChannels  int
	VoiceChannels int
	// Roles is the number of roles besides @everyone. Seeded members get none.
	Roles int
	// Shard, when Shard[1] > 0, picks an id routed to shard Shard[0] of
	// Shard[1] shards.
	Shard [2]int
	// Nicknames gives every member a nickname so that GUILD_CREATE
	// lists them even above large_threshold (when GUILD_PRESENCES is set).
	Nicknames bool
}

// SeededGuild holds the ids SeedGuild created.
type SeededGuild struct {
	ID       discord.Snowflake
	Everyone discord.Snowflake   // the @everyone role (same id as the guild)
	Channels []discord.Snowflake // text channels first, then voice
	Roles    []discord.Snowflake // besides @everyone
	Members  []discord.Snowflake // user ids, not including the bot
}

// guildIDShardBits marks guild ids (worker 31) so they never collide with ids
// from the ordinary generator.
const guildIDShardBits = 0x3E0000

// SeedGuild builds a guild, adds it to the world and sends GUILD_CREATE to
// the sessions of its shard (as when a bot joins a guild). It is fast enough
// for guilds of 100,000 members.
func (s *Server) SeedGuild(seed GuildSeed) (SeededGuild, error) {
	if seed.Members < 0 || seed.TextChannels < 0 || seed.VoiceChannels < 0 || seed.Roles < 0 {
		return SeededGuild{}, fmt.Errorf("discordtest: seed guild: negative count in %+v", seed)
	}
	if seed.Shard[1] > 0 && (seed.Shard[0] < 0 || seed.Shard[0] >= seed.Shard[1]) {
		return SeededGuild{}, fmt.Errorf("discordtest: seed guild: shard %v out of range", seed.Shard)
	}
	if seed.TextChannels == 0 && seed.VoiceChannels == 0 {
		seed.TextChannels = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.world
	now := s.now()
	ts := timestamp(now)

	gid := s.newGuildIDLocked(seed.Shard)
	if seed.Name == "" {
		seed.Name = "guild " + strconv.Itoa(len(w.guilds)+1)
	}
	g := &guild{ID: gid, Name: seed.Name, OwnerID: w.botID, Features: []string{}, PreferredLocale: "en-US",
		members: make(map[discord.Snowflake]*member, seed.Members+1), memberIDs: make([]discord.Snowflake, 0, seed.Members+1),
		bans: map[discord.Snowflake]*string{}}
	g.Roles = append(g.Roles, &role{ID: gid, Name: "@everyone", Permissions: strconv.FormatUint(uint64(defaultEveryone), 10)})
	out := SeededGuild{ID: gid, Everyone: gid}
	for i := range seed.Roles {
		r := &role{ID: s.newID(), Name: "role " + strconv.Itoa(i+1), Position: i + 1, Permissions: "0"}
		g.Roles = append(g.Roles, r)
		out.Roles = append(out.Roles, r.ID)
	}
	pos := 0
	addChannel := func(typ int, name string) {
		c := &channel{ID: s.newID(), Type: typ, GuildID: gid, Name: name, Position: pos, PermissionOverwrites: []overwrite{}}
		pos++
		w.channels[c.ID] = c
		g.channelIDs = append(g.channelIDs, c.ID)
		out.Channels = append(out.Channels, c.ID)
	}
	for i := range seed.TextChannels {
		addChannel(0, "text-"+strconv.Itoa(i+1))
	}
	for i := range seed.VoiceChannels {
		addChannel(2, "voice-"+strconv.Itoa(i+1))
	}
	g.members[w.botID] = &member{User: w.users[w.botID], Roles: []discord.Snowflake{}, JoinedAt: ts}
	g.memberIDs = append(g.memberIDs, w.botID)
	out.Members = make([]discord.Snowflake, 0, seed.Members)
	for i := range seed.Members {
		u := &user{ID: s.newID(), Username: "user" + strconv.Itoa(i+1) + "-" + strconv.Itoa(len(w.users)), Discriminator: "0"}
		w.users[u.ID] = u
		m := &member{User: u, Roles: []discord.Snowflake{}, JoinedAt: ts}
		if seed.Nicknames {
			nick := "nick " + u.Username
			m.Nick = &nick
		}
		g.members[u.ID] = m
		g.memberIDs = append(g.memberIDs, u.ID)
		out.Members = append(out.Members, u.ID)
	}
	w.guilds[gid] = g
	s.dispatchLocked(gid, "GUILD_CREATE", w.guildCreateJSON(g, 0, 50))
	return out, nil
}

// newGuildIDLocked returns a fresh guild id; with shard[1] > 0 one that
// (id >> 22) % shard[1] routes to shard[0].
func (s *Server) newGuildIDLocked(shard [2]int) discord.Snowflake {
	ms := uint64(discord.SnowflakeFromTime(idTime(s.now()))) >> 22
	for {
		s.world.guildSeq++
		t := ms + s.world.guildSeq
		if shard[1] > 0 && int(t%uint64(shard[1])) != shard[0] {
			continue
		}
		id := discord.Snowflake(t<<22 | guildIDShardBits)
		if _, taken := s.world.guilds[id]; !taken {
			return id
		}
	}
}

// defaultEveryone is the permission set of a new guild's @everyone role.
const defaultEveryone = discord.PermissionViewChannel | discord.PermissionSendMessages |
	discord.PermissionReadMessageHistory | discord.PermissionAddReactions | discord.PermissionEmbedLinks |
	discord.PermissionAttachFiles | discord.PermissionUseApplicationCommands | discord.PermissionConnect |
	discord.PermissionSpeak | discord.PermissionCreateInstantInvite | discord.PermissionChangeNickname

// AddUser adds a user who is in no guild (for DMs and interactions) and
// returns its id.
func (s *Server) AddUser(name string) discord.Snowflake {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &user{ID: s.newID(), Username: name, Discriminator: "0"}
	s.world.users[u.ID] = u
	return u.ID
}
