package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
)

// Interaction deadlines Discord enforces.
const (
	// InteractionResponseDeadline is how long after creation the initial
	// response is accepted (later: 10062 Unknown interaction).
	InteractionResponseDeadline = 3 * time.Second
	// InteractionTokenLifetime is how long the token works for follow-ups and
	// edits of the original response (later: 50027).
	InteractionTokenLifetime = 15 * time.Minute
)

// interaction is one interaction the fake created; guarded by Server.mu.
type interaction struct {
	ID        discord.Snowflake
	Token     string
	Type      int
	GuildID   discord.Snowflake
	ChannelID discord.Snowflake
	MessageID discord.Snowflake // the component's message
	created   time.Time
	acked     bool
	original  discord.Snowflake // message of the initial response, if any
	followups []discord.Snowflake
}

// InteractionSeed describes an interaction for TriggerInteraction and
// NewInteractionRequest.
type InteractionSeed struct {
	// Type: 1 PING, 2 APPLICATION_COMMAND (default), 3 MESSAGE_COMPONENT,
	// 4 APPLICATION_COMMAND_AUTOCOMPLETE, 5 MODAL_SUBMIT.
	Type int
	// GuildID: 0 means a DM with the bot.
	GuildID discord.Snowflake
	// ChannelID defaults to the guild's first channel (or a DM channel).
	ChannelID discord.Snowflake
	// UserID is who invoked it; defaults to the guild's first member other
	// than the bot, or a new user.
	UserID discord.Snowflake
	// Data is the interaction's data object (command name and options,
	// custom_id, …), marshalled as JSON ([]byte and jsontext.Value as is).
	Data any
	// MessageID is the message a component interaction comes from.
	MessageID discord.Snowflake
	// Locale defaults to "en-US".
	Locale string
}

// SentInteraction is an interaction the fake delivered.
type SentInteraction struct {
	ID    discord.Snowflake
	Token string
	JSON  []byte // the interaction object as sent
}

// InteractionResponse is one initial response the fake received, through the
// callback route or inline in the answer to PostInteraction.
type InteractionResponse struct {
	Time          time.Time
	InteractionID discord.Snowflake
	Type          int
	Data          jsontext.Value // may be empty
	Inline        bool           // answered in the HTTP response body
	Files         int
}

// PublicKey returns the application's Ed25519 public key; HTTP interaction
// endpoints verify the fake's signatures with it.
func (s *Server) PublicKey() ed25519.PublicKey { return s.world.publicKey }

// PublicKeyHex returns PublicKey hex-encoded, as the Developer Portal shows it.
func (s *Server) PublicKeyHex() string { return hex.EncodeToString(s.world.publicKey) }

// Sign returns the hex X-Signature-Ed25519 for a timestamp and body, as
// Discord computes it (over timestamp + body).
func (s *Server) Sign(timestamp string, body []byte) string {
	msg := append([]byte(timestamp), body...)
	return hex.EncodeToString(ed25519.Sign(s.world.privateKey, msg))
}

// TriggerInteraction creates an interaction and delivers it as an
// INTERACTION_CREATE dispatch to the shard that owns the guild (shard 0 for
// DMs). The bot answers through the callback route.
func (s *Server) TriggerInteraction(seed InteractionSeed) (SentInteraction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, raw, err := s.newInteractionLocked(seed)
	if err != nil {
		return SentInteraction{}, err
	}
	s.dispatchLocked(in.GuildID, "INTERACTION_CREATE", raw)
	return SentInteraction{in.ID, in.Token, raw}, nil
}

