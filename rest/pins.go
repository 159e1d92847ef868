package rest

import (
	"context"
	"net/url"
	"strconv"

	"github.com/scurrygo/scurry/discord"
)

// PinnedMessage is one entry of a channel's pins.
type PinnedMessage struct {
	PinnedAt discord.Timestamp `json:"pinned_at"`
	Message  discord.Message   `json:"message"`
}

// Pins is a page of pinned messages, newest pin first.
type Pins struct {
	Items   []PinnedMessage `json:"items"`
	HasMore bool            `json:"has_more"`
}

// ListPins returns pinned messages pinned before before (zero for the
// newest), at most limit (1-50; 0 means 50).
func (c *Client) ListPins(ctx context.Context, channelID discord.Snowflake, before discord.Timestamp, limit int) (*Pins, error) {
	if limit < 0 || limit > maxListPins {
		return nil, inputErr("list pins", "limit", "%d is outside 1..%d", limit, maxListPins)
	}
	q := url.Values{}
	if !before.IsZero() {
		q.Set("before", before.String())
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out Pins
	err := c.Do(ctx, &Request{Route: RouteListPins, Params: []string{channelID.String()}, Query: q, Result: &out})
	return result(&out, err)
}

// PinMessage pins a message.
func (c *Client) PinMessage(ctx context.Context, channelID, messageID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RoutePinMessage, Params: ids(channelID, messageID), Reason: reason})
}

// UnpinMessage unpins a message.
func (c *Client) UnpinMessage(ctx context.Context, channelID, messageID discord.Snowflake, reason string) error {
	return c.Do(ctx, &Request{Route: RouteUnpinMessage, Params: ids(channelID, messageID), Reason: reason})
}
