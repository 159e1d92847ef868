// Package discord is scurry's shared vocabulary: the types every other package
// speaks, and nothing else (it imports only the standard library and the JSON
// engine).
//
//   - IDs and times: Snowflake (uint64, string JSON), Timestamp (ISO 8601,
//     byte-exact round trip).
//   - Three-state fields for request bodies: Optional (absent or value) and
//     Nullable (absent, null or value), both meant for `json:",omitzero"`.
//   - Bit sets with names: Intents, Permissions, MessageFlags, UserFlags.
//   - The gateway envelope Payload with ScanPayload, which reads op, s and t
//     without decoding d; Opcode; the close-code table (LookupCloseCode) saying
//     whether to resume, re-identify or stop.
//   - Gateway send payloads (Identify, Resume, PresenceUpdate, …), the
//     GatewayBot answer, and every dispatch event as a type implementing Event,
//     with UnknownEvent for names Discord adds later.
//   - Decoding dispatches: DecodeEvent(t, d) returns the typed payload
//     (*MessageCreate, *GuildCreate, …; the table is event_table.go).
//     EventGuildID(e) and DispatchGuildID(t, d) (before decoding, without
//     allocating) give the guild an event belongs to, for per-guild ordering.
//     Event structs embed their model (MessageCreate embeds Message) and add
//     the gateway-only fields; MessageUpdate.Has tells which keys a partial
//     update carried.
//   - Models (Guild, Channel, Message, Member, Role, User, Interaction, …):
//     the hot ones hand-written, the long tail generated from Discord's OpenAPI
//     spec. Enums are integer or string types whose unknown values round-trip,
//     and structs keep unknown keys where Discord may add them.
//
// JSON goes through github.com/go-json-experiment/json (the json/v2 API):
// decode with json.Unmarshal from that module, not encoding/json, so that the
// omitzero tags, unknown-field preservation and allocation-free methods apply.
//
// All types are plain values: safe to copy, safe for concurrent reads, and
// their zero values mean "unset".
package discord
