package shard_test

import (
	"testing"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/internal/assert"
	"github.com/scurrygo/scurry/shard"
)

// Unset, the compression is zstd-stream for up to DefaultZstdShards shards
// in the process and zlib-stream beyond (memory per shard); a set one is kept.
func TestDefaultCompressionBySize(t *testing.T) {
	for _, tc := range []struct {
		shards int
		set    gateway.Compression
		want   gateway.Compression
	}{
		{1, "", gateway.CompressZstd},
		{shard.DefaultZstdShards, "", gateway.CompressZstd},
		{shard.DefaultZstdShards + 1, "", gateway.CompressZlib},
		{1000, "", gateway.CompressZlib},
		{1000, gateway.CompressZstd, gateway.CompressZstd},
		{1, gateway.CompressNone, gateway.CompressNone},
	} {
		var got gateway.Compression
		gb := discord.GatewayBot{URL: "wss://gateway.example", Shards: tc.shards,
			SessionStartLimit: discord.SessionStartLimit{MaxConcurrency: 1}}
		_, err := shard.NewManager("token", &shard.Options{Gateway: &gb, Compression: tc.set,
			Session: func(o *gateway.Options) { got = o.Compression }})
		assert.Success(t, err)
		assert.Equal(t, "compression", got, tc.want)
	}
}
