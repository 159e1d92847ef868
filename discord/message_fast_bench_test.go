package discord

import (
	"testing"

	"github.com/go-json-experiment/json"
)

// typicalMessageCreate is a MESSAGE_CREATE as most bots see it: a plain text
// message in a guild (the shape of the bench/ pipeline mix).
const typicalMessageCreate = `{"type":0,"tts":false,"timestamp":"2026-07-14T13:02:12.171000+00:00","pinned":false,"mentions":[],"mention_roles":[],"mention_everyone":false,` +
	`"id":"1300000000000000042","flags":0,"embeds":[],"edited_timestamp":null,"content":"hello there, this is a fairly ordinary chat message number 42","components":[],"channel_id":"41771983423153938",` +
	`"author":{"id":"80351110224678912","username":"user80351110224678912","global_name":"User 80351110224678912","avatar":"00000000000000000000a2f5e4b3c2d1","discriminator":"0","public_flags":0},` +
	`"member":{"roles":["41771983423143939"],"nick":null,"avatar":null,"joined_at":"2023-04-12T12:34:56.123000+00:00","premium_since":null,"deaf":false,"mute":false,"pending":false,"flags":0},` +
	`"attachments":[],"guild_id":"41771983423143937","nonce":"1300000000000000042"}`

// BenchmarkMessageCreateFastVsGeneric compares the hand-written decoder
// (Fast) with json v2's generic decoding of the same struct (Generic), on
// the rich testdata payload and on a typical one; both report cpu-ns/op.
func BenchmarkMessageCreateFastVsGeneric(b *testing.B) {
	payloads := []struct {
		name string
		d    []byte
	}{{"Typical", []byte(typicalMessageCreate)}, {"Rich", benchMessageCreate(b)}}
	for _, p := range payloads {
		b.Run(p.name+"/Fast", func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				var m MessageCreate
				if err := json.Unmarshal(p.d, &m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
		b.Run(p.name+"/Generic", func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				var m MessageCreate
				if err := json.Unmarshal(p.d, (*messageCreateFields)(&m)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkEventsFastVsGeneric compares the TYPING_START decoder with json v2's generic decoding.
func BenchmarkEventsFastVsGeneric(b *testing.B) {
	bench := func(name string, d []byte, into func() any) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if err := json.Unmarshal(d, into()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
	bench("TypingStart/Fast", []byte(typicalTypingStart), func() any { return new(TypingStart) })
	bench("TypingStart/Generic", []byte(typicalTypingStart), func() any { return new(typingStartFields) })
}
