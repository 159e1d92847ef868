package gateway

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
)

// Compression is the transport compression a session asks for (reference 2.13).
type Compression string

// Transport compressions. zstd-stream is about 3x cheaper to decode than
// zlib-stream but keeps a window of up to a few MiB per connection, so for
// thousands of shards in one process zlib-stream is lighter on memory.
const (
	CompressZstd Compression = "zstd-stream"
	CompressZlib Compression = "zlib-stream"
	CompressNone Compression = "none"
)

// ErrCompression is wrapped by every error from decompressing the gateway
// stream; the session reconnects (resuming) when it sees one.
var ErrCompression = errors.New("gateway: bad compressed stream")

// maxZstdWindow is the largest zstd window accepted (Discord's is ~2 MiB).
const maxZstdWindow = 32 << 20

// zlibSuffix ends every zlib-stream message (the Z_SYNC_FLUSH marker).
var zlibSuffix = []byte{0x00, 0x00, 0xff, 0xff}

// inflater turns websocket messages into gateway payloads. One inflater
// serves one connection at a time; reset prepares it for the next. It is not
// safe for concurrent use (only the reader goroutine touches it).
type inflater interface {
	// push takes one websocket message. It returns a complete payload, or
	// nil if more messages are needed. The payload is valid until the next
	// push. After an error the stream is dead until reset.
	push(msg []byte) ([]byte, error)
	// reset starts a new stream (a new connection) and drops big buffers.
	reset()
	// close releases the decoder.
	close()
}

func newInflater(c Compression, maxSize int) (inflater, error) {
	switch c {
	case CompressNone:
		return plainInflater{}, nil
	case CompressZlib:
		return &zlibInflater{drain: drain{max: maxSize, chunk: flateChunk}}, nil
	case CompressZstd:
		d, err := zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(1), // synchronous: no goroutines
			// Bounds the window a server may declare; payload size is
			// bounded by drain.
			zstd.WithDecoderMaxWindow(maxZstdWindow),
			zstd.WithDecoderMaxMemory(maxZstdWindow))
		if err != nil {
			return nil, fmt.Errorf("gateway: zstd decoder: %w", err)
		}
		return &zstdInflater{dec: d, drain: drain{max: maxSize, chunk: zstdChunk}}, nil
	}
	return nil, fmt.Errorf("gateway: unknown compression %q (want %q, %q or %q)", c, CompressZstd, CompressZlib, CompressNone)
}

type plainInflater struct{}

func (plainInflater) push(msg []byte) ([]byte, error) { return msg, nil }
func (plainInflater) reset()                          {}
func (plainInflater) close()                          {}

// Each decoder reads from a *bytes.Reader reset to one message's bytes. It
// implements io.ByteReader, so flate reads it directly (through its fastest
// path) instead of through a read-ahead bufio.Reader, and it has no Bytes
// method, so zstd does not mistake it for a whole in-memory stream. When a
// message runs out the reader answers io.EOF, which the decoders turn into a
// sticky io.ErrUnexpectedEOF: they only ask for more than the message holds
// when it is truncated or corrupt.

// drain reads one message's output from a stream decoder fed through src:
// it calls Read with at least chunk bytes free (more than the decoder ever
// returns per call) and stops once the message's input is consumed and a Read
// came back short, so the decoder never asks for input beyond the message.
type drain struct {
	src   bytes.Reader
	out   []byte
	max   int // largest payload accepted
	chunk int // free space offered per Read
}

// Free space offered per Read: more than a decoder returns in one call
// (flate: one 32 KiB window flush; zstd: one block of at most 128 KiB), so a
// short Read means the decoder had nothing more to give from its input.
const (
	flateChunk = 32<<10 + 512
	zstdChunk  = 128<<10 + 512
)

// keepCap bounds the output buffer kept between messages, so that one large
// GUILD_CREATE does not pin megabytes on an idle connection.
const keepCap = 160 << 10

