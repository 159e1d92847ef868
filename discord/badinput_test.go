package discord

import (
	"errors"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/internal/assert"
)

// Bad input must give an error that says what was wrong and where (json v2's
// SemanticError carries the JSON pointer), never a panic.
func TestDecodeEventBadInput(t *testing.T) {
	cases := []struct {
		event, d string
		want     []string // substrings of the error
	}{
		{EventMessageCreate, `{"id":"1","author":{"id":"99999999999999999999999"}}`,
			[]string{"MESSAGE_CREATE", "/author/id", "invalid snowflake"}},
		{EventMessageCreate, `{"id":"1","mentions":[{"id":"1"},{"id":"x1"}]}`,
			[]string{"/mentions/1/id", "invalid snowflake"}},
		{EventMessageCreate, `{"id":"1","timestamp":"yesterday"}`,
			[]string{"/timestamp", "ISO 8601"}},
		{EventMessageCreate, `{"id":"1","content":5}`, []string{"/content", "number"}},
		{EventMessageCreate, `{"id":"1","tts":"yes"}`, []string{"/tts"}},
		{EventMessageCreate, `{"id":"1","nonce":{}}`, []string{"/nonce", "string or an integer"}},
		{EventMessageCreate, `{"id":"1","nonce":1.5}`, []string{"/nonce"}},
		{EventGuildCreate, `{"id":"1","roles":[{"id":"2","permissions":"lots"}]}`,
			[]string{"GUILD_CREATE", "/roles/0/permissions"}},
		{EventGuildCreate, `{"id":"1","roles":[{"id":"2","tags":[]}]}`,
			[]string{"/roles/0/tags", "object"}},
		{EventGuildMemberAdd, `{"guild_id":"1","roles":["1",{}]}`, []string{"/roles/1"}},
		{EventChannelCreate, `{"id":"1","type":"text"}`, []string{"/type"}},
		{EventChannelCreate, `{"id":"1","type":1e400}`, []string{"/type"}},
		{EventMessageCreate, `{"id":"1",`, []string{"MESSAGE_CREATE", "EOF"}},
		{EventMessageCreate, `{"id":"1"}}`, []string{"MESSAGE_CREATE", "invalid"}},
		{EventMessageCreate, `not json`, []string{"MESSAGE_CREATE", "invalid"}},
		{EventMessageCreate, ``, []string{"MESSAGE_CREATE", "empty"}},
		{EventMessageUpdate, `{"id":"1","author":{"id":-1}}`, []string{"/author/id"}},
		{EventReady, `[]`, []string{"READY", "array"}},
	}
	for _, c := range cases {
		_, err := DecodeEvent(c.event, []byte(c.d))
		if err == nil {
			t.Errorf("%s %s: no error", c.event, c.d)
			continue
		}
		for _, w := range c.want {
			assert.Contains(t, err.Error(), w)
		}
	}
}

func TestBadInputIsSemanticError(t *testing.T) {
	_, err := DecodeEvent(EventMessageCreate, []byte(`{"id":"1","author":{"id":true}}`))
	var se *json.SemanticError
	if !errors.As(err, &se) {
		t.Fatalf("want *json.SemanticError in chain, got %T: %v", err, err)
	}
	assert.Equal(t, "pointer", string(se.JSONPointer), "/author/id")
}

func TestSnowflakeOverflowNamesField(t *testing.T) {
	_, err := DecodeEvent(EventGuildRoleDelete, []byte(`{"guild_id":"1","role_id":"18446744073709551616"}`))
	assert.Error(t, err)
	assert.Contains(t, err.Error(), "/role_id")
	assert.Contains(t, err.Error(), "out of range")
}

func TestDecodeErrorType(t *testing.T) {
	_, err := DecodeEvent(EventTypingStart, []byte(`{"channel_id":"1","timestamp":"soon"}`))
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("want *DecodeError, got %T", err)
	}
	assert.Equal(t, "event", de.Event, EventTypingStart)
	var se *json.SemanticError
	assert.Equal(t, "semantic error inside", errors.As(err, &se), true)
	assert.Equal(t, "pointer", string(se.JSONPointer), "/timestamp")
}
