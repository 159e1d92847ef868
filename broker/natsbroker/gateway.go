package natsbroker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// GatewayOptions configures RunGateway.
type GatewayOptions struct {
	// Conn is the NATS connection. Required.
	Conn *nats.Conn
	// Stream is the event stream. Required.
	Stream *Stream
	// Token is the bot token. Required; it never appears in logs or errors.
	Token string
	// Shard is the shard manager's options: Gateway (GET /gateway/bot),
	// ShardCount, ShardIDs (the range this process runs), HTTPClient,
	// Intents, Compression. RunGateway sets IdentifyQueue (shared across
	// processes), and wraps Session to resume from the stored state with
	// KeepSession on, and to decode nothing (workers decode).
	Shard shard.Options
	// Owner identifies this process in the shard leases (unique among live
	// processes). Required.
	Owner string
	// LeaseTTL is how long a dead process's shards stay leased before a
	// standby takes them. Default 10 s; every process uses the same.
	LeaseTTL time.Duration
	// MaxInFlight, AckTimeout, SaveInterval, MaxBatch: see PublisherOptions.
	MaxInFlight  int
	AckTimeout   time.Duration
	SaveInterval time.Duration
	MaxBatch     int
	// OnAck: see PublisherOptions.
	OnAck func(shard int, latency time.Duration)
	// OnStart, if set, is called once the leases are held and the manager
	// and publisher exist, before the shards start (metrics, status).
	OnStart func(m *shard.Manager, p *Publisher)
	// Logger receives the logs. Default: discarded.
	Logger *slog.Logger
}

// ErrLeaseTaken is returned by RunGateway when another process took the
// shards' leases while this one ran (it stops at once, leaving the sessions
// resumable for the new owner).
var ErrLeaseTaken = errors.New("natsbroker: shard leases lost to another process")

