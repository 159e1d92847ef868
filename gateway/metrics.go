package gateway

import (
	"sync/atomic"
	"time"
)

// Metrics is a snapshot of one session's counters since New.
type Metrics struct {
	// HeartbeatRTT is the round trip of the last acknowledged heartbeat,
	// HeartbeatRTTAverage an exponentially weighted moving average (1/8
	// weight for each new sample).
	HeartbeatRTT        time.Duration
	HeartbeatRTTAverage time.Duration
	Heartbeats          uint64 // heartbeats sent
	HeartbeatACKs       uint64 // ACKs received
	Connects            uint64 // websocket connections opened
	Reconnects          uint64 // connections opened after the first
	Identifies          uint64 // IDENTIFY payloads sent
	Resumes             uint64 // successful RESUMEs (RESUMED received)
	BytesReceived       uint64 // websocket message bytes, as sent (compressed)
	BytesInflated       uint64 // payload bytes after decompression
	EventsReceived      uint64 // dispatches delivered to the buffer
	Duplicates          uint64 // replayed dispatches already seen, dropped
	DecodeErrors        uint64 // dispatches whose d failed to decode, wholly or partly
	Buffered            int    // dispatches waiting for the consumer now
}

type metrics struct {
	rtt, rttAvg                    atomic.Int64
	heartbeats, acks               atomic.Uint64
	connects, identifies, resumes  atomic.Uint64
	bytesIn, bytesInflated, events atomic.Uint64
	duplicates, decodeErrors       atomic.Uint64
}

func (m *metrics) observeRTT(d time.Duration) {
	m.rtt.Store(int64(d))
	for {
		old := m.rttAvg.Load()
		nv := int64(d)
		if old != 0 {
			nv = old + (int64(d)-old)/8
		}
		if m.rttAvg.CompareAndSwap(old, nv) {
			return
		}
	}
}

// Metrics returns a snapshot of the session's counters. Safe for concurrent
// use.
func (s *Session) Metrics() Metrics {
	m := &s.metrics
	c := m.connects.Load()
	r := c
	if r > 0 {
		r--
	}
	return Metrics{
		HeartbeatRTT:        time.Duration(m.rtt.Load()),
		HeartbeatRTTAverage: time.Duration(m.rttAvg.Load()),
		Heartbeats:          m.heartbeats.Load(),
		HeartbeatACKs:       m.acks.Load(),
		Connects:            c,
		Reconnects:          r,
		Identifies:          m.identifies.Load(),
		Resumes:             m.resumes.Load(),
		BytesReceived:       m.bytesIn.Load(),
		BytesInflated:       m.bytesInflated.Load(),
		EventsReceived:      m.events.Load(),
		Duplicates:          m.duplicates.Load(),
		DecodeErrors:        m.decodeErrors.Load(),
		Buffered:            len(s.events),
	}
}

// Latency returns the last heartbeat round trip (0 before the first ACK).
func (s *Session) Latency() time.Duration { return time.Duration(s.metrics.rtt.Load()) }
