package main

import (
	"fmt"
	"io"
	"math"
)

// goals prints whether scurry's medians meet the goals of the issues that
// own them (gateway: pipeline; rest: rate share and 429s; bot: cache).
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
	fmt.Fprintln(w, "Goals:")
	s, dg, dj := t.med("pipe.eps", libScurry), t.med("pipe.eps", libDiscordgo), t.med("pipe.eps", libDisgo)
	if known(s, dg, dj) {
		fmt.Fprintf(w, "- pipeline ≥3x discordgo and ≥2x disgo events/s: %.2fx and %.2fx: %s\n", s/dg, s/dj, verdict(s >= 3*dg && s >= 2*dj))
	}
	s, dg, dj = t.med("pipe.client.eps", libScurry), t.med("pipe.client.eps", libDiscordgo), t.med("pipe.client.eps", libDisgo)
	if known(s, dg, dj) {
		fmt.Fprintf(w, "- same, client-bound (1 / client CPU per event, the fake's cost removed): %.2fx and %.2fx: %s\n", s/dg, s/dj, verdict(s >= 3*dg && s >= 2*dj))
	}
	for _, k := range []string{"rest1", "restN"} {
		share := t.med(k+".share", libScurry)
		avoidable := t.med(k+".user", libScurry) + t.med(k+".global", libScurry)
		if known(share, avoidable) {
			fmt.Fprintf(w, "- %s: ≥97%% of the allowed rate with 0 avoidable 429s: %.1f%%, %.0f user/global 429s: %s\n",
				t.byKey[k+".share"].name[:len(t.byKey[k+".share"].name)-len(": share of allowed rate")], share, avoidable, verdict(share >= 97 && avoidable == 0))
		}
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
