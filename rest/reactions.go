package rest

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/scurrygo/scurry/discord"
)

// Emoji arguments are a Unicode emoji ("🔥") or a custom emoji as "name:id";
// the message-format "<:name:id>" and "<a:name:id>" are accepted too.
func reactionEmoji(op, emoji string) (string, error) {
	e := strings.TrimSpace(emoji)
	if strings.HasPrefix(e, "<") && strings.HasSuffix(e, ">") {
		e = strings.TrimPrefix(strings.TrimPrefix(e[1:len(e)-1], "a:"), ":")
	}
	if e == "" {
		return "", inputErr(op, "emoji", "is empty")
	}
	if strings.ContainsAny(e, "/?#") {
		return "", inputErr(op, "emoji", "%q is not an emoji (use \"🔥\" or \"name:id\")", emoji)
	}
	return e, nil
}

func (c *Client) reaction(ctx context.Context, op string, r Route, emoji string, params ...string) error {
	e, err := reactionEmoji(op, emoji)
	if err != nil {
		return err
	}
	ps := append(params[:2:2], e)
	ps = append(ps, params[2:]...)
	return c.Do(ctx, &Request{Route: r, Params: ps})
}

// AddReaction reacts to a message as the bot.
func (c *Client) AddReaction(ctx context.Context, channelID, messageID discord.Snowflake, emoji string) error {
	return c.reaction(ctx, "add reaction", RouteAddReaction, emoji, ids(channelID, messageID)...)
}

// RemoveOwnReaction removes the bot's reaction.
func (c *Client) RemoveOwnReaction(ctx context.Context, channelID, messageID discord.Snowflake, emoji string) error {
	return c.reaction(ctx, "remove own reaction", RouteRemoveOwnReaction, emoji, ids(channelID, messageID)...)
}

// RemoveUserReaction removes another user's reaction (needs MANAGE_MESSAGES).
func (c *Client) RemoveUserReaction(ctx context.Context, channelID, messageID discord.Snowflake, emoji string, userID discord.Snowflake) error {
	return c.reaction(ctx, "remove user reaction", RouteRemoveUserReaction, emoji, ids(channelID, messageID, userID)...)
}

// RemoveEmojiReactions removes every reaction with one emoji.
func (c *Client) RemoveEmojiReactions(ctx context.Context, channelID, messageID discord.Snowflake, emoji string) error {
	return c.reaction(ctx, "remove emoji reactions", RouteRemoveEmojiReactions, emoji, ids(channelID, messageID)...)
}

// RemoveAllReactions removes every reaction of a message.
func (c *Client) RemoveAllReactions(ctx context.Context, channelID, messageID discord.Snowflake) error {
	return c.Do(ctx, &Request{Route: RouteRemoveAllReactions, Params: ids(channelID, messageID)})
}

// ListReactionsParams pages through the users who reacted. Limit is 1-100; 0
// means Discord's default (25). Burst selects super reactions.
type ListReactionsParams struct {
	After discord.Snowflake
	Limit int
	Burst bool
}

// ListReactions returns users who reacted with emoji.
func (c *Client) ListReactions(ctx context.Context, channelID, messageID discord.Snowflake, emoji string, p ListReactionsParams) ([]discord.User, error) {
	const op = "list reactions"
	e, err := reactionEmoji(op, emoji)
	if err != nil {
		return nil, err
	}
	if p.Limit < 0 || p.Limit > maxListReactions {
		return nil, inputErr(op, "limit", "%d is outside 1..%d", p.Limit, maxListReactions)
	}
	q := url.Values{}
	if p.After != 0 {
		q.Set("after", p.After.String())
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	if p.Burst {
		q.Set("type", "1")
	}
	var out []discord.User
	err = c.Do(ctx, &Request{Route: RouteListReactions, Params: append(ids(channelID, messageID), e), Query: q, Result: &out})
	return out, err
}
