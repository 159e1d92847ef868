package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/disgoorg/disgo"
	disgobot "github.com/disgoorg/disgo/bot"
	disgogateway "github.com/disgoorg/disgo/gateway"
	disgorest "github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/disgo/sharding"

	"github.com/scurrygo/scurry/bot"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// disgoIdentifyWindow is disgo's identify bucket window: fixed at 5 s in
// sharding/shard_rate_limiter_impl.go, not configurable, so disgo runs
// against the fake with Discord's real window.
const disgoIdentifyWindow = 5 * time.Second

// shardResult is one start of shards shards.
type shardResult struct {
	elapsed, bound time.Duration
	extraConns     int // connections opened beyond one per shard
}

// shardBound is the least time the identify buckets allow: the last round
// of identifies starts ceil(shards/conc)-1 windows after the first.
func shardBound(shards, conc int, window time.Duration) time.Duration {
	return time.Duration((shards+conc-1)/conc-1) * window
}

// runShardStart starts shards shards at max_concurrency conc through lib's
// shard manager and measures the time until the fake has sent READY on all
// of them.
func runShardStart(lib string, shards, conc int, window time.Duration, timeout time.Duration) (shardResult, error) {
	if lib == libDisgo && window != disgoIdentifyWindow {
		return shardResult{}, fmt.Errorf("disgo's identify window is fixed at %v", disgoIdentifyWindow)
	}
	srv, err := discordtest.Start(&discordtest.Options{ShardCount: shards, MaxConcurrency: conc, IdentifyWindow: window})
	if err != nil {
		return shardResult{}, err
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var stop func()
	t0 := time.Now()
	switch lib {
	case libScurry:
		cl, err := bot.New(srv.Token(), &bot.Options{Intents: discord.IntentGuilds, APIURL: srv.URL(), ShardCount: shards,
			Compression: gateway.CompressNone, Shard: func(o *shard.Options) { o.IdentifyWindow = window }})
		if err != nil {
			return shardResult{}, err
		}
		rctx, rcancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { _ = cl.Run(rctx) })
		stop = func() { rcancel(); wg.Wait() }
	case libDisgo:
		ids := make([]int, shards)
		for i := range ids {
			ids[i] = i
		}
		cl, err := disgo.New(srv.Token(), disgobot.WithLogger(discardLogger),
			disgobot.WithRestClientConfigOpts(disgorest.WithURL(srv.URL())),
			disgobot.WithShardManagerConfigOpts(sharding.WithShardIDs(ids...), sharding.WithShardCount(shards),
				sharding.WithGatewayConfigOpts(disgogateway.WithIntents(disgogateway.IntentGuilds),
					disgogateway.WithCompression(disgogateway.CompressionNone)))) // as scurry here; v0.19's default is zstd-stream
		if err != nil {
			return shardResult{}, err
		}
		if err := cl.OpenShardManager(ctx); err != nil {
			return shardResult{}, err
		}
		stop = func() {
			c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			cl.Close(c)
		}
	default:
		return shardResult{}, fmt.Errorf("%s has no shard manager", lib)
	}
	defer stop()
	if _, err := srv.WaitLiveConns(ctx, shards); err != nil {
		return shardResult{}, fmt.Errorf("%d of %d shards ready: %w", len(srv.Conns()), shards, err)
	}
	el := time.Since(t0)
	opened := 0
	for _, e := range srv.ConnEvents() {
		if e.Kind == discordtest.ConnOpened {
			opened++
		}
	}
	return shardResult{elapsed: el, bound: shardBound(shards, conc, window), extraConns: opened - shards}, nil
}
