package gateway_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/gateway"
)

// BenchmarkEndToEnd sends MESSAGE_CREATEs through the fake Discord (which
// compresses and frames them) over an in-memory pipe into a session with a
// no-op handler. The fake's own cost is included.
func BenchmarkEndToEnd(b *testing.B) {
	msg := []byte(`{"type":0,"tts":false,"timestamp":"2026-07-14T13:02:12.171000+00:00","pinned":false,"mentions":[],"mention_roles":[],"mention_everyone":false,"id":"732582723289350144","flags":0,"embeds":[],"edited_timestamp":null,"content":"hello there, this is a fairly ordinary chat message","components":[],"channel_id":"694206416675930115","author":{"id":"206790286683127808","username":"someone","global_name":"Someone","avatar":null,"discriminator":"0","public_flags":0},"attachments":[],"guild_id":"694206416675930112"}`)
	for _, comp := range []gateway.Compression{gateway.CompressZstd, gateway.CompressZlib} {
		for _, typed := range []bool{true, false} {
			name := string(comp) + "/typed"
			if !typed {
				name = string(comp) + "/raw"
			}
			b.Run(name, func(b *testing.B) {
				srv := discordtest.NewServer(b, &discordtest.Options{InMemory: true, ReplayLimit: 100})
				var got atomic.Int64
				want := make(chan struct{}, 1)
				var target atomic.Int64
				opts := &gateway.Options{Token: srv.Token(), URL: srv.GatewayURL(), HTTPClient: srv.Client(), Compression: comp,
					Handler: func(_ context.Context, e gateway.Event) {
						if e.Name == discord.EventMessageCreate {
							if got.Add(1) == target.Load() {
								want <- struct{}{}
							}
						}
					}}
				if !typed {
					opts.Decode = func(string) bool { return false }
				}
				s, err := gateway.New(opts)
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				var wg sync.WaitGroup
				wg.Go(func() { s.Run(ctx) })
				defer func() { cancel(); wg.Wait() }()
				if _, err := srv.WaitLiveConns(ctx, 1); err != nil {
					b.Fatal(err)
				}
				target.Store(int64(b.N))
				b.ReportAllocs()
				b.SetBytes(int64(len(msg)))
				b.ResetTimer()
				for range b.N {
					if err := srv.Dispatch(0, discord.EventMessageCreate, msg); err != nil {
						b.Fatal(err)
					}
				}
				<-want
				b.StopTimer()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

// BenchmarkIdleSessionMemory reports the heap one idle, connected session
// holds: the heap with N sessions connected, minus the heap with N raw
// websocket clients doing the same handshake (which the fake serves at the
// same cost), divided by N.
func BenchmarkIdleSessionMemory(b *testing.B) {
	const n = 20
	for _, comp := range []gateway.Compression{gateway.CompressZstd, gateway.CompressZlib} {
		b.Run(string(comp), func(b *testing.B) {
			var perSession float64
			for b.Loop() {
				raw := heapWith(b, comp, n, false)
				sess := heapWith(b, comp, n, true)
				perSession = float64(sess-raw) / n
			}
			b.ReportMetric(perSession/1024, "KiB/session")
		})
	}
}

// heapWith connects n clients (sessions or raw websockets) to a fresh fake,
// waits until they are ready and returns the live heap.
func heapWith(b *testing.B, comp gateway.Compression, n int, sessions bool) int64 {
	srv, err := discordtest.Start(&discordtest.Options{InMemory: true, ShardCount: n, MaxConcurrency: n, IdentifyWindow: time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	ready := make(chan struct{}, n) // one send per client once it has read READY
	for i := range n {
		if sessions {
			var once sync.Once
			s, err := gateway.New(&gateway.Options{Token: srv.Token(), URL: srv.GatewayURL(), HTTPClient: srv.Client(),
				Compression: comp, Intents: discord.IntentGuilds, ShardID: i, ShardCount: n,
				Handler: func(_ context.Context, e gateway.Event) {
					if e.Name == discord.EventReady {
						once.Do(func() { ready <- struct{}{} })
					}
				}})
			if err != nil {
				b.Fatal(err)
			}
			wg.Go(func() { s.Run(ctx) })
		} else {
			wg.Go(func() { rawClient(ctx, b, srv, comp, i, n, ready) })
		}
	}
	for range n {
		select {
		case <-ready:
		case <-ctx.Done():
			b.Fatal("clients not ready within a minute")
		}
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// rawClient identifies and then reads and discards frames without
// decompressing them; it signals ready once HELLO and READY have arrived.
func rawClient(ctx context.Context, b *testing.B, srv *discordtest.Server, comp gateway.Compression, i, n int, ready chan<- struct{}) {
	u := srv.GatewayURL() + "?v=10&encoding=json&compress=" + string(comp)
	ws, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPClient: srv.Client()})
	if err != nil {
		b.Error(err)
		return
	}
	defer ws.CloseNow()
	ws.SetReadLimit(64 << 20)
	id := fmt.Sprintf(`{"op":2,"d":{"token":%q,"intents":1,"shard":[%d,%d],"properties":{"os":"linux","browser":"raw","device":"raw"}}}`, srv.Token(), i, n)
	if err := ws.Write(ctx, websocket.MessageText, []byte(id)); err != nil {
		b.Error(err)
		return
	}
	buf := make([]byte, 4096)
	for msgs := 0; ; msgs++ {
		if msgs == 2 { // HELLO, then READY (no guilds are seeded)
			ready <- struct{}{}
		}
		_, r, err := ws.Reader(ctx)
		if err != nil {
			return
		}
		for {
			if _, err := r.Read(buf); err != nil {
				break
			}
		}
	}
}
