package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"github.com/bwmarrin/discordgo"
	disgogateway "github.com/disgoorg/disgo/gateway"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// decodeResult is the cost of decoding one large GUILD_CREATE.
type decodeResult struct {
	perOp      time.Duration // wall clock
	cpuPerOp   time.Duration // process CPU (user+sys, GC included): steadier under load
	allocPerOp float64
}

// Each library's own decode path for a GUILD_CREATE d, as its gateway runs it.
var decoders = map[string]func(d []byte) error{
	libScurry: func(d []byte) error {
		e, err := discord.DecodeEvent(discord.EventGuildCreate, jsontext.Value(d))
		if err == nil {
			if _, ok := e.(*discord.GuildCreate); !ok {
				err = fmt.Errorf("scurry decoded %T", e)
			}
		}
		return err
	},
	libDiscordgo: func(d []byte) error {
		var g discordgo.GuildCreate
		return json.Unmarshal(d, &g)
	},
	libDisgo: func(d []byte) error {
		_, err := disgogateway.UnmarshalEventData(d, disgogateway.EventTypeGuildCreate)
		return err
	},
	libArikawa: decodeArikawa,
}

// runDecode decodes d iters times (after one warm-up) and reports the mean
// time and bytes allocated per decode.
func runDecode(lib string, d []byte, iters int) (decodeResult, error) {
	dec := decoders[lib]
	if err := dec(d); err != nil {
		return decodeResult{}, err
	}
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t0, c0 := time.Now(), cpuTime()
	for range iters {
		if err := dec(d); err != nil {
			return decodeResult{}, err
		}
	}
	el, cpu := time.Since(t0), cpuTime()-c0
	runtime.ReadMemStats(&m1)
	return decodeResult{
		perOp:      el / time.Duration(iters),
		cpuPerOp:   cpu / time.Duration(iters),
		allocPerOp: float64(m1.TotalAlloc-m0.TotalAlloc) / float64(iters),
	}, nil
}
