package main

import (
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/bwmarrin/discordgo"
	"github.com/disgoorg/disgo"
	disgobot "github.com/disgoorg/disgo/bot"
	disgocache "github.com/disgoorg/disgo/cache"
	disgogateway "github.com/disgoorg/disgo/gateway"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/cache"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// cacheFeeder builds a library's cache and returns a function that feeds
// it one GUILD_CREATE d through the library's own decode and state path,
// a function that counts the members it holds (to check that it really
// cached them), and the cache itself (kept alive by the caller).
type cacheFeeder func() (feed func(seq int, d []byte) error, members func(guilds int) int, keep any, err error)

var cacheFeeders = map[string]cacheFeeder{
	libScurry: func() (func(int, []byte) error, func(int) int, any, error) {
		s := new(cache.Store) // the zero value: default policy, everything cached
		return func(_ int, d []byte) error {
				e, err := discord.DecodeEvent(discord.EventGuildCreate, jsontext.Value(d))
				if err != nil {
					return err
				}
				s.Apply(e)
				return nil
			}, func(guilds int) (n int) {
				for g := range guilds {
					n += s.MemberCount(discord.Snowflake(guildID(g)))
				}
				return n
			}, s, nil
	},
	libDiscordgo: func() (func(int, []byte) error, func(int) int, any, error) {
		s, err := discordgo.New("Bot " + discordtest.DefaultToken) // State on by default
		if err != nil {
			return nil, nil, nil, err
		}
		return func(_ int, d []byte) error {
				var g discordgo.GuildCreate
				if err := json.Unmarshal(d, &g); err != nil {
					return err
				}
				return s.State.OnInterface(s, &g)
			}, func(int) (n int) {
				for _, g := range s.State.Guilds {
					n += len(g.Members)
				}
				return n
			}, s, nil
	},
	libDisgo: func() (func(int, []byte) error, func(int) int, any, error) {
		// disgo caches nothing by default (CacheFlags 0); FlagsAll is what a
		// user turns on to have a cache at all.
		cl, err := disgo.New(discordtest.DefaultToken, disgobot.WithLogger(discardLogger),
			disgobot.WithCacheConfigOpts(disgocache.WithCaches(disgocache.FlagsAll)))
		if err != nil {
			return nil, nil, nil, err
		}
		// HandleGatewayEvent asks the gateway for its shard id; an unopened
		// gateway answers 0.
		gw := disgogateway.New(discordtest.DefaultToken, func(disgogateway.Gateway, disgogateway.EventType, int, disgogateway.EventData) {})
		return func(seq int, d []byte) error {
			ev, err := disgogateway.UnmarshalEventData(d, disgogateway.EventTypeGuildCreate)
			if err != nil {
				return err
			}
			cl.EventManager.HandleGatewayEvent(gw, disgogateway.EventTypeGuildCreate, seq, ev)
			return nil
		}, func(int) int { return cl.Caches.MembersAllLen() }, cl, nil
	},
}

// cacheMembers is the member count of each guild of the cache metric.
const cacheMembers = 1000

// runCache feeds len(guilds) GUILD_CREATEs to a fresh cache and returns
// the live heap it added per guild.
func runCache(lib string, guilds [][]byte) (float64, error) {
	feed, members, keep, err := cacheFeeders[lib]()
	if err != nil {
		return 0, err
	}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i, d := range guilds {
		if err := feed(i+1, d); err != nil {
			return 0, fmt.Errorf("guild %d: %w", i, err)
		}
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(keep)
	if got, want := members(len(guilds)), len(guilds)*cacheMembers; got != want {
		return 0, fmt.Errorf("%d members cached, want %d", got, want)
	}
	runtime.KeepAlive(guilds)
	return float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / float64(len(guilds)), nil
}
