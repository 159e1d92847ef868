package rest_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/rest"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGoldenBodies")

// TestGoldenBodies compares the exact requests of tricky bodies with files in
// testdata/golden (go test ./rest -run TestGoldenBodies -update rewrites
// them): the method, path, query, content type, audit-log reason and the body,
// with the multipart boundary replaced by BOUNDARY.
func TestGoldenBodies(t *testing.T) {
	var (
		mu  sync.Mutex
		got string
	)
	c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ct := r.Header.Get("Content-Type")
		if _, params, err := mime.ParseMediaType(ct); err == nil && params["boundary"] != "" {
			body = bytes.ReplaceAll(body, []byte(params["boundary"]), []byte("BOUNDARY"))
			ct = strings.ReplaceAll(ct, params["boundary"], "BOUNDARY")
		}
		mu.Lock()
		got = fmt.Sprintf("%s %s\nquery: %s\ncontent-type: %s\nx-audit-log-reason: %s\n\n%s\n",
			r.Method, r.URL.Path, r.URL.RawQuery, ct, r.Header.Get("X-Audit-Log-Reason"),
			strings.ReplaceAll(string(body), "\r\n", "\n"))
		mu.Unlock()
		switch {
		case r.Method == "PUT":
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"1","channel_id":"2","type":0}`)
		}
	}, nil)
	ctx := t.Context()
	raw := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name string
		call func() error
	}{
		{"patch_explicit_nulls", func() error {
			_, err := c.ModifyChannel(ctx, 10, &rest.ModifyChannelParams{
				Name: discord.Some("general"), Topic: discord.Null[string](), ParentID: discord.Null[discord.Snowflake](),
				RateLimitPerUser: discord.NonNull(0),
			}, "tidy up")
			return err
		}},
		{"patch_generated_nulls", func() error {
			_, err := c.ModifyGuild(ctx, 20, &discord.UpdateGuildParams{
				Name: discord.Some("guild"), AFKChannelID: discord.Null[discord.Snowflake](), SystemChannelID: discord.NonNull[discord.Snowflake](30),
			}, "")
			return err
		}},
		{"multipart_three_files", func() error {
			_, err := c.CreateMessage(ctx, 10, &rest.CreateMessageParams{Content: "three files",
				Files: []rest.File{rest.NewFile("a.txt", []byte("alpha")), rest.NewFile("b.png", []byte("PNG")),
					{Name: "c.bin", Description: "third", Size: 1, Open: rest.NewFile("c.bin", []byte{0}).Open}}})
			return err
		}},
		{"multipart_without_attachments", func() error {
			_, err := c.CreateMessage(ctx, 10, &rest.CreateMessageParams{Content: "no list", OmitAttachments: true,
				Files: []rest.File{rest.NewFile("a.txt", []byte("alpha")), rest.NewFile("b.txt", []byte("beta"))}})
			return err
		}},
		{"permission_overwrite", func() error {
			return c.EditChannelPermissions(ctx, 10, 40, &discord.SetChannelPermissionOverwriteParams{
				Type:  discord.NonNull(discord.OverwriteMember),
				Allow: discord.NonNull(discord.PermissionViewChannel | discord.PermissionSendMessages),
				Deny:  discord.NonNull[discord.Permissions](0),
			}, "let them talk")
		}},
		{"channel_with_overwrites", func() error {
			_, err := c.CreateGuildChannel(ctx, 20, &discord.CreateGuildChannelParams{Name: "secret",
				PermissionOverwrites: discord.NonNull([]discord.ChannelPermissionOverwriteParams{
					{ID: 20, Type: discord.NonNull(discord.OverwriteRole), Deny: discord.NonNull(discord.PermissionViewChannel)},
					{ID: 50, Type: discord.NonNull(discord.OverwriteMember), Allow: discord.NonNull(discord.PermissionViewChannel)},
				})}, "")
			return err
		}},
		{"poll", func() error {
			poll := discord.PollCreateParams{
				Question: discord.PollMedia{Text: "Lunch?"},
				Answers: []discord.PollAnswerCreateParams{
					{PollMedia: discord.PollMediaCreateParams{Text: discord.NonNull("Pizza")}},
					{PollMedia: discord.PollMediaCreateParams{Text: discord.NonNull("Soup")}},
				},
				AllowMultiselect: discord.NonNull(true), Duration: discord.NonNull(4),
			}
			_, err := c.CreateMessage(ctx, 10, &rest.CreateMessageParams{Poll: raw(poll)})
			return err
		}},
		{"components_v2", func() error {
			_, err := c.CreateMessage(ctx, 10, &rest.CreateMessageParams{
				Flags: discord.MessageFlagIsComponentsV2,
				Components: discord.Components{
					&discord.TextDisplay{Content: "# Release notes"},
					&discord.Container{AccentColor: discord.NonNull(0x5865F2), Components: discord.Components{
						&discord.TextDisplay{Content: "Everything is generated now."},
					}},
				},
			})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			have := got
			mu.Unlock()
			path := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(have), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if have != string(want) {
				t.Errorf("request differs from %s:\nhave:\n%s\nwant:\n%s", path, have, want)
			}
		})
	}
}
