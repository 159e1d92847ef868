package natsbroker

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/broker/embedded"
)

// testStream starts an embedded NATS server (file store in a temporary
// directory) for the test and returns the stream o describes on a new
// connection; both are closed when the test ends.
func testStream(t *testing.T, o StreamOptions) *Stream {
	t.Helper()
	return testStreamServer(t, o, embedded.Options{})
}

// testStreamServer is testStream with the server's options (Dir is set).
func testStreamServer(t *testing.T, o StreamOptions, so embedded.Options) *Stream {
	t.Helper()
	so.Dir = t.TempDir()
	srv, err := embedded.Start(so)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	nc, err := embedded.Connect(srv.ClientURL(), t.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := EnsureStream(t.Context(), js, o)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
