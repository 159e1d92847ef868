package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// These tests use the generated types themselves (discord/zz_generated_models.go).

func TestUnionValueDispatch(t *testing.T) {
	var list []discord.ChannelUnion
	in := `[{"id":"1","type":1,"last_message_id":null,"flags":0,"recipients":[]},` +
		`{"id":"2","type":11,"guild_id":"3","name":"t","flags":0,"x":1},{"id":"4","type":99,"new":true}]`
	assert.Success(t, json.Unmarshal([]byte(in), &list))
	assert.Equal(t, "decoded", len(list), 3)

	// The variants may be generated or hand-written; only their identity matters here.
	for i, want := range []string{"discord.PrivateChannel", "discord.Thread"} {
		v, err := list[i].Value()
		assert.Success(t, err)
		assert.Equal(t, "variant", fmt.Sprintf("%T", v), want)
	}

	v, err := list[2].Value()
	assert.Success(t, err)
	raw, ok := v.(jsontext.Value)
	assert.Equal(t, "unknown type gives raw JSON", ok, true)
	assert.Equal(t, "raw", string(raw), `{"id":"4","type":99,"new":true}`)

	out, err := json.Marshal(list)
	assert.Success(t, err)
	assert.Equal(t, "union list round-trips byte for byte", string(out), in)

	var zero discord.ChannelUnion
	_, err = zero.Value()
	assert.Error(t, err)
	_, err = zero.AsThread()
	assert.Error(t, err)
	_, err = discord.ChannelUnion{Raw: jsontext.Value(`{"type":"11"`)}.Value()
	assert.Error(t, err)
}

func TestUnionSetAndOmit(t *testing.T) {
	var ids discord.RoleIDsParam
	assert.Success(t, ids.SetSnowflakeList([]discord.Snowflake{1, 2}))
	got, err := ids.AsSnowflakeList()
	assert.Success(t, err)
	assert.Equal(t, "ids", len(got), 2)
	_, err = ids.AsString()
	assert.Error(t, err) // a list is not a string: a clear error, no panic

	p := discord.PruneGuildParams{}
	out, err := json.Marshal(p)
	assert.Success(t, err)
	assert.Equal(t, "absent fields omitted", string(out), `{}`)
	p.IncludeRoles = discord.NonNull(ids)
	p.Days = discord.Null[int]()
	out, err = json.Marshal(p)
	assert.Success(t, err)
	assert.Equal(t, "null and union written", string(out), `{"days":null,"include_roles":["1","2"]}`)
}

func TestEnumUnknownValue(t *testing.T) {
	var v discord.TeamMembershipState
	assert.Success(t, json.Unmarshal([]byte(`42`), &v))
	assert.Equal(t, "unknown kept", int(v), 42)
	assert.Equal(t, "unknown name", v.String(), "TeamMembershipState(42)")
	assert.Equal(t, "known name", discord.TeamMembershipStateAccepted.String(), "ACCEPTED")
	out, err := json.Marshal(v)
	assert.Success(t, err)
	assert.Equal(t, "re-encoded", string(out), "42")
}

// TestErrorFixtures decodes Discord error bodies (../shared/fixtures, when
// present) into ErrorResponse, walks the error tree through the ErrorDetails
// union, and checks the round trip.
func TestErrorFixtures(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/fixtures/*/rest_*error*.json")
	if len(files) == 0 {
		t.Skip("no error fixtures under ../shared/fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			assert.Success(t, err)
			var e discord.ErrorResponse
			assert.Success(t, json.Unmarshal(data, &e))
			assert.Equal(t, "code", e.Code, 50035)
			var leaves []string
			walkErrors(t, "", e.Errors, &leaves)
			if len(leaves) == 0 {
				t.Fatalf("no leaf errors found in %s", data)
			}
			for _, l := range leaves {
				if !strings.Contains(l, "BASE_TYPE_") && !strings.Contains(l, "APPLICATION_COMMAND_TOO_LARGE") {
					t.Errorf("unexpected leaf %q", l)
				}
			}
			out, err := json.Marshal(e)
			assert.Success(t, err)
			if !sameJSON(t, data, out) {
				t.Errorf("round trip changed the JSON:\n in: %s\nout: %s", data, out)
			}
		})
	}
}

// walkErrors flattens an error tree into "path: CODE" lines.
func walkErrors(t *testing.T, path string, d discord.ErrorDetails, out *[]string) {
	t.Helper()
	if d.IsZero() {
		return
	}
	var probe map[string]jsontext.Value
	assert.Success(t, json.Unmarshal(d.Raw, &probe))
	if _, leaf := probe["_errors"]; leaf {
		inner, err := d.AsInnerErrors()
		assert.Success(t, err)
		for _, e := range inner.Errors {
			*out = append(*out, path+": "+e.Code)
		}
		return
	}
	m, err := d.AsErrorDetailsMap()
	assert.Success(t, err)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		walkErrors(t, strings.TrimPrefix(path+"."+k, "."), m[k], out)
	}
}
