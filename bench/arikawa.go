package main

import (
	"net/http"
	"net/url"
	"time"

	arikawaapi "github.com/diamondburned/arikawa/v3/api"
	arikawagateway "github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/utils/httputil"
	"github.com/diamondburned/arikawa/v3/utils/httputil/httpdriver"
	arikawajson "github.com/diamondburned/arikawa/v3/utils/json"
)

// newArikawaREST returns arikawa's REST client with its defaults (its own
// rate limiter, 5 retries) pointed at the API at apiURL. Like discordgo's,
// arikawa's endpoints are fixed to discord.com (API v9) at init time, so the
// transport rewrites the host; the fake serves v9 as v10.
func newArikawaREST(token, apiURL string) (*arikawaapi.Client, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, err
	}
	hc := httputil.NewClient()
	hc.Client = httpdriver.WrapClient(http.Client{Timeout: 20 * time.Second, Transport: rewriteTransport{target: u}})
	return arikawaapi.NewCustomClient("Bot "+token, hc), nil
}

// decodeArikawa is arikawa's gateway decode of a GUILD_CREATE d: its json
// package (encoding/json by default) into gateway.GuildCreateEvent.
func decodeArikawa(d []byte) error {
	var ev arikawagateway.GuildCreateEvent
	return arikawajson.Unmarshal(d, &ev)
}
