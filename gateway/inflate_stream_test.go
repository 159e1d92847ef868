package gateway

import (
	"bytes"
	stdzlib "compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"

	"github.com/scurrygo/scurry/internal/assert"
)

// The tests in this file replay long streams (tens of thousands of messages)
// through one inflater, as one connection would see them. They exist because
// a stream decoder can fail on rare alignments that short streams never hit:
// with zlib-stream, a message whose output ends exactly where the 32 KiB
// deflate window fills used to kill the stream with "unexpected EOF".

// streamMessages returns n gateway-like JSON payloads with a fixed seed:
// mostly small, some up to ~100 KB; word soup, incompressible noise and
// long repeats. Every aligned-th message is padded so that the stream's total
// output ends exactly on a deflate window boundary (0 disables that); the
// second result counts the messages that end on such a boundary.
func streamMessages(n, aligned int) (msgs [][]byte, onBoundary int) {
	r := rand.New(rand.NewPCG(20261122, 7))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"
	total := 0
	for i := range n {
		var size int
		switch p := r.IntN(1000); {
		case p < 10:
			size = 20_000 + r.IntN(80_000)
		case p < 100:
			size = 2_000 + r.IntN(18_000)
		default:
			size = 2 + r.IntN(2_000)
		}
		if aligned > 0 && i%aligned == aligned-1 {
			// Land the end of this payload on the next window boundary
			// (or one further on, so big payloads are aligned too).
			size = flateWindow - total%flateWindow + flateWindow*r.IntN(3)
		}
		b := make([]byte, 0, size)
		head := fmt.Sprintf(`{"op":0,"s":%d,"t":"MESSAGE_CREATE","d":{"c":"`, i+1)
		if len(head)+2 <= size {
			b = append(b, head...)
		}
		style := r.IntN(3)
		for len(b) < size-2 {
			switch style {
			case 0: // word soup: compresses well, short matches
				b = fmt.Appendf(b, "w%d ", r.IntN(3000))
			case 1: // noise: deflate may store it uncompressed
				b = append(b, alnum[r.IntN(len(alnum))])
			default: // long repeats of a short run
				run := r.IntN(40) + 1
				for j := 0; j < 50; j++ {
					b = append(b, alnum[run%len(alnum):min(len(alnum), run%len(alnum)+run)]...)
				}
			}
		}
		if size >= 2 {
			b = append(b[:min(len(b), size-2)], `"}`...)
		}
		for len(b) < size {
			b = append(b, 'x')
		}
		b = b[:size]
		total += len(b)
		if total%flateWindow == 0 {
			onBoundary++
		}
		msgs = append(msgs, b)
	}
	return msgs, onBoundary
}

// flushWriter is a compressor that can sync-flush: compress/zlib, klauspost's
// zlib or zstd.
type flushWriter interface {
	io.Writer
	Flush() error
}

// streamChunks compresses msgs as one stream, flushing after each message:
// one chunk of compressed bytes per message.
func streamChunks(t testing.TB, newWriter func(io.Writer) flushWriter, msgs [][]byte) [][]byte {
	t.Helper()
	var buf bytes.Buffer
	w := newWriter(&buf)
	chunks := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		_, err := w.Write(m)
		assert.Success(t, err)
		assert.Success(t, w.Flush())
		chunks = append(chunks, bytes.Clone(buf.Bytes()))
		buf.Reset()
	}
	return chunks
}

// splitFrames cuts some chunks into several websocket frames at random, as
// Discord may: only the last frame of a message ends with the flush marker.
func splitFrames(chunks [][]byte) [][]byte {
	r := rand.New(rand.NewPCG(5, 6))
	var frames [][]byte
	for _, c := range chunks {
		for len(c) > 8 && r.IntN(4) == 0 {
			cut := 1 + r.IntN(len(c)-5)
			frames = append(frames, c[:cut])
			c = c[cut:]
		}
		frames = append(frames, c)
	}
	return frames
}

