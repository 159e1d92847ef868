package discord

import "github.com/go-json-experiment/json/jsontext"

// Presence is a user's status in a guild, as carried by PRESENCE_UPDATE,
// GUILD_CREATE.presences and GUILD_MEMBERS_CHUNK.presences. User may hold
// only an ID; Discord does not validate these payloads, so every field is
// optional. Unknown keys are kept in Extra.
type Presence struct {
	User         User          `json:"user"`
	GuildID      Snowflake     `json:"guild_id,omitzero"`
	Status       Status        `json:"status,omitzero"`
	Activities   []Activity    `json:"activities,omitzero"`
	ClientStatus *ClientStatus `json:"client_status,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// ClientStatus is a user's status per platform; absent platforms are offline.
type ClientStatus struct {
	Desktop Status         `json:"desktop,omitzero"`
	Mobile  Status         `json:"mobile,omitzero"`
	Web     Status         `json:"web,omitzero"`
	VR      Status         `json:"vr,omitzero"`
	Extra   jsontext.Value `json:",embed"`
}
