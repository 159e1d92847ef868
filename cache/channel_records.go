package cache

import "github.com/scurrygo/scurry/discord"

// channel is the compact record of a guild channel, thread or DM (128
// bytes). Fields only voice channels and DMs set sit behind extra.
type channel struct {
	id            discord.Snowflake
	guildID       discord.Snowflake
	parentID      discord.Snowflake
	lastMessageID discord.Snowflake
	name          istr
	topic         string
	overwrites    []discord.PermissionOverwrite
	lastPin       int64
	typ           int32
	position      int32
	rateLimit     int32
	flags         uint32
	nsfw          bool
	thread        *threadRec
	extra         *channelExtra // nil while all its fields are zero
}

// channelExtra holds the fields of voice channels (bitrate, user limit,
// region) and DMs (recipients).
type channelExtra struct {
	recipients idSet
	rtcRegion  istr
	bitrate    int32
	userLimit  int32
}

type threadRec struct {
	ownerID      discord.Snowflake
	archivedAt   int64
	appliedTags  idSet
	autoArchive  int32
	messageCount int32
	memberCount  int32
	archived     bool
	locked       bool
	invitable    bool
	joined       bool
}

// merge copies the fields present in c: Discord sends whole channel objects
// in CHANNEL_UPDATE, but never for last_message_id changes, so absent fields
// keep their cached values.
func (r *channel) merge(c *discord.Channel) {
	r.id = c.ID
	r.typ = int32(c.Type)
	if c.GuildID != 0 {
		r.guildID = c.GuildID
	}
	setOptInt32(&r.position, c.Position)
	if c.PermissionOverwrites != nil {
		r.overwrites = append([]discord.PermissionOverwrite(nil), c.PermissionOverwrites...)
	}
	if c.Name.IsSet() {
		r.name = intern(nullString(c.Name))
	}
	setNullString(&r.topic, c.Topic)
	if b, ok := c.NSFW.Get(); ok {
		r.nsfw = b
	}
	setNullID(&r.lastMessageID, c.LastMessageID)
	setOptInt32(&r.rateLimit, c.RateLimitPerUser)
	r.mergeExtra(c)
	setNullID(&r.parentID, c.ParentID)
	if c.LastPinTimestamp.IsSet() {
		r.lastPin = nullMicros(c.LastPinTimestamp)
	}
	if f, ok := c.Flags.Get(); ok {
		r.flags = uint32(f)
	}
	if c.Type.IsThread() {
		if r.thread == nil {
			r.thread = &threadRec{}
		}
		t := r.thread
		setNullID(&t.ownerID, c.OwnerID)
		setOptInt32(&t.messageCount, c.MessageCount)
		setOptInt32(&t.memberCount, c.MemberCount)
		if c.AppliedTags != nil {
			t.appliedTags = makeIDSet(c.AppliedTags)
		}
		if md := c.ThreadMetadata; md != nil {
			t.archived, t.locked = md.Archived, md.Locked
			t.autoArchive = int32(md.AutoArchiveDuration)
			if md.ArchiveTimestamp.IsSet() {
				t.archivedAt = nullMicros(md.ArchiveTimestamp)
			}
			if b, ok := md.Invitable.Get(); ok {
				t.invitable = b
			}
		}
		if c.Member != nil {
			t.joined = true
		}
	}
}

// mergeExtra copies the voice and DM fields present in c.
func (r *channel) mergeExtra(c *discord.Channel) {
	if c.Bitrate.IsZero() && c.UserLimit.IsZero() && c.Recipients == nil && !c.RTCRegion.IsSet() {
		return
	}
	var x channelExtra
	if r.extra != nil {
		x = *r.extra
	}
	setOptInt32(&x.bitrate, c.Bitrate)
	setOptInt32(&x.userLimit, c.UserLimit)
	if c.Recipients != nil {
		ids := make([]discord.Snowflake, len(c.Recipients))
		for i := range c.Recipients {
			ids[i] = c.Recipients[i].ID
		}
		x.recipients = makeIDSet(ids)
	}
	if c.RTCRegion.IsSet() {
		x.rtcRegion = intern(nullString(c.RTCRegion))
	}
	switch {
	case x == (channelExtra{}):
		r.extra = nil
	case r.extra != nil:
		*r.extra = x
	default:
		r.extra = &channelExtra{}
		*r.extra = x
	}
}

func setOptInt32(dst *int32, o discord.Optional[int]) {
	if v, ok := o.Get(); ok {
		*dst = int32(v)
	}
}

