package cache

import (
	"errors"
	"fmt"
	"strings"
)

// Resource names a kind of state the cache can keep. Resources combine as a
// bit set in Options.Disable.
type Resource uint16

// Resources. Guild-scoped resources (channels, roles, members, …) are kept
// per guild; Users and Messages are global.
const (
	// ResourceGuilds is the guild objects themselves (name, owner, icon, …).
	// With it disabled, Guild and Guilds find nothing, but guild-scoped
	// resources are still kept when enabled (the owner ID is kept for
	// permission computation either way).
	ResourceGuilds Resource = 1 << iota
	ResourceChannels
	ResourceThreads
	ResourceRoles
	ResourceMembers
	// ResourceUsers is users that no cached member or message refers to
	// (message authors when messages are off, presence-only users, reactors,
	// the bot itself is always kept). Users of cached members and messages
	// are part of those records and stay while they do.
	ResourceUsers
	ResourceMessages
	ResourcePresences
	ResourceVoiceStates
	ResourceEmojis
	ResourceStickers
	ResourceStageInstances

	resourceEnd
)

var resourceNames = [...]string{
	"guilds", "channels", "threads", "roles", "members", "users", "messages",
	"presences", "voice states", "emojis", "stickers", "stage instances",
}

// String renders the set as "members|presences".
func (r Resource) String() string {
	if r == 0 {
		return "none"
	}
	var parts []string
	for i, n := range resourceNames {
		if r&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := r &^ (resourceEnd - 1); rest != 0 {
		parts = append(parts, fmt.Sprintf("Resource(%#x)", uint16(rest)))
	}
	return strings.Join(parts, "|")
}

// Limit bounds a resource. The zero value, LimitDefault, means the default
// documented on the Options field; Unlimited means no bound; a positive
// value is the bound.
type Limit int

const (
	// LimitDefault selects the field's documented default.
	LimitDefault Limit = 0
	// Unlimited keeps everything.
	Unlimited Limit = -1
)

// Options is the cache policy. A nil *Options, and the zero value of Store,
// use the defaults written on each field: everything is cached, members are
// unbounded, 100 messages per channel, 10,000 unreferenced users.
type Options struct {
	// Disable lists the resources not to cache. Default: none. Events for a
	// disabled resource return from Apply without work.
	Disable Resource

	// MessagesPerChannel is how many recent messages each channel keeps, in a
	// ring: the oldest is dropped when a new one arrives. Default 100.
	MessagesPerChannel Limit

	// MembersPerGuild bounds the members kept per guild. When full, the member
	// least recently touched by an event (add, update, chunk, message) is
	// evicted; the bot's own member is never evicted. Default Unlimited.
	MembersPerGuild Limit

	// MaxUsers bounds the users that no cached member or message refers to,
	// evicting the least recently seen. Default 10,000.
	MaxUsers Limit
}

// Default values of the Options fields.
const (
	DefaultMessagesPerChannel = 100
	DefaultMaxUsers           = 10_000
)

// ErrInvalidOptions is returned by New for options it cannot honour.
var ErrInvalidOptions = errors.New("cache: invalid options")

// policy is Options resolved: every bound is concrete, -1 meaning unbounded.
type policy struct {
	off         Resource
	messages    int // per channel; 0 with ResourceMessages off
	members     int // -1 unbounded
	looseUsers  int // -1 unbounded; 0 with ResourceUsers off
	initialized bool
}

func (p *policy) on(r Resource) bool { return p.off&r == 0 }

func resolve(o *Options) (policy, error) {
	var zero Options
	if o == nil {
		o = &zero
	}
	if o.Disable >= resourceEnd {
		return policy{}, fmt.Errorf("%w: unknown resource bits %#x in Disable", ErrInvalidOptions, uint16(o.Disable&^(resourceEnd-1)))
	}
	p := policy{off: o.Disable, initialized: true}
	var err error
	if p.messages, err = limit("MessagesPerChannel", o.MessagesPerChannel, DefaultMessagesPerChannel); err != nil {
		return policy{}, err
	}
	if p.messages < 0 {
		return policy{}, fmt.Errorf("%w: MessagesPerChannel must be bounded (a ring per channel), got Unlimited", ErrInvalidOptions)
	}
	if p.members, err = limit("MembersPerGuild", o.MembersPerGuild, -1); err != nil {
		return policy{}, err
	}
	if p.looseUsers, err = limit("MaxUsers", o.MaxUsers, DefaultMaxUsers); err != nil {
		return policy{}, err
	}
	if !p.on(ResourceMessages) {
		p.messages = 0
	}
	if !p.on(ResourceUsers) {
		p.looseUsers = 0
	}
	return p, nil
}

func limit(name string, l Limit, def int) (int, error) {
	switch {
	case l == LimitDefault:
		return def, nil
	case l == Unlimited:
		return -1, nil
	case l > 0:
		return int(l), nil
	}
	return 0, fmt.Errorf("%w: %s is %d; use a positive bound, Unlimited, or LimitDefault", ErrInvalidOptions, name, int(l))
}
