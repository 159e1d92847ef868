package discord_test

import (
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// Received activities re-encode with exactly the keys they had: Discord does
// not validate presences, so name, type and flags may be missing or null.
func TestActivityPartialRoundTrip(t *testing.T) {
	for _, in := range []string{
		`{"name":"Spotify","type":2,"created_at":0}`,
		`{"created_at":1700000000000}`,
		`{"type":4,"state":"hi"}`,
		`{"name":"x"}`,
		`{"name":"","type":0,"flags":0}`,
		`{"name":"g","type":0,"url":null,"flags":48,"buttons":["a"],"future":{"k":1}}`,
	} {
		var a discord.Activity
		assert.Success(t, json.Unmarshal([]byte(in), &a))
		out, err := json.Marshal(&a)
		assert.Success(t, err)
		var want, got any
		assert.Success(t, json.Unmarshal([]byte(in), &want))
		assert.Success(t, json.Unmarshal(out, &got))
		assert.Equal(t, in, got, want)
	}
	var a discord.Activity
	assert.Success(t, json.Unmarshal([]byte(`{"created_at":0}`), &a))
	at, ok := a.CreatedAt.Get()
	assert.Equal(t, "created_at present", ok, true)
	assert.Equal(t, "created_at", at, int64(0))
	// null reads as the zero value, like any string or number field.
	assert.Success(t, json.Unmarshal([]byte(`{"name":null,"type":9,"flags":null}`), &a))
	out, err := json.Marshal(&a)
	assert.Success(t, err)
	assert.Equal(t, "nulls", string(out), `{"name":"","type":9,"flags":0}`)
	// A changed field is written even when the input lacked it.
	assert.Success(t, json.Unmarshal([]byte(`{"created_at":0}`), &a))
	a.Name, a.Type = "now named", discord.ActivityWatching
	out, err = json.Marshal(a)
	assert.Success(t, err)
	assert.Equal(t, "edited", string(out), `{"name":"now named","type":3,"created_at":0}`)
}

// Activities built in code always carry name and type (type 0 is Playing),
// as Update Presence requires.
func TestActivityBuilt(t *testing.T) {
	for _, c := range []struct {
		a    discord.Activity
		want string
	}{
		{discord.Activity{}, `{"name":"","type":0}`},
		{discord.NewActivity(discord.ActivityPlaying, "chess"), `{"name":"chess","type":0}`},
		{discord.NewActivity(discord.ActivityCompeting, "a cup"), `{"name":"a cup","type":5}`},
		{discord.NewStreaming("live", "https://twitch.tv/x"), `{"name":"live","type":1,"url":"https://twitch.tv/x"}`},
		{discord.NewCustomStatus("busy"), `{"name":"Custom Status","type":4,"state":"busy"}`},
	} {
		out, err := json.Marshal(c.a)
		assert.Success(t, err)
		assert.Equal(t, c.want, string(out), c.want)
	}
	p := discord.PresenceUpdate{Status: discord.StatusOnline, Activities: []discord.Activity{discord.NewActivity(discord.ActivityListening, "rain")}}
	out, err := json.Marshal(p)
	assert.Success(t, err)
	assert.Contains(t, string(out), `"activities":[{"name":"rain","type":2}]`)
}

func TestActivityBadInput(t *testing.T) {
	var a discord.Activity
	err := json.Unmarshal([]byte(`{"name":"x","type":"zero"}`), &a)
	assert.Contains(t, err.Error(), "type")
	err = json.Unmarshal([]byte(`{"created_at":"soon"}`), &a)
	assert.Contains(t, err.Error(), "created_at")
}
