package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// goals prints whether scurry's medians meet the goals of the issues that
// own them (gateway: pipeline; rest: rate share, 429s and faults; discord:
// decode; bot: cache). A goal whose rows did not run is not printed.
func goals(t *table, w io.Writer) {
	verdict := func(ok bool) string {
		if ok {
			return "MET"
		}
		return "MISSED"
	}
	known := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) {
				return false
			}
		}
		return true
	}
	// bestPeer is the best peer median of a row (lowest or highest).
	bestPeer := func(key string, lower bool) (float64, string) {
		best, who := math.NaN(), ""
		for _, p := range libs[1:] {
			v := t.med(key, p)
			if math.IsNaN(v) {
				continue
			}
			if math.IsNaN(best) || (lower && v < best) || (!lower && v > best) {
				best, who = v, p
			}
		}
		return best, who
	}
	fmt.Fprintln(w, "Goals:")
	s, dg, dj := t.med("pipe.eps", libScurry), t.med("pipe.eps", libDiscordgo), t.med("pipe.eps", libDisgo)
	if known(s, dg, dj) {
		fmt.Fprintf(w, "- pipeline ≥3x discordgo and ≥2x disgo events/s: %.2fx and %.2fx: %s\n", s/dg, s/dj, verdict(s >= 3*dg && s >= 2*dj))
	}
	s, dg, dj = t.med("pipe.client.eps", libScurry), t.med("pipe.client.eps", libDiscordgo), t.med("pipe.client.eps", libDisgo)
	if known(s, dg, dj) {
		fmt.Fprintf(w, "- same, client-bound (1 / client CPU per event, the fake's cost removed): %.2fx and %.2fx: %s\n", s/dg, s/dj, verdict(s >= 3*dg && s >= 2*dj))
	}
	for _, c := range []struct{ key, name string }{{"pipe.zlib", "zlib-stream"}, {"pipe.zstd", "zstd-stream"}} {
		s, dj := t.med(c.key+".eps", libScurry), t.med(c.key+".eps", libDisgo)
		sc, djc := t.med(c.key+".cpu", libScurry), t.med(c.key+".cpu", libDisgo)
		if known(s, dj, sc, djc) {
			fmt.Fprintf(w, "- pipeline with %s ≥2x disgo events/s (the pipeline goal, per compression mode): %.2fx (CPU per event %.2fx): %s\n",
				c.name, s/dj, sc/djc, verdict(s >= 2*dj))
		}
	}
	ct, ca := t.med("dec.cpu", libScurry), t.med("dec.alloc", libScurry)
	bt, bw := bestPeer("dec.cpu", true)
	ba, baw := bestPeer("dec.alloc", true)
	if known(ct, ca, bt, ba) {
		fmt.Fprintf(w, "- GUILD_CREATE decode ≥2x faster than the fastest peer (CPU): %.2fx the time of %s: %s\n", ct/bt, bw, verdict(ct <= bt/2))
		fmt.Fprintf(w, "- GUILD_CREATE decode allocates less than any peer: %.2f MB vs %.2f MB (%s): %s\n", ca, ba, baw, verdict(ca < ba))
	}
	for _, c := range []struct {
		key   string
		share float64
	}{{"rest1", 97}, {"restN", 97}, {"restF", 99}} {
		share := t.med(c.key+".share", libScurry)
		avoidable := t.med(c.key+".user", libScurry) + t.med(c.key+".global", libScurry)
		if known(share, avoidable) {
			name := strings.TrimSuffix(t.byKey[c.key+".share"].name, ": share of allowed rate")
			fmt.Fprintf(w, "- %s: ≥%.0f%% of the allowed rate with 0 avoidable 429s: %.1f%%, %.0f user/global 429s: %s\n",
				name, c.share, share, avoidable, verdict(share >= c.share && avoidable == 0))
		}
	}
	lost := t.med(fault500+".lost", libScurry) + t.med(fault500p+".lost", libScurry)
	dup := t.med(fault500+".dup", libScurry) + t.med(fault500p+".dup", libScurry)
	if known(lost, dup) {
		fmt.Fprintf(w, "- REST: nonce creates answered 500 are retried, none lost or duplicated: %.0f lost, %.0f duplicated: %s\n", lost, dup, verdict(lost == 0 && dup == 0))
	}
	h := t.med(faultHdr+".user", libScurry) + t.med(faultHdr+".global", libScurry)
	if known(h) {
		fmt.Fprintf(w, "- REST: a 500 without rate-limit headers leaves the bucket as cautious as before, 0 429s: %.0f: %s\n", h, verdict(h == 0))
	}
	dt, de := t.med(faultDial+".time", libScurry), t.med(faultDial+".err", libScurry)
	if known(dt, de) {
		fmt.Fprintf(w, "- REST: creates to a closed port fail fast (all within 1 s): %.0f ms, %.0f errors: %s\n", dt, de, verdict(dt < 1000 && de == float64(t.dialCalls)))
	}
	c := t.med("cache", libScurry)
	best := math.Inf(1)
	for _, p := range libs[1:] {
		if v := t.med("cache", p); !math.IsNaN(v) {
			best = min(best, v)
		}
	}
	if known(c) && !math.IsInf(best, 1) {
		fmt.Fprintf(w, "- cache ≤0.5x the best peer: %.2fx: %s\n", c/best, verdict(c <= 0.5*best))
	}
	gap, ratio, lost := t.med("reshard.gap", libScurry), t.med("reshard.ratio", libScurry), t.med("reshard.lost", libScurry)
	if known(gap, ratio, lost) && ratio > 0 {
		window := gap / ratio // ms
		fmt.Fprintf(w, "- shard 4011: the closed shard's guilds without events ≤ one identify window + 1 s, none lost: %.0f ms (limit %.0f ms), %.0f lost or repeated: %s\n",
			gap, window+1000, lost, verdict(gap <= window+1000 && lost == 0))
	}
}
