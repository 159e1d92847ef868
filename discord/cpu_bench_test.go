package discord

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// BenchmarkDecodeCPU decodes the same payloads as BenchmarkDecodeMessageCreate,
// BenchmarkDecodeGuildCreate1000 and BenchmarkDecodeGuildCreateCaptured
// (scurry only) plus 100 presence activities, and also reports cpu-ns/op: the
// process's user+system CPU time per operation (getrusage), GC included. On
// a shared machine the wall-clock ns/op includes time spent waiting for a
// CPU; cpu-ns/op does not, so it is the number to compare between builds.
func BenchmarkDecodeCPU(b *testing.B) {
	cases := []struct {
		name, event string
		d           []byte
	}{
		{"MessageCreate", EventMessageCreate, benchMessageCreate(b)},
		{"GuildCreate1000", EventGuildCreate, guildCreatePayload(1000)},
		{"PresenceActivities", EventPresenceUpdate, []byte(`{"user":{"id":"1"},"status":"online","activities":[` +
			strings.Repeat(`{"name":"a game","type":0,"created_at":1700000000000,"state":"x"},`, 99) +
			`{"name":"Spotify","type":2,"created_at":0,"details":"song","state":"artist"}]}`)},
	}
	if d, err := os.ReadFile(filepath.Join(fixturesDir, "serenity-2020", "guild_create_1.json")); err == nil {
		cases = append(cases, struct {
			name, event string
			d           []byte
		}{"GuildCreateCaptured", EventGuildCreate, d})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.d)))
			start := cpuTime()
			for b.Loop() {
				if _, err := DecodeEvent(c.event, c.d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
