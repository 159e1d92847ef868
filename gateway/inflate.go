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
		return &zstdInflater{dec: d, drain: drain{max: maxSize, chunk: zstdChunk, inert: emptyZstdBlocks}}, nil
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
// sticky io.ErrUnexpectedEOF.

// drain reads one message's output from a stream decoder fed through src:
// it calls Read with at least chunk bytes free (more than the decoder ever
// returns per call) and stops once the message's input is consumed and a Read
// came back short. That keeps the decoder inside the message as long as each
// Read that consumes input also returns output. When a Read finds only input
// that produces nothing (flate: an end-of-block code and an empty stored
// block after a window flush already handed out everything), the decoder
// walks on into the next block header and fails; run reports that case as
// starved so the caller can decide whether the stream may go on.
type drain struct {
	src   bytes.Reader
	out   []byte
	max   int // largest payload accepted
	chunk int // free space offered per Read
	// inert, if set, reports that the rest of a message, found after a
	// short Read, is input the decoder may skip: it changes nothing.
	inert func(rest []byte) bool
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

// run decodes in, one message, and returns its output. starved reports that
// the message produced output, and that the decoder then consumed the rest
// of in without producing more and failed asking for input beyond the
// message: out holds the output; the decoder is dead until reset. (A message
// that is corrupt in just this way is then not reported as an error; its
// output, or the next message's, is garbage that the payload decoding
// rejects. zlib-stream has no checksum to tell better; TLS guards the bytes.)
func (d *drain) run(r io.Reader, in []byte) (out []byte, starved bool, err error) {
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
			if err == io.ErrUnexpectedEOF && n == 0 && d.src.Len() == 0 && len(d.out) > 0 {
				return d.out, true, nil
			}
			if err == io.EOF {
				err = errors.New("the stream ended")
			}
			return nil, false, fmt.Errorf("%w: %w (after %d of %d input bytes)", ErrCompression, err, len(in)-d.src.Len(), len(in))
		}
		if len(d.out) > d.max {
			return nil, false, fmt.Errorf("%w: message inflates past the %d-byte limit", ErrCompression, d.max)
		}
		if n < len(free) && (d.src.Len() == 0 || n > 0 && d.inert != nil && d.inert(in[len(in)-d.src.Len():])) {
			return d.out, false, nil
		}
		if n == 0 {
			// Decoders always make progress; guard against spinning anyway.
			if stalls++; stalls > 3 {
				return nil, false, fmt.Errorf("%w: decoder made no progress", ErrCompression)
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
//
// Every message ends with a sync flush, after which the deflate stream is at
// a block boundary, byte aligned, and its whole state is the last 32 KiB of
// output. flate's Read stops at the flush's empty stored block only if that
// block has output to hand out; when a window flush already handed out the
// message's last byte, Read reads the empty block and goes on to ask for the
// next block header, past the message (drain's starved case). The inflater
// keeps its own copy of the last window of output, so it can then restart
// the reader at that boundary with the window as its dictionary: the stream
// goes on exactly as if the reader had stopped by itself.
type zlibInflater struct {
	drain
	fr      io.ReadCloser // flate reader, reused across connections
	pending []byte        // frames of a message that is not complete yet
	started bool          // the 2-byte zlib header was consumed
	window  history       // the last flateWindow bytes of output
}

// flateWindow is the deflate window: back-references reach this far.
const flateWindow = 32 << 10

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
		z.window.clear()
		z.src.Reset(nil)
		if z.fr == nil {
			z.fr = flate.NewReader(&z.src)
		} else if err := z.fr.(flate.Resetter).Reset(&z.src, nil); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCompression, err)
		}
	}
	out, starved, err := z.run(z.fr, in)
	if err != nil {
		return nil, err
	}
	z.window.add(out)
	if starved {
		// The reader stopped at the sync flush's block boundary (see the
		// type's comment); restart it there with the window it had.
		if err := z.fr.(flate.Resetter).Reset(&z.src, z.window.linear()); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCompression, err)
		}
	}
	return out, nil
}

func (z *zlibInflater) reset() {
	z.started = false
	z.pending = z.pending[:0]
	if cap(z.pending) > keepCap {
		z.pending = nil
	}
	z.window.clear()
	z.shrink()
}

func (z *zlibInflater) close() {
	if z.fr != nil {
		z.fr.Close()
	}
}

// history is a ring holding the last flateWindow bytes written to it. The
// zero value is empty; its buffer is allocated on first use and kept.
type history struct {
	buf []byte // len flateWindow once allocated
	pos int    // where the next byte goes
	n   int    // valid bytes, at most flateWindow
}

func (h *history) add(p []byte) {
	if len(p) == 0 {
		return
	}
	if h.buf == nil {
		h.buf = make([]byte, flateWindow)
	}
	if len(p) >= flateWindow {
		copy(h.buf, p[len(p)-flateWindow:])
		h.pos, h.n = 0, flateWindow
		return
	}
	c := copy(h.buf[h.pos:], p)
	copy(h.buf, p[c:])
	h.pos = (h.pos + len(p)) % flateWindow
	h.n = min(flateWindow, h.n+len(p))
}

// linear returns the held bytes oldest first in a new slice (the rare
// restart path is the only caller).
func (h *history) linear() []byte {
	out := make([]byte, 0, h.n)
	if h.n < flateWindow {
		return append(out, h.buf[:h.n]...) // not wrapped yet: pos == n
	}
	return append(append(out, h.buf[h.pos:]...), h.buf[:h.pos]...)
}

func (h *history) clear() { h.pos, h.n = 0, 0 }

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
	out, starved, err := z.run(z.dec, msg)
	if starved {
		// A block that decodes to nothing yet is not inert (a compressed
		// one) ends the message: the decoder went past it, and its state
		// cannot be rebuilt here, so the stream cannot go on.
		return nil, fmt.Errorf("%w: %w (a block without output ends the message)", ErrCompression, io.ErrUnexpectedEOF)
	}
	return out, err
}

// emptyZstdBlocks reports whether rest holds nothing but empty raw or RLE
// blocks that do not end the frame (RFC 8878 3.1.1.2). The zstd decoder
// would read through them to the next block header, past the message; they
// carry no data and leave the decoder's state as it is, so they are skipped.
// The decoder stops after whole blocks, so rest starts at a block header.
func emptyZstdBlocks(rest []byte) bool {
	if len(rest) == 0 {
		return false
	}
	for len(rest) > 0 {
		if len(rest) < 3 {
			return false
		}
		h := uint32(rest[0]) | uint32(rest[1])<<8 | uint32(rest[2])<<16
		last, typ, size := h&1, h>>1&3, h>>3
		if last != 0 || size != 0 {
			return false
		}
		switch typ {
		case 0: // raw: no content
			rest = rest[3:]
		case 1: // RLE: one byte, repeated zero times
			if len(rest) < 4 {
				return false
			}
			rest = rest[4:]
		default:
			return false
		}
	}
	return true
}

func (z *zstdInflater) reset() {
	z.started = false
	z.shrink()
	// Drop the reference to the old stream and its window.
	_ = z.dec.Reset(nil)
}

func (z *zstdInflater) close() { z.dec.Close() }
