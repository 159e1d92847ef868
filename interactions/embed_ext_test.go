package interactions_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/interactions"
)

func TestEmbedBuilderBuilds(t *testing.T) {
	at := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	e, err := interactions.NewEmbed("Weather").Description("sunny").URL("https://example.com").Color(0x5865F2).
		Timestamp(at).Footer("scurry", "").Author("bot", "", "").Image("attachment://map.png").
		Thumbnail("https://example.com/t.png").Field("temp", "21 °C", true).Field("wind", "3 km/h", false).Build()
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != "rich" || e.Title != "Weather" || e.Description != "sunny" || len(e.Fields) != 2 ||
		e.Footer.Text != "scurry" || e.Author.Name != "bot" || e.Image.URL != "attachment://map.png" || !e.Timestamp.Time().Equal(at) {
		t.Fatalf("built %+v", e)
	}
	if c, _ := e.Color.Get(); c != 0x5865F2 {
		t.Fatalf("color %x", c)
	}
	if in, ok := e.Fields[0].Inline.Get(); !ok || !in {
		t.Fatal("first field should be inline")
	}
	if _, set := e.Fields[1].Inline.Get(); set {
		t.Fatal("second field should leave inline absent")
	}
	// A message carrying it passes the response validator too.
	if err := interactions.ValidateResponse(interactions.Message(discord.InteractionCallbackData{Embeds: []discord.Embed{e}})); err != nil {
		t.Fatal(err)
	}
}

func TestEmbedBuilderLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // runes, not bytes, are counted
	manyFields := interactions.NewEmbed("t")
	for range 26 {
		manyFields.Field("n", "v", false)
	}
	bigTotal := interactions.NewEmbed(long(256)).Description(long(4096))
	for range 2 {
		bigTotal.Field(long(256), long(1024), false) // 256+4096+2*1280 = 6912
	}
	tests := []struct {
		name, path, limit string
		b                 *interactions.EmbedBuilder
	}{
		{"title", "embed.title", "at most 256 characters, got 257", interactions.NewEmbed(long(257))},
		{"description", "embed.description", "at most 4096", interactions.NewEmbed("").Description(long(4097))},
		{"fields", "embed.fields", "at most 25 fields, got 26", manyFields},
		{"field name", "embed.fields[0].name", "at most 256", interactions.NewEmbed("t").Field(long(257), "v", false)},
		{"field value", "embed.fields[1].value", "at most 1024", interactions.NewEmbed("t").Field("a", "b", false).Field("n", long(1025), false)},
		{"empty field value", "embed.fields[0].value", "required", interactions.NewEmbed("t").Field("n", "", false)},
		{"footer", "embed.footer.text", "at most 2048", interactions.NewEmbed("t").Footer(long(2049), "")},
		{"author", "embed.author.name", "at most 256", interactions.NewEmbed("t").Author(long(257), "", "")},
		{"url", "embed.url", "at most 2048", interactions.NewEmbed("t").URL("https://x/" + long(2048))},
		{"color", "embed.color", "must be 0-16777215", interactions.NewEmbed("t").Color(1 << 24)},
		{"empty", "embed", "needs at least one of", interactions.NewEmbed("")},
		{"total", "embed", "at most 6000 characters", bigTotal},
	}
	for _, tc := range tests {
		_, err := tc.b.Build()
		var le *interactions.LimitError
		if !errors.As(err, &le) || !errors.Is(err, interactions.ErrLimit) {
			t.Fatalf("%s: got %v, want a *LimitError", tc.name, err)
		}
		if le.Path != tc.path || !strings.Contains(le.Limit, tc.limit) {
			t.Fatalf("%s: got path %q limit %q, want %q containing %q", tc.name, le.Path, le.Limit, tc.path, tc.limit)
		}
	}
}

func TestValidateEmbedsAcrossMessage(t *testing.T) {
	half, err := interactions.NewEmbed("t").Description(strings.Repeat("x", 3500)).Build()
	if err != nil {
		t.Fatal(err)
	}
	err = interactions.ValidateEmbeds([]discord.Embed{half, half})
	var le *interactions.LimitError
	if !errors.As(err, &le) || le.Path != "embeds" || !strings.Contains(le.Limit, "got 7002") {
		t.Fatalf("two embeds of 3501 characters: got %v", err)
	}
	eleven := make([]discord.Embed, 11)
	for i := range eleven {
		eleven[i] = half
	}
	if err := interactions.ValidateEmbeds(eleven); !errors.As(err, &le) || !strings.Contains(le.Limit, "at most 10 embeds") {
		t.Fatalf("eleven embeds: got %v", err)
	}
	// The response validator runs the same checks, with the response's path.
	resp := interactions.Message(discord.InteractionCallbackData{Embeds: []discord.Embed{{Title: strings.Repeat("x", 300)}}})
	if err := interactions.ValidateResponse(resp); !errors.As(err, &le) || le.Path != "data.embeds[0].title" {
		t.Fatalf("response with a long title: got %v", err)
	}
}
