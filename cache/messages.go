package cache

import (
	"sync"

	"github.com/scurrygo/scurry/discord"
)

// message is the compact message record.
type message struct {
	id, authorID discord.Snowflake
	guildID      discord.Snowflake
	webhookID    discord.Snowflake
	appID        discord.Snowflake
	refID        discord.Snowflake
	content      string
	ts, edited   int64 // Unix µs
	flags        uint32
	typ          uint16
	bits         uint8 // msgTTS, msgPinned, msgMentionEveryone
	embeds       uint16
	components   uint16
	mentions     idSet
	mentionRoles idSet
	attachments  []Attachment
	reactions    []reaction
}

const (
	msgTTS uint8 = 1 << iota
	msgPinned
	msgMentionEveryone
)

type reaction struct {
	emojiID   discord.Snowflake
	emojiName istr
	count     int32
	burst     int32
	bits      uint8 // reactMe, reactMeBurst, reactAnimated
}

const (
	reactMe uint8 = 1 << iota
	reactMeBurst
	reactAnimated
)

// ring keeps the last cap messages of one channel in arrival order.
type ring struct {
	buf   []message
	start int // index of the oldest message when full
}

func (r *ring) len() int { return len(r.buf) }

// at returns the i-th oldest message.
func (r *ring) at(i int) *message {
	return &r.buf[(r.start+i)%len(r.buf)]
}

// push appends m, returning the evicted message (ok false if none).
func (r *ring) push(m message, capacity int) (old message, evicted bool) {
	if len(r.buf) < capacity {
		r.buf = append(r.buf, m)
		return message{}, false
	}
	old = r.buf[r.start]
	r.buf[r.start] = m
	r.start = (r.start + 1) % len(r.buf)
	return old, true
}

// find returns the index (0 = oldest) of the message with id, or -1.
func (r *ring) find(id discord.Snowflake) int {
	for i := len(r.buf) - 1; i >= 0; i-- {
		if r.at(i).id == id {
			return i
		}
	}
	return -1
}

// remove deletes the i-th oldest message, keeping order.
func (r *ring) remove(i int) message {
	n := len(r.buf)
	// Normalise to a linear slice, then delete.
	if r.start != 0 {
		lin := make([]message, 0, cap(r.buf))
		lin = append(lin, r.buf[r.start:]...)
		lin = append(lin, r.buf[:r.start]...)
		r.buf, r.start = lin, 0
	}
	m := r.buf[i]
	copy(r.buf[i:], r.buf[i+1:])
	r.buf[n-1] = message{}
	r.buf = r.buf[:n-1]
	return m
}

type msgShard struct {
	mu sync.RWMutex
	m  map[discord.Snowflake]*ring
}

func (s *Store) msgShard(channelID discord.Snowflake) *msgShard {
	return &s.msgs[shardOf(channelID)]
}

// dropMessages forgets every cached message of the channels.
func (s *Store) dropMessages(channelIDs ...discord.Snowflake) {
	for _, ch := range channelIDs {
		sh := s.msgShard(ch)
		sh.mu.Lock()
		r := sh.m[ch]
		delete(sh.m, ch)
		sh.mu.Unlock()
		if r != nil {
			for i := range r.buf {
				s.unrefUser(r.buf[i].authorID)
			}
		}
	}
}
