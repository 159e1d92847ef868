package rest

import (
	"context"
	"iter"

	"github.com/scurrygo/scurry/discord"
)

// ListMembersAll pages through a guild's members in user-id order, starting
// after the user id after (0: from the start), limit per page (1-1000; 0
// means 1000), and yields each member once. Each page waits on the rate
// limiter like any call; the iterator stops after a short page, on the first
// error (yielded last) or when ctx ends.
func (c *Client) ListMembersAll(ctx context.Context, guildID, after discord.Snowflake, limit int) iter.Seq2[discord.Member, error] {
	if limit <= 0 {
		limit = maxListMembers
	}
	return paginate(ctx, "after", after, limit, func(ctx context.Context, cursor discord.Snowflake) ([]discord.Member, error) {
		return c.ListMembers(ctx, guildID, cursor, limit)
	}, func(m discord.Member) discord.Snowflake {
		if m.User == nil {
			return 0
		}
		return m.User.ID
	})
}

// ListMessagesAll pages through a channel's history newest first, starting
// before p.Before (0: the newest message), p.Limit per page (0 means 100),
// and yields each message once. p.After and p.Around must be zero. Each page
// waits on the rate limiter; the iterator stops after a short page, on the
// first error (yielded last) or when ctx ends.
func (c *Client) ListMessagesAll(ctx context.Context, channelID discord.Snowflake, p ListMessagesParams) iter.Seq2[discord.Message, error] {
	if p.After != 0 || p.Around != 0 {
		return func(yield func(discord.Message, error) bool) {
			yield(discord.Message{}, inputErr("list messages", "after/around", "ListMessagesAll pages backwards with before only"))
		}
	}
	if p.Limit <= 0 {
		p.Limit = maxListMessages
	}
	return paginate(ctx, "before", p.Before, p.Limit, func(ctx context.Context, cursor discord.Snowflake) ([]discord.Message, error) {
		q := p
		q.Before = cursor
		return c.ListMessages(ctx, channelID, q)
	}, func(m discord.Message) discord.Snowflake { return m.ID })
}

// ListReactionsAll pages through the users who reacted with emoji, in
// user-id order after p.After, p.Limit per page (0 means 100), and yields each
// user once; it stops like ListMembersAll.
func (c *Client) ListReactionsAll(ctx context.Context, channelID, messageID discord.Snowflake, emoji string, p ListReactionsParams) iter.Seq2[discord.User, error] {
	if p.Limit <= 0 {
		p.Limit = maxListReactions
	}
	return paginate(ctx, "after", p.After, p.Limit, func(ctx context.Context, cursor discord.Snowflake) ([]discord.User, error) {
		q := p
		q.After = cursor
		return c.ListReactions(ctx, channelID, messageID, emoji, q)
	}, func(u discord.User) discord.Snowflake { return u.ID })
}

// GetGuildAuditLogAll pages through a guild's audit log newest first with the
// before cursor (starting before q.Before, or at the newest entry), q.Limit
// entries per page (0 means 100), keeping q's filters, and yields each entry
// once; it stops like ListMessagesAll. The users, webhooks and other objects
// each page carries are not yielded: call GetGuildAuditLog for them.
func (c *Client) GetGuildAuditLogAll(ctx context.Context, guildID discord.Snowflake, q GetGuildAuditLogQuery) iter.Seq2[discord.AuditLogEntry, error] {
	if q.After != 0 {
		return func(yield func(discord.AuditLogEntry, error) bool) {
			yield(discord.AuditLogEntry{}, inputErr("list_guild_audit_log_entries", "after", "GetGuildAuditLogAll pages backwards with before only"))
		}
	}
	if q.Limit <= 0 {
		q.Limit = 100
	}
	return paginate(ctx, "before", q.Before, q.Limit, func(ctx context.Context, cursor discord.Snowflake) ([]discord.AuditLogEntry, error) {
		p := q
		p.Before = cursor
		log, err := c.GetGuildAuditLog(ctx, guildID, p)
		if err != nil {
			return nil, err
		}
		return log.AuditLogEntries, nil
	}, func(e discord.AuditLogEntry) discord.Snowflake { return e.ID })
}
