package natsbroker

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/scurrygo/scurry/discord"
)

// StreamOptions describes the event stream. The zero value is valid.
type StreamOptions struct {
	// Name of the JetStream stream. Default "SCURRY_EVENTS". The KV buckets
	// of the same deployment are named after it (Name_sessions,
	// Name_leases, Name_identify, Name_workers).
	Name string
	// Subject is the subject prefix: events go to Subject.<partition>.<EVENT>.
	// Default "scurry.events".
	Subject string
	// Partitions is the fixed partition count, chosen when the stream is
	// created. Default 16. A stream that exists with another count is
	// refused (ErrPartitionMismatch): the count is part of the subjects.
	Partitions int
	// Duplicates is JetStream's message-id window: an event published again
	// within it (a replacement gateway republishing, Discord replaying after
	// a RESUME) is dropped. Default 2 minutes; it should outlast the time a
	// replacement gateway takes to RESUME.
	Duplicates time.Duration
	// MaxAge bounds how long events stay in the stream; a worker taking a
	// partition over rebuilds its cache from what is retained. Default 1 h.
	MaxAge time.Duration
	// Memory stores the stream in memory instead of files (tests only).
	Memory bool
	// Replicas of the stream and buckets in a cluster. Default 1.
	Replicas int
}

const (
	defaultStreamName = "SCURRY_EVENTS"
	defaultSubject    = "scurry.events"
	defaultPartitions = 16
	metaPartitions    = "scurry_partitions"
)

// ErrPartitionMismatch is wrapped by EnsureStream's error when the stream
// exists with another partition count.
var ErrPartitionMismatch = errors.New("natsbroker: stream has another partition count")

func (o StreamOptions) withDefaults() (StreamOptions, error) {
	if o.Name == "" {
		o.Name = defaultStreamName
	}
	if strings.ContainsAny(o.Name, ". *>") {
		return o, fmt.Errorf("natsbroker: StreamOptions.Name %q must not contain '.', '*', '>' or spaces", o.Name)
	}
	if o.Subject == "" {
		o.Subject = defaultSubject
	}
	if strings.ContainsAny(o.Subject, " *>") || strings.HasSuffix(o.Subject, ".") {
		return o, fmt.Errorf("natsbroker: StreamOptions.Subject %q is not a plain subject prefix", o.Subject)
	}
	if o.Partitions == 0 {
		o.Partitions = defaultPartitions
	}
	if o.Partitions < 1 || o.Partitions > 4096 {
		return o, fmt.Errorf("natsbroker: StreamOptions.Partitions %d must be in 1..4096", o.Partitions)
	}
	if o.Duplicates == 0 {
		o.Duplicates = 2 * time.Minute
	}
	if o.Duplicates < 0 {
		return o, fmt.Errorf("natsbroker: StreamOptions.Duplicates %v is negative", o.Duplicates)
	}
	if o.MaxAge == 0 {
		o.MaxAge = time.Hour
	}
	if o.MaxAge < 0 {
		return o, fmt.Errorf("natsbroker: StreamOptions.MaxAge %v is negative", o.MaxAge)
	}
	if o.Replicas == 0 {
		o.Replicas = 1
	}
	return o, nil
}

// Stream is the event stream of one deployment and the names derived from
// it. It is immutable and safe for concurrent use.
type Stream struct {
	js   jetstream.JetStream
	st   jetstream.Stream
	opts StreamOptions
}

// EnsureStream creates the stream if it does not exist, or checks that the
// existing one has the same partition count. A stream created with another
// count is refused with an error that says how to migrate.
func EnsureStream(ctx context.Context, js jetstream.JetStream, o StreamOptions) (*Stream, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	storage := jetstream.FileStorage
	if o.Memory {
		storage = jetstream.MemoryStorage
	}
	cfg := jetstream.StreamConfig{
		Name:       o.Name,
		Subjects:   []string{o.Subject + ".*.*"},
		Storage:    storage,
		Duplicates: o.Duplicates,
		MaxAge:     o.MaxAge,
		Replicas:   o.Replicas,
		Metadata:   map[string]string{metaPartitions: strconv.Itoa(o.Partitions)},
	}
	st, err := js.Stream(ctx, o.Name)
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
		st, err = js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			st, err = js.Stream(ctx, o.Name) // another process created it meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("natsbroker: create stream %s: %w", o.Name, err)
		}
	case err != nil:
		return nil, fmt.Errorf("natsbroker: stream %s: %w", o.Name, err)
	}
	have := st.CachedInfo().Config.Metadata[metaPartitions]
	if have != strconv.Itoa(o.Partitions) {
		return nil, fmt.Errorf("%w: stream %s was created with %q partitions, this process wants %d; "+
			"to migrate, stop the workers, let them drain the stream, then delete it (nats stream rm %s) "+
			"or give the new deployment another stream name, and start every process with the new count",
			ErrPartitionMismatch, o.Name, have, o.Partitions, o.Name)
	}
	return &Stream{js: js, st: st, opts: o}, nil
}

// Options returns the stream's options with defaults filled in.
func (s *Stream) Options() StreamOptions { return s.opts }

// Partitions is the partition count.
func (s *Stream) Partitions() int { return s.opts.Partitions }

// PartitionSubject is the filter of one partition's events.
func (s *Stream) PartitionSubject(p int) string {
	return s.opts.Subject + "." + strconv.Itoa(p) + ".*"
}

// Subject is the subject an event of guild (0 for none) named name goes to.
func (s *Stream) Subject(guild discord.Snowflake, name string) string {
	return s.opts.Subject + "." + strconv.Itoa(Partition(guild, s.opts.Partitions)) + "." + name
}

// bucket returns the name of a KV bucket of this deployment.
func (s *Stream) bucket(kind string) string { return s.opts.Name + "_" + kind }

// kv opens or creates a KV bucket of this deployment.
func (s *Stream) kv(ctx context.Context, kind string, ttl time.Duration) (jetstream.KeyValue, error) {
	storage := jetstream.FileStorage
	if s.opts.Memory {
		storage = jetstream.MemoryStorage
	}
	kv, err := s.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:   s.bucket(kind),
		TTL:      ttl,
		Storage:  storage,
		Replicas: s.opts.Replicas,
		History:  1,
	})
	if err != nil {
		return nil, fmt.Errorf("natsbroker: KV bucket %s: %w", s.bucket(kind), err)
	}
	return kv, nil
}

// Partition maps a guild to a partition: every event of a guild goes to the
// same partition, so one consumer sees them in order. Events without a guild
// (0) go to partition 0. The guild id is mixed (splitmix64) before the
// modulo, so that ids created close together spread evenly.
func Partition(guild discord.Snowflake, partitions int) int {
	if guild == 0 || partitions <= 1 {
		return 0
	}
	return int(mix64(uint64(guild)) % uint64(partitions))
}

// partitionOf reads the partition and the event name from a subject of the
// stream; ok is false for a subject that does not have that shape.
func (s *Stream) partitionOf(subject string) (p int, name string, ok bool) {
	rest, found := strings.CutPrefix(subject, s.opts.Subject+".")
	if !found {
		return 0, "", false
	}
	ps, name, found := strings.Cut(rest, ".")
	if !found || name == "" {
		return 0, "", false
	}
	p, err := strconv.Atoi(ps)
	if err != nil || p < 0 || p >= s.opts.Partitions {
		return 0, "", false
	}
	return p, name, true
}
