package gateway

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

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

// ErrZstdWindow is wrapped by the error Run returns when Discord's
// zstd-stream declares a window above Options.MaxZstdWindow. The session
// does not reconnect: every new stream would declare the same. The error
// names the cap and the window declared.
var ErrZstdWindow = errors.New("gateway: zstd-stream window above Options.MaxZstdWindow")

// DefaultMaxZstdWindow is the default of Options.MaxZstdWindow: twice the
// 2 MiB window libzstd declares for a stream at its default level. A zstd
// decoder keeps up to one window of history per connection, so the cap
// bounds the memory of each zstd-stream shard.
const DefaultMaxZstdWindow = 4 << 20

// minZstdWindow is the smallest window a zstd frame can declare (RFC 8878).
const minZstdWindow = 1 << 10

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
	// release hands the last payload's buffer back to the shared pool; the
	// payload must not be used after. An idle connection holds no output
	// buffer between messages.
	release()
	// reset starts a new stream (a new connection) and drops big buffers.
	reset()
	// close releases the decoder.
	close()
}

// newInflater returns the inflater of c; maxSize bounds one payload and
// maxWindow the zstd window accepted.
func newInflater(c Compression, maxSize, maxWindow int) (inflater, error) {
	switch c {
	case CompressNone:
		return plainInflater{}, nil
	case CompressZlib:
		return &zlibInflater{drain: drain{max: maxSize, chunk: flateChunk, pool: &flatePool}}, nil
	case CompressZstd:
		d, err := zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(1), // synchronous: no goroutines
			zstd.WithDecoderLowmem(true),
			// Bounds the window a server may declare (the decoder's own
			// check, behind the one on the first frame header in push);
			// payload size is bounded by drain.
			zstd.WithDecoderMaxWindow(uint64(maxWindow)),
			zstd.WithDecoderMaxMemory(uint64(maxWindow)))
		if err != nil {
			return nil, fmt.Errorf("gateway: zstd decoder: %w", err)
		}
		return &zstdInflater{dec: d, maxWindow: maxWindow,
			drain: drain{max: maxSize, chunk: zstdChunk, inert: emptyZstdBlocks, pool: &zstdPool}}, nil
	}
	return nil, fmt.Errorf("gateway: unknown compression %q (want %q, %q or %q)", c, CompressZstd, CompressZlib, CompressNone)
}

type plainInflater struct{}

func (plainInflater) push(msg []byte) ([]byte, error) { return msg, nil }
func (plainInflater) release()                        {}
func (plainInflater) reset()                          {}
func (plainInflater) close()                          {}

// Buffer pools: read loops and inflaters take a buffer when a message
// arrives and give it back once the message is handled, so thousands of
// idle shards hold none. They are shared by every session of the process,
// one pool per use so that each keeps buffers of its own size (a read
// buffer is as big as the messages; an inflater's output buffer has at
// least its decoder's chunk free). Buffers above keepCap are not kept (one
// large GUILD_CREATE must not pin megabytes).
var (
	readPool  sync.Pool // of *[]byte
	flatePool sync.Pool
	zstdPool  sync.Pool
)

func getBuf(p *sync.Pool) *[]byte {
	if b, ok := p.Get().(*[]byte); ok {
		return b
	}
	return new([]byte)
}

func putBuf(p *sync.Pool, b *[]byte) {
	if b == nil || cap(*b) > keepCap {
		return
	}
	*b = (*b)[:0]
	p.Put(b)
}

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
	pool  *sync.Pool
	buf   *[]byte // from pool while a message is being handled; else nil
	out   []byte  // the last message's output, in *buf
	max   int     // largest payload accepted
	chunk int     // free space offered per Read
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
	if d.buf == nil {
		d.buf = getBuf(d.pool)
	}
	d.out = (*d.buf)[:0]
	defer func() { *d.buf = d.out[:0] }() // keep what it grew to
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

// release gives the output buffer back to the pool.
func (d *drain) release() {
	putBuf(d.pool, d.buf)
	d.buf, d.out = nil, nil
}

