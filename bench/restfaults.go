package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/scurrygo/scurry/discordtest"
)

// The REST fault scenarios (issue 16, item 3), each on a fresh fake with the
// scaled windows of the REST scenarios:
//
//   - fault500: 8 creates with a nonce (see nonceSupport), one after
//     another, the first attempt of each answered 500 before Discord acted.
//     A client that retries delivers all 8; one that does not loses them.
//   - fault500p: the same, but the 500 comes after Discord created the
//     message (a proxy failing on the way back). A retry with
//     enforce_nonce returns the same message; a retry without duplicates it.
//   - faultHdr: 99 creates on one channel, one after another, every third
//     served by Discord but answered with a 500 without rate-limit headers.
//     A client that frees the slot that create used draws 429s.
//   - faultDial: 20 concurrent creates to a closed port: how long until all
//     calls return, and how many return an error (all should, quickly).
const (
	fault500  = "fault500"
	fault500p = "fault500p"
	faultHdr  = "faultHdr"
	faultDial = "faultDial"
)

// faultResult is one library's run of a fault scenario.
type faultResult struct {
	errors, lost, dup             int
	user429, global429, shared429 int
	elapsed                       time.Duration
}

const createRoute = "/channels/{channel_id}/messages"

// faultSizes are the scenario sizes: nonce creates, creates with headerless
// 500s (a multiple of 3), closed-port creates.
type faultSizes struct{ nonce, hdr, dial int }

var defaultFaultSizes = faultSizes{nonce: 8, hdr: 99, dial: 20}

// runFault runs one fault scenario for lib.
func runFault(lib, kind string, sc restScenario, sz faultSizes, timeout time.Duration) (faultResult, error) {
	srv, err := discordtest.Start(&discordtest.Options{RouteWindow: sc.routeWindow, GlobalLimit: sc.globalLimit, GlobalWindow: sc.globalWindow})
	if err != nil {
		return faultResult{}, err
	}
	defer srv.Close()
	g, err := srv.SeedGuild(discordtest.GuildSeed{})
	if err != nil {
		return faultResult{}, err
	}
	ch := g.Channels[0]
	apiURL := srv.URL()
	if kind == faultDial {
		if apiURL, err = closedPortURL(); err != nil {
			return faultResult{}, err
		}
	}
	send, err := newSenderAt(lib, srv.Token(), apiURL, sc)
	if err != nil {
		return faultResult{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var res faultResult
	var sent []string
	t0 := time.Now()
	switch kind {
	case fault500, fault500p:
		for i := range sz.nonce {
			srv.InjectREST(discordtest.RESTFault{Method: "POST", Route: createRoute, Status: 500, Processed: kind == fault500p, Times: 1})
			content := kind + "-" + strconv.Itoa(i)
			sent = append(sent, content)
			if err := send(ctx, ch, content, content); err != nil {
				res.errors++
			}
		}
	case faultHdr:
		for i := range sz.hdr {
			if i%3 == 2 {
				srv.InjectREST(discordtest.RESTFault{Method: "POST", Route: createRoute, Status: 500, Processed: true, Times: 1})
			}
			content := "hdr-" + strconv.Itoa(i)
			sent = append(sent, content)
			if err := send(ctx, ch, content, ""); err != nil {
				res.errors++
			}
		}
	case faultDial:
		var errs atomic.Int64
		var wg sync.WaitGroup
		for i := range sz.dial {
			wg.Go(func() {
				if err := send(ctx, ch, "dial-"+strconv.Itoa(i), ""); err != nil {
					errs.Add(1)
				}
			})
		}
		wg.Wait()
		res.errors = int(errs.Load())
	default:
		return res, fmt.Errorf("unknown fault scenario %q", kind)
	}
	res.elapsed = time.Since(t0)
	rl := srv.RateLimited()
	res.user429, res.global429, res.shared429 = rl.User, rl.Global, rl.Shared
	stored := map[string]int{}
	for _, raw := range srv.Messages(ch) {
		var m struct {
			Content string `json:"content"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return res, err
		}
		stored[m.Content]++
	}
	for _, c := range sent {
		switch n := stored[c]; {
		case n == 0:
			res.lost++
		case n > 1:
			res.dup += n - 1
		}
	}
	return res, nil
}

// closedPortURL returns an API URL on a loopback port that nothing listens
// on (it was just closed), so that connections are refused.
func closedPortURL() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", err
	}
	return "http://" + addr + "/api/v10", nil
}

// defineFaultRows declares the rows of the fault scenarios.
func defineFaultRows(t *table, sz faultSizes) {
	hdr := fmt.Sprintf("REST fault: %d creates, every third a 500 without rate-limit headers", sz.hdr)
	for _, s := range []struct{ key, name string }{
		{fault500, fmt.Sprintf("REST fault: %d nonce creates, 500 before Discord acted", sz.nonce)},
		{fault500p, fmt.Sprintf("REST fault: %d nonce creates, 500 after Discord acted", sz.nonce)},
		{faultHdr, hdr},
	} {
		t.def(s.key+".lost", s.name+": messages lost", "count", "", 0)
		t.def(s.key+".dup", s.name+": messages duplicated", "count", "", 0)
		t.def(s.key+".err", s.name+": errors returned", "count", "", 0)
	}
	t.def(faultHdr+".user", hdr+": 429s, user/route scope", "count", "", 0)
	t.def(faultHdr+".global", hdr+": 429s, global scope", "count", "", 0)
	dial := fmt.Sprintf("REST fault: %d creates to a closed port", sz.dial)
	t.def(faultDial+".time", dial+": time until all returned", "ms", "lower", 0)
	t.def(faultDial+".err", dial+": errors returned", "count", "", 0)
}

// runFaults runs every fault scenario for every library.
func runFaults(t *table, sc restScenario, sz faultSizes, timeout time.Duration, fail func(key, lib string, err error)) {
	t.dialCalls = sz.dial
	for _, kind := range []string{fault500, fault500p, faultHdr, faultDial} {
		for _, lib := range libs {
			r, err := runFault(lib, kind, sc, sz, timeout)
			if err != nil {
				fail(kind+".err", lib, err)
				continue
			}
			t.add(kind+".err", lib, float64(r.errors))
			switch kind {
			case faultDial:
				t.add(kind+".time", lib, float64(r.elapsed.Milliseconds()))
			default:
				t.add(kind+".lost", lib, float64(r.lost))
				t.add(kind+".dup", lib, float64(r.dup))
				if kind == faultHdr {
					t.add(kind+".user", lib, float64(r.user429))
					t.add(kind+".global", lib, float64(r.global429))
				}
			}
		}
	}
}
