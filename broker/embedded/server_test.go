package embedded

import (
	"errors"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func TestStartPublishConsumeRestart(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := Connect(s.ClientURL(), "test")
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}, Storage: jetstream.FileStorage}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, "t.a", []byte("one")); err != nil {
		t.Fatal(err)
	}
	nc.Close()
	s.Close()
	s.Close() // idempotent
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("a given store directory must be kept: %v", err)
	}

	// A restart on the same directory finds the stream and its message.
	s2, err := Start(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	nc2, err := Connect(s2.ClientURL(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc2.Close()
	js2, _ := jetstream.New(nc2)
	st, err := js2.Stream(ctx, "T")
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.GetMsg(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(m.Data) != "one" {
		t.Fatalf("after restart: %q", m.Data)
	}
}

func TestTempDirRemoved(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	s.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("temporary store %s not removed: %v", dir, err)
	}
}

func TestConnectUnreachableNamesURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "nats://" + l.Addr().String()
	l.Close() // nothing listens there now
	_, err = Connect(url, "test", nats.MaxReconnects(0))
	if err == nil {
		t.Fatal("connected to a closed port")
	}
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), url) {
		t.Fatalf("error %q should name %s and match ErrUnreachable", err, url)
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{{Port: -1}, {Port: 70000}, {MaxStore: -5}, {MaxPayload: -1}} {
		if _, err := Start(o); err == nil {
			t.Errorf("Start(%+v) accepted", o)
		}
	}
}

// MaxPayload reaches the server: clients learn it and larger messages are
// refused; the default stays 8 MiB.
func TestMaxPayload(t *testing.T) {
	for _, c := range []struct {
		set  int32
		want int64
	}{{0, 8 << 20}, {64 << 10, 64 << 10}} {
		s, err := Start(Options{MaxPayload: c.set})
		if err != nil {
			t.Fatal(err)
		}
		nc, err := Connect(s.ClientURL(), "test")
		if err != nil {
			t.Fatal(err)
		}
		if got := nc.MaxPayload(); got != c.want {
			t.Errorf("MaxPayload %d: client sees %d, want %d", c.set, got, c.want)
		}
		if err := nc.Publish("x", make([]byte, c.want+1)); !errors.Is(err, nats.ErrMaxPayload) {
			t.Errorf("MaxPayload %d: a larger message gave %v", c.set, err)
		}
		nc.Close()
		s.Close()
	}
}
