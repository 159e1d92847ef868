package discordtest

import (
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestStampIsArrivalNotRead: the stamp of bytes read late is when they
// arrived, before the read began; a second write gets a later stamp.
func TestStampIsArrivalNotRead(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sl := stampedListener{l}
	cli, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	srv, err := sl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st, ok := srv.(rxStamper)
	if !ok {
		t.Fatalf("accepted %T, not a stamping connection", srv)
	}
	if _, ok := st.lastRx(); ok {
		t.Fatal("a stamp before anything was read")
	}
	buf := make([]byte, 64)
	// The kernel stamps only while some socket of the system asks for it,
	// and turns stamping on and off a little after (a deferred static key),
	// so a read may come without a stamp: the fake then uses its clock.
	// Every stamp that comes must date the arrival.
	checked := 0
	for i := 0; checked < 5; i++ {
		if i == 10_000 {
			t.Fatalf("%d reads, %d with a receive stamp", i, checked)
		}
		before := time.Now()
		if _, err := cli.Write([]byte("hello")); err != nil {
			t.Fatal(err)
		}
		waitReadable(t, srv.(*stampConn))
		readAt := time.Now()
		n, err := srv.Read(buf)
		if err != nil || string(buf[:n]) != "hello" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
		at, ok := st.lastRx()
		if !ok {
			continue
		}
		checked++
		// The wall clock may step; compare with a millisecond of slack.
		if at.Before(before.Add(-time.Millisecond)) || at.After(readAt) {
			t.Fatalf("write %d: stamp %v not between the write (%v) and the read's start (%v)", i, at, before, readAt)
		}
	}
	if _, err := srv.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	cli.Close()
	if n, err := srv.Read(buf); n != 1 && err == nil {
		t.Fatalf("read after the peer closed: %d, %v", n, err)
	}
}

// waitReadable spins until the kernel holds received bytes for c (SIOCINQ),
// so the read that follows starts after their arrival.
func waitReadable(t *testing.T, c *stampConn) {
	t.Helper()
	const siocinq = 0x541B
	for range 1_000_000 {
		var n int32
		var errno syscall.Errno
		if err := c.rc.Control(func(fd uintptr) {
			_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, siocinq, uintptr(unsafe.Pointer(&n)))
		}); err != nil || errno != 0 {
			t.Fatalf("ioctl: %v %v", err, errno)
		}
		if n > 0 {
			return
		}
		runtime.Gosched()
	}
	t.Fatal("the bytes written never arrived")
}