// checkStream pushes frames through inf and checks that exactly msgs come out.
func checkStream(t *testing.T, inf inflater, frames, msgs [][]byte) {
	t.Helper()
	next := 0
	for i, f := range frames {
		p, err := inf.push(f)
		if err != nil {
			t.Fatalf("frame %d (message %d of %d): %v", i, next, len(msgs), err)
		}
		if p == nil {
			continue
		}
		if next >= len(msgs) {
			t.Fatalf("frame %d: more payloads than messages", i)
		}
		if !bytes.Equal(p, msgs[next]) {
			t.Fatalf("message %d differs: got %d bytes, want %d", next, len(p), len(msgs[next]))
		}
		inf.release() // the next message inflates into any pooled buffer
		next++
	}
	assert.Equal(t, "payloads", next, len(msgs))
}

func streamSize(t *testing.T) int {
	if testing.Short() || raceEnabled {
		return 4_000
	}
	return 20_000
}

func TestInflateLongZlibStreams(t *testing.T) {
	msgs, onBoundary := streamMessages(streamSize(t), 50)
	// The generator must keep producing the alignment this test is about.
	if onBoundary < len(msgs)/100 {
		t.Fatalf("only %d messages end on a window boundary", onBoundary)
	}
	writers := []struct {
		name string
		new  func(io.Writer) flushWriter
	}{
		{"compress/zlib", func(w io.Writer) flushWriter { return stdzlib.NewWriter(w) }},
		{"klauspost/zlib level 1", func(w io.Writer) flushWriter {
			z, _ := kzlib.NewWriterLevel(w, 1)
			return z
		}},
		{"klauspost/zlib level 6", func(w io.Writer) flushWriter {
			z, _ := kzlib.NewWriterLevel(w, 6)
			return z
		}},
	}
	inf, err := newInflater(CompressZlib, DefaultMaxMessageSize, DefaultMaxZstdWindow)
	assert.Success(t, err)
	defer inf.close()
	for _, w := range writers {
		chunks := streamChunks(t, w.new, msgs)
		for _, split := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s split=%v", w.name, split), func(t *testing.T) {
				// One inflater for every stream, reset in between, as a
				// session reuses it across connections.
				defer inf.reset()
				frames := chunks
				if split {
					frames = splitFrames(chunks)
				}
				checkStream(t, inf, frames, msgs)
			})
		}
	}
}

// TestInflateZlibWindowBoundary is the smallest case of the bug above: the
// first payload is exactly one window long, so the decoder hands out all of
// it before reading the end-of-block code and the empty stored block.
func TestInflateZlibWindowBoundary(t *testing.T) {
	for _, sizes := range [][]int{
		{flateWindow, 10, flateWindow - 10, 3 * flateWindow},
		{100, flateWindow - 100, 1, 1, flateWindow - 2, 5 * flateWindow},
	} {
		var msgs [][]byte
		for i, n := range sizes {
			msgs = append(msgs, bytes.Repeat([]byte{'a' + byte(i)}, n))
		}
		chunks := streamChunks(t, func(w io.Writer) flushWriter { return stdzlib.NewWriter(w) }, msgs)
		for _, frames := range [][][]byte{chunks, splitFrames(chunks)} {
			inf, err := newInflater(CompressZlib, DefaultMaxMessageSize, DefaultMaxZstdWindow)
			assert.Success(t, err)
			checkStream(t, inf, frames, msgs)
			inf.close()
		}
	}
}

// TestInflateZlibDoubleFlush: a message that carries a second, empty sync
// flush also leaves the decoder at a block boundary with nothing to hand out.
func TestInflateZlibDoubleFlush(t *testing.T) {
	msgs, _ := streamMessages(200, 7)
	var buf bytes.Buffer
	w := stdzlib.NewWriter(&buf)
	var frames [][]byte
	for i, m := range msgs {
		_, err := w.Write(m)
		assert.Success(t, err)
		assert.Success(t, w.Flush())
		if i%3 == 0 {
			assert.Success(t, w.Flush())
		}
		frames = append(frames, bytes.Clone(buf.Bytes()))
		buf.Reset()
	}
	inf, err := newInflater(CompressZlib, DefaultMaxMessageSize, DefaultMaxZstdWindow)
	assert.Success(t, err)
	defer inf.close()
	checkStream(t, inf, frames, msgs)
	// A message that inflates to nothing is not a payload.
	assert.Success(t, w.Flush())
	_, err = inf.push(buf.Bytes())
	assert.ErrorIs(t, err, ErrCompression)
}

