package discord_test

import (
	"errors"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

func TestSnowflakeJSON(t *testing.T) {
	var v struct {
		A discord.Snowflake `json:"a"`
		B discord.Snowflake `json:"b"`
		C discord.Snowflake `json:"c"`
	}
	assert.Success(t, json.Unmarshal([]byte(`{"a":"175928847299117063","b":123123,"c":null}`), &v))
	assert.Equal(t, "a", v.A, discord.Snowflake(175928847299117063))
	assert.Equal(t, "b", v.B, discord.Snowflake(123123))
	assert.Equal(t, "c", v.C, discord.Snowflake(0))
	out, err := json.Marshal(v)
	assert.Success(t, err)
	assert.Equal(t, "encoded", string(out), `{"a":"175928847299117063","b":"123123","c":"0"}`)
	assert.Equal(t, "time", v.A.Time(), time.UnixMilli(1462015105796).UTC())
	assert.Equal(t, "worker", v.A.Worker(), uint8(1))
	assert.Equal(t, "process", v.A.Process(), uint8(0))
	assert.Equal(t, "increment", v.A.Increment(), uint16(7))
	for _, bad := range []string{`{"a":"18446744073709551616"}`, `{"a":"-1"}`, `{"a":"12x"}`, `{"a":true}`, `{"a":1.5}`} {
		err := json.Unmarshal([]byte(bad), &v)
		assert.Error(t, err)
		assert.Contains(t, err.Error(), "/a")
	}
}

func TestNullableOmitzero(t *testing.T) {
	type patch struct {
		Name  discord.Nullable[string]              `json:"name,omitzero"`
		Topic discord.Nullable[string]              `json:"topic,omitzero"`
		NSFW  discord.Optional[bool]                `json:"nsfw,omitzero"`
		Pos   discord.Optional[int]                 `json:"position,omitzero"`
		Perm  discord.Optional[discord.Permissions] `json:"permissions,omitzero"`
	}
	out, err := json.Marshal(patch{Name: discord.NonNull("x"), Topic: discord.Null[string](), NSFW: discord.Some(false), Perm: discord.Some(discord.PermissionAdministrator)})
	assert.Success(t, err)
	assert.Equal(t, "encoded", string(out), `{"name":"x","topic":null,"nsfw":false,"permissions":"8"}`)
	var p patch
	assert.Success(t, json.Unmarshal([]byte(`{"topic":null,"position":3}`), &p))
	assert.Equal(t, "name absent", p.Name.IsSet(), false)
	assert.Equal(t, "topic null", p.Topic.IsNull(), true)
	pos, ok := p.Pos.Get()
	assert.Equal(t, "pos", pos, 3)
	assert.Equal(t, "pos set", ok, true)
}

func TestScanPayload(t *testing.T) {
	p, err := discord.ScanPayload([]byte(`{"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"content":"a}\"b","x":[1,{"y":null}]}}`))
	assert.Success(t, err)
	assert.Equal(t, "op", p.Op, discord.OpDispatch)
	assert.Equal(t, "s", p.S, int64(42))
	assert.Equal(t, "t", p.T, discord.EventMessageCreate)
	assert.Equal(t, "d", string(p.D), `{"content":"a}\"b","x":[1,{"y":null}]}`)
	p, err = discord.ScanPayload([]byte(`{"op":11,"d":null,"s":null,"t":null}`))
	assert.Success(t, err)
	assert.Equal(t, "ack", p, discord.Payload{Op: discord.OpHeartbeatACK, D: []byte("null")})
	for _, bad := range []string{``, `{}`, `[]`, `{"op":"x"}`, `{"op":1,"d":{`, `{"op":1}x`, "{\"op\":1,\"d\":\"\x01\"}", `{"op":0,"s":-1}`} {
		_, err := discord.ScanPayload([]byte(bad))
		if !errors.Is(err, discord.ErrBadPayload) {
			t.Errorf("ScanPayload(%q) = %v, want ErrBadPayload", bad, err)
		}
	}
}

func TestTimestampRoundTrip(t *testing.T) {
	for _, s := range []string{`"2021-01-01T00:00:00+00:00"`, `"2021-01-01T00:00:00.123000+00:00"`, `"2025-08-20T17:01:50.099204"`, `"2021-01-01T00:00:00Z"`, `null`} {
		var ts discord.Timestamp
		assert.Success(t, json.Unmarshal([]byte(s), &ts))
		out, err := json.Marshal(ts)
		assert.Success(t, err)
		assert.Equal(t, "round trip", string(out), s)
	}
	var ts discord.Timestamp
	assert.Error(t, json.Unmarshal([]byte(`"yesterday"`), &ts))
}

func TestFlagsString(t *testing.T) {
	assert.Equal(t, "intents", (discord.IntentGuilds | discord.IntentMessageContent).String(), "GUILDS|MESSAGE_CONTENT")
	assert.Equal(t, "unknown", discord.Intents(1<<30|1).String(), "GUILDS|0x40000000")
	assert.Equal(t, "all perms", uint64(discord.PermissionsAll), uint64(8866461766385663))
	assert.Equal(t, "nonpriv", uint64(discord.IntentsNonPrivileged), uint64(53575421))
	assert.Equal(t, "events", len(discord.EventNames), 79)
	assert.Equal(t, "close", discord.LookupCloseCode(4014).Action, discord.CloseFatal)
	assert.Equal(t, "close", discord.LookupCloseCode(1006).Action, discord.CloseResume)
}
