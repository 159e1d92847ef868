package gateway

import (
	"bytes"
	stdzlib "compress/zlib"
	"io"
	"testing"

	"github.com/scurrygo/scurry/internal/assert"
)

// Between messages a zlib inflater holds flate's own window and nothing
// more: it finds that window inside the reader (histOf) instead of keeping a
// copy, and its output buffer goes back to the pool on release.
func TestZlibInflaterIdleHoldsOnlyTheWindow(t *testing.T) {
	msgs := [][]byte{bytes.Repeat([]byte("x"), flateWindow), []byte(`{"op":11}`)}
	chunks := streamChunks(t, func(w io.Writer) flushWriter { return stdzlib.NewWriter(w) }, msgs)
	inf, err := newInflater(CompressZlib, DefaultMaxMessageSize, DefaultMaxZstdWindow)
	assert.Success(t, err)
	defer inf.close()
	z := inf.(*zlibInflater)
	for i, c := range chunks {
		p, err := inf.push(c)
		assert.Success(t, err)
		assert.Equal(t, "payload", string(p), string(msgs[i]))
		inf.release()
		if z.buf != nil || z.out != nil {
			t.Fatalf("message %d: the output buffer is still held after release", i)
		}
	}
	if len(z.hist) != flateWindow {
		t.Fatalf("the flate reader's window was not found (len %d): the starved restart cannot work", len(z.hist))
	}
	// The first message ended on the window boundary: the reader starved
	// and restarted from its own window, and the second decoded after it.
	assert.Equal(t, "position", z.pos, len(msgs[1]))
	assert.Equal(t, "full", z.full, true)
}

func TestZstdFrameWindow(t *testing.T) {
	magic := []byte{0x28, 0xb5, 0x2f, 0xfd}
	for _, tc := range []struct {
		hdr  []byte
		want uint64
		ok   bool
	}{
		{[]byte{0x00, 0x40}, 256 << 10, true},           // exponent 8: 2^18
		{[]byte{0x00, 0x58}, 2 << 20, true},             // exponent 11: 2 MiB (libzstd level 3)
		{[]byte{0x00, 0x5b}, 2<<20 + 3*(2<<20)/8, true}, // mantissa 3
		{[]byte{0x20, 0x10}, 0x10, true},                // single segment, 1-byte size
		{[]byte{0x60, 0x00, 0x01}, 256 + 256, true},     // single segment, 2-byte size (+256)
		{[]byte{0xa0, 0x00, 0x00}, 0, false},            // 4-byte size cut short
	} {
		got, ok := zstdFrameWindow(append(append([]byte{}, magic...), tc.hdr...))
		if got != tc.want || ok != tc.ok {
			t.Errorf("header % x: %d, %v; want %d, %v", tc.hdr, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := zstdFrameWindow([]byte(`{"op":10}`)); ok {
		t.Error("not a zstd frame, but a window was read")
	}
}
