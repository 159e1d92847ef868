package rest

import (
	"context"

	"github.com/scurrygo/scurry/discord"
)

// GatewayBot returns the gateway URL, the recommended shard count and the
// session-start budget (GET /gateway/bot).
func (c *Client) GatewayBot(ctx context.Context) (*discord.GatewayBot, error) {
	var out discord.GatewayBot
	err := c.Do(ctx, &Request{Route: RouteGatewayBot, Result: &out})
	return result(&out, err)
}

// CurrentUser returns the bot's own user.
func (c *Client) CurrentUser(ctx context.Context) (*discord.User, error) {
	var out discord.User
	err := c.Do(ctx, &Request{Route: RouteCurrentUser, Result: &out})
	return result(&out, err)
}

// GetUser returns a user.
func (c *Client) GetUser(ctx context.Context, userID discord.Snowflake) (*discord.User, error) {
	var out discord.User
	err := c.Do(ctx, &Request{Route: RouteGetUser, Params: ids(userID), Result: &out})
	return result(&out, err)
}
