package cache

import (
	"testing"
	"unsafe"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/internal/assert"
)

// TestChannelExtra: voice and DM fields live behind extra, which exists only
// while one of them is set, and partial updates keep the others.
func TestChannelExtra(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "channel record bytes", unsafe.Sizeof(channel{}), uintptr(128))
	var s Store
	s.Apply(&discord.ChannelCreate{Channel: discord.Channel{ID: 10, GuildID: 1, Type: discord.ChannelGuildText, Name: discord.NonNull("text")}})
	s.Apply(&discord.ChannelCreate{Channel: discord.Channel{ID: 11, GuildID: 1, Type: discord.ChannelGuildVoice,
		Bitrate: discord.Some(64000), UserLimit: discord.Some(5), RTCRegion: discord.NonNull("rotterdam")}})
	g := s.guild(1)
	assert.Equal(t, "text channel has no extra", g.channels[10].extra == nil, true)
	c, _ := s.Channel(11)
	assert.Equal(t, "voice fields", [3]any{c.Bitrate, c.UserLimit, c.RTCRegion}, [3]any{64000, 5, "rotterdam"})

	// An update without the region keeps it; zeroing everything drops extra.
	s.Apply(&discord.ChannelUpdate{Channel: discord.Channel{ID: 11, GuildID: 1, Type: discord.ChannelGuildVoice, Bitrate: discord.Some(96000)}})
	c, _ = s.Channel(11)
	assert.Equal(t, "partial update", [3]any{c.Bitrate, c.UserLimit, c.RTCRegion}, [3]any{96000, 5, "rotterdam"})
	s.Apply(&discord.ChannelUpdate{Channel: discord.Channel{ID: 11, GuildID: 1, Type: discord.ChannelGuildVoice,
		Bitrate: discord.Some(0), UserLimit: discord.Some(0), RTCRegion: discord.Null[string]()}})
	assert.Equal(t, "all zero: no extra", g.channels[11].extra == nil, true)
	c, _ = s.Channel(11)
	assert.Equal(t, "zeroed fields", [3]any{c.Bitrate, c.UserLimit, c.RTCRegion}, [3]any{0, 0, ""})

	s.Apply(&discord.ChannelCreate{Channel: discord.Channel{ID: 12, Type: discord.ChannelDM, Recipients: []discord.User{{ID: 7}, {ID: 8}}}})
	c, _ = s.Channel(12)
	assert.Equal(t, "DM recipients", c.Recipients, []discord.Snowflake{7, 8})
}
