package natsbroker

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/nats-io/nats.go"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// Gateway commands travel over NATS request/reply to the process that owns
// the shard: subject <stream subject>_cmd.<shard id>. Only that process
// subscribes, so a request reaches the shard's live session wherever it runs.

// Command operations.
const (
	OpPresence   = "presence"   // d: discord.PresenceUpdate (sent on the shard)
	OpVoiceState = "voice"      // d: discord.VoiceStateUpdateCommand
	OpMembers    = "members"    // d: discord.RequestGuildMembers; the reply has every chunk
	OpSoundboard = "soundboard" // d: discord.RequestSoundboardSounds
)

type commandRequest struct {
	Op string         `json:"op"`
	D  jsontext.Value `json:"d"`
}

type commandReply struct {
	Error      string           `json:"error,omitzero"`
	Code       string           `json:"code,omitzero"` // RATE_LIMITED, BAD_REQUEST, FAILED
	RetryAfter int64            `json:"retry_after_ms,omitzero"`
	Chunks     []jsontext.Value `json:"chunks,omitzero"`
}

// CommandError is a command the owning gateway process refused or that
// Discord refused; RateLimited carries Discord's RATE_LIMITED answer.
type CommandError struct {
	Shard       int
	Code        string
	Message     string
	RateLimited *gateway.RateLimitedError
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("natsbroker: command on shard %d: %s: %s", e.Shard, e.Code, e.Message)
}

// Unwrap returns the *gateway.RateLimitedError of a RATE_LIMITED answer.
func (e *CommandError) Unwrap() error {
	if e.RateLimited != nil {
		return e.RateLimited
	}
	return nil
}

func (s *Stream) commandSubject(shardID int) string {
	return s.opts.Subject + "_cmd." + strconv.Itoa(shardID)
}

// serveCommands answers the commands of the given shards with m until the
// returned stop func is called.
func serveCommands(nc *nats.Conn, s *Stream, m *shard.Manager, ids []int) (stop func(), err error) {
	var subs []*nats.Subscription
	stop = func() {
		for _, sub := range subs {
			_ = sub.Unsubscribe()
		}
	}
	for _, id := range ids {
		sub, err := nc.Subscribe(s.commandSubject(id), func(msg *nats.Msg) {
			rep := runCommand(m, id, msg.Data)
			b, _ := json.Marshal(rep)
			_ = msg.Respond(b)
		})
		if err != nil {
			stop()
			return nil, fmt.Errorf("natsbroker: command subscription of shard %d: %w", id, err)
		}
		subs = append(subs, sub)
	}
	return stop, nil
}

