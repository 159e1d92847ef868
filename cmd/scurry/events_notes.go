package main

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/gateway"
	"github.com/scurrygo/scurry/shard"
)

// eventsNotes prints what `scurry events` has to say besides the events, on
// stderr so that stdout stays JSON lines: the shards' start-up progress, and
// once, that message contents arrive empty without MESSAGE_CONTENT.
type eventsNotes struct {
	w       io.Writer
	mu      *sync.Mutex // shared with the event printer
	content bool        // MESSAGE_CONTENT requested
	warned  atomic.Bool
}

func newEventsNotes(w io.Writer, mu *sync.Mutex, intents discord.Intents, info *discord.GatewayBot) *eventsNotes {
	n := &eventsNotes{w: w, mu: mu, content: intents.Has(discord.IntentMessageContent)}
	mc := max(info.SessionStartLimit.MaxConcurrency, 1)
	mu.Lock()
	fmt.Fprintf(w, "scurry events: starting %d shard(s), %d at a time (max_concurrency); events follow on stdout\n", max(info.Shards, 1), mc)
	mu.Unlock()
	return n
}

// progress is shard.Options.OnProgress.
func (n *eventsNotes) progress(p shard.Progress) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p.Ready == p.Total {
		fmt.Fprintf(n.w, "scurry events: all %d shard(s) ready\n", p.Total)
		return
	}
	fmt.Fprintf(n.w, "scurry events: shards %d/%d ready (about %s left)\n", p.Ready, p.Total, p.Remaining.Round(100*time.Millisecond))
}

// event notes, once, a guild message whose content came blank because
// MESSAGE_CONTENT is off.
func (n *eventsNotes) event(e gateway.Event) {
	if n.content || (e.Name != discord.EventMessageCreate && e.Name != discord.EventMessageUpdate) {
		return
	}
	if !bytes.Contains(e.Raw, []byte(`"content":""`)) || !bytes.Contains(e.Raw, []byte(`"guild_id"`)) || n.warned.Swap(true) {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	fmt.Fprintln(n.w, "scurry events: note: message contents arrive empty because MESSAGE_CONTENT is not in --intents "+
		"(Discord blanks content, embeds, attachments, components and polls unless the bot is mentioned or wrote it); "+
		"add it, e.g. --intents GUILDS,GUILD_MESSAGES,MESSAGE_CONTENT, and enable it for the app in the Developer Portal")
}