// RunGateway runs a gateway process's shards: it waits until it holds the
// lease of every shard in Shard.ShardIDs (a second process for the same range
// waits here as a standby), loads their stored session states, reads the
// stream from the instant of each state's last event to find the events
// that the previous owner stored after it (SkipPublished), runs a shard
// manager that RESUMEs them (or identifies through the cross-process queue),
// publishes every dispatch, answers gateway commands for its shards, and
// stops when ctx ends (flushing, saving the states and releasing the leases)
// or a lease is lost. The sessions are closed resumable either way.
func RunGateway(ctx context.Context, o GatewayOptions) error {
	if o.Conn == nil || o.Stream == nil {
		return errors.New("natsbroker: GatewayOptions.Conn and Stream are required")
	}
	if o.Token == "" {
		return errors.New("natsbroker: GatewayOptions.Token is empty")
	}
	if o.Shard.Gateway == nil {
		return errors.New("natsbroker: GatewayOptions.Shard.Gateway is required (GET /gateway/bot)")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	log := o.Logger.With("owner", o.Owner)
	count := o.Shard.ShardCount
	if count == 0 {
		count = o.Shard.Gateway.Shards
	}
	ids := o.Shard.ShardIDs
	if ids == nil {
		ids = shard.AllShards(count)
	}
	if err := shard.ValidateShards(ids, count); err != nil {
		return err
	}
	leases, err := NewLeases(ctx, o.Stream, o.Owner, o.LeaseTTL, log)
	if err != nil {
		return err
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = "shard." + strconv.Itoa(id)
	}
	log.Info("natsbroker: waiting for the shard leases", "shards", len(ids))
	held, err := leases.Acquire(ctx, keys)
	if err != nil {
		return nil // ctx ended while standing by
	}
	log.Info("natsbroker: holding the shard leases", "shards", len(ids))
	holdCtx, stopHold := context.WithCancel(context.WithoutCancel(ctx))
	lost, waitHold := held.Hold(holdCtx, true)
	defer func() { stopHold(); waitHold() }()

	store, err := NewStateStore(ctx, o.Stream)
	if err != nil {
		return err
	}
	states := make(map[int]gateway.SessionState, len(ids))
	since := make(map[int]time.Time, len(ids))
	for _, id := range ids {
		st, after, err := store.LoadStateAfter(ctx, id)
		if err != nil {
			log.Warn("natsbroker: stored session unreadable; the shard identifies", "shard_id", id, "error", err)
			continue
		}
		states[id], since[id] = st, after
	}
	// What the previous owner stored after its last saved state: Discord
	// replays it after the RESUME, and it must not go into the stream twice.
	scanStart := time.Now()
	scan, err := o.Stream.scanPublished(ctx, states, since)
	if err != nil {
		return fmt.Errorf("natsbroker: reading the stream for events the previous owner stored: %w", err)
	}
	pubCtx, stopPub := context.WithCancel(context.WithoutCancel(ctx))
	defer stopPub()
	pub, err := NewPublisher(pubCtx, PublisherOptions{Stream: o.Stream, States: store, MaxInFlight: o.MaxInFlight,
		AckTimeout: o.AckTimeout, SaveInterval: o.SaveInterval, MaxBatch: o.MaxBatch, OnAck: o.OnAck, Logger: log})
	if err != nil {
		return err
	}
	skip := 0
	for id, st := range states {
		pub.SetState(id, st)
		pub.SkipPublished(id, st.ID, scan.found[id])
		skip += len(scan.found[id])
	}
	if scan.scanned > 0 {
		log.Info("natsbroker: read the stream for events already stored by the shards' previous owner",
			"messages", scan.scanned, "events_found", skip, "took", time.Since(scanStart).Round(time.Millisecond))
	}
	ssl := o.Shard.Gateway.SessionStartLimit
	iq, err := NewIdentifyQueue(ctx, o.Stream, IdentifyOptions{
		MaxConcurrency: ssl.MaxConcurrency, Window: o.Shard.IdentifyWindow,
		Total: ssl.Total, Remaining: ssl.Remaining, ResetAfter: time.Duration(ssl.ResetAfter) * time.Millisecond,
		Logger: log,
	})
	if err != nil {
		return err
	}
	so := o.Shard
	so.ShardCount, so.ShardIDs = count, ids
	so.IdentifyQueue = iq
	if so.Logger == nil {
		so.Logger = log
	}
	userSession := so.Session
	so.Session = func(g *gateway.Options) {
		if userSession != nil {
			userSession(g)
		}
		g.Decode = func(string) bool { return false }
		g.KeepSession = true
		if st, ok := states[g.ShardID]; ok && st.ID != "" && g.ShardCount == count {
			g.State = st
		}
	}
	m, err := shard.NewManager(o.Token, &so)
	if err != nil {
		return fmt.Errorf("natsbroker: %w", err)
	}
	stopCmds, err := serveCommands(o.Conn, o.Stream, m, ids)
	if err != nil {
		return err
	}
	defer stopCmds()
	if o.OnStart != nil {
		o.OnStart(m, pub)
	}
	resumed := 0
	for _, st := range states {
		if st.ID != "" {
			resumed++
		}
	}
	log.Info("natsbroker: starting shards", "shards", len(ids), "resuming", resumed)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		select {
		case <-lost:
			cancel()
		case <-runCtx.Done():
		}
	}()
	runErr := m.Run(runCtx, pub.Handle)
	cancel()
	<-watchDone
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer fcancel()
	if err := pub.Close(fctx); err != nil {
		log.Warn("natsbroker: events still unacknowledged at stop; the next owner's RESUME replays them", "error", err)
	}
	select {
	case <-lost:
		log.Error("natsbroker: another process took the shards; stopped")
		return ErrLeaseTaken
	default:
	}
	if runErr != nil && ctx.Err() == nil {
		return fmt.Errorf("natsbroker: shards stopped: %w", runErr)
	}
	return nil
}
