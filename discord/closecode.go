package discord

import "strconv"

// CloseAction is what a client does after the gateway closes with a code.
type CloseAction uint8

const (
	// CloseResume: reconnect to resume_gateway_url and RESUME.
	CloseResume CloseAction = iota
	// CloseReidentify: reconnect to the gateway URL and IDENTIFY a new session.
	CloseReidentify
	// CloseFatal: do not reconnect; the configuration must be fixed.
	CloseFatal
)

func (a CloseAction) String() string {
	switch a {
	case CloseResume:
		return "resume"
	case CloseReidentify:
		return "reidentify"
	case CloseFatal:
		return "stop"
	}
	return "CloseAction(" + strconv.Itoa(int(a)) + ")"
}

// Gateway close codes (reference 2.10).
const (
	CloseUnknownError         = 4000
	CloseUnknownOpcode        = 4001
	CloseDecodeError          = 4002
	CloseNotAuthenticated     = 4003
	CloseAuthenticationFailed = 4004
	CloseAlreadyAuthenticated = 4005
	CloseInvalidSeq           = 4007
	CloseRateLimited          = 4008
	CloseSessionTimedOut      = 4009
	CloseInvalidShard         = 4010
	CloseShardingRequired     = 4011
	CloseInvalidAPIVersion    = 4012
	CloseInvalidIntents       = 4013
	CloseDisallowedIntents    = 4014
)

// CloseCodeInfo describes one gateway close code.
type CloseCodeInfo struct {
	Code   int
	Name   string
	Action CloseAction
	// Fix says what the bot's owner must change, for fatal codes.
	Fix string
}

var closeCodes = map[int]CloseCodeInfo{
	CloseUnknownError:         {CloseUnknownError, "unknown error", CloseResume, ""},
	CloseUnknownOpcode:        {CloseUnknownOpcode, "unknown opcode", CloseResume, "the client sent an invalid opcode or payload; this is a library bug"},
	CloseDecodeError:          {CloseDecodeError, "decode error", CloseResume, "the client sent an undecodable or oversized (>4096 bytes) payload; this is a library bug"},
	CloseNotAuthenticated:     {CloseNotAuthenticated, "not authenticated", CloseReidentify, ""},
	CloseAuthenticationFailed: {CloseAuthenticationFailed, "authentication failed", CloseFatal, "the bot token is invalid: reset it in the Developer Portal and pass the new one"},
	CloseAlreadyAuthenticated: {CloseAlreadyAuthenticated, "already authenticated", CloseResume, "the client identified twice on one connection; this is a library bug"},
	CloseInvalidSeq:           {CloseInvalidSeq, "invalid seq", CloseReidentify, ""},
	CloseRateLimited:          {CloseRateLimited, "rate limited", CloseResume, "the client sent more than 120 payloads in 60 s"},
	CloseSessionTimedOut:      {CloseSessionTimedOut, "session timed out", CloseReidentify, ""},
	CloseInvalidShard:         {CloseInvalidShard, "invalid shard", CloseFatal, "the shard id is out of range or the shard count is not a valid multiple: use the count from /gateway/bot"},
	CloseShardingRequired:     {CloseShardingRequired, "sharding required", CloseFatal, "the bot is in too many guilds for its shard count: use more shards (GET /gateway/bot recommends a count)"},
	CloseInvalidAPIVersion:    {CloseInvalidAPIVersion, "invalid API version", CloseFatal, "connect with v=10"},
	CloseInvalidIntents:       {CloseInvalidIntents, "invalid intents", CloseFatal, "the intents value has undocumented bits: use the discord.Intent constants"},
	CloseDisallowedIntents:    {CloseDisallowedIntents, "disallowed intents", CloseFatal, "a privileged intent (GUILD_MEMBERS, GUILD_PRESENCES or MESSAGE_CONTENT) is not enabled for this bot: enable it in the Developer Portal or stop requesting it"},
}

// LookupCloseCode returns what the reference says about a close code. Codes it
// does not list (1000/1001 sent by the server, 1006 for a dropped connection,
// anything new) are treated as a network drop: resume.
func LookupCloseCode(code int) CloseCodeInfo {
	if info, ok := closeCodes[code]; ok {
		return info
	}
	return CloseCodeInfo{Code: code, Name: "close " + strconv.Itoa(code), Action: CloseResume}
}