func runCommand(m *shard.Manager, id int, data []byte) commandReply {
	var req commandRequest
	if err := json.Unmarshal(data, &req); err != nil {
		return commandReply{Code: "BAD_REQUEST", Error: err.Error()}
	}
	ses, err := m.SessionByID(id)
	if err != nil {
		return commandReply{Code: "FAILED", Error: err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rep commandReply
	switch req.Op {
	case OpPresence:
		var p discord.PresenceUpdate
		if err = json.Unmarshal(req.D, &p); err == nil {
			err = ses.UpdatePresence(ctx, p)
		}
	case OpVoiceState:
		var v discord.VoiceStateUpdateCommand
		if err = json.Unmarshal(req.D, &v); err == nil {
			err = ses.UpdateVoiceState(ctx, v)
		}
	case OpSoundboard:
		var v discord.RequestSoundboardSounds
		if err = json.Unmarshal(req.D, &v); err == nil {
			err = ses.RequestSoundboardSounds(ctx, v)
		}
	case OpMembers:
		var v discord.RequestGuildMembers
		if err = json.Unmarshal(req.D, &v); err == nil {
			var chunks []gateway.Event
			chunks, err = ses.FetchGuildMembers(ctx, v)
			for _, c := range chunks {
				rep.Chunks = append(rep.Chunks, c.Raw)
			}
		}
	default:
		return commandReply{Code: "BAD_REQUEST", Error: fmt.Sprintf("unknown op %q", req.Op)}
	}
	if err != nil {
		var rl *gateway.RateLimitedError
		if errors.As(err, &rl) {
			return commandReply{Code: "RATE_LIMITED", Error: err.Error(), RetryAfter: rl.RetryAfter.Milliseconds()}
		}
		return commandReply{Code: "FAILED", Error: err.Error()}
	}
	return rep
}

// Commands sends gateway commands from a worker to the gateway process that
// owns the shard. It is safe for concurrent use.
type Commands struct {
	nc         *nats.Conn
	st         *Stream
	shardCount int
}

// NewCommands returns a command client; shardCount is the deployment's total
// shard count (to find a guild's shard).
func NewCommands(nc *nats.Conn, s *Stream, shardCount int) (*Commands, error) {
	if nc == nil || s == nil || shardCount < 1 {
		return nil, fmt.Errorf("natsbroker: NewCommands needs a connection, a stream and a shard count >= 1 (got %d)", shardCount)
	}
	return &Commands{nc: nc, st: s, shardCount: shardCount}, nil
}

func (c *Commands) do(ctx context.Context, shardID int, op string, d any) (commandReply, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return commandReply{}, err
	}
	req, _ := json.Marshal(commandRequest{Op: op, D: b})
	msg, err := c.nc.RequestWithContext(ctx, c.st.commandSubject(shardID), req)
	if err != nil {
		return commandReply{}, fmt.Errorf("natsbroker: command %s on shard %d: %w", op, shardID, err)
	}
	var rep commandReply
	if err := json.Unmarshal(msg.Data, &rep); err != nil {
		return commandReply{}, fmt.Errorf("natsbroker: command %s on shard %d: malformed reply: %w", op, shardID, err)
	}
	if rep.Code != "" {
		ce := &CommandError{Shard: shardID, Code: rep.Code, Message: rep.Error}
		if rep.Code == "RATE_LIMITED" {
			ce.RateLimited = &gateway.RateLimitedError{Opcode: discord.OpRequestGuildMembers, RetryAfter: time.Duration(rep.RetryAfter) * time.Millisecond}
		}
		return rep, ce
	}
	return rep, nil
}

// UpdatePresence sends a presence on one shard.
func (c *Commands) UpdatePresence(ctx context.Context, shardID int, p discord.PresenceUpdate) error {
	_, err := c.do(ctx, shardID, OpPresence, p)
	return err
}

// UpdateVoiceState sends op 4 on the shard of v.GuildID.
func (c *Commands) UpdateVoiceState(ctx context.Context, v discord.VoiceStateUpdateCommand) error {
	_, err := c.do(ctx, c.shardOf(v.GuildID), OpVoiceState, v)
	return err
}

// RequestSoundboardSounds sends op 31 on the shard of the first guild.
func (c *Commands) RequestSoundboardSounds(ctx context.Context, v discord.RequestSoundboardSounds) error {
	var g discord.Snowflake
	if len(v.GuildIDs) > 0 {
		g = v.GuildIDs[0]
	}
	_, err := c.do(ctx, c.shardOf(g), OpSoundboard, v)
	return err
}

// FetchGuildMembers sends op 8 on the guild's shard and returns the raw d of
// every GUILD_MEMBERS_CHUNK answering it, in order. Discord's RATE_LIMITED
// comes back as a *CommandError wrapping *gateway.RateLimitedError.
func (c *Commands) FetchGuildMembers(ctx context.Context, req discord.RequestGuildMembers) ([]jsontext.Value, error) {
	rep, err := c.do(ctx, c.shardOf(req.GuildID), OpMembers, req)
	return rep.Chunks, err
}

func (c *Commands) shardOf(g discord.Snowflake) int {
	id, err := shard.ShardFor(g, c.shardCount)
	if err != nil {
		return 0
	}
	return id
}
