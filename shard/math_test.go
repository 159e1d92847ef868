package shard

import (
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestShardFor(t *testing.T) {
	// 41771983423143937 >> 22 = 9959131887; % 16 = 15, % 4 = 3 (reference example guild).
	g := discord.Snowflake(41771983423143937)
	for _, tc := range []struct{ count, want int }{{1, 0}, {4, int((uint64(g) >> 22) % 4)}, {16, int((uint64(g) >> 22) % 16)}} {
		got, err := ShardFor(g, tc.count)
		assert.Success(t, err)
		assert.Equal(t, "shard", got, tc.want)
	}
	got, err := ShardFor(0, 8)
	assert.Success(t, err)
	assert.Equal(t, "no guild", got, 0)
	_, err = ShardFor(g, 0)
	assert.ErrorIs(t, err, ErrInvalidShards)
	_, err = ShardFor(g, -2)
	assert.Contains(t, err.Error(), "-2")
	assert.Equal(t, "bucket", IdentifyBucket(37, 16), 5)
	assert.Equal(t, "bucket mc 0", IdentifyBucket(37, 0), 0)
}

func TestValidateShards(t *testing.T) {
	assert.Success(t, ValidateShards([]int{0, 3, 1}, 4))
	for _, tc := range []struct {
		ids   []int
		count int
		want  string
	}{
		{[]int{0}, 0, "count 0"},
		{[]int{0}, -1, "count -1"},
		{nil, 4, "no shard ids"},
		{[]int{4}, 4, "id 4 is outside [0, 4)"},
		{[]int{-1}, 4, "id -1"},
		{[]int{1, 1}, 4, "listed twice"},
	} {
		err := ValidateShards(tc.ids, tc.count)
		assert.ErrorIs(t, err, ErrInvalidShards)
		assert.Contains(t, err.Error(), tc.want)
	}
	assert.Equal(t, "all", AllShards(3), []int{0, 1, 2})
	assert.Equal(t, "none", AllShards(-1), []int{})
}

func TestNeedsReshard(t *testing.T) {
	for _, tc := range []struct {
		cur, rec int
		full     float64
		want     bool
	}{
		{2, 4, 0.8, true},   // 4000 guilds >= 80% of 5000
		{2, 3, 0.8, false},  // 3000 < 4000
		{4, 4, 0.8, false},  // not larger
		{4, 2, 0.8, false},  // smaller
		{10, 21, 0.8, true}, // 21000 >= 20000
		{10, 21, 0.9, false},
		{0, 5, 0.8, false},
	} {
		assert.Equal(t, "reshard", NeedsReshard(tc.cur, tc.rec, tc.full), tc.want)
	}
}

func TestDefaultReshardIDs(t *testing.T) {
	n, ids := defaultReshardIDs(2, 3, []int{0, 1})
	assert.Equal(t, "full set count", n, 3)
	assert.Equal(t, "full set ids", ids, []int{0, 1, 2})
	n, ids = defaultReshardIDs(2, 3, []int{1})
	assert.Equal(t, "rounded count", n, 4)
	assert.Equal(t, "kept guilds", ids, []int{1, 3})
	// Every guild of old shard 1 (of 2) lands on new shards 1 or 3 (of 4).
	for g := range uint64(64) {
		sf := discord.Snowflake(g << 22)
		if shardFor(sf, 2) == 1 {
			s := shardFor(sf, 4)
			if s != 1 && s != 3 {
				t.Fatalf("guild %d moved to shard %d", g, s)
			}
		}
	}
}

func TestDialDelays(t *testing.T) {
	gw := &discord.GatewayBot{URL: "ws://x", Shards: 8, SessionStartLimit: discord.SessionStartLimit{MaxConcurrency: 2}}
	m, err := NewManager("t", &Options{Gateway: gw, IdentifyWindow: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	spacing := time.Second + time.Second/20
	var runs []*shardRun
	for id := range 8 {
		runs = append(runs, &shardRun{id: id})
	}
	runs[2].resumes = true // takes no place in line
	got := m.dialDelays(runs)
	// Bucket 0 in line: 0, 4, 6 -> 6 is third (p = 2): 0 rounds ahead of 2.
	// Bucket 1: 1, 3, 5, 7 -> 7 is fourth (p = 3): one spacing.
	assert.Equal(t, "delays", got, []time.Duration{0, 0, 0, 0, 0, 0, 0, spacing})
	m.opts.DialAhead = -1
	assert.Equal(t, "all at once", m.dialDelays(runs), make([]time.Duration, 8))
}
