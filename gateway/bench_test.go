package gateway

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"

	"github.com/scurrygo/scurry/discord"
)

// pipelineFrames encodes the mix as dispatches with sequences 1..n and
// compresses them as one connection's stream.
func pipelineFrames(tb testing.TB, c Compression, mix []benchEvent) (frames [][]byte, raw int) {
	var payloads [][]byte
	for i, e := range mix {
		p := discord.AppendDispatch(nil, int64(i+1), e.name, []byte(e.d))
		raw += len(p)
		payloads = append(payloads, p)
	}
	switch c {
	case CompressNone:
		return payloads, raw
	case CompressZlib:
		return zlibFrames(tb, payloads, false), raw
	default:
		var buf bytes.Buffer
		w, err := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<21))
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range payloads {
			w.Write(p)
			w.Flush()
			frames = append(frames, bytes.Clone(buf.Bytes()))
			buf.Reset()
		}
		return frames, raw
	}
}

var _ = zlib.NewWriter

// BenchmarkPipeline measures one dispatch through inflate -> envelope scan ->
// buffer -> typed decode -> no-op handler, on one goroutine, per event.
func BenchmarkPipeline(b *testing.B) {
	mix := eventMix(2000)
	for _, c := range []Compression{CompressZstd, CompressZlib, CompressNone} {
		for _, decode := range []bool{true, false} {
			name := string(c) + "/typed"
			if !decode {
				name = string(c) + "/raw"
			}
			b.Run(name, func(b *testing.B) {
				frames, raw := pipelineFrames(b, c, mix)
				opts := Options{Token: "t", URL: "wss://x", Compression: c, BufferSize: 4}
				if !decode {
					opts.Decode = func(string) bool { return false }
				}
				s, err := New(&opts)
				if err != nil {
					b.Fatal(err)
				}
				s.inf, _ = newInflater(c, DefaultMaxMessageSize, DefaultMaxZstdWindow)
				defer s.inf.close()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				cn := &conn{ctx: ctx}
				handled := 0
				handler := func(e Event) {
					if e.Err != nil {
						b.Fatalf("%s: %v", e.Name, e.Err)
					}
					handled++
				}
				b.SetBytes(int64(raw / len(frames)))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if i == len(frames) {
						i = 0
						s.inf.reset()
						s.seq.Store(0)
					}
					p, err := s.inf.push(frames[i])
					if err != nil {
						b.Fatal(err)
					}
					if err := s.handlePayload(cn, p); err != nil {
						b.Fatal(err)
					}
					s.inf.release()
					e := <-s.events
					s.decode(e)
					handler(*e)
					s.markDelivered(*e)
					i++
				}
				b.ReportMetric(float64(handled)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

// BenchmarkDecoderMemory reports the heap a connection's decoder holds after
// a stream of realistic traffic (what an idle connected session keeps).
func BenchmarkDecoderMemory(b *testing.B) {
	mix := eventMix(500)
	for _, c := range []Compression{CompressZstd, CompressZlib} {
		b.Run(string(c), func(b *testing.B) {
			frames, _ := pipelineFrames(b, c, mix)
			var total uint64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				inf, _ := newInflater(c, DefaultMaxMessageSize, DefaultMaxZstdWindow)
				for _, f := range frames {
					if _, err := inf.push(f); err != nil {
						b.Fatal(err)
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				total += after.HeapAlloc - before.HeapAlloc
				runtime.KeepAlive(inf)
				inf.close()
			}
			b.ReportMetric(float64(total)/float64(b.N)/1024, "KiB/conn")
		})
	}
}
