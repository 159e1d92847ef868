package discord

import "strconv"

// Opcode is a gateway payload opcode (reference 2.4).
type Opcode int

// Gateway opcodes.
const (
	OpDispatch                Opcode = 0
	OpHeartbeat               Opcode = 1
	OpIdentify                Opcode = 2
	OpPresenceUpdate          Opcode = 3
	OpVoiceStateUpdate        Opcode = 4
	OpResume                  Opcode = 6
	OpReconnect               Opcode = 7
	OpRequestGuildMembers     Opcode = 8
	OpInvalidSession          Opcode = 9
	OpHello                   Opcode = 10
	OpHeartbeatACK            Opcode = 11
	OpRequestSoundboardSounds Opcode = 31
	OpRequestChannelInfo      Opcode = 43
)

var opcodeNames = map[Opcode]string{
	OpDispatch:                "DISPATCH",
	OpHeartbeat:               "HEARTBEAT",
	OpIdentify:                "IDENTIFY",
	OpPresenceUpdate:          "PRESENCE_UPDATE",
	OpVoiceStateUpdate:        "VOICE_STATE_UPDATE",
	OpResume:                  "RESUME",
	OpReconnect:               "RECONNECT",
	OpRequestGuildMembers:     "REQUEST_GUILD_MEMBERS",
	OpInvalidSession:          "INVALID_SESSION",
	OpHello:                   "HELLO",
	OpHeartbeatACK:            "HEARTBEAT_ACK",
	OpRequestSoundboardSounds: "REQUEST_SOUNDBOARD_SOUNDS",
	OpRequestChannelInfo:      "REQUEST_CHANNEL_INFO",
}

// String returns the opcode's name, or "OP(n)" for an unknown one.
func (o Opcode) String() string {
	if n, ok := opcodeNames[o]; ok {
		return n
	}
	return "OP(" + strconv.Itoa(int(o)) + ")"
}

// ClientSendable reports whether a client may send this opcode.
func (o Opcode) ClientSendable() bool {
	switch o {
	case OpHeartbeat, OpIdentify, OpPresenceUpdate, OpVoiceStateUpdate, OpResume,
		OpRequestGuildMembers, OpRequestSoundboardSounds, OpRequestChannelInfo:
		return true
	}
	return false
}
