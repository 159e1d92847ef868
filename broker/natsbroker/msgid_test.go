package natsbroker

import "testing"

// The worker reads the shard and the sequence back from the message id the
// publisher wrote, and refuses ids of any other shape.
func TestMsgIDRoundTrip(t *testing.T) {
	for _, c := range []struct {
		shard   int
		session string
		seq     int64
	}{{0, "abc", 1}, {63, "", 0}, {7, "a/b", 1 << 40}} {
		id := msgID(c.shard, c.session, c.seq)
		shard, seq, ok := parseMsgID(id)
		if !ok || shard != c.shard || seq != c.seq {
			t.Errorf("parseMsgID(%q) = %d, %d, %v; want %d, %d, true", id, shard, seq, ok, c.shard, c.seq)
		}
	}
	for _, id := range []string{"", "7", "7/abc", "x/abc/1", "-1/abc/1", "1/abc/-2", "1/abc/x", "1/abc/"} {
		if _, _, ok := parseMsgID(id); ok {
			t.Errorf("parseMsgID(%q) accepted", id)
		}
	}
}