func (d *drain) run(r io.Reader, in []byte) ([]byte, error) {
	d.src.Reset(in)
	if cap(d.out) > keepCap {
		d.out = nil // the last message was big; do not keep its buffer
	}
	d.out = d.out[:0]
	stalls := 0
	for {
		if cap(d.out)-len(d.out) < d.chunk {
			d.out = append(d.out[:cap(d.out)], make([]byte, d.chunk)...)[:len(d.out)]
		}
		free := d.out[len(d.out):cap(d.out)]
		n, err := r.Read(free)
		d.out = d.out[:len(d.out)+n]
		if err != nil {
			if err == io.EOF {
				err = errors.New("the stream ended")
			}
			return nil, fmt.Errorf("%w: %w (after %d of %d input bytes)", ErrCompression, err, len(in)-d.src.Len(), len(in))
		}
		if len(d.out) > d.max {
			return nil, fmt.Errorf("%w: message inflates past the %d-byte limit", ErrCompression, d.max)
		}
		if d.src.Len() == 0 && n < len(free) {
			return d.out, nil
		}
		if n == 0 {
			// Decoders always make progress; guard against spinning anyway.
			if stalls++; stalls > 3 {
				return nil, fmt.Errorf("%w: decoder made no progress", ErrCompression)
			}
		} else {
			stalls = 0
		}
	}
}

func (d *drain) shrink() {
	if cap(d.out) > keepCap {
		d.out = nil
	}
	d.src.Reset(nil)
}

// zlibInflater implements zlib-stream: one deflate context per connection;
// websocket messages are buffered until one ends with 00 00 FF FF, and then
// exactly those bytes are inflated.
type zlibInflater struct {
	drain
	fr      io.ReadCloser // flate reader, reused across connections
	pending []byte        // frames of a message that is not complete yet
	started bool          // the 2-byte zlib header was consumed
}

func (z *zlibInflater) push(msg []byte) ([]byte, error) {
	in := msg
	if len(z.pending) > 0 || !bytes.HasSuffix(msg, zlibSuffix) {
		if len(z.pending)+len(msg) > z.max {
			return nil, fmt.Errorf("%w: compressed message exceeds %d bytes without a sync flush", ErrCompression, z.max)
		}
		z.pending = append(z.pending, msg...)
		if !bytes.HasSuffix(z.pending, zlibSuffix) {
			return nil, nil
		}
		in = z.pending
	}
	defer func() {
		z.pending = z.pending[:0]
		if cap(z.pending) > keepCap {
			z.pending = nil
		}
	}()
	if !z.started {
		if len(in) < 2 {
			return nil, fmt.Errorf("%w: missing zlib header", ErrCompression)
		}
		cmf, flg := in[0], in[1]
		if cmf&0x0f != 8 || (uint16(cmf)<<8|uint16(flg))%31 != 0 || flg&0x20 != 0 {
			return nil, fmt.Errorf("%w: invalid zlib header % x", ErrCompression, in[:2])
		}
		in = in[2:]
		z.started = true
		z.src.Reset(nil)
		if z.fr == nil {
			z.fr = flate.NewReader(&z.src)
		} else if err := z.fr.(flate.Resetter).Reset(&z.src, nil); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCompression, err)
		}
	}
	return z.run(z.fr, in)
}

func (z *zlibInflater) reset() {
	z.started = false
	z.pending = z.pending[:0]
	if cap(z.pending) > keepCap {
		z.pending = nil
	}
	z.shrink()
}

func (z *zlibInflater) close() {
	if z.fr != nil {
		z.fr.Close()
	}
}

// zstdInflater implements zstd-stream: one zstd stream per connection, each
// websocket message is one gateway payload that ends on a block boundary.
type zstdInflater struct {
	drain
	dec     *zstd.Decoder
	started bool
}

func (z *zstdInflater) push(msg []byte) ([]byte, error) {
	if !z.started {
		z.src.Reset(nil)
		if err := z.dec.Reset(&z.src); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCompression, err)
		}
		z.started = true
	}
	return z.run(z.dec, msg)
}

func (z *zstdInflater) reset() {
	z.started = false
	z.shrink()
	// Drop the reference to the old stream and its window.
	_ = z.dec.Reset(nil)
}

func (z *zstdInflater) close() { z.dec.Close() }
