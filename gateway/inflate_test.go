package gateway

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"

	"github.com/scurrygo/scurry/internal/assert"
)

// testMessages returns gateway-like JSON payloads of very different sizes,
// including one far bigger than a deflate window or a zstd block.
func testMessages(n int) [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	var msgs [][]byte
	for i := range n {
		size := 20 + r.IntN(3000)
		if i%17 == 5 {
			size = 300_000 + r.IntN(200_000)
		}
		var b strings.Builder
		fmt.Fprintf(&b, `{"op":0,"s":%d,"t":"MESSAGE_CREATE","d":{"content":"`, i+1)
		for b.Len() < size {
			fmt.Fprintf(&b, "word%d ", r.IntN(5000))
		}
		b.WriteString(`"}}`)
		msgs = append(msgs, []byte(b.String()))
	}
	return msgs
}

// zlibFrames compresses msgs as Discord does: one stream, a sync flush per
// message. Messages are split into several websocket frames at random.
func zlibFrames(t testing.TB, msgs [][]byte, split bool) [][]byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	r := rand.New(rand.NewPCG(3, 4))
	var frames [][]byte
	for _, m := range msgs {
		_, err := w.Write(m)
		assert.Success(t, err)
		assert.Success(t, w.Flush())
		out := bytes.Clone(buf.Bytes())
		buf.Reset()
		for split && len(out) > 8 && r.IntN(3) == 0 {
			cut := 1 + r.IntN(len(out)-5)
			frames = append(frames, out[:cut])
			out = out[cut:]
		}
		frames = append(frames, out)
	}
	return frames
}

func zstdFrames(t testing.TB, msgs [][]byte) [][]byte {
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<21))
	assert.Success(t, err)
	var frames [][]byte
	for _, m := range msgs {
		_, err := w.Write(m)
		assert.Success(t, err)
		assert.Success(t, w.Flush())
		frames = append(frames, bytes.Clone(buf.Bytes()))
		buf.Reset()
	}
	return frames
}

func collect(t *testing.T, inf inflater, frames [][]byte) [][]byte {
	t.Helper()
	var got [][]byte
	for i, f := range frames {
		p, err := inf.push(f)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if p != nil {
			got = append(got, bytes.Clone(p))
		}
	}
	return got
}

func TestInflateStreams(t *testing.T) {
	msgs := testMessages(60)
	cases := []struct {
		c      Compression
		frames func() [][]byte
	}{
		{CompressZlib, func() [][]byte { return zlibFrames(t, msgs, false) }},
		{CompressZlib + " split", func() [][]byte { return zlibFrames(t, msgs, true) }},
		{CompressZstd, func() [][]byte { return zstdFrames(t, msgs) }},
		{CompressNone, func() [][]byte { return msgs }},
	}
	for _, tc := range cases {
		t.Run(string(tc.c), func(t *testing.T) {
			c, _, _ := strings.Cut(string(tc.c), " ")
			inf, err := newInflater(Compression(c), 64<<20, DefaultMaxZstdWindow)
			assert.Success(t, err)
			defer inf.close()
			frames := tc.frames()
			// Two connections in a row: the decoder is reset and reused.
			for conn := range 2 {
				got := collect(t, inf, frames)
				assert.Equal(t, fmt.Sprint("connection ", conn, " messages"), len(got), len(msgs))
				for i := range msgs {
					if !bytes.Equal(got[i], msgs[i]) {
						t.Fatalf("connection %d message %d differs (len %d vs %d)", conn, i, len(got[i]), len(msgs[i]))
					}
				}
				inf.reset()
			}
		})
	}
}

