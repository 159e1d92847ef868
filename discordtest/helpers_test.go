package discordtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/go-json-experiment/json"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"

	"github.com/scurrygo/scurry/discord"
)

// rawConn is a deliberately naive gateway client written from the protocol
// reference, so the fake is tested against the reference, not against
// scurry's own gateway package.
type rawConn struct {
	tb       testing.TB
	ws       *websocket.Conn
	compress string
	stream   []byte // every compressed byte received
	out      int    // decompressed bytes already returned
}

func dialRaw(tb testing.TB, s *Server, url string) *rawConn {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: s.Client()})
	if err != nil {
		tb.Fatalf("dial %s: %v", url, err)
	}
	ws.SetReadLimit(64 << 20)
	c := &rawConn{tb: tb, ws: ws}
	switch {
	case bytes.Contains([]byte(url), []byte("zlib-stream")):
		c.compress = CompressZlib
	case bytes.Contains([]byte(url), []byte("zstd-stream")):
		c.compress = CompressZstd
	}
	tb.Cleanup(func() { ws.CloseNow() })
	return c
}

func gw(s *Server, query string) string { return s.GatewayURL() + "?v=10&encoding=json" + query }

// next reads one payload; it returns an error for a close or a read failure.
func (c *rawConn) next() (discord.Payload, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	typ, data, err := c.ws.Read(ctx)
	if err != nil {
		return discord.Payload{}, nil, err
	}
	if c.compress != "" {
		if typ != websocket.MessageBinary {
			return discord.Payload{}, nil, errors.New("compressed connection sent a text frame")
		}
		if data, err = c.inflate(data); err != nil {
			return discord.Payload{}, nil, err
		}
	}
	p, err := discord.ScanPayload(data)
	return p, data, err
}

// inflate decodes the whole stream so far and returns the new bytes: slow
// but obviously right.
func (c *rawConn) inflate(msg []byte) ([]byte, error) {
	if c.compress == CompressZlib && !bytes.HasSuffix(msg, []byte{0, 0, 0xff, 0xff}) {
		return nil, errors.New("zlib-stream message does not end with 00 00 FF FF")
	}
	c.stream = append(c.stream, msg...)
	var r io.Reader
	var err error
	if c.compress == CompressZlib {
		r, err = zlib.NewReader(bytes.NewReader(c.stream))
	} else {
		var d *zstd.Decoder
		d, err = zstd.NewReader(bytes.NewReader(c.stream), zstd.WithDecoderConcurrency(1))
		if d != nil {
			defer d.Close()
		}
		r = d
	}
	if err != nil {
		return nil, err
	}
	all, err := io.ReadAll(r)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	out := all[c.out:]
	c.out = len(all)
	return out, nil
}

func (c *rawConn) read() discord.Payload {
	c.tb.Helper()
	p, _, err := c.next()
	if err != nil {
		c.tb.Fatalf("read: %v", err)
	}
	return p
}

// readDispatch reads until a dispatch named t arrives, failing on a close.
func (c *rawConn) readDispatch(t string) discord.Payload {
	c.tb.Helper()
	for {
		p := c.read()
		if p.Op == discord.OpDispatch && p.T == t {
			return p
		}
	}
}

func (c *rawConn) send(op discord.Opcode, d any) {
	c.tb.Helper()
	raw, err := json.Marshal(d)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.sendRaw(discord.AppendPayload(nil, op, raw))
}

func (c *rawConn) sendRaw(b []byte) {
	c.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, b); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

// expectClose reads until the server closes and checks the code.
func (c *rawConn) expectClose(code int) {
	c.tb.Helper()
	for {
		_, _, err := c.next()
		if err == nil {
			continue
		}
		if got := int(websocket.CloseStatus(err)); got != code {
			c.tb.Fatalf("closed with %d (%v), want %d", got, err, code)
		}
		return
	}
}

func identify(s *Server, intents discord.Intents, shard *[2]int) map[string]any {
	d := map[string]any{"token": s.Token(), "intents": int64(intents),
		"properties": map[string]string{"os": "linux", "browser": "raw", "device": "raw"}}
	if shard != nil {
		d["shard"] = shard[:]
	}
	return d
}

// ready dials, reads HELLO, identifies and reads READY; it returns the
// connection and READY's d.
func ready(tb testing.TB, s *Server, query string, intents discord.Intents, shard *[2]int) (*rawConn, readyWire) {
	tb.Helper()
	c := dialRaw(tb, s, gw(s, query))
	if p := c.read(); p.Op != discord.OpHello {
		tb.Fatalf("first payload op %d, want HELLO", p.Op)
	}
	c.send(discord.OpIdentify, identify(s, intents, shard))
	p := c.readDispatch("READY")
	var r readyWire
	if err := json.Unmarshal(p.D, &r); err != nil {
		tb.Fatal(err)
	}
	if p.S != 1 {
		tb.Fatalf("READY seq %d, want 1", p.S)
	}
	return c, r
}

type readyWire struct {
	V                int    `json:"v"`
	SessionID        string `json:"session_id"`
	ResumeGatewayURL string `json:"resume_gateway_url"`
	Shard            [2]int `json:"shard"`
	User             struct {
		ID  discord.Snowflake `json:"id"`
		Bot bool              `json:"bot"`
	} `json:"user"`
	Guilds []struct {
		ID          discord.Snowflake `json:"id"`
		Unavailable bool              `json:"unavailable"`
	} `json:"guilds"`
	Application struct {
		ID discord.Snowflake `json:"id"`
	} `json:"application"`
}

func bg(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	tb.Cleanup(cancel)
	return ctx
}