// NewInteractionRequest creates an interaction and returns the signed POST
// Discord would send to an HTTP interactions endpoint at url. Serve it with
// any handler (httptest.NewRecorder works inside testing/synctest), then pass
// the answer to AcceptInlineResponse, or let PostInteraction do both.
func (s *Server) NewInteractionRequest(ctx context.Context, url string, seed InteractionSeed) (*http.Request, SentInteraction, error) {
	s.mu.Lock()
	in, raw, err := s.newInteractionLocked(seed)
	s.mu.Unlock()
	if err != nil {
		return nil, SentInteraction{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return nil, SentInteraction{}, fmt.Errorf("discordtest: interaction request: %w", err)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", s.Sign(ts, raw))
	return req, SentInteraction{in.ID, in.Token, raw}, nil
}

// PostInteraction sends a signed interaction to an HTTP endpoint with client
// (nil: http.DefaultClient) and returns the endpoint's answer, its body
// buffered. A 200 answer carrying an interaction response is taken as the
// initial response (recorded, with its message created), as Discord does; a
// 202 means the endpoint will use the callback route.
func (s *Server) PostInteraction(ctx context.Context, client *http.Client, url string, seed InteractionSeed) (*http.Response, SentInteraction, error) {
	req, in, err := s.NewInteractionRequest(ctx, url, seed)
	if err != nil {
		return nil, in, err
	}
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, in, fmt.Errorf("discordtest: post interaction: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	resp.Body.Close()
	if err != nil {
		return nil, in, fmt.Errorf("discordtest: post interaction: read answer: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.StatusCode == http.StatusOK {
		if err := s.AcceptInlineResponse(in.ID, body); err != nil {
			return resp, in, err
		}
	}
	return resp, in, nil
}

// AcceptInlineResponse applies an endpoint's 200 answer body as the initial
// response of the interaction. PING answers (type 1) are only checked. An
// answer later than InteractionResponseDeadline after the interaction was
// sent is refused, as Discord shows the user a failure then.
func (s *Server) AcceptInlineResponse(interactionID discord.Snowflake, body []byte) error {
	var r callbackBody
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("discordtest: inline interaction response is not JSON: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.world.interactions {
		if in.ID == interactionID {
			if in.Type == 1 {
				if r.Type != 1 {
					return fmt.Errorf("discordtest: PING answered with type %d, want 1 (PONG)", r.Type)
				}
				return nil
			}
			_, code, fe := s.respondLocked(in, &r, nil, true)
			if code != 0 {
				return fmt.Errorf("discordtest: inline interaction response rejected: code %d %v", code, fe)
			}
			return nil
		}
	}
	return errors.New("discordtest: unknown interaction " + interactionID.String())
}

// InteractionResponses returns every initial response received.
func (s *Server) InteractionResponses() []InteractionResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.responses)
}

// WaitInteractionResponse waits for the initial response to an interaction.
func (s *Server) WaitInteractionResponse(ctx context.Context, interactionID discord.Snowflake) (InteractionResponse, error) {
	var found InteractionResponse
	err := s.Wait(ctx, func() bool {
		for _, r := range s.InteractionResponses() {
			if r.InteractionID == interactionID {
				found = r
				return true
			}
		}
		return false
	})
	return found, err
}

func (s *Server) newInteractionLocked(seed InteractionSeed) (*interaction, []byte, error) {
	w := &s.world
	if seed.Type == 0 {
		seed.Type = 2
	}
	if seed.Type < 1 || seed.Type > 5 {
		return nil, nil, fmt.Errorf("discordtest: interaction type %d is not 1-5", seed.Type)
	}
	data, err := marshalD(seed.Data)
	if err != nil {
		return nil, nil, fmt.Errorf("discordtest: interaction data: %w", err)
	}
	in := &interaction{ID: s.newID(), Token: "aW50ZXJhY3Rpb24" + newToken(), Type: seed.Type,
		GuildID: seed.GuildID, ChannelID: seed.ChannelID, MessageID: seed.MessageID, created: s.now()}
	obj := map[string]any{"id": in.ID, "application_id": w.botID, "type": in.Type, "token": in.Token,
		"version": 1, "app_permissions": strconv.FormatUint(uint64(discord.PermissionsAll), 10),
		"entitlements": []struct{}{}, "attachment_size_limit": 10 << 20}
	if seed.Type != 1 {
		obj["data"] = jsontext.Value(data)
		obj["locale"] = cmpStr(seed.Locale, "en-US")
	}
	var invoker *user
	if seed.UserID != 0 {
		if invoker = w.users[seed.UserID]; invoker == nil {
			return nil, nil, fmt.Errorf("discordtest: unknown user %v", seed.UserID)
		}
	}
	if seed.GuildID != 0 {
		g := w.guilds[seed.GuildID]
		if g == nil {
			return nil, nil, fmt.Errorf("discordtest: unknown guild %v", seed.GuildID)
		}
		if invoker == nil {
			for _, id := range g.memberIDs {
				if id != w.botID {
					invoker = w.users[id]
					break
				}
			}
		}
		if invoker == nil {
			invoker = &user{ID: s.newID(), Username: "invoker", Discriminator: "0"}
			w.users[invoker.ID] = invoker
		}
		if in.ChannelID == 0 && len(g.channelIDs) > 0 {
			in.ChannelID = g.channelIDs[0]
		}
		mem := member{User: invoker, Roles: []discord.Snowflake{}, JoinedAt: timestamp(s.now())}
		if m := g.members[invoker.ID]; m != nil {
			mem = *m
		}
		obj["guild_id"], obj["guild_locale"], obj["context"] = g.ID, "en-US", 0
		obj["member"] = struct {
			member
			Permissions string `json:"permissions"`
		}{mem, strconv.FormatUint(uint64(discord.PermissionsAll), 10)}
		obj["authorizing_integration_owners"] = map[string]any{"0": g.ID}
	} else {
		if invoker == nil {
			invoker = &user{ID: s.newID(), Username: "invoker", Discriminator: "0"}
			w.users[invoker.ID] = invoker
		}
		if in.ChannelID == 0 {
			c := &channel{ID: s.newID(), Type: 1, Recipients: []*user{invoker}, PermissionOverwrites: []overwrite{}}
			w.channels[c.ID] = c
			in.ChannelID = c.ID
		}
		obj["user"], obj["context"] = invoker, 1
		obj["authorizing_integration_owners"] = map[string]any{"0": "0"}
	}
	if c := w.channels[in.ChannelID]; c != nil {
		obj["channel_id"], obj["channel"] = c.ID, c
	}
	if seed.MessageID != 0 {
		if m := w.messages[seed.MessageID]; m != nil {
			obj["message"] = m
		}
	}
	raw, err := json.Marshal(obj, json.Deterministic(true))
	if err != nil {
		return nil, nil, fmt.Errorf("discordtest: interaction: %w", err)
	}
	w.interactions[in.Token] = in
	return in, raw, nil
}

func cmpStr(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
