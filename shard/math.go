package shard

import (
	"errors"
	"fmt"

	"github.com/scurrygo/scurry/discord"
)

// GuildsPerShardLimit is the most guilds one shard may hold (reference 2.12);
// a bot past it is closed with 4011.
const GuildsPerShardLimit = 2500

// guildsPerRecommendedShard is the number of guilds per shard Discord aims for
// when it computes the recommended count of GET /gateway/bot.
const guildsPerRecommendedShard = 1000

// ErrInvalidShards is wrapped by every error about a shard id or count: ids out
// of [0, count), duplicate ids, counts below 1.
var ErrInvalidShards = errors.New("shard: invalid shard ids or count")

// ShardFor returns the shard that receives guildID's events when count shards
// run: (guild_id >> 22) % count (reference 2.12). Events without a guild go to
// shard 0. It returns an error wrapping ErrInvalidShards if count < 1.
func ShardFor(guildID discord.Snowflake, count int) (int, error) {
	if count < 1 {
		return 0, fmt.Errorf("%w: shard count %d must be at least 1", ErrInvalidShards, count)
	}
	return shardFor(guildID, count), nil
}

func shardFor(guildID discord.Snowflake, count int) int {
	return int((uint64(guildID) >> 22) % uint64(count))
}

// IdentifyBucket returns the identify bucket of shardID: shard_id %
// max_concurrency (reference 2.12). maxConcurrency < 1 counts as 1.
func IdentifyBucket(shardID, maxConcurrency int) int {
	if maxConcurrency < 1 {
		return 0
	}
	return shardID % maxConcurrency
}

// ValidateShards checks that count is at least 1 and that every id is in
// [0, count) and appears once. The error wraps ErrInvalidShards and names the
// first offending value.
func ValidateShards(ids []int, count int) error {
	if count < 1 {
		return fmt.Errorf("%w: shard count %d must be at least 1", ErrInvalidShards, count)
	}
	if len(ids) == 0 {
		return fmt.Errorf("%w: no shard ids to run", ErrInvalidShards)
	}
	seen := make(map[int]bool, len(ids))
	for _, id := range ids {
		if id < 0 || id >= count {
			return fmt.Errorf("%w: shard id %d is outside [0, %d)", ErrInvalidShards, id, count)
		}
		if seen[id] {
			return fmt.Errorf("%w: shard id %d is listed twice", ErrInvalidShards, id)
		}
		seen[id] = true
	}
	return nil
}

// AllShards returns the ids 0..count-1.
func AllShards(count int) []int {
	ids := make([]int, max(count, 0))
	for i := range ids {
		ids[i] = i
	}
	return ids
}

// NeedsReshard reports whether a bot running current shards should move to
// recommended shards, by Discordeno's rule: Discord recommends about one shard
// per 1000 guilds, so recommended*1000 estimates the guild count; reshard when
// that estimate fills more than fullness (0.8 = 80%) of the current shards'
// capacity of 2500 guilds each, and recommended is larger than current.
func NeedsReshard(current, recommended int, fullness float64) bool {
	if current < 1 || recommended <= current {
		return false
	}
	guilds := float64(recommended) * guildsPerRecommendedShard
	return guilds >= fullness*float64(current)*GuildsPerShardLimit
}