func (d *drain) shrink() {
	d.release()
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
// then restarts the reader at that boundary with the window it had as its
// dictionary: the stream goes on exactly as if the reader had stopped by
// itself. The window is read from the reader's own history buffer (hist, see
// histOf), which the failed read leaves intact, so no second copy of the
// last 32 KiB is kept: an idle connection holds flate's window and nothing
// more.
type zlibInflater struct {
	drain
	fr      io.ReadCloser // flate reader, reused across connections
	hist    []byte        // fr's own window buffer (histOf); nil if not found
	pos     int           // where fr writes its next output byte in hist
	full    bool          // hist has wrapped: all of it is history
	pending []byte        // frames of a message that is not complete yet
	started bool          // the 2-byte zlib header was consumed
}

// flateWindow is the deflate window: back-references reach this far.
const flateWindow = 32 << 10

// histOf returns the window buffer of a klauspost flate reader: it inflates
// a one-byte stored block and keeps the slice WriteTo hands out, which
// aliases the reader's history from its start to its full capacity. Reset
// keeps that buffer; the reader writes its output into it as a ring, and
// zlibInflater tracks where (pos, full). It returns nil if the reader does
// not behave that way (another version): the rare restart path then fails
// with ErrCompression, and the session reconnects.
func histOf(fr io.ReadCloser, src *bytes.Reader) []byte {
	wt, ok := fr.(io.WriterTo)
	if !ok {
		return nil
	}
	src.Reset([]byte{0x01, 0x01, 0x00, 0xfe, 0xff, 'h'}) // final stored block "h"
	if err := fr.(flate.Resetter).Reset(src, nil); err != nil {
		return nil
	}
	var c histCatcher
	if _, err := wt.WriteTo(&c); err != nil || len(c.first) != 1 || c.first[0] != 'h' || cap(c.first) != flateWindow {
		return nil
	}
	return c.first[:flateWindow]
}

type histCatcher struct{ first []byte }

func (c *histCatcher) Write(p []byte) (int, error) {
	if c.first == nil {
		c.first = p
	}
	return len(p), nil
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
		z.pos, z.full = 0, false
		if z.fr == nil {
			z.fr = flate.NewReader(&z.src)
			z.hist = histOf(z.fr, &z.src)
		}
		z.src.Reset(nil)
		if err := z.fr.(flate.Resetter).Reset(&z.src, nil); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCompression, err)
		}
	}
	out, starved, err := z.run(z.fr, in)
	if err != nil {
		return nil, err
	}
	z.full = z.full || z.pos+len(out) >= flateWindow
	z.pos = (z.pos + len(out)) % flateWindow
	if starved {
		// The reader stopped at the sync flush's block boundary (see the
		// type's comment); restart it there with the window it had.
		if err := z.restart(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// restart resets the reader after the starved case, with its own history as
// the dictionary, in stream order.
func (z *zlibInflater) restart() error {
	if z.hist == nil {
		return fmt.Errorf("%w: the flate reader stopped past a sync flush and its window is not reachable", ErrCompression)
	}
	var dict []byte
	switch {
	case !z.full:
		dict = z.hist[:z.pos]
	case z.pos == 0:
		dict = z.hist // already oldest first; Reset copies it onto itself
	default:
		tmp := getBuf(&flatePool)
		defer putBuf(&flatePool, tmp)
		dict = append(append((*tmp)[:0], z.hist[z.pos:]...), z.hist[:z.pos]...)
		*tmp = dict
	}
	if err := z.fr.(flate.Resetter).Reset(&z.src, dict); err != nil {
		return fmt.Errorf("%w: %w", ErrCompression, err)
	}
	// The reader now holds dict and writes after it.
	z.pos, z.full = len(dict)%flateWindow, len(dict) == flateWindow
	return nil
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
	dec       *zstd.Decoder
	maxWindow int
	started   bool
}

func (z *zstdInflater) push(msg []byte) ([]byte, error) {
	if !z.started {
		if w, ok := zstdFrameWindow(msg); ok && w > uint64(z.maxWindow) {
			return nil, z.windowError(w)
		}
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

// windowError reports a declared window above the cap. (A frame declared
// later in the stream, past the cap, fails in the decoder: a corrupt stream,
// and the session reconnects; the new stream's header is checked here.)
func (z *zstdInflater) windowError(declared uint64) error {
	return fmt.Errorf("%w: Discord's stream declares a %d-byte window; Options.MaxZstdWindow is %d bytes (raise it, or use %s)",
		ErrZstdWindow, declared, z.maxWindow, CompressZlib)
}

// zstdFrameWindow returns the window a zstd frame header at the start of b
// declares (RFC 8878 3.1.1.1.2), if b starts with one.
func zstdFrameWindow(b []byte) (uint64, bool) {
	if len(b) < 6 || b[0] != 0x28 || b[1] != 0xb5 || b[2] != 0x2f || b[3] != 0xfd {
		return 0, false
	}
	fhd := b[4]
	if fhd&0x20 == 0 { // not single segment: a window descriptor follows
		wd := b[5]
		base := uint64(1) << (10 + wd>>3)
		return base + base/8*uint64(wd&7), true
	}
	// Single segment: the window is the frame content size.
	pos := 5 + [4]int{0, 1, 2, 4}[fhd&3] // after the dictionary id
	size := [4]int{1, 2, 4, 8}[fhd>>6]
	if len(b) < pos+size {
		return 0, false
	}
	var v uint64
	for i := size - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[pos+i])
	}
	if size == 2 {
		v += 256
	}
	return v, true
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