func (r *channel) view() Channel {
	c := Channel{
		ID:               r.id,
		GuildID:          r.guildID,
		Type:             discord.ChannelType(r.typ),
		Name:             r.name.String(),
		Topic:            r.topic,
		Position:         int(r.position),
		ParentID:         r.parentID,
		NSFW:             r.nsfw,
		RateLimitPerUser: int(r.rateLimit),
		LastMessageID:    r.lastMessageID,
		LastPinAt:        fromMicros(r.lastPin),
		Flags:            discord.ChannelFlags(r.flags),
	}
	if x := r.extra; x != nil {
		c.Bitrate, c.UserLimit = int(x.bitrate), int(x.userLimit)
		c.RTCRegion = x.rtcRegion.String()
		c.Recipients = x.recipients.slice()
	}
	if len(r.overwrites) > 0 {
		c.Overwrites = append([]discord.PermissionOverwrite(nil), r.overwrites...)
	}
	if t := r.thread; t != nil {
		c.Thread = &Thread{
			OwnerID:             t.ownerID,
			Archived:            t.archived,
			Locked:              t.locked,
			Invitable:           t.invitable,
			AutoArchiveDuration: int(t.autoArchive),
			ArchivedAt:          fromMicros(t.archivedAt),
			MessageCount:        int(t.messageCount),
			MemberCount:         int(t.memberCount),
			AppliedTags:         t.appliedTags.slice(),
			Joined:              t.joined,
		}
	}
	return c
}

// voiceState is the compact voice state record (keyed by user).
type voiceState struct {
	channelID discord.Snowflake
	sessionID string
	requestTS int64
	bits      uint8
}

const (
	vsDeaf uint8 = 1 << iota
	vsMute
	vsSelfDeaf
	vsSelfMute
	vsSelfStream
	vsSelfVideo
	vsSuppress
)

func newVoiceState(v *discord.VoiceState) *voiceState {
	ch, _ := v.ChannelID.Get()
	r := &voiceState{channelID: ch, sessionID: v.SessionID, requestTS: nullMicros(v.RequestToSpeakTimestamp)}
	r.bits = setBit(r.bits, vsDeaf, v.Deaf)
	r.bits = setBit(r.bits, vsMute, v.Mute)
	r.bits = setBit(r.bits, vsSelfDeaf, v.SelfDeaf)
	r.bits = setBit(r.bits, vsSelfMute, v.SelfMute)
	r.bits = setBit(r.bits, vsSelfStream, v.SelfStream.Or(false))
	r.bits = setBit(r.bits, vsSelfVideo, v.SelfVideo)
	r.bits = setBit(r.bits, vsSuppress, v.Suppress)
	return r
}

func (r *voiceState) view(guildID, userID discord.Snowflake) VoiceState {
	return VoiceState{
		GuildID: guildID, ChannelID: r.channelID, UserID: userID, SessionID: r.sessionID,
		Deaf: r.bits&vsDeaf != 0, Mute: r.bits&vsMute != 0,
		SelfDeaf: r.bits&vsSelfDeaf != 0, SelfMute: r.bits&vsSelfMute != 0,
		SelfStream: r.bits&vsSelfStream != 0, SelfVideo: r.bits&vsSelfVideo != 0,
		Suppress:         r.bits&vsSuppress != 0,
		RequestToSpeakAt: fromMicros(r.requestTS),
	}
}

// presence is the compact presence record (keyed by user).
type presence struct {
	status, desktop, mobile, web istr
	activities                   []activity
}

type activity struct {
	name    istr
	state   string
	details string
	url     string
	typ     int32
}

func newPresence(p *discord.Presence) *presence {
	r := &presence{status: intern(string(p.Status))}
	if cs := p.ClientStatus; cs != nil {
		r.desktop, r.mobile, r.web = intern(string(cs.Desktop)), intern(string(cs.Mobile)), intern(string(cs.Web))
	}
	if len(p.Activities) > 0 {
		r.activities = make([]activity, len(p.Activities))
		for i := range p.Activities {
			a := &p.Activities[i]
			r.activities[i] = activity{
				name: intern(a.Name), typ: int32(a.Type),
				state: nullString(a.State), details: nullString(a.Details), url: nullString(a.URL),
			}
		}
	}
	return r
}

func (r *presence) view(guildID, userID discord.Snowflake) Presence {
	p := Presence{
		GuildID: guildID, UserID: userID,
		Status:  discord.Status(r.status.String()),
		Desktop: discord.Status(r.desktop.String()),
		Mobile:  discord.Status(r.mobile.String()),
		Web:     discord.Status(r.web.String()),
	}
	if len(r.activities) > 0 {
		p.Activities = make([]Activity, len(r.activities))
		for i, a := range r.activities {
			p.Activities[i] = Activity{Name: a.name.String(), Type: discord.ActivityType(a.typ), State: a.state, Details: a.details, URL: a.url}
		}
	}
	return p
}