func TestInflateRejectsBadInput(t *testing.T) {
	msgs := testMessages(5)
	zl := zlibFrames(t, msgs, false)
	zs := zstdFrames(t, msgs)
	cases := []struct {
		name   string
		c      Compression
		frames [][]byte
	}{
		{"zlib bad header", CompressZlib, [][]byte{append([]byte{0x12, 0x34, 0x56}, zlibSuffix...)}},
		{"zlib truncated", CompressZlib, [][]byte{zl[0], append(bytes.Clone(zl[1][:len(zl[1])/2]), zlibSuffix...)}},
		{"zlib garbage", CompressZlib, [][]byte{zl[0], append([]byte("garbage garbage garbage"), zlibSuffix...)}},
		{"zlib only suffix", CompressZlib, [][]byte{zl[0], zlibSuffix}},
		{"zstd bad magic", CompressZstd, [][]byte{[]byte("not zstd at all")}},
		{"zstd truncated", CompressZstd, [][]byte{zs[0], zs[1][:len(zs[1])/2]}},
		{"zstd garbage", CompressZstd, [][]byte{zs[0], []byte("garbage garbage garbage garbage")}},
		{"zstd empty", CompressZstd, [][]byte{zs[0], {}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inf, err := newInflater(tc.c, 64<<20, DefaultMaxZstdWindow)
			assert.Success(t, err)
			defer inf.close()
			var last error
			for _, f := range tc.frames {
				if _, last = inf.push(f); last != nil {
					break
				}
			}
			assert.ErrorIs(t, last, ErrCompression)
			// After a reset the same inflater decodes a good stream.
			inf.reset()
			good := zl
			if tc.c == CompressZstd {
				good = zs
			}
			assert.Equal(t, "messages after reset", len(collect(t, inf, good)), len(msgs))
		})
	}
}

func TestInflateLimit(t *testing.T) {
	msgs := testMessages(6) // message 5 is ~300 KB
	for _, c := range []Compression{CompressZlib, CompressZstd} {
		inf, err := newInflater(c, 100_000, DefaultMaxZstdWindow)
		assert.Success(t, err)
		frames := zlibFrames(t, msgs, false)
		if c == CompressZstd {
			frames = zstdFrames(t, msgs)
		}
		var last error
		for _, f := range frames {
			if _, last = inf.push(f); last != nil {
				break
			}
		}
		assert.ErrorIs(t, last, ErrCompression)
		assert.Contains(t, last.Error(), "limit")
		inf.close()
	}
	_, err := newInflater("brotli", 1, DefaultMaxZstdWindow)
	assert.Contains(t, err.Error(), `unknown compression "brotli"`)
}

func FuzzInflate(f *testing.F) {
	msgs := testMessages(3)
	for _, fr := range zlibFrames(f, msgs, false) {
		f.Add(fr, true)
	}
	for _, fr := range zstdFrames(f, msgs) {
		f.Add(fr, false)
	}
	f.Fuzz(func(t *testing.T, data []byte, useZlib bool) {
		c := CompressZstd
		if useZlib {
			c = CompressZlib
		}
		inf, err := newInflater(c, 1<<20, DefaultMaxZstdWindow)
		if err != nil {
			t.Fatal(err)
		}
		defer inf.close()
		// Any input: an error or a payload, never a panic or a hang.
		_, _ = inf.push(data)
		_, _ = inf.push(data)
	})
}

// FuzzHandlePayload feeds arbitrary payloads to the reader's payload
// handling: it must return an error or handle them, never panic.
func FuzzHandlePayload(f *testing.F) {
	for _, s := range []string{
		`{"op":0,"s":1,"t":"READY","d":{"session_id":"x","resume_gateway_url":"wss://r"}}`,
		`{"op":0,"s":2,"t":"GUILD_MEMBERS_CHUNK","d":{"nonce":"n","chunk_index":0,"chunk_count":1,"members":[]}}`,
		`{"op":0,"s":3,"t":"RATE_LIMITED","d":{"opcode":8,"retry_after":1.5,"meta":{"nonce":"n"}}}`,
		`{"op":10,"d":{"heartbeat_interval":41250}}`, `{"op":9,"d":false}`, `{"op":7,"d":null}`,
		`{"op":11}`, `{"op":1,"d":null}`, `{"op":0,"s":4,"t":"MESSAGE_CREATE","d":{"id":"1"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := New(&Options{Token: "t", URL: "wss://x", BufferSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		s.waiters["n"] = &memberWaiter{nonce: "n", done: make(chan struct{})}
		s.waiting.Add(1)
		c := &conn{ctx: t.Context(), hello: make(chan time.Duration, 1), hbNow: make(chan struct{}, 1)}
		_ = s.handlePayload(c, data)
		select {
		case e := <-s.events:
			s.decode(e)
		default:
		}
	})
}
