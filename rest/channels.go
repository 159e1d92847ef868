package rest

import (
	"context"

	"github.com/scurrygo/scurry/discord"
)

// GetChannel returns a channel (or thread).
func (c *Client) GetChannel(ctx context.Context, channelID discord.Snowflake) (*discord.Channel, error) {
	var out discord.Channel
	err := c.Do(ctx, &Request{Route: RouteGetChannel, Params: ids(channelID), Result: &out})
	return result(&out, err)
}

// ModifyChannelParams is the body of PATCH /channels/{id} for guild
// channels. Absent fields are left alone; Null clears one.
type ModifyChannelParams struct {
	Name             discord.Optional[string]            `json:"name,omitzero"`  // 1-100 characters
	Topic            discord.Nullable[string]            `json:"topic,omitzero"` // 0-1024 (4096 in forums)
	NSFW             discord.Optional[bool]              `json:"nsfw,omitzero"`
	RateLimitPerUser discord.Nullable[int]               `json:"rate_limit_per_user,omitzero"` // 0-21600 s
	Position         discord.Nullable[int]               `json:"position,omitzero"`
	ParentID         discord.Nullable[discord.Snowflake] `json:"parent_id,omitzero"`
	Bitrate          discord.Nullable[int]               `json:"bitrate,omitzero"`
	UserLimit        discord.Nullable[int]               `json:"user_limit,omitzero"`
	Archived         discord.Optional[bool]              `json:"archived,omitzero"` // threads
	Locked           discord.Optional[bool]              `json:"locked,omitzero"`   // threads
}

func (p *ModifyChannelParams) check(op string) error {
	if n, ok := p.Name.Get(); ok {
		if l := runes(n); l < 1 || l > maxChannelName {
			return inputErr(op, "name", "is %d characters, Discord takes 1 to %d", l, maxChannelName)
		}
	}
	if t, ok := p.Topic.Get(); ok {
		if err := checkLen(op, "topic", t, maxChannelTopic); err != nil {
			return err
		}
	}
	if s, ok := p.RateLimitPerUser.Get(); ok && (s < 0 || s > maxSlowmode) {
		return inputErr(op, "rate_limit_per_user", "%d is outside 0..%d seconds", s, maxSlowmode)
	}
	return nil
}

// ModifyChannel changes a channel's settings.
func (c *Client) ModifyChannel(ctx context.Context, channelID discord.Snowflake, p *ModifyChannelParams, reason string) (*discord.Channel, error) {
	const op = "modify channel"
	if p == nil {
		return nil, inputErr(op, "params", "is nil")
	}
	if err := checkInput("update_channel", op, p); err != nil {
		return nil, err
	}
	var out discord.Channel
	err := c.Do(ctx, &Request{Route: RouteModifyChannel, Params: ids(channelID), Body: p, Reason: reason, Result: &out})
	return result(&out, err)
}

// DeleteChannel deletes a guild channel (or closes a DM) and returns it.
func (c *Client) DeleteChannel(ctx context.Context, channelID discord.Snowflake, reason string) (*discord.Channel, error) {
	var out discord.Channel
	err := c.Do(ctx, &Request{Route: RouteDeleteChannel, Params: ids(channelID), Reason: reason, Result: &out})
	return result(&out, err)
}

// ListGuildChannels returns a guild's channels (not threads).
func (c *Client) ListGuildChannels(ctx context.Context, guildID discord.Snowflake) ([]discord.Channel, error) {
	var out []discord.Channel
	err := c.Do(ctx, &Request{Route: RouteListGuildChannels, Params: ids(guildID), Result: &out})
	return out, err
}
