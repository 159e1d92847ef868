package main

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	arikawaapi "github.com/diamondburned/arikawa/v3/api"
	arikawadiscord "github.com/diamondburned/arikawa/v3/discord"
	disgodiscord "github.com/disgoorg/disgo/discord"
	disgorest "github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"
	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/rest"
)

// restScenario is one REST load: workers goroutines per channel, channels
// channels, perWorker messages each.
type restScenario struct {
	channels, workersPerChannel, perWorker int
	routeWindow                            time.Duration // the fake's messages.create window (limit 5)
	globalLimit                            int
	globalWindow                           time.Duration
}

const routeLimit = 5 // POST /channels/{id}/messages: 5 per window, as Discord

func (sc restScenario) total() int { return sc.channels * sc.workersPerChannel * sc.perWorker }

// ideal is the shortest time the fake's limits allow for the scenario: the
// tighter of the per-channel and global bounds.
func (sc restScenario) ideal() time.Duration { return sc.idealFor(sc.total()) }

// idealFor is ideal for n of the scenario's messages spread evenly over its
// channels (a client that gives up on some messages is judged on those it
// delivered).
func (sc restScenario) idealFor(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	perChannel := (n + sc.channels - 1) / sc.channels
	route := time.Duration((perChannel+routeLimit-1)/routeLimit-1) * sc.routeWindow
	global := time.Duration((n+sc.globalLimit-1)/sc.globalLimit-1) * sc.globalWindow
	return max(route, global)
}

// restResult is one library's run of a scenario.
type restResult struct {
	share                  float64 // ideal time / achieved time
	user429, global429     int
	shared429              int
	errors, lost, dup      int
	elapsed, idealDuration time.Duration
}

// sender sends one message with content to channel ch; a non-empty nonce is
// sent as the library can: scurry and disgo with enforce_nonce, arikawa
// without (its SendMessageData has no enforce_nonce), discordgo not at all
// (its MessageSend has no nonce).
type sender func(ctx context.Context, ch discord.Snowflake, content, nonce string) error

// newSender builds a library's REST client against srv.
func newSender(lib string, srv *discordtest.Server, sc restScenario) (sender, error) {
	return newSenderAt(lib, srv.Token(), srv.URL(), sc)
}

// newSenderAt builds a library's REST client for the API at apiURL (the
// fake's, or a closed port's).
func newSenderAt(lib, token, apiURL string, sc restScenario) (sender, error) {
	switch lib {
	case libScurry:
		// The limiter is told the bot's global limit, as a large bot's
		// configuration would; everything else is default.
		lim, err := ratelimit.NewRESTLimiter(&ratelimit.RESTOptions{GlobalLimit: sc.globalLimit, GlobalWindow: sc.globalWindow})
		if err != nil {
			return nil, err
		}
		c, err := rest.New(token, &rest.Options{BaseURL: apiURL, Limiter: lim, Logger: discardLogger})
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, ch discord.Snowflake, content, nonce string) error {
			_, err := c.CreateMessage(ctx, ch, &rest.CreateMessageParams{Content: content, Nonce: nonce, EnforceNonce: nonce != ""})
			return err
		}, nil
	case libDiscordgo:
		s, err := newDiscordgoAt(token, apiURL)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, ch discord.Snowflake, content, _ string) error {
			_, err := s.ChannelMessageSend(ch.String(), content, discordgo.WithContext(ctx))
			return err
		}, nil
	case libDisgo:
		// disgo.New sets disgo's User-Agent (a bare rest.NewClient sends none).
		cl, err := newDisgoAt(token, apiURL)
		if err != nil {
			return nil, err
		}
		c := cl.Rest
		return func(ctx context.Context, ch discord.Snowflake, content, nonce string) error {
			m := disgodiscord.MessageCreate{Content: content}
			if nonce != "" {
				m = m.WithNonce(nonce).WithEnforceNonce(true)
			}
			_, err := c.CreateMessage(snowflake.ID(ch), m, disgorest.WithCtx(ctx))
			return err
		}, nil
	case libArikawa:
		c, err := newArikawaREST(token, apiURL)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, ch discord.Snowflake, content, nonce string) error {
			_, err := c.WithContext(ctx).SendMessageComplex(arikawadiscord.ChannelID(ch), arikawaapi.SendMessageData{Content: content, Nonce: nonce})
			return err
		}, nil
	}
	return nil, fmt.Errorf("unknown library %q", lib)
}

// runREST runs a scenario for lib against a fresh fake.
func runREST(lib string, sc restScenario, timeout time.Duration) (restResult, error) {
	return runRESTWith(sc, timeout, func(srv *discordtest.Server) (sender, func(), error) {
		send, err := newSender(lib, srv, sc)
		return send, func() {}, err
	})
}

// runRESTWith runs a scenario against a fresh fake with the sender mk builds
// (and stops after the run).
func runRESTWith(sc restScenario, timeout time.Duration, mk func(*discordtest.Server) (sender, func(), error)) (restResult, error) {
	srv, err := discordtest.Start(&discordtest.Options{RouteWindow: sc.routeWindow, GlobalLimit: sc.globalLimit, GlobalWindow: sc.globalWindow})
	if err != nil {
		return restResult{}, err
	}
	defer srv.Close()
	g, err := srv.SeedGuild(discordtest.GuildSeed{TextChannels: sc.channels})
	if err != nil {
		return restResult{}, err
	}
	send, stop, err := mk(srv)
	if err != nil {
		return restResult{}, err
	}
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for c := range sc.channels {
		for w := range sc.workersPerChannel {
			wg.Go(func() {
				<-start
				for i := range sc.perWorker {
					content := "c" + strconv.Itoa(c) + "w" + strconv.Itoa(w) + "m" + strconv.Itoa(i)
					if err := send(ctx, g.Channels[c], content, ""); err != nil {
						errs.Add(1)
					}
				}
			})
		}
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	el := time.Since(t0)
	rl := srv.RateLimited()
	res := restResult{
		user429: rl.User, global429: rl.Global, shared429: rl.Shared,
		errors: int(errs.Load()), elapsed: el, idealDuration: sc.ideal(),
	}
	// Lost and duplicated: compare the fake's stored messages with what was sent.
	stored := map[string]int{}
	for c := range sc.channels {
		for _, raw := range srv.Messages(g.Channels[c]) {
			var m struct {
				Content string `json:"content"`
			}
			if err := json.Unmarshal(raw, &m); err != nil {
				return res, err
			}
			stored[m.Content]++
		}
	}
	for c := range sc.channels {
		for w := range sc.workersPerChannel {
			for i := range sc.perWorker {
				n := stored["c"+strconv.Itoa(c)+"w"+strconv.Itoa(w)+"m"+strconv.Itoa(i)]
				if n == 0 {
					res.lost++
				}
				if n > 1 {
					res.dup += n - 1
				}
			}
		}
	}
	// The share of the allowed rate counts only messages that arrived: a
	// client that gives up on some is judged on the time the limits allow
	// for the rest.
	res.share = sc.idealFor(sc.total()-res.lost).Seconds() / el.Seconds()
	return res, nil
}
