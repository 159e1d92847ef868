package shard

import (
	"context"
	"time"

	"github.com/scurrygo/scurry/gateway"
)

// gwSession adapts *gateway.Session to session.
type gwSession struct{ s *gateway.Session }

func (g gwSession) Run(ctx context.Context) error { return g.s.Run(ctx) }
func (g gwSession) Gateway() *gateway.Session     { return g.s }

func (g gwSession) Status() (gateway.Status, time.Duration) {
	st, _ := g.s.Status()
	return st, g.s.Latency()
}

// gatewaySession builds the gateway session of shard r.
func gatewaySession(m *Manager, r *shardRun) (session, error) {
	o := gateway.Options{
		URL:         m.opts.Gateway.URL,
		Intents:     m.opts.Intents,
		Compression: m.opts.Compression,
		HTTPClient:  m.opts.HTTPClient,
		Logger:      m.log,
		ShardID:     r.id,
		ShardCount:  r.set.count,
	}
	if m.opts.Session != nil {
		m.opts.Session(&o)
	}
	o.Token = m.token
	o.ShardID, o.ShardCount = r.id, r.set.count
	o.IdentifyQueue = r.identifyQueue()
	o.Handler = func(_ context.Context, e gateway.Event) { r.onDispatch(e) }
	r.resumes = o.State.ID != ""
	s, err := gateway.New(&o)
	if err != nil {
		return nil, err
	}
	return gwSession{s}, nil
}

// closeCode returns the gateway close code in err, or -1.
func closeCode(err error) int { return gateway.CloseCode(err) }
