package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// reshard4011Result is one run of the 4011 scenario.
type reshard4011Result struct {
	gap       time.Duration // longest time without a message for the closed shard's guilds
	switchAt  time.Duration // 4011 to the switch to the new set
	lost, dup int           // of the messages dispatched while a live session covered their guild
}

// runReshard4011 runs 4 shards of scurry's shard manager at max_concurrency
// 1 against the fake on loopback, streams messages to 48 guilds (one every
// 2 ms), then has the fake close shard 1 with 4011 while recommending 8
// shards. It measures, for each guild of shard 1, the time from the close
// until the handler gets a message sent after it, and reports the longest;
// and counts the messages a live session received that the handler did not
// get exactly once.
func runReshard4011(window, timeout time.Duration) (reshard4011Result, error) {
	const guilds, step = 48, 2 * time.Millisecond
	var res reshard4011Result
	srv, err := discordtest.Start(&discordtest.Options{ShardCount: 4, MaxConcurrency: 1, IdentifyWindow: window})
	if err != nil {
		return res, err
	}
	defer srv.Close()
	var ids []discord.Snowflake
	for range guilds {
		g, err := srv.SeedGuild(discordtest.GuildSeed{})
		if err != nil {
			return res, err
		}
		ids = append(ids, g.ID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	var mu sync.Mutex
	got := map[discord.Snowflake][]int{}
	var closedAt time.Time
	from := map[discord.Snowflake]int{} // the closed shard's guilds: first message number after the close
	back := map[discord.Snowflake]time.Time{}
	changed := make(chan struct{}, 1)
	handler := func(_ context.Context, e gateway.Event) {
		if e.Name != discord.EventMessageCreate {
			return
		}
		var d struct {
			GuildID discord.Snowflake `json:"guild_id"`
			N       int               `json:"n"`
		}
		if json.Unmarshal(e.Raw, &d) != nil {
			return
		}
		mu.Lock()
		got[d.GuildID] = append(got[d.GuildID], d.N)
		if n, ok := from[d.GuildID]; ok && d.N >= n && back[d.GuildID].IsZero() {
			back[d.GuildID] = time.Now()
		}
		mu.Unlock()
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	ready := make(chan struct{})
	var readyOnce sync.Once
	switched := make(chan time.Time, 1)
	gb := srv.GatewayBot()
	m, err := shard.NewManager(srv.Token(), &shard.Options{
		Gateway:        &gb,
		Intents:        discord.IntentGuilds | discord.IntentGuildMessages,
		Compression:    gateway.CompressNone,
		IdentifyWindow: window,
		Logger:         discardLogger, // warnings would go to stderr by default
		FetchGateway:   func(context.Context) (discord.GatewayBot, error) { return srv.GatewayBot(), nil },
		OnProgress: func(p shard.Progress) {
			if p.Ready == p.Total && !p.Resharding {
				readyOnce.Do(func() { close(ready) })
			}
		},
		AfterSwitch: func(shard.Reshard) { switched <- time.Now() },
		Session:     func(o *gateway.Options) { o.Decode = func(string) bool { return false } },
	})
	if err != nil {
		return res, err
	}
	rctx, rcancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var runErr error
	wg.Go(func() { runErr = m.Run(rctx, handler) })
	defer func() { rcancel(); wg.Wait() }()
	select {
	case <-ready:
	case <-ctx.Done():
		return res, fmt.Errorf("shards not ready: %w", ctx.Err())
	}

	// covered reports whether a live session of the fake owns g.
	covered := func(g discord.Snowflake) bool {
		for _, se := range srv.Sessions() {
			if !se.Dead && discordtest.ShardFor(g, se.Shard[1]) == se.Shard[0] {
				return true
			}
		}
		return false
	}
	next := map[discord.Snowflake]int{}
	want := map[discord.Snowflake][]int{}
	total := 0
	send := func(i int) error {
		g := ids[i%len(ids)]
		n := next[g]
		next[g]++
		if covered(g) {
			want[g] = append(want[g], n)
			total++
		}
		d := fmt.Sprintf(`{"id":"%d","guild_id":"%d","channel_id":"1","n":%d,"content":"","type":0}`, 1<<40+i, g, n)
		return srv.Dispatch(g, discord.EventMessageCreate, []byte(d))
	}
	tick := time.NewTicker(step)
	defer tick.Stop()
	i := 0
	var switchedAt time.Time
	for switchedAt.IsZero() || time.Since(switchedAt) < time.Second {
		select {
		case <-ctx.Done():
			return res, fmt.Errorf("no switch to 8 shards: %w", ctx.Err())
		case at := <-switched:
			switchedAt = at
		case <-tick.C:
		}
		if i == 500 { // a second into the stream
			srv.SetShardCount(8)
			var conn *discordtest.Conn
			for _, c := range srv.ShardConns(1) {
				if c.Shard() == [2]int{1, 4} && c.State() != discordtest.ConnClosed {
					conn = c
				}
			}
			if conn == nil {
				return res, errors.New("no connection of shard 1")
			}
			mu.Lock()
			closedAt = time.Now()
			for _, g := range ids {
				if discordtest.ShardFor(g, 4) == 1 {
					from[g] = next[g]
				}
			}
			mu.Unlock()
			conn.Close(int(discord.CloseShardingRequired), "sharding required")
		}
		if err := send(i); err != nil {
			return res, err
		}
		i++
	}
	tick.Stop()
	res.switchAt = switchedAt.Sub(closedAt)
	// Wait until every covered message arrived (or the timeout), then a
	// little longer for a duplicate to show.
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, v := range got {
			n += len(v)
		}
		return n
	}
	for count() < total {
		select {
		case <-changed:
		case <-ctx.Done():
			return res, fmt.Errorf("%d of %d messages delivered: %w", count(), total, ctx.Err())
		}
	}
	time.Sleep(200 * time.Millisecond)
	rcancel()
	wg.Wait()
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return res, runErr
	}
	mu.Lock()
	defer mu.Unlock()
	for g, w := range want {
		seen := map[int]int{}
		for _, n := range got[g] {
			seen[n]++
		}
		for _, n := range w {
			switch c := seen[n]; {
			case c == 0:
				res.lost++
			case c > 1:
				res.dup += c - 1
			}
		}
	}
	for g := range from {
		if back[g].IsZero() {
			return res, fmt.Errorf("guild %v of the closed shard got nothing after the close", g)
		}
		res.gap = max(res.gap, back[g].Sub(closedAt))
	}
	return res, nil
}
