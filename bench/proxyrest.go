package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
	arikawaapi "github.com/diamondburned/arikawa/v3/api"
	arikawadiscord "github.com/diamondburned/arikawa/v3/discord"
	disgodiscord "github.com/disgoorg/disgo/discord"
	disgorest "github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/proxy"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// runRESTProxied runs a scenario with lib pointed at a scurry proxy (one
// instance, in-process, on loopback) in front of the fake. The proxy is told
// the bot's global limit, as its --global-limit flag would.
func runRESTProxied(lib string, sc restScenario, timeout time.Duration) (restResult, error) {
	return runRESTWith(sc, timeout, func(srv *discordtest.Server) (sender, func(), error) {
		h, err := proxy.New(&proxy.Options{Upstream: srv.URL(), GlobalLimit: sc.globalLimit, GlobalWindow: sc.globalWindow,
			MaxWait: timeout})
		if err != nil {
			return nil, nil, err
		}
		ts := httptest.NewServer(h)
		send, err := newProxiedSender(lib, ts.URL+"/api/v10", srv.Token())
		if err != nil {
			ts.Close()
			return nil, nil, err
		}
		return send, ts.Close, nil
	})
}

// newProxiedSender builds lib's client with its API base URL set to base.
func newProxiedSender(lib, base, token string) (sender, error) {
	switch lib {
	case libScurry:
		// Behind a proxy scurry's own limiter steps aside.
		c, err := rest.New(token, &rest.Options{BaseURL: base, Limiter: ratelimit.Unlimited{}})
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, ch discord.Snowflake, content, _ string) error {
			_, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: content})
			return err
		}, nil
	case libDiscordgo:
		u, err := url.Parse(base)
		if err != nil {
			return nil, err
		}
		s, err := discordgo.New("Bot " + token)
		if err != nil {
			return nil, err
		}
		// discordgo's endpoints are fixed to discord.com: send them to the proxy.
		s.Client = &http.Client{Timeout: time.Minute, Transport: rewriteTransport{target: u}}
		s.LogLevel = -1
		return func(_ context.Context, ch discord.Snowflake, content, _ string) error {
			_, err := s.ChannelMessageSend(ch.String(), content)
			return err
		}, nil
	case libDisgo:
		cl, err := newDisgoAt(token, base)
		if err != nil {
			return nil, err
		}
		c := cl.Rest
		return func(ctx context.Context, ch discord.Snowflake, content, _ string) error {
			_, err := c.CreateMessage(snowflake.ID(ch), disgodiscord.MessageCreate{Content: content}, disgorest.WithCtx(ctx))
			return err
		}, nil
	case libArikawa:
		// arikawa's endpoints are fixed too; its own limiter stays on (it has
		// no switch), the proxy's state is the one that counts.
		c, err := newArikawaREST(token, base)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, ch discord.Snowflake, content, _ string) error {
			_, err := c.WithContext(ctx).SendMessageComplex(arikawadiscord.ChannelID(ch), arikawaapi.SendMessageData{Content: content})
			return err
		}, nil
	}
	return nil, fmt.Errorf("unknown library %q", lib)
}
