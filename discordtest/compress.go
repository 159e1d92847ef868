package discordtest

import (
	"bytes"
	"compress/zlib"
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// Transport compression names accepted in the gateway URL's compress parameter.
const (
	CompressNone = ""
	CompressZlib = "zlib-stream"
	CompressZstd = "zstd-stream"
)

// The zlib encoder is the standard library's: unlike klauspost's fast levels it
// keeps matching across sync flushes, as a shared stream should.
//
// compressor turns each outgoing payload into one websocket message. One
// compressor lives as long as its connection: zlib-stream is one deflate
// stream with a sync flush (ending in 00 00 FF FF) after every payload;
// zstd-stream is one zstd stream whose frame is flushed after every payload and
// never ended. Only the connection's writer goroutine uses it.
type compressor interface {
	compress(payload []byte) ([]byte, error)
	close()
}

func newCompressor(name string) (compressor, error) {
	switch name {
	case CompressNone:
		return nil, nil
	case CompressZlib:
		c := &zlibStream{}
		w, err := zlib.NewWriterLevel(&c.buf, zlib.DefaultCompression)
		if err != nil {
			return nil, err
		}
		c.w = w
		return c, nil
	case CompressZstd:
		c := &zstdStream{}
		w, err := zstd.NewWriter(&c.buf,
			zstd.WithEncoderConcurrency(1),
			zstd.WithWindowSize(1<<18),
			zstd.WithLowerEncoderMem(true),
			zstd.WithEncoderLevel(zstd.SpeedFastest))
		if err != nil {
			return nil, err
		}
		c.w = w
		return c, nil
	}
	return nil, fmt.Errorf("unsupported compress %q (want zlib-stream or zstd-stream)", name)
}

type zlibStream struct {
	buf bytes.Buffer
	w   *zlib.Writer
}

func (z *zlibStream) compress(p []byte) ([]byte, error) {
	z.buf.Reset()
	if _, err := z.w.Write(p); err != nil {
		return nil, err
	}
	if err := z.w.Flush(); err != nil {
		return nil, err
	}
	return bytes.Clone(z.buf.Bytes()), nil
}

func (z *zlibStream) close() { z.w.Close() }

type zstdStream struct {
	buf bytes.Buffer
	w   *zstd.Encoder
}

func (z *zstdStream) compress(p []byte) ([]byte, error) {
	z.buf.Reset()
	if _, err := z.w.Write(p); err != nil {
		return nil, err
	}
	if err := z.w.Flush(); err != nil {
		return nil, err
	}
	return bytes.Clone(z.buf.Bytes()), nil
}

func (z *zstdStream) close() { z.w.Close() }