// FuzzInflateZlibStream compresses messages cut from data at the sizes in
// lens (two bytes each) and checks they come back byte-exact.
func FuzzInflateZlibStream(f *testing.F) {
	f.Add([]byte("abc"), []byte{0x80, 0x00, 0x00, 0x0a, 0x7f, 0xf6}, uint8(6))
	f.Add([]byte(`{"op":0}`), []byte{0x00, 0x64, 0x7f, 0x9c, 0x80, 0x00}, uint8(1))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte{0xff, 0xff, 0x00, 0x01, 0x00, 0x01}, uint8(9))
	f.Fuzz(func(t *testing.T, data, lens []byte, level uint8) {
		if len(data) == 0 || len(lens) > 64 {
			return
		}
		var msgs [][]byte
		for i := 0; i+1 < len(lens); i += 2 {
			n := int(lens[i])<<8 | int(lens[i+1])
			if n == 0 {
				continue
			}
			m := make([]byte, n)
			for j := range m {
				m[j] = data[(j+i)%len(data)] + byte(j/len(data))
			}
			msgs = append(msgs, m)
		}
		w, err := kzlib.NewWriterLevel(io.Discard, int(level%10))
		assert.Success(t, err)
		chunks := streamChunks(t, func(out io.Writer) flushWriter { w.Reset(out); return w }, msgs)
		inf, err := newInflater(CompressZlib, DefaultMaxMessageSize, DefaultMaxZstdWindow)
		assert.Success(t, err)
		defer inf.close()
		checkStream(t, inf, chunks, msgs)
	})
}

func TestInflateLongZstdStreams(t *testing.T) {
	msgs, _ := streamMessages(streamSize(t), 50)
	inf, err := newInflater(CompressZstd, DefaultMaxMessageSize, DefaultMaxZstdWindow)
	assert.Success(t, err)
	defer inf.close()
	for _, level := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression} {
		t.Run(level.String(), func(t *testing.T) {
			defer inf.reset()
			newWriter := func(w io.Writer) flushWriter {
				z, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(level), zstd.WithWindowSize(1<<21))
				assert.Success(t, err)
				return z
			}
			checkStream(t, inf, streamChunks(t, newWriter, msgs), msgs)
		})
	}
}

// TestInflateZstdEmptyBlocks: empty raw and RLE blocks after a message's
// data (a valid encoding of nothing) are read past, not beyond the message.
func TestInflateZstdEmptyBlocks(t *testing.T) {
	msgs, _ := streamMessages(40, 0)
	frames := zstdFrames(t, msgs)
	for i, tail := range [][]byte{
		{0, 0, 0},             // empty raw block
		{2, 0, 0, 'x'},        // empty RLE block
		{0, 0, 0, 2, 0, 0, 0}, // both
	} {
		frames[3*i+1] = append(bytes.Clone(frames[3*i+1]), tail...)
	}
	inf, err := newInflater(CompressZstd, DefaultMaxMessageSize, DefaultMaxZstdWindow)
	assert.Success(t, err)
	defer inf.close()
	checkStream(t, inf, frames, msgs)
	// An empty last block ends the frame: that is not inert, and the
	// decoder asks for the checksum beyond the message.
	inf.reset()
	_, err = inf.push(append(bytes.Clone(frames[0]), 1, 0, 0))
	assert.ErrorIs(t, err, ErrCompression)
	assert.Contains(t, err.Error(), "unexpected EOF")
}

// BenchmarkInflate measures push alone over a realistic event mix, one
// connection's stream replayed (with a reset) as often as needed.
func BenchmarkInflate(b *testing.B) {
	mix := eventMix(2000)
	for _, c := range []Compression{CompressZlib, CompressZstd} {
		b.Run(string(c), func(b *testing.B) {
			frames, raw := pipelineFrames(b, c, mix)
			inf, err := newInflater(c, DefaultMaxMessageSize, DefaultMaxZstdWindow)
			assert.Success(b, err)
			defer inf.close()
			b.SetBytes(int64(raw / len(frames)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i == len(frames) {
					inf.reset()
					i = 0
				}
				if _, err := inf.push(frames[i]); err != nil {
					b.Fatal(err)
				}
				inf.release()
				i++
			}
		})
	}
}
