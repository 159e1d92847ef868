package gateway

import (
	"strconv"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/ratelimit"
)

// heartbeatLoop heartbeats one connection (reference 2.6): the first beat
// after interval*rand[0,1), then one every interval, plus one at once for each
// op 1 from Discord. At each timed beat, if the previous beat got no ACK the
// connection is a zombie and the loop returns ErrZombie, unless the reader is
// held up by a full event buffer (the ACK may be unread behind dispatches).
func (s *Session) heartbeatLoop(c *conn, interval time.Duration) error {
	t := time.NewTimer(time.Duration(s.rnd() * float64(interval)))
	defer t.Stop()
	var stallsAtBeat, framesAtBeat uint64
	for {
		select {
		case <-c.ctx.Done():
			return nil
		case <-c.hbNow:
		case <-t.C:
			if c.pending.Load() && !c.blocked.Load() && c.stalls.Load() == stallsAtBeat &&
				c.frames.Load() == framesAtBeat &&
				time.Since(time.Unix(0, c.sentAt.Load())) >= interval/2 {
				return ErrZombie
			}
			t.Reset(interval)
		}
		stallsAtBeat, framesAtBeat = c.stalls.Load(), c.frames.Load()
		if err := s.sendHeartbeat(c); err != nil {
			return err
		}
	}
}

func (s *Session) sendHeartbeat(c *conn) error {
	if err := c.limiter.Wait(c.ctx, ratelimit.SendHigh); err != nil {
		return err
	}
	var d []byte
	if seq := s.seq.Load(); seq > 0 {
		d = strconv.AppendInt(make([]byte, 0, 20), seq, 10)
	}
	// Mark the beat before writing: the ACK may arrive before Write returns.
	c.sentAt.Store(time.Now().UnixNano())
	c.pending.Store(true)
	s.metrics.heartbeats.Add(1)
	if err := c.write(discord.AppendPayload(make([]byte, 0, 32), discord.OpHeartbeat, d)); err != nil {
		return err
	}
	return nil
}

// ack records a HEARTBEAT_ACK (reader goroutine).
func (s *Session) ack(c *conn) {
	s.metrics.acks.Add(1)
	if !c.pending.Swap(false) {
		return // unsolicited ACK
	}
	rtt := time.Since(time.Unix(0, c.sentAt.Load()))
	s.metrics.observeRTT(rtt)
	s.log.Debug("gateway: heartbeat ACK", "rtt", rtt)
	if s.opts.OnMetrics != nil {
		s.opts.OnMetrics(s.Metrics())
	}
}
