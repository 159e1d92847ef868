package discord

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/internal/assert"
)

// testdata/models/<model>_<case>.json are golden payloads for model shapes
// the event payloads do not reach (forwards, interaction metadata, forum
// channels, ...). Each must round-trip without loss.
func TestModelTestdataRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "models", "*.json"))
	assert.Success(t, err)
	if len(files) == 0 {
		t.Fatal("no model testdata")
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			assert.Success(t, err)
			var v any
			switch {
			case strings.HasPrefix(name, "message_"):
				v = new(Message)
			case strings.HasPrefix(name, "channel_"):
				v = new(Channel)
			default:
				t.Fatalf("no model for %s", name)
			}
			assert.Success(t, json.Unmarshal(raw, v))
			out, err := json.Marshal(v)
			assert.Success(t, err)
			diff, err := semanticDiff(raw, out)
			assert.Success(t, err)
			if diff != "" {
				t.Errorf("round trip differs:\n%s", diff)
			}
		})
	}
}

func TestModelFields(t *testing.T) {
	read := func(name string, v any) {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join("testdata", "models", name))
		assert.Success(t, err)
		assert.Success(t, json.Unmarshal(raw, v))
	}
	var fwd Message
	read("message_forward.json", &fwd)
	assert.Equal(t, "reference type", fwd.MessageReference.Type.Or(0), MessageReferenceForward)
	assert.Equal(t, "snapshot content", fwd.MessageSnapshots[0].Message.Content, "forwarded text")
	assert.Equal(t, "voice duration", fwd.MessageSnapshots[0].Message.Attachments[0].DurationSecs.Or(0), 3.5)
	assert.Equal(t, "has snapshot flag", fwd.Flags.Or(0).Has(MessageFlagHasSnapshot), true)
	assert.Equal(t, "primary guild tag", fwd.Author.PrimaryGuild.IsSet(), true)

	var im Message
	read("message_interaction.json", &im)
	assert.Equal(t, "metadata type", im.InteractionMetadata.Type, 5)
	assert.Equal(t, "triggering", im.InteractionMetadata.TriggeringInteractionMetadata.InteractedMessageID,
		Snowflake(1153429181143625899))
	ref, ok := im.ReferencedMessage.Get()
	assert.Equal(t, "referenced present", ok, true)
	assert.Equal(t, "referenced content", ref.Content, "original")
	assert.Equal(t, "string nonce", im.Nonce, Nonce{Value: "a-string-nonce"})
	assert.Equal(t, "components", len(im.Components), 2)
	_, unknown := im.Components[1].(*UnknownComponent)
	assert.Equal(t, "unknown component kept", unknown, true)
	assert.Equal(t, "resolved user", im.Resolved.Users[80351110224678912].Username, "nelly")

	var forum Channel
	read("channel_forum.json", &forum)
	assert.Equal(t, "forum type", forum.Type, ChannelGuildForum)
	assert.Equal(t, "require tag", forum.Flags.Or(0).Has(ChannelFlagRequireTag), true)
	assert.Equal(t, "tag emoji", forum.AvailableTags[0].EmojiName, NonNull("🐛"))
	assert.Equal(t, "default reaction null", forum.DefaultReactionEmoji.IsNull(), true)
	assert.Contains(t, string(forum.Extra), "template")
}
